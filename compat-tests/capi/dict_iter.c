/* Iterating dicts: key/value/item iterators (through the views from _PyDictView_New) and their
 * order, the errors for a dict changed during iteration ("changed size", "keys changed"),
 * views' len/contains/equality and set operations, and _PyDict_Next's hash output. */
#include "common_show.h"

static PyObject *I(long v) { return PyLong_FromLong(v); }

static void drain(const char *label, PyObject *iterable) {
    PyObject *it = PyObject_GetIter(iterable);
    if (!it) { err(label); return; }
    printf("%s:", label);
    PyObject *x;
    while ((x = PyIter_Next(it))) {
        PyObject *r = PyObject_Repr(x);
        printf(" %s", PyUnicode_AsUTF8(r));
        Py_DECREF(r);
        Py_DECREF(x);
    }
    printf("\n");
    if (PyErr_Occurred()) err(label);
    Py_DECREF(it);
}

int main(void) {
    Py_Initialize();
    PyObject *d = PyDict_New();
    for (long i = 0; i < 6; i++) PyDict_SetItem(d, I(i * 10), PyUnicode_FromFormat("v%ld", i));
    PyDict_DelItem(d, I(20));
    PyDict_SetItem(d, I(20), Py_None);
    PyObject *keys = _PyDictView_New(d, &PyDictKeys_Type);
    PyObject *values = _PyDictView_New(d, &PyDictValues_Type);
    PyObject *items = _PyDictView_New(d, &PyDictItems_Type);
    drain("dict", d);
    drain("keys", keys);
    drain("values", values);
    drain("items", items);
    show("keys view", keys);
    show("items view", items);
    printf("len keys=%zd values=%zd\n", PyObject_Size(keys), PyObject_Size(values));
    printf("10 in keys=%d 11 in keys=%d\n", PySequence_Contains(keys, I(10)), PySequence_Contains(keys, I(11)));
    PyObject *pair = Py_BuildValue("(is)", 10, "v1"), *bad = Py_BuildValue("(is)", 10, "v2");
    printf("pair in items=%d bad=%d int=%d\n", PySequence_Contains(items, pair), PySequence_Contains(items, bad),
           PySequence_Contains(items, I(3)));
    PyObject *other = PySet_New(Py_BuildValue("[iii]", 0, 10, 99));
    show("keys & set", PyNumber_And(keys, other));
    show("keys | set", PyNumber_Or(keys, other));
    show("keys - set", PyNumber_Subtract(keys, other));
    show("keys ^ set", PyNumber_Xor(keys, other));
    show("set & keys", PyNumber_And(other, keys));
    show("keys & list", PyNumber_And(keys, Py_BuildValue("[ii]", 40, 41)));
    show("_PyDictView_Intersect", _PyDictView_Intersect(keys, other));
    PyObject *kset = PySet_New(keys);
    show("keys == set", PyObject_RichCompare(keys, kset, Py_EQ));
    show("keys < set", PyObject_RichCompare(keys, kset, Py_LT));
    show("keys <= set", PyObject_RichCompare(keys, kset, Py_LE));
    show("keys == list", PyObject_RichCompare(keys, Py_BuildValue("[i]", 1), Py_EQ));
    show("values == values", PyObject_RichCompare(values, values, Py_EQ));
    show("view of list", _PyDictView_New(PyList_New(0), &PyDictKeys_Type));

    /* Mutation during iteration. */
    PyObject *it = PyObject_GetIter(d);
    PyObject *first = PyIter_Next(it);
    show("first", first);
    PyDict_SetItem(d, I(77), Py_None);
    PyObject *nx = PyIter_Next(it);
    printf("after insert NULL=%d\n", nx == NULL);
    err("after insert");
    nx = PyIter_Next(it);
    printf("again NULL=%d\n", nx == NULL);
    err("again");
    Py_DECREF(it);

    it = PyObject_GetIter(d);
    Py_XDECREF(PyIter_Next(it));
    PyDict_DelItem(d, I(77));
    PyDict_SetItem(d, I(78), Py_None);
    PyObject *y;
    while ((y = PyIter_Next(it))) Py_DECREF(y);
    err("keys changed");
    Py_DECREF(it);

    it = PyObject_GetIter(items);
    PyObject *t1 = PyIter_Next(it);
    PyObject *t2 = PyIter_Next(it);
    show("item1", t1);
    show("item2", t2);
    Py_DECREF(it);

    /* Replacing values while iterating is allowed. */
    it = PyObject_GetIter(d);
    int n = 0;
    while ((y = PyIter_Next(it))) { PyDict_SetItem(d, y, I(n++)); Py_DECREF(y); }
    err("replace values");
    show("after replace", d);

    Py_ssize_t pos = 0;
    PyObject *k, *v;
    Py_hash_t h;
    printf("_PyDict_Next:");
    while (_PyDict_Next(d, &pos, &k, &v, &h)) printf(" %ld#%zd@%zd", PyLong_AsLong(k), (Py_ssize_t)h, pos);
    printf("\n");
    Py_FinalizeEx();
    return 0;
}
