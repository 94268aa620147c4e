//! The `_imp` module (CPython's Python/import.c, the module part).
