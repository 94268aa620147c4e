//! `iter` protocol of Objects/abstract.c (see the parent module).
