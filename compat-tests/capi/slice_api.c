/* slice objects and the index arithmetic: PySlice_New, PySlice_Unpack (None defaults, clamping
 * of huge ints, zero step), PySlice_AdjustIndices, PySlice_GetIndicesEx and the old
 * PySlice_GetIndices, _PyEval_SliceIndex, slicing lists and tuples through
 * PyObject_GetItem/SetItem/DelItem with extended slices, and Ellipsis. */
#include "common_show.h"

static PyObject *I(long v) { return PyLong_FromLong(v); }

static void unpack(const char *label, PyObject *sl, Py_ssize_t len) {
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(sl, &start, &stop, &step) < 0) { err(label); return; }
    printf("%s unpack %zd %zd %zd", label, start, stop, step);
    Py_ssize_t n = PySlice_AdjustIndices(len, &start, &stop, step);
    printf(" adjust(%zd) %zd %zd n=%zd\n", len, start, stop, n);
}

int main(void) {
    Py_Initialize();
    PyObject *big = PyLong_FromString("100000000000000000000000", NULL, 10);
    PyObject *nbig = PyNumber_Negative(big);
    struct { const char *label; PyObject *a, *b, *c; } cases[] = {
        {"[:]", NULL, NULL, NULL}, {"[1:3]", I(1), I(3), NULL}, {"[::-1]", NULL, NULL, I(-1)},
        {"[-3:]", I(-3), NULL, NULL}, {"[:-1:2]", NULL, I(-1), I(2)}, {"[big:]", big, NULL, NULL},
        {"[-big:big]", nbig, big, NULL}, {"[::big]", NULL, NULL, big}, {"[::-big]", NULL, NULL, nbig},
        {"[::0]", NULL, NULL, I(0)}, {"[5:1:-2]", I(5), I(1), I(-2)}, {"[x:]", PyUnicode_FromString("x"), NULL, NULL},
    };
    for (int i = 0; i < 12; i++) {
        PyObject *sl = PySlice_New(cases[i].a, cases[i].b, cases[i].c);
        show(cases[i].label, sl);
        unpack(cases[i].label, sl, 10);
        Py_ssize_t st, sp, stp, n;
        if (PySlice_GetIndicesEx(sl, 7, &st, &sp, &stp, &n) == 0)
            printf("%s ex(7) %zd %zd %zd %zd\n", cases[i].label, st, sp, stp, n);
        else err("ex");
        int r = PySlice_GetIndices(sl, 7, &st, &sp, &stp);
        printf("%s old(7) r=%d", cases[i].label, r);
        if (r == 0) printf(" %zd %zd %zd", st, sp, stp);
        printf(" err=%d\n", PyErr_Occurred() != NULL);
        PyErr_Clear();
        Py_DECREF(sl);
    }
    Py_ssize_t pi = 42;
    printf("sliceindex None=%d %zd\n", _PyEval_SliceIndex(Py_None, &pi), pi);
    printf("sliceindex big=%d %zd\n", _PyEval_SliceIndex(big, &pi), pi);
    printf("sliceindex str=%d\n", _PyEval_SliceIndex(PyUnicode_FromString("s"), &pi));
    err("sliceindex str");

    PyObject *l = PyList_New(0);
    for (int i = 0; i < 10; i++) { PyObject *x = I(i); PyList_Append(l, x); Py_DECREF(x); }
    PyObject *t = PyList_AsTuple(l);
    PyObject *s1 = PySlice_New(I(1), I(8), I(3));
    show("list[1:8:3]", PyObject_GetItem(l, s1));
    show("tuple[1:8:3]", PyObject_GetItem(t, s1));
    PyObject *s2 = PySlice_New(NULL, NULL, I(-2));
    show("list[::-2]", PyObject_GetItem(l, s2));
    show("tuple[::-2]", PyObject_GetItem(t, s2));
    printf("set ext ok=%d\n", PyObject_SetItem(l, s1, Py_BuildValue("[sss]", "a", "b", "c")));
    show("after set ext", l);
    printf("set ext wrong size=%d\n", PyObject_SetItem(l, s1, Py_BuildValue("[s]", "a")));
    err("set ext wrong size");
    printf("set ext int=%d\n", PyObject_SetItem(l, s1, I(3)));
    err("set ext int");
    printf("del ext=%d\n", PyObject_DelItem(l, s2));
    show("after del ext", l);
    printf("list alloc=%zd\n", ((PyListObject *)l)->allocated);
    PyObject *s3 = PySlice_New(I(1), I(3), NULL);
    printf("set simple grow=%d\n", PyObject_SetItem(l, s3, Py_BuildValue("[iiii]", 7, 7, 7, 7)));
    show("after grow", l);
    printf("del simple=%d\n", PyObject_DelItem(l, s3));
    show("after del", l);
    show("list[str]", PyObject_GetItem(l, PyUnicode_FromString("a")));
    show("tuple[float]", PyObject_GetItem(t, PyFloat_FromDouble(1.0)));
    show("tuple[-1]", PyObject_GetItem(t, I(-1)));
    show("tuple[big]", PyObject_GetItem(t, big));
    show("list[-11]", PyObject_GetItem(l, I(-11)));
    show("Ellipsis", Py_Ellipsis);
    PyObject *a = PySlice_New(I(1), I(2), NULL), *b = PySlice_New(I(1), I(3), NULL);
    printf("slice eq=%d lt=%d\n", PyObject_RichCompareBool(a, PySlice_New(I(1), I(2), NULL), Py_EQ),
           PyObject_RichCompareBool(a, b, Py_LT));
    printf("slice hash=%zd\n", (Py_ssize_t)PyObject_Hash(a));
    err("slice hash");
    Py_FinalizeEx();
    return 0;
}
