//! The `errno` module (CPython's Modules/errnomodule.c).
