//! The `pwd` module (CPython's Modules/pwdmodule.c).
