/* The PyTuple_* API: New/Pack/GetItem/SetItem/GetSlice/Size, _PyTuple_Resize (growing,
 * shrinking, to and from empty), the 3.11 hash of tuples of ints, strs and nested tuples,
 * repr, comparison, and errors for bad arguments and unhashable items. */
#include "common_show.h"

int main(void) {
    Py_Initialize();
    PyObject *e = PyTuple_New(0);
    printf("empty is shared=%d size=%zd\n", e == PyTuple_New(0), PyTuple_Size(e));
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2), *s = PyUnicode_FromString("x");
    PyObject *t = PyTuple_Pack(3, one, two, s);
    show("pack", t);
    show("pack0", PyTuple_Pack(0));
    printf("getitem 2 is s=%d\n", PyTuple_GetItem(t, 2) == s);
    printf("getitem 3 NULL=%d\n", PyTuple_GetItem(t, 3) == NULL);
    err("getitem 3");
    show("slice 1:", PyTuple_GetSlice(t, 1, 10));
    printf("slice all is same=%d\n", PyTuple_GetSlice(t, 0, 3) == t);
    Py_INCREF(one);
    printf("setitem shared=%d\n", PyTuple_SetItem(t, 0, one));
    err("setitem shared");
    PyObject *n = PyTuple_New(2);
    Py_INCREF(one);
    printf("setitem new=%d\n", PyTuple_SetItem(n, 0, one));
    Py_INCREF(two);
    printf("setitem 5=%d\n", PyTuple_SetItem(n, 5, two));
    err("setitem 5");
    Py_INCREF(two);
    PyTuple_SetItem(n, 1, two);
    show("built", n);
    printf("resize grow=%d\n", _PyTuple_Resize(&n, 4));
    printf("new slots NULL=%d\n", PyTuple_GET_ITEM(n, 3) == NULL);
    printf("size=%zd\n", PyTuple_GET_SIZE(n));
    PyTuple_SET_ITEM(n, 2, PyLong_FromLong(3));
    PyTuple_SET_ITEM(n, 3, PyLong_FromLong(4));
    show("grown", n);
    printf("resize shrink=%d\n", _PyTuple_Resize(&n, 1));
    show("shrunk", n);
    printf("resize to 0=%d\n", _PyTuple_Resize(&n, 0));
    printf("is empty=%d\n", n == e);
    PyObject *z = PyTuple_New(0);
    printf("resize from 0=%d\n", _PyTuple_Resize(&z, 2));
    printf("size=%zd\n", PyTuple_GET_SIZE(z));
    PyTuple_SET_ITEM(z, 0, PyLong_FromLong(7));
    PyTuple_SET_ITEM(z, 1, PyLong_FromLong(8));
    show("from empty", z);

    printf("hash ()=%zd\n", (Py_ssize_t)PyObject_Hash(e));
    printf("hash (1,)=%zd\n", (Py_ssize_t)PyObject_Hash(PyTuple_Pack(1, one)));
    printf("hash (1,2)=%zd\n", (Py_ssize_t)PyObject_Hash(PyTuple_Pack(2, one, two)));
    printf("hash (1,2,'x')=%zd\n", (Py_ssize_t)PyObject_Hash(t));
    printf("hash nested=%zd\n", (Py_ssize_t)PyObject_Hash(PyTuple_Pack(2, t, e)));
    PyObject *m1 = PyLong_FromLong(-1);
    printf("hash (-1,)=%zd\n", (Py_ssize_t)PyObject_Hash(PyTuple_Pack(1, m1)));
    PyObject *withlist = PyTuple_Pack(2, one, PyList_New(0));
    printf("hash with list=%zd\n", (Py_ssize_t)PyObject_Hash(withlist));
    err("hash with list");
    show("repr 1-tuple", PyTuple_Pack(1, s));
    show("repr nested", PyTuple_Pack(2, t, e));
    PyObject *a = PyTuple_Pack(2, one, two), *b = PyTuple_Pack(2, one, s);
    printf("eq=%d lt=%d\n", PyObject_RichCompareBool(a, PyTuple_Pack(2, one, two), Py_EQ),
           PyObject_RichCompareBool(a, PyTuple_Pack(3, one, two, one), Py_LT));
    printf("lt int str=%d\n", PyObject_RichCompareBool(a, b, Py_LT));
    err("lt int str");

    PyObject *lst = PyList_New(0);
    printf("size list=%zd\n", PyTuple_Size(lst));
    err("size list");
    printf("getitem list NULL=%d\n", PyTuple_GetItem(lst, 0) == NULL);
    err("getitem list");
    printf("new -1 NULL=%d\n", PyTuple_New(-1) == NULL);
    err("new -1");
    Py_FinalizeEx();
    return 0;
}
