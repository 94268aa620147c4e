//! The `marshal` module and the PyMarshal_* C API (CPython's Python/marshal.c), over the compiler crate's marshal.
