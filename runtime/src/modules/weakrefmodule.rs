//! The `_weakref` module (CPython's Modules/_weakref.c).
