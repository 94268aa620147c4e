// compat: the cycle collector through the C API: PyGC_Collect counts for self-referencing
// lists, dicts and list/dict pairs; reachable cycles survive; generation-0 thresholds trigger
// collections; tuples of atomic items and atomic-only dicts get untracked; PyGC_Enable/
// Disable/IsEnabled; PyObject_GC_IsTracked; GC allocation with _PyObject_GC_New.
#include <Python.h>
#include <stdio.h>

static Py_ssize_t make_garbage(int kind, int n) {
    for (int i = 0; i < n; i++) {
        if (kind == 0) {                    /* a list that contains itself */
            PyObject *l = PyList_New(0);
            PyList_Append(l, l);
            Py_DECREF(l);
        } else if (kind == 1) {             /* a dict that contains itself */
            PyObject *d = PyDict_New();
            PyDict_SetItemString(d, "self", d);
            Py_DECREF(d);
        } else {                            /* a list and a dict referring to each other */
            PyObject *l = PyList_New(0);
            PyObject *d = PyDict_New();
            PyList_Append(l, d);
            PyDict_SetItemString(d, "list", l);
            Py_DECREF(l);
            Py_DECREF(d);
        }
    }
    return PyGC_Collect();
}

int main(void) {
    Py_Initialize();
    PyGC_Collect();  /* whatever start-up left behind */
    printf("enabled=%d\n", PyGC_IsEnabled());
    int was = PyGC_Disable();
    printf("disable returns=%d enabled=%d\n", was, PyGC_IsEnabled());
    printf("collect while disabled=%zd\n", PyGC_Collect());
    was = PyGC_Enable();
    printf("enable returns=%d enabled=%d\n", was, PyGC_IsEnabled());

    PyGC_Disable();  /* no automatic collection in between: the counts are exact */
    PyGC_Enable();
    printf("self lists: %zd\n", make_garbage(0, 100));
    printf("self dicts: %zd\n", make_garbage(1, 50));
    printf("list/dict pairs: %zd\n", make_garbage(2, 30));
    printf("nothing left: %zd\n", PyGC_Collect());

    PyObject *keep = PyList_New(0);
    PyList_Append(keep, keep);
    Py_ssize_t collected = PyGC_Collect();
    printf("reachable cycle collected: %zd refcnt=%zd\n", collected, Py_REFCNT(keep));
    PyList_SetSlice(keep, 0, 1, NULL);
    Py_DECREF(keep);

    PyObject *l = PyList_New(0);
    PyObject *one = PyLong_FromLong(1);
    PyObject *t = PyTuple_Pack(2, one, one);
    PyObject *tl = PyTuple_Pack(1, l);
    printf("tracked: list=%d int=%d tuple-of-ints=%d tuple-with-list=%d\n", PyObject_GC_IsTracked(l),
           PyObject_GC_IsTracked(one), PyObject_GC_IsTracked(t), PyObject_GC_IsTracked(tl));
    PyGC_Collect();
    printf("after collect: tuple-of-ints=%d tuple-with-list=%d\n", PyObject_GC_IsTracked(t), PyObject_GC_IsTracked(tl));
    PyObject *d = PyDict_New();
    PyDict_SetItemString(d, "a", one);
    printf("dict of ints tracked=%d\n", PyObject_GC_IsTracked(d));
    PyDict_SetItemString(d, "l", l);
    printf("dict with list tracked=%d\n", PyObject_GC_IsTracked(d));
    printf("is_gc: list=%d int=%d finalized=%d\n", PyObject_IS_GC(l), PyObject_IS_GC(one), PyObject_GC_IsFinalized(l));
    Py_DECREF(d); Py_DECREF(tl); Py_DECREF(t); Py_DECREF(one); Py_DECREF(l);

    /* Automatic collection: 10,000 self-referencing lists with the default thresholds leave
       at most a generation's worth behind. */
    for (int i = 0; i < 10000; i++) {
        PyObject *x = PyList_New(0);
        PyList_Append(x, x);
        Py_DECREF(x);
    }
    Py_ssize_t left = PyGC_Collect();
    printf("automatic collections ran: %d\n", left < 10000);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
