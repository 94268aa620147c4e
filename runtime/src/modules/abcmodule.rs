//! The `_abc` module (CPython's Modules/_abc.c).
