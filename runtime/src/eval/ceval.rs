//! The eval loop over CPython 3.11 bytecode (CPython's Python/ceval.c).
