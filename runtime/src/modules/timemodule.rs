//! The `time` module (CPython's Modules/timemodule.c).
