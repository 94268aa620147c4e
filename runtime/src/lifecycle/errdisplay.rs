//! Printing exceptions: PyErr_Print/PrintEx/Display, the default sys.excepthook, SystemExit handling
//! (CPython's Python/pythonrun.c, the error-display part).
