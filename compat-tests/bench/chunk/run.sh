#!/usr/bin/env bash
# The chunk-boundary benchmark: compat-tests/bench/chunk_boundary.py on CPython's library and
# on ours, in one run. Prints each library's summary line (median and worst ns per call, the
# worst depth, worst/median) and the per-depth table side by side into $OUT (default
# chunk_boundary.tsv in a temporary directory, path printed).
#   compat-tests/bench/chunk/run.sh [MAX_DEPTH [CALLS]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../common.sh"
max_depth=${1:-400}
calls=${2:-200000}
out=${OUT:-$work/chunk_boundary.tsv}
env -u LD_LIBRARY_PATH "$python" "$here/../chunk_boundary.py" "$max_depth" "$calls" > "$work/cpython.txt"
LD_LIBRARY_PATH="$ours_lib" "$python" "$here/../chunk_boundary.py" "$max_depth" "$calls" > "$work/ours.txt"
echo "cpython: $(tail -1 "$work/cpython.txt")"
echo "ours:    $(tail -1 "$work/ours.txt")"
paste <(head -n -1 "$work/cpython.txt") <(head -n -1 "$work/ours.txt" | cut -d' ' -f2) > "$out"
[[ -n "${OUT:-}" ]] && echo "table: $out"
