//! The `_locale` module (CPython's Modules/_localemodule.c).
