//! The `_io` module (CPython's Modules/_io/).
