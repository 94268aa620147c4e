/* The PyList_* C API and the list's storage: the over-allocation pattern (the `allocated`
 * field, which sys.getsizeof reports) through appends, inserts, pops, slice assignment and
 * extension; items and slices; errors (IndexError texts, SystemError on bad arguments);
 * PyList_Sort (stability, comparison errors, mixed types) and PyList_Reverse; AsTuple. */
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
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show(const char *label, PyObject *o) {
    if (!o) { err(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
}

static void alloc(const char *label, PyObject *l) {
    printf("%s size=%zd allocated=%zd\n", label, PyList_GET_SIZE(l), ((PyListObject *)l)->allocated);
}

int main(void) {
    Py_Initialize();
    PyObject *l = PyList_New(0);
    alloc("new0", l);
    for (long i = 0; i < 80; i++) {
        PyObject *x = PyLong_FromLong(i);
        PyList_Append(l, x);
        Py_DECREF(x);
        alloc("append", l);
    }
    for (int i = 0; i < 70; i++) {
        PyObject *sl = PyList_GetSlice(l, 0, 0);
        PyList_SetSlice(l, PyList_GET_SIZE(l) - 1, PyList_GET_SIZE(l), NULL);
        Py_DECREF(sl);
        alloc("shrink", l);
    }
    PyObject *n5 = PyList_New(5);
    alloc("new5", n5);
    printf("new5 items NULL=%d\n", PyList_GET_ITEM(n5, 4) == NULL);
    for (int i = 0; i < 5; i++) PyList_SET_ITEM(n5, i, PyLong_FromLong(10 - i));
    PyObject *x = PyLong_FromLong(99);
    printf("insert mid=%d\n", PyList_Insert(n5, 2, x));
    printf("insert neg=%d\n", PyList_Insert(n5, -100, x));
    printf("insert big=%d\n", PyList_Insert(n5, 1000, x));
    alloc("after inserts", n5);
    show("n5", n5);
    printf("getitem 0 is 99=%d\n", PyList_GetItem(n5, 0) == x);
    printf("getitem 100 NULL=%d\n", PyList_GetItem(n5, 100) == NULL);
    err("getitem 100");
    printf("getitem -1 NULL=%d\n", PyList_GetItem(n5, -1) == NULL);
    err("getitem -1");
    Py_INCREF(x);
    printf("setitem 9=%d\n", PyList_SetItem(n5, 9, x));
    err("setitem 9");
    show("getslice 1:4", PyList_GetSlice(n5, 1, 4));
    show("getslice -5:100", PyList_GetSlice(n5, -5, 100));
    show("getslice 6:2", PyList_GetSlice(n5, 6, 2));
    PyObject *repl = Py_BuildValue("[iii]", 7, 8, 9);
    printf("setslice=%d\n", PyList_SetSlice(n5, 1, 3, repl));
    show("after setslice", n5);
    alloc("after setslice", n5);
    printf("setslice self=%d\n", PyList_SetSlice(n5, 0, 2, n5));
    show("after setslice self", n5);
    printf("setslice int=%d\n", PyList_SetSlice(n5, 0, 1, x));
    err("setslice int");

    printf("sort=%d\n", PyList_Sort(n5));
    show("sorted", n5);
    printf("reverse=%d\n", PyList_Reverse(n5));
    show("reversed", n5);
    show("astuple", PyList_AsTuple(n5));

    /* Stability: sort (key, index) pairs by comparing tuples is total; instead sort
     * tuples whose first items tie and check order of second items is preserved. */
    PyObject *pairs = PyList_New(0);
    for (int i = 0; i < 300; i++) {
        PyObject *t = Py_BuildValue("(ii)", (i * 37) % 11, i);
        PyList_Append(pairs, t);
        Py_DECREF(t);
    }
    PyList_Sort(pairs);
    printf("pairs sorted first=");
    for (int i = 0; i < 300; i += 25) {
        PyObject *t = PyList_GET_ITEM(pairs, i);
        printf(" (%ld,%ld)", PyLong_AsLong(PyTuple_GET_ITEM(t, 0)), PyLong_AsLong(PyTuple_GET_ITEM(t, 1)));
    }
    printf("\n");

    PyObject *mixed = Py_BuildValue("[isi]", 1, "a", 2);
    printf("sort mixed=%d\n", PyList_Sort(mixed));
    err("sort mixed");
    show("mixed after failed sort", mixed);
    PyObject *strs = Py_BuildValue("[sssss]", "pear", "apple", "fig", "banana", "apple");
    PyList_Sort(strs);
    show("sorted strs", strs);

    /* Bad arguments. */
    PyObject *t = PyTuple_New(0);
    printf("size tuple=%zd\n", PyList_Size(t));
    err("size tuple");
    printf("append tuple=%d\n", PyList_Append(t, x));
    err("append tuple");
    printf("append NULL=%d\n", PyList_Append(l, NULL));
    err("append NULL");
    printf("sort tuple=%d\n", PyList_Sort(t));
    err("sort tuple");
    printf("new -1 NULL=%d\n", PyList_New(-1) == NULL);
    err("new -1");

    /* Equality and ordering. */
    PyObject *a = Py_BuildValue("[ii]", 1, 2), *b = Py_BuildValue("[iii]", 1, 2, 0), *c = Py_BuildValue("[ii]", 1, 3);
    printf("a<b=%d a<c=%d a==a2=%d c>b=%d\n", PyObject_RichCompareBool(a, b, Py_LT),
           PyObject_RichCompareBool(a, c, Py_LT), PyObject_RichCompareBool(a, Py_BuildValue("[ii]", 1, 2), Py_EQ),
           PyObject_RichCompareBool(c, b, Py_GT));
    PyObject *rec = PyList_New(0);
    PyList_Append(rec, rec);
    show("recursive", rec);
    show("empty", PyList_New(0));
    Py_FinalizeEx();
    return 0;
}
