//! Running code: PyRun_* and PyEval_EvalCode entry points, -c / -m / script / stdin (CPython's
//! Python/pythonrun.c).
