/* Shared printing helpers for the unicode_* / codec_* / bytes_* differential programs. */
#include <Python.h>
#include <stdio.h>
#include <string.h>

/* A str as its length, kind, ASCII flag and code points (hex). */
__attribute__((unused)) static void show_str(const char *label, PyObject *s) {
    if (!s) { printf("%s NULL\n", label); return; }
    if (!PyUnicode_Check(s)) { printf("%s not-a-str type=%s\n", label, Py_TYPE(s)->tp_name); return; }
    printf("%s len=%zd kind=%d ascii=%d compact=%d:", label, PyUnicode_GET_LENGTH(s), PyUnicode_KIND(s),
           PyUnicode_IS_ASCII(s), PyUnicode_IS_COMPACT(s));
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s) && i < 64; i++)
        printf(" %x", PyUnicode_READ(PyUnicode_KIND(s), PyUnicode_DATA(s), i));
    printf("\n");
}

/* A bytes object as its length and contents (hex). */
__attribute__((unused)) static void show_bytes(const char *label, PyObject *b) {
    if (!b) { printf("%s NULL\n", label); return; }
    if (!PyBytes_Check(b)) { printf("%s not-bytes type=%s\n", label, Py_TYPE(b)->tp_name); return; }
    printf("%s len=%zd:", label, PyBytes_GET_SIZE(b));
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(b) && i < 96; i++)
        printf(" %02x", (unsigned char)PyBytes_AS_STRING(b)[i]);
    printf("\n");
}

/* The pending exception: its type, and for Unicode errors their fields (then cleared). */
__attribute__((unused)) static void show_error(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("%s no-error\n", label); return; }
    PyErr_NormalizeException(&t, &v, &tb);
    printf("%s %s", label, ((PyTypeObject *)t)->tp_name);
    if (v && (PyObject_TypeCheck(v, (PyTypeObject *)PyExc_UnicodeDecodeError) ||
              PyObject_TypeCheck(v, (PyTypeObject *)PyExc_UnicodeEncodeError))) {
        PyUnicodeErrorObject *u = (PyUnicodeErrorObject *)v;
        printf(" start=%zd end=%zd", u->start, u->end);
        if (u->reason && PyUnicode_Check(u->reason)) printf(" reason=%s", PyUnicode_AsUTF8(u->reason));
        if (u->encoding && PyUnicode_Check(u->encoding)) printf(" encoding=%s", PyUnicode_AsUTF8(u->encoding));
    }
    if (v) {
        PyObject *args = ((PyBaseExceptionObject *)v)->args;
        if (args && PyTuple_Check(args) && PyTuple_GET_SIZE(args) == 1 && PyUnicode_Check(PyTuple_GET_ITEM(args, 0)))
            printf(" msg=%s", PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0)));
    }
    printf("\n");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}
