//! The interpreter (CPython's Python/ceval.c and friends): [`datastack`], the per-thread stack
//! of `_PyStackChunk`s on which `_PyInterpreterFrame`s live; [`frame`], pushing (with argument
//! binding) and clearing those frames; [`ceval`], the eval loop; [`breaker`], what the loop does
//! when asked to stop (signals, pending calls, GIL hand-over); [`tracing`], sys.settrace and
//! sys.setprofile events.

pub mod breaker;
pub mod ceval;
pub mod datastack;
pub mod frame;
pub mod tracing;
#[cfg(test)]
mod tests;
