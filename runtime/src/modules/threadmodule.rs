//! The `_thread` module (CPython's Modules/_threadmodule.c).
