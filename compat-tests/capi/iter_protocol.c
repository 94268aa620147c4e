/* The iterator protocol: PyObject_GetIter on iterables and non-iterables, PyIter_Next to the
 * end (StopIteration never leaks), the sequence iterator PySeqIter_New over a sequence, the
 * callable iterator PyCallIter_New with its sentinel, list/tuple/set iterators' length hints,
 * PyIter_Send on a plain iterator, and iterator exhaustion staying exhausted. */
#include "common_show.h"

static PyObject *counter(PyObject *self, PyObject *unused) {
    long n = PyLong_AsLong(PyList_GET_ITEM(self, 0));
    PyObject *next = PyLong_FromLong(n + 1);
    PyList_SetItem(self, 0, next);
    return PyLong_FromLong(n);
}

static PyMethodDef counter_def = {"counter", counter, METH_NOARGS, NULL};

static void drain(const char *label, PyObject *it) {
    printf("%s:", label);
    PyObject *x;
    while ((x = PyIter_Next(it))) {
        PyObject *r = PyObject_Repr(x);
        printf(" %s", PyUnicode_AsUTF8(r));
        Py_DECREF(r);
        Py_DECREF(x);
    }
    printf(" | err=%d\n", PyErr_Occurred() != NULL);
    if (PyErr_Occurred()) err(label);
}

int main(void) {
    Py_Initialize();
    PyObject *l = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *it = PyObject_GetIter(l);
    printf("list iter check=%d hint=%zd\n", PyIter_Check(it), PyObject_LengthHint(it, -5));
    Py_XDECREF(PyIter_Next(it));
    printf("hint after one=%zd\n", PyObject_LengthHint(it, -5));
    drain("list", it);
    drain("list again", it);
    printf("hint exhausted=%zd\n", PyObject_LengthHint(it, -5));
    show("iter of int", PyObject_GetIter(PyLong_FromLong(3)));
    show("iter of None", PyObject_GetIter(Py_None));
    PyObject *t = Py_BuildValue("(sss)", "a", "b", "c");
    PyObject *ti = PyObject_GetIter(t);
    printf("tuple iter hint=%zd\n", PyObject_LengthHint(ti, -1));
    drain("tuple", ti);
    PyObject *si = PySeqIter_New(PyUnicode_FromString("xyz"));
    show("seqiter type", (PyObject *)Py_TYPE(si));
    drain("seqiter", si);
    show("seqiter of int", PySeqIter_New(PyLong_FromLong(1)));
    PyObject *state = Py_BuildValue("[i]", 10);
    PyObject *fn = PyCFunction_New(&counter_def, state);
    PyObject *ci = PyCallIter_New(fn, PyLong_FromLong(14));
    show("calliter type", (PyObject *)Py_TYPE(ci));
    drain("calliter", ci);
    drain("calliter again", ci);
    PyObject *res = NULL;
    PyObject *li = PyObject_GetIter(l);
    int r = PyIter_Send(li, Py_None, &res);
    printf("send None r=%d ", r);
    show("value", res);
    Py_XDECREF(res);
    PyObject *empty = PyObject_GetIter(PyList_New(0));
    r = PyIter_Send(empty, Py_None, &res);
    printf("send exhausted r=%d ", r);
    show("value", res);
    show("aiter of list", PyObject_GetAIter(l));
    printf("aiter check list=%d\n", PyAIter_Check(l));
    Py_FinalizeEx();
    return 0;
}
