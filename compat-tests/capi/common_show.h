/* Shared printing helpers for the container differential programs: an object's repr and the
 * pending exception (type and text; SystemError texts carry CPython's source line, so only
 * the type is printed). */
#include <Python.h>
#include <stdio.h>

static void err(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("%s: no error\n", label); return; }
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    if (t == PyExc_SystemError) printf("%s: SystemError\n", label);
    else printf("%s: %s: %s\n", label, ((PyTypeObject *)t)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
    if (!s) PyErr_Clear();
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show(const char *label, PyObject *o) {
    if (!o) { err(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
}
