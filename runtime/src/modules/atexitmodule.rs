//! The `atexit` module (CPython's Modules/atexitmodule.c).
