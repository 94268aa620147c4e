//! The `_signal` module and PyErr_CheckSignals (CPython's Modules/signalmodule.c).
