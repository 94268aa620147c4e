// compat: Py_BuildValue without PY_SSIZE_T_CLEAN: '#' formats raise SystemError
// "PY_SSIZE_T_CLEAN macro must be defined for '#' formats" (3.10+), other units work.
#include <Python.h>
#include <stdio.h>

static void show(const char *label, PyObject *o) {
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> raised %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL",
               s ? PyUnicode_AsUTF8(s) : "<no str>");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    printf("%s -> %s\n", label, PyUnicode_AsUTF8(r));
    Py_DECREF(r);
    Py_DECREF(o);
}

int main(void) {
    Py_Initialize();
    show("s#", Py_BuildValue("s#", "abc", 2));
    show("y#", Py_BuildValue("y#", "abc", 2));
    show("z#", Py_BuildValue("z#", "abc", 2));
    show("u#", Py_BuildValue("u#", L"abc", 2));
    show("(is#i)", Py_BuildValue("(is#i)", 1, "abc", 2, 3));
    show("plain", Py_BuildValue("(si)", "ok", 1));
    Py_FinalizeEx();
    return 0;
}
