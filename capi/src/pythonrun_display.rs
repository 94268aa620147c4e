//! The error-display part of `pythonrun.h`: `_PyErr_Display` (to a given file).
//! (`PyErr_Print`, `PyErr_PrintEx` and `PyErr_Display` are exported by pyerrors.rs today.)

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::lifecycle::errdisplay;

exported!(fn _PyErr_Display(file: *mut PyObject, exc: *mut PyObject, value: *mut PyObject, tb: *mut PyObject) =>
    errdisplay::display_to(file, exc, value, tb));
