/* Dict merging (PyDict_Merge with override 0/1, _PyDict_MergeEx's KeyError on duplicates,
 * merging from a non-dict mapping, PyDict_MergeFromSeq2 and its errors), consistency checks,
 * GC untracking of dicts and tuples of atoms, _PyList_Extend, _PySequence_IterSearch, the
 * *_Length aliases, _PyObject_HasLen, _PySlice_FromIndices, _PyEval_SliceIndexNotNone and the
 * repr recursion guard Py_ReprEnter/Py_ReprLeave. */
#include "common_show.h"

int _PyDict_CheckConsistency(PyObject *op, int check_content);  /* not in the public headers */

static PyObject *I(long v) { return PyLong_FromLong(v); }

int main(void) {
    Py_Initialize();
    PyObject *a = Py_BuildValue("{sisi}", "x", 1, "y", 2);
    PyObject *b = Py_BuildValue("{sisi}", "y", 20, "z", 30);
    PyObject *c = PyDict_Copy(a);
    printf("merge override=0: %d\n", PyDict_Merge(c, b, 0));
    show("  result", c);
    c = PyDict_Copy(a);
    printf("merge override=1: %d\n", PyDict_Merge(c, b, 1));
    show("  result", c);
    c = PyDict_Copy(a);
    printf("mergeex override=2: %d\n", _PyDict_MergeEx(c, b, 2));
    err("  mergeex");
    printf("merge into list: %d\n", PyDict_Merge(PyList_New(0), b, 1));
    err("  merge into list");
    printf("merge from list: %d\n", PyDict_Merge(c, PyList_New(0), 1));
    err("  merge from list");
    PyObject *pairs = Py_BuildValue("[(si)(si)]", "p", 1, "q", 2);
    c = PyDict_New();
    printf("seq2: %d\n", PyDict_MergeFromSeq2(c, pairs, 1));
    show("  result", c);
    printf("seq2 bad element: %d\n", PyDict_MergeFromSeq2(c, Py_BuildValue("[(si)i]", "p", 1, 5), 1));
    err("  seq2 bad element");
    printf("seq2 bad length: %d\n", PyDict_MergeFromSeq2(c, Py_BuildValue("[(si)(iii)]", "p", 1, 1, 2, 3), 1));
    err("  seq2 bad length");
    printf("seq2 no override: %d\n", PyDict_MergeFromSeq2(c, Py_BuildValue("[(si)]", "p", 99), 0));
    show("  result", c);
    printf("seq2 not iterable: %d\n", PyDict_MergeFromSeq2(c, I(3), 1));
    err("  seq2 not iterable");
    printf("consistency=%d\n", _PyDict_CheckConsistency(c, 1));

    PyObject *atoms = PyDict_New();
    PyDict_SetItem(atoms, I(1), I(2));
    printf("dict of atoms tracked=%d\n", PyObject_GC_IsTracked(atoms));
    PyDict_SetItem(atoms, I(3), PyList_New(0));
    printf("dict with list tracked=%d\n", PyObject_GC_IsTracked(atoms));
    PyDict_DelItem(atoms, I(3));
    _PyDict_MaybeUntrack(atoms);
    printf("after maybe-untrack tracked=%d\n", PyObject_GC_IsTracked(atoms));
    PyObject *t = PyTuple_Pack(2, I(1), I(2));
    printf("tuple tracked=%d\n", PyObject_GC_IsTracked(t));
    _PyTuple_MaybeUntrack(t);
    printf("tuple after maybe-untrack=%d\n", PyObject_GC_IsTracked(t));

    PyObject *l = PyList_New(0);
    PyObject *r = _PyList_Extend((PyListObject *)l, Py_BuildValue("(iii)", 1, 2, 1));
    printf("extend returns None=%d\n", r == Py_None);
    show("  list", l);
    printf("itersearch count=%zd index=%zd contains=%zd\n", _PySequence_IterSearch(l, I(1), 1),
           _PySequence_IterSearch(l, I(2), 2), _PySequence_IterSearch(l, I(7), 3));
    printf("itersearch index missing=%zd\n", _PySequence_IterSearch(l, I(7), 2));
    err("  itersearch index missing");
    printf("lengths seq=%zd map=%zd obj=%zd\n", PySequence_Length(l), PyMapping_Length(a), PyObject_Length(l));
    printf("haslen list=%d int=%d\n", _PyObject_HasLen(l), _PyObject_HasLen(I(1)));
    show("slice from indices", _PySlice_FromIndices(2, -1));
    Py_ssize_t pi = 0;
    printf("notnone None=%d\n", _PyEval_SliceIndexNotNone(Py_None, &pi));
    err("  notnone None");
    printf("notnone 7=%d %zd\n", _PyEval_SliceIndexNotNone(I(7), &pi), pi);

    printf("reprenter first=%d\n", Py_ReprEnter(l));
    printf("reprenter again=%d\n", Py_ReprEnter(l));
    show("repr while entered", l);
    Py_ReprLeave(l);
    printf("reprenter after leave=%d\n", Py_ReprEnter(l));
    Py_ReprLeave(l);
    show("repr after leave", l);
    Py_FinalizeEx();
    return 0;
}
