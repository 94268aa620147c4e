// compat: weak references through the C API: PyWeakref_NewRef shares the callback-less basic
// reference, PyWeakref_GetObject, callbacks run in order when the referent dies (refcount and
// cycle-collector paths), errors in callbacks are unraisable, objects without weakref support
// raise TypeError, the reference's repr/hash/call/compare, _PyWeakref_GetWeakrefCount.
#include <Python.h>
#include <stdio.h>
#include <string.h>

static int calls;
static char order[64];

static PyObject *callback(PyObject *self, PyObject *ref) {
    const char *tag = PyUnicode_AsUTF8(self);
    order[calls++] = tag[0];
    printf("  callback %s: referent is None=%d\n", tag, PyWeakref_GetObject(ref) == Py_None);
    Py_RETURN_NONE;
}
static PyMethodDef callback_def = {"callback", callback, METH_O, NULL};

static PyObject *make_callback(const char *tag) {
    PyObject *self = PyUnicode_FromString(tag);
    PyObject *f = PyCFunction_New(&callback_def, self);
    Py_DECREF(self);
    return f;
}

int main(void) {
    Py_Initialize();
    PyObject *s = PySet_New(NULL);
    PyObject *r1 = PyWeakref_NewRef(s, NULL);
    PyObject *r2 = PyWeakref_NewRef(s, Py_None);
    printf("basic ref shared=%d referent=%d\n", r1 == r2, PyWeakref_GetObject(r1) == s);
    PyObject *cb_a = make_callback("a"), *cb_b = make_callback("b");
    PyObject *ra = PyWeakref_NewRef(s, cb_a);
    PyObject *rb = PyWeakref_NewRef(s, cb_b);
    printf("with callbacks distinct=%d count=%zd\n", ra != rb && ra != r1, _PyWeakref_GetWeakrefCount(*(PyWeakReference **)((char *)s + Py_TYPE(s)->tp_weaklistoffset)));
    PyObject *called = PyObject_CallNoArgs(r1);
    printf("call returns referent=%d\n", called == s);
    Py_DECREF(called);
    int unhashable = PyObject_Hash(r1) == -1 && PyErr_Occurred();
    PyErr_Clear();
    printf("hash of a set's ref fails=%d eq=%d\n", unhashable, PyObject_RichCompareBool(ra, rb, Py_EQ));
    printf("dropping the set:\n");
    Py_DECREF(s);
    printf("calls=%d order=%s dead=%d\n", calls, order, PyWeakref_GetObject(r1) == Py_None);
    PyObject *dead = PyObject_CallNoArgs(r1);
    printf("dead call is None=%d eq by identity=%d\n", dead == Py_None, PyObject_RichCompareBool(ra, rb, Py_EQ));
    Py_DECREF(dead);
    PyObject *repr = PyObject_Repr(r1);
    const char *text = PyUnicode_AsUTF8(repr);
    printf("dead repr ends with 'dead>'=%d\n", strstr(text, "; dead>") != NULL);
    Py_DECREF(repr);
    Py_DECREF(r1); Py_DECREF(r2); Py_DECREF(ra); Py_DECREF(rb);

    /* A module in a reference cycle: the collector clears the weak reference and calls the
       callback of the (reachable) reference. */
    calls = 0;
    /* Whatever start-up left for the collector (site's .pth files vary by machine) goes
       first, so the count below is this cycle's alone. */
    PyGC_Collect();
    PyObject *m = PyModule_New("cyclic");
    PyDict_SetItemString(PyModule_GetDict(m), "self", m);
    PyObject *rm = PyWeakref_NewRef(m, cb_a);
    Py_DECREF(m);
    printf("before collect alive=%d\n", PyWeakref_GetObject(rm) != Py_None);
    Py_ssize_t n = PyGC_Collect();
    printf("collected=%zd calls=%d dead=%d\n", n, calls, PyWeakref_GetObject(rm) == Py_None);
    Py_DECREF(rm);

    PyObject *l = PyList_New(0);
    PyObject *bad = PyWeakref_NewRef(l, NULL);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *msg = PyObject_Str(v);
    printf("list: %s %s (%s)\n", bad == NULL ? "NULL" : "ref", ((PyTypeObject *)t)->tp_name, PyUnicode_AsUTF8(msg));
    Py_XDECREF(msg); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    int null_result = PyWeakref_GetObject(NULL) == NULL;
    printf("GetObject(NULL)=%d error=%s\n", null_result, PyErr_Occurred() ? ((PyTypeObject *)PyErr_Occurred())->tp_name : "none");
    PyErr_Clear();
    Py_DECREF(l);
    Py_DECREF(cb_a); Py_DECREF(cb_b);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
