//! Start-up, threads and shutdown: the command line, configuration, path computation, the
//! runtime state (`_PyRuntime`), thread states and the GIL, finalization.

pub mod ceval_gil;
pub mod errdisplay;
pub mod import;
pub mod initconfig;
pub mod pathconfig;
pub mod pythonrun;
pub mod cmdline;
pub mod fatal;
pub mod global_config;
pub mod main;
pub mod pylifecycle;
pub mod pyruntime;
pub mod pythread;
pub mod pystate;
