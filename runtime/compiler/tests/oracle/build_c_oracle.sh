#!/bin/sh
# Build the C-tokenizer oracle (c_tokenizer.c) from CPython 3.11's own Parser/tokenizer.c and
# Parser/token.c, linked with the installed libpython3.11. Prints the binary's path.
# Usage: build_c_oracle.sh OUTPUT_DIR
set -e
out="${1:?output dir}"
here="$(cd "$(dirname "$0")" && pwd)"
# shared/ sits beside the repository (CI) or at /work/shared (developer machines).
tool="$here/../../../../../shared/tools/cpython-src"
[ -f "$tool" ] || tool=/work/shared/tools/cpython-src
src="$(bash "$tool" | tail -n 1)"
prefix="$(python3.11 -c 'import sys; print(sys.base_prefix)')"
inc="$prefix/include/python3.11"
mkdir -p "$out"
bin="$out/c_tokenizer_oracle"
if [ ! -x "$bin" ] || [ "$here/c_tokenizer.c" -nt "$bin" ]; then
    cc -O1 -w -DPy_BUILD_CORE -I"$src/Include" -I"$src/Include/internal" -I"$src/Parser" -I"$inc" \
        "$here/c_tokenizer.c" "$src/Parser/tokenizer.c" "$src/Parser/token.c" \
        -L"$prefix/lib" -Wl,-rpath,"$prefix/lib" -lpython3.11 -lm -o "$bin"
fi
echo "$bin"
