#!/usr/bin/env bash
# The object-model C API benchmark: builds api_bench.c once against CPython's headers, links it
# against CPython's libpython and against ours, runs every case as its own process on each
# library, alternately RUNS times (default 3), and prints per case the best time, the peak
# resident-set growth, and the ratios ours/CPython. The per-case checksums must agree.
#
#   compat-tests/bench/capi/run.sh               # our library from target/release (make)
#   FERRYTHON_LIB_DIR=dir RUNS=5 compat-tests/bench/capi/run.sh [CASE...]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../common.sh"
runs=${RUNS:-3}
bench_build "$here/api_bench.c"

cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
    mapfile -t cases < <(LD_LIBRARY_PATH="$cpython_lib" "$work/cpython")
fi
for ((i = 0; i < runs; i++)); do
    for case in "${cases[@]}"; do
        for lib in cpython ours; do
            dir=$cpython_lib
            [[ $lib == ours ]] && dir=$ours_lib
            if ! LD_LIBRARY_PATH="$dir" "$work/$lib" "$case" > "$work/out" 2> "$work/err"; then
                echo "$case failed on $lib:" >&2
                cat "$work/err" >&2
                echo "$lib ${case}_failed 1" >> "$work/results"
                continue
            fi
            sed "s/^/$lib /" "$work/out" >> "$work/results"
        done
    done
done

awk -v runs="$runs" '
    { lib = $1; key = $2; v = $3 + 0
      split(key, parts, "_"); kind = parts[length(parts)]
      name = substr(key, 1, length(key) - length(kind) - 1)
      if (kind == "kib") { kind = "rss"; name = substr(name, 1, length(name) - 4) }
      if (!(name in seen)) { seen[name] = 1; order[++n] = name }
      k = lib SUBSEP name SUBSEP kind
      if (kind == "ns") { if (!(k in val) || v < val[k]) val[k] = v }
      else if (kind == "rss") { if (!(k in val) || v > val[k]) val[k] = v }
      else val[k] = v }
    END {
        printf "api_bench: %d runs per case and library; time = best run (ms), memory = peak RSS growth (KiB)\n", runs
        printf "%-12s %10s %10s %7s %10s %10s %7s  %s\n", "case", "CPython ms", "ours ms", "ratio", "CPy KiB", "ours KiB", "ratio", "check"
        bad = 0
        for (i = 1; i <= n; i++) {
            c = order[i]
            if (((("ours" SUBSEP c SUBSEP "failed") in val)) || !(("ours" SUBSEP c SUBSEP "ns") in val)) {
                printf "%-12s %10.1f %10s\n", c, val["cpython", c, "ns"] / 1e6, "failed"; bad = 1; continue
            }
            tc = val["cpython", c, "ns"]; to = val["ours", c, "ns"]
            mc = val["cpython", c, "rss"]; mo = val["ours", c, "rss"]
            same = (val["cpython", c, "check"] == val["ours", c, "check"]) ? "same" : "DIFFERS"
            if (same != "same") bad = 1
            printf "%-12s %10.1f %10.1f %7.3f %10d %10d %7s  %s\n", c, tc / 1e6, to / 1e6, to / tc, mc, mo,
                (mc > 0) ? sprintf("%.3f", mo / mc) : "-", same
        }
        exit bad
    }' "$work/results"
