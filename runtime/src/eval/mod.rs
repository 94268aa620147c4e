//! The interpreter (CPython's Python/ceval.c and friends): [`datastack`], the per-thread stack
//! of `_PyStackChunk`s on which `_PyInterpreterFrame`s live; [`frame`], pushing and clearing
//! those frames; [`ceval`], the eval loop.

pub mod ceval;
pub mod datastack;
pub mod frame;
