# Shared by the benchmark scripts: finds CPython's headers and library and ours, and builds a
# C program once against CPython's headers, linked twice: "$work/cpython" and "$work/ours".
#
#   source "$(dirname "$0")/../common.sh"; bench_build path/to/program.c
# Sets: python, include, cpython_lib, ours_lib, work (a temporary directory removed on exit).

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
python=${FERRYTHON_CPYTHON:-python3.11}
include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
cpython_lib=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')
ours_lib=${FERRYTHON_LIB_DIR:-$bench_root/target/release}

if [[ ! -e "$ours_lib/libpython3.11.so" ]]; then
    echo "no libpython3.11.so in $ours_lib: run \`make\` or set FERRYTHON_LIB_DIR" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bench_build() {
    local source=$1 cc=${CC:-cc}
    "$cc" -O2 -Wall -c "$source" -I"$include" -o "$work/program.o"
    "$cc" "$work/program.o" -L"$cpython_lib" -lpython3.11 -Wl,-rpath,"$cpython_lib" -o "$work/cpython"
    "$cc" "$work/program.o" -L"$ours_lib" -lpython3.11 -Wl,-rpath,"$ours_lib" -o "$work/ours"
}
