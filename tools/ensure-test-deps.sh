#!/usr/bin/env bash
# Installs what the test suite needs beyond the Rust toolchain and CPython 3.11:
# libclang (bindgen reads CPython's headers for the layout test). Building the library
# itself never needs it.
set -euo pipefail
command -v python3.11 >/dev/null || { echo "error: python3.11 (CPython 3.11, built shared, with headers) is required" >&2; exit 1; }
if ! ls /usr/lib/llvm-*/lib/libclang*.so* /usr/lib/x86_64-linux-gnu/libclang*.so* >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing libclang-dev for the layout test ..."
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-dev >/dev/null
    else
        echo "error: the layout test needs libclang: run 'apt-get install libclang-dev' as root" >&2
        exit 1
    fi
fi
