//! The `gc` module (CPython's Modules/gcmodule.c, the module part; the collector is mem/gc.rs).
