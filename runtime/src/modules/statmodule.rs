//! The `_stat` module (CPython's Modules/_stat.c).
