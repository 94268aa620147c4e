/* set and frozenset: the table fields (fill/used/mask, inline table or not) through growth
 * and deletions, iteration order of int keys, the frozenset hash (order-independent, cached),
 * the PySet_* API with its errors, set algebra through the number protocol, comparisons,
 * and the set iterator's mutation error. */
#include "common_show.h"

static void fields(const char *label, PyObject *s) {
    PySetObject *so = (PySetObject *)s;
    printf("%s used=%zd fill=%zd mask=%zd small=%d\n", label, so->used, so->fill, so->mask,
           so->table == so->smalltable);
}

int main(void) {
    Py_Initialize();
    PyObject *s = PySet_New(NULL);
    fields("empty", s);
    for (long i = 0; i < 40; i++) {
        PyObject *x = PyLong_FromLong(i * 5);
        PySet_Add(s, x);
        Py_DECREF(x);
        fields("add", s);
    }
    show("set40", s);
    for (long i = 0; i < 40; i += 2) {
        PyObject *x = PyLong_FromLong(i * 5);
        printf("discard %ld=%d\n", i * 5, PySet_Discard(s, x));
        Py_DECREF(x);
    }
    fields("after discards", s);
    show("set20", s);
    PyObject *absent = PyLong_FromLong(-7);
    printf("discard absent=%d contains=%d\n", PySet_Discard(s, absent), PySet_Contains(s, absent));
    printf("size=%zd\n", PySet_Size(s));

    PyObject *lst = PyList_New(0);
    printf("add unhashable=%d\n", PySet_Add(s, lst));
    err("add unhashable");
    printf("contains unhashable=%d\n", PySet_Contains(s, lst));
    err("contains unhashable");

    PyObject *src = Py_BuildValue("[iiiii]", 3, 1, 4, 1, 5);
    PyObject *f1 = PyFrozenSet_New(src);
    PyObject *rev = Py_BuildValue("[iiii]", 5, 4, 3, 1);
    PyObject *f2 = PyFrozenSet_New(rev);
    show("frozen", f1);
    printf("frozen hash equal=%d value=%zd\n", PyObject_Hash(f1) == PyObject_Hash(f2), (Py_ssize_t)PyObject_Hash(f1));
    PyObject *fe = PyFrozenSet_New(NULL);
    printf("empty frozen hash=%zd\n", (Py_ssize_t)PyObject_Hash(fe));
    PyObject *strs = Py_BuildValue("(sss)", "a", "b", "c");
    PyObject *fs = PyFrozenSet_New(strs);
    printf("str frozen hash=%zd\n", (Py_ssize_t)PyObject_Hash(fs));
    printf("set hash=%zd\n", (Py_ssize_t)PyObject_Hash(s));
    err("set hash");
    printf("frozen eq=%d set eq frozen=%d\n", PyObject_RichCompareBool(f1, f2, Py_EQ),
           PyObject_RichCompareBool(PySet_New(src), f1, Py_EQ));

    /* Algebra. */
    PyObject *a = PySet_New(Py_BuildValue("[iiii]", 1, 2, 3, 4));
    PyObject *b = PySet_New(Py_BuildValue("[iiii]", 3, 4, 5, 6));
    show("a|b", PyNumber_Or(a, b));
    show("a&b", PyNumber_And(a, b));
    show("a-b", PyNumber_Subtract(a, b));
    show("a^b", PyNumber_Xor(a, b));
    show("a|list", PyNumber_Or(a, lst));
    show("f1&a", PyNumber_And(f1, a));
    show("a<=b", PyObject_RichCompare(a, b, Py_LE));
    PyObject *sub = PySet_New(Py_BuildValue("[ii]", 1, 2));
    show("sub<a", PyObject_RichCompare(sub, a, Py_LT));
    show("a>sub", PyObject_RichCompare(a, sub, Py_GT));
    show("a<list", PyObject_RichCompare(a, lst, Py_LT));
    PyObject *r = PyNumber_InPlaceOr(a, b);
    printf("ior same=%d\n", r == a);
    show("a after |=", a);

    /* Pop and clear. */
    PyObject *p = PySet_Pop(sub);
    show("pop", p);
    printf("pop again size=%zd\n", PySet_Size(sub));
    Py_XDECREF(PySet_Pop(sub));
    p = PySet_Pop(sub);
    show("pop empty", p);
    printf("clear=%d\n", PySet_Clear(a));
    printf("size after clear=%zd\n", PySet_Size(a));
    fields("cleared", a);

    /* Iteration and mutation. */
    PyObject *it = PyObject_GetIter(b);
    PyObject *first = PyIter_Next(it);
    show("first", first);
    PyObject *big = PyLong_FromLong(1000);
    PySet_Add(b, big);
    PyObject *nx = PyIter_Next(it);
    printf("next after add NULL=%d\n", nx == NULL);
    err("next after add");
    _PySet_Update(b, src);
    show("after update", b);
    Py_ssize_t pos = 0;
    PyObject *key;
    Py_hash_t h;
    printf("entries:");
    while (_PySet_NextEntry(b, &pos, &key, &h)) printf(" %ld/%zd", PyLong_AsLong(key), (Py_ssize_t)h);
    printf("\n");

    /* Bad arguments. */
    printf("size of list=%zd\n", PySet_Size(lst));
    err("size of list");
    printf("add to frozen shared=%d\n", PySet_Add(f1, big));
    err("add to frozen shared");
    printf("discard on frozen=%d\n", PySet_Discard(f1, big));
    err("discard on frozen");
    printf("new from int NULL=%d\n", PySet_New(big) == NULL);
    err("new from int");
    show("set repr empty", PySet_New(NULL));
    show("frozen repr empty", PyFrozenSet_New(NULL));
    Py_FinalizeEx();
    return 0;
}
