// compat: cflags=-DPy_BUILD_CORE
/* The dict's memory layout, exactly CPython 3.11's: for every size up to 100 (int keys and
 * str keys) the keys table's log2 size, index width, kind, usable/nentries counters and
 * _PyDict_SizeOf (sys.getsizeof minus the GC header); the index array and entry order of
 * small tables (the probe sequence); presized tables; growth after deletions; kind change
 * when a non-str key joins an all-str table; copies and merges into empty dicts. */
#include <Python.h>
#include "internal/pycore_dict.h"
#include <stdio.h>

static PyDictKeysObject *keys_of(PyObject *d) { return ((PyDictObject *)d)->ma_keys; }

static void show(const char *label, Py_ssize_t n, PyObject *d) {
    PyDictKeysObject *k = keys_of(d);
    printf("%s n=%zd sizeof=%zd log2=%d log2idx=%d kind=%d usable=%zd nentries=%zd used=%zd split=%d\n",
           label, n, _PyDict_SizeOf((PyDictObject *)d), k->dk_log2_size, k->dk_log2_index_bytes,
           k->dk_kind, k->dk_usable, k->dk_nentries, PyDict_GET_SIZE(d),
           ((PyDictObject *)d)->ma_values != NULL);
}

static void show_indices(const char *label, PyObject *d) {
    PyDictKeysObject *k = keys_of(d);
    printf("%s indices:", label);
    for (Py_ssize_t i = 0; i < ((Py_ssize_t)1 << k->dk_log2_size); i++) {
        Py_ssize_t ix;
        if (k->dk_log2_size < 8) ix = ((int8_t *)k->dk_indices)[i];
        else ix = ((int16_t *)k->dk_indices)[i];
        printf(" %zd", ix);
    }
    printf("\n");
}

static void show_order(const char *label, PyObject *d) {
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    printf("%s order:", label);
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (PyLong_Check(key)) printf(" %ld@%zd", PyLong_AsLong(key), pos);
        else printf(" %s@%zd", PyUnicode_AsUTF8(key), pos);
    }
    printf("\n");
}

static PyObject *int_key(long i) { return PyLong_FromLong(i); }
static PyObject *str_key(long i) { return PyUnicode_FromFormat("k%ld", i); }

int main(void) {
    Py_Initialize();
    for (int kind = 0; kind < 2; kind++) {
        PyObject *d = PyDict_New();
        show(kind ? "str" : "int", 0, d);
        for (long i = 0; i < 100; i++) {
            PyObject *k = kind ? str_key(i) : int_key(i);
            PyDict_SetItem(d, k, Py_None);
            Py_DECREF(k);
            show(kind ? "str" : "int", i + 1, d);
        }
        Py_DECREF(d);
    }

    /* Colliding int keys: the probe sequence decides the slots. */
    long collide[] = {0, 8, 16, 1, -1, -2, 24, 1L << 40, 5};
    PyObject *c = PyDict_New();
    for (int i = 0; i < 9; i++) {
        PyObject *k = int_key(collide[i]);
        PyDict_SetItem(c, k, k);
        Py_DECREF(k);
        show_indices("collide", c);
    }
    show_order("collide", c);
    PyObject *k8 = int_key(8), *k1 = int_key(1);
    PyDict_DelItem(c, k8);
    PyDict_DelItem(c, k1);
    show_indices("collide after del", c);
    show_order("collide after del", c);
    show("collide after del", 0, c);
    PyDict_SetItem(c, k8, Py_True);
    show_indices("collide reinsert", c);
    show_order("collide reinsert", c);
    Py_DECREF(k8); Py_DECREF(k1);
    Py_DECREF(c);

    /* str keys with PYTHONHASHSEED=0. */
    PyObject *s = PyDict_New();
    for (long i = 0; i < 5; i++) {
        PyObject *k = str_key(i * 7);
        PyDict_SetItem(s, k, Py_None);
        Py_DECREF(k);
    }
    show_indices("str5", s);
    show_order("str5", s);
    /* A non-str key turns the table general. */
    PyObject *one = int_key(1);
    PyDict_SetItem(s, one, Py_None);
    Py_DECREF(one);
    show("str5+int", 6, s);
    show_order("str5+int", s);
    Py_DECREF(s);

    /* Presized tables. */
    Py_ssize_t pres[] = {0, 1, 5, 6, 7, 10, 11, 21, 22, 43, 100, 1000, 100000, 200000};
    for (int i = 0; i < 14; i++) {
        PyObject *p = _PyDict_NewPresized(pres[i]);
        show("presized", pres[i], p);
        Py_DECREF(p);
    }

    /* Growth with deletions in between: GROWTH_RATE is used*3. */
    PyObject *g = PyDict_New();
    for (long i = 0; i < 40; i++) {
        PyObject *k = int_key(i);
        PyDict_SetItem(g, k, Py_None);
        Py_DECREF(k);
        if (i % 3 == 2) {
            PyObject *old = int_key(i - 1);
            PyDict_DelItem(g, old);
            Py_DECREF(old);
        }
        show("grow-del", i, g);
    }
    show_order("grow-del", g);

    /* Copies: dense tables are cloned, sparse ones rebuilt. */
    PyObject *cp = PyDict_Copy(g);
    show("copy sparse", 0, cp);
    show_order("copy sparse", cp);
    PyObject *dense = PyDict_New();
    for (long i = 0; i < 30; i++) {
        PyObject *k = int_key(i * 3);
        PyDict_SetItem(dense, k, Py_None);
        Py_DECREF(k);
    }
    PyObject *cp2 = PyDict_Copy(dense);
    show("copy dense", 0, cp2);
    PyObject *merged = PyDict_New();
    PyDict_Update(merged, dense);
    show("update into empty", 0, merged);
    PyObject *merged2 = PyDict_New();
    PyObject *k99 = int_key(99);
    PyDict_SetItem(merged2, k99, Py_None);
    Py_DECREF(k99);
    PyDict_Update(merged2, dense);
    show("update into one", 0, merged2);
    show_order("update into one", merged2);
    Py_DECREF(cp); Py_DECREF(cp2); Py_DECREF(merged); Py_DECREF(merged2); Py_DECREF(dense); Py_DECREF(g);

    /* Clear goes back to the shared empty keys. */
    PyObject *e = PyDict_New();
    PyObject *x = int_key(3);
    PyDict_SetItem(e, x, x);
    Py_DECREF(x);
    PyDict_Clear(e);
    show("cleared", 0, e);
    Py_DECREF(e);

    Py_FinalizeEx();
    return 0;
}
