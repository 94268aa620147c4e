//! The `_warnings` module and the PyErr_Warn* C API (CPython's Python/_warnings.c).
