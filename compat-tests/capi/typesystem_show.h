/* Shared by the typesystem programs: print a result (repr, addresses masked) or the pending
 * exception (type and message), one line each. */
#include <Python.h>
#include <stdio.h>
#include <string.h>

static void show(const char *label, PyObject *o) {
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        if (!t) { printf("%s -> NULL without exception\n", label); return; }
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        PyErr_Clear();
        return;
    }
    PyObject *r = PyObject_Repr(o);
    char buf[800];
    snprintf(buf, sizeof buf, "%s", r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    for (char *p = strstr(buf, " at 0x"); p; p = strstr(p + 1, " at 0x")) {
        char *e = p + 6;
        while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f')) e++;
        memmove(p + 8, e, strlen(e) + 1);
        memcpy(p, " at ADDR", 8);
    }
    printf("%s = %s\n", label, buf);
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

static inline void show_int(const char *label, long v) {
    if (v == -1 && PyErr_Occurred()) { show(label, NULL); return; }
    printf("%s = %ld\n", label, v);
}
