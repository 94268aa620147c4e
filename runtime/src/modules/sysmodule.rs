//! The `sys` module and the PySys_* C API (CPython's Python/sysmodule.c).
