//! The `posix` module (CPython's Modules/posixmodule.c).
