//! The `builtins` module (CPython's Python/bltinmodule.c).
