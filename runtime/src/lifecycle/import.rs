//! The import system (CPython's Python/import.c): sys.modules, PyImport_*, the built-in module table,
//! extension modules, the importlib bootstrap.
