#!/usr/bin/env bash
# Start-up cost: `python3.11 -S -c pass` (and `-c pass` with site) on CPython's library and on
# ours, in one run: the median of RUNS runs (default 11) of peak RSS (KiB, from
# /usr/bin/time's %M) and wall time, and the ratios ours/CPython.
#   compat-tests/bench/startup/run.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../common.sh"
runs=${1:-11}
real_python=$("$python" -c 'import sys; print(sys.executable)')

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {  # measure LIBDIR ARGS... -> "rss_kib ms"
    local lib=$1; shift
    local rss=() ms=()
    for _ in $(seq "$runs"); do
        local line start end
        start=$EPOCHREALTIME
        if [[ -z "$lib" ]]; then
            line=$(env -u LD_LIBRARY_PATH /usr/bin/time -f "%M" "$real_python" "$@" 2>&1 >/dev/null | tail -1)
        else
            line=$(LD_LIBRARY_PATH="$lib" /usr/bin/time -f "%M" "$real_python" "$@" 2>&1 >/dev/null | tail -1)
        fi
        end=$EPOCHREALTIME
        rss+=("$line")
        ms+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", (b - a) * 1000}')")
    done
    echo "$(printf '%s\n' "${rss[@]}" | median) $(printf '%s\n' "${ms[@]}" | median)"
}

for args in "-S -c pass" "-c pass"; do
    read -r c_rss c_ms < <(measure "" $args)
    read -r o_rss o_ms < <(measure "$ours_lib" $args)
    awk -v a="$args" -v cr="$c_rss" -v cm="$c_ms" -v or="$o_rss" -v om="$o_ms" 'BEGIN {
        printf "python3.11 %-10s peak RSS cpython %6d KiB  ours %6d KiB  ratio %.2f   time cpython %5.1f ms  ours %5.1f ms  ratio %.2f\n",
            a, cr, or, or / cr, cm, om, om / cm }'
done
