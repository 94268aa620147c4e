//! The interpreter (CPython's Python/ceval.c and friends). So far: [`datastack`], the per-thread
//! stack of `_PyStackChunk`s on which `_PyInterpreterFrame`s live.

pub mod datastack;
