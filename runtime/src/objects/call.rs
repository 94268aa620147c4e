//! Calling objects (CPython's Objects/call.c): PyObject_Call*, vectorcall (PEP 590), method calls.
