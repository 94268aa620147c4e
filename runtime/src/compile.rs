//! Compiling source to code objects through the compiler crate (CPython's Python/compile.c and
//! pythonrun.c entry points): SyntaxError objects from the compiler's errors, Py_CompileString*.
