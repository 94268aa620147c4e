//! The `_codecs` module (CPython's Modules/_codecsmodule.c).
