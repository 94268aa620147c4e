#!/usr/bin/env bash
# Builds alloc_churn.c once against CPython's headers, links it against CPython's libpython and
# against ours, runs both alternately RUNS times (default 5) and prints, per figure, the best
# value of each and the ratio ours/CPython. Times: the minimum over the runs (least disturbed);
# memory: the peak resident set of the run (the same in every run, up to page noise).
#
#   compat-tests/bench/alloc/run.sh               # our library from target/release (make)
#   FERRYTHON_LIB_DIR=dir RUNS=9 compat-tests/bench/alloc/run.sh
#   CACHEGRIND=1 compat-tests/bench/alloc/run.sh  # also count instructions and cache misses
#                                                 # under valgrind (deterministic, ~2 min)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../common.sh"
runs=${RUNS:-5}
bench_build "$here/alloc_churn.c"

for ((i = 0; i < runs; i++)); do
    LD_LIBRARY_PATH="$cpython_lib" "$work/cpython" | sed 's/^/cpython /' >> "$work/results"
    LD_LIBRARY_PATH="$ours_lib" "$work/ours" | sed 's/^/ours /' >> "$work/results"
done

if [[ "${CACHEGRIND:-0}" == 1 ]]; then
    for lib in cpython ours; do
        dir=$cpython_lib
        [[ $lib == ours ]] && dir=$ours_lib
        LD_LIBRARY_PATH="$dir" valgrind --tool=cachegrind --cache-sim=yes \
            --cachegrind-out-file=/dev/null "$work/$lib" > /dev/null 2> "$work/cg-$lib"
        # "==pid== I   refs:      1,672,341,077" and "D1  misses: ...", "LLd misses: ..."
        awk -v lib="$lib" '
            /I *refs:/ { gsub(",", "", $4); print lib, "cachegrind_instructions", $4 }
            /D1 *misses:/ { gsub(",", "", $4); print lib, "cachegrind_d1_misses", $4 }
            /LLd misses:/ { gsub(",", "", $4); print lib, "cachegrind_lld_misses", $4 }
        ' "$work/cg-$lib" >> "$work/results"
    done
fi

awk -v runs="$runs" '
    { lib = $1; key = $2; v = $3 + 0
      if (!((lib, key) in best) || (key ~ /_ns$/ ? v < best[lib, key] : v > best[lib, key]))
          best[lib, key] = v
      if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    END {
        printf "alloc_churn: %d runs each; times are the best run, in ms\n", runs
        printf "%-22s %14s %14s %8s\n", "figure", "CPython", "ours", "ratio"
        for (i = 1; i <= n; i++) {
            k = order[i]; c = best["cpython", k]; o = best["ours", k]
            scale = (k ~ /_ns$/) ? 1e6 : 1
            name = k; sub(/_ns$/, "_ms", name)
            ratio = (c > 0) ? sprintf("%.3f", o / c) : "-"
            printf "%-22s %14.1f %14.1f %8s\n", name, c / scale, o / scale, ratio
        }
        gc = best["cpython", "peak_rss_kib"] - best["cpython", "baseline_rss_kib"]
        go = best["ours", "peak_rss_kib"] - best["ours", "baseline_rss_kib"]
        printf "%-22s %14.1f %14.1f %8.3f\n", "peak_growth_kib", gc, go, go / gc
        if (best["cpython", "corrupted"] || best["ours", "corrupted"]) { print "CORRUPTED BLOCKS"; exit 1 }
    }' "$work/results"
