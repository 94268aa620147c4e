/* The PyDict_* C API: item access with int, str, tuple and unhashable keys; borrowed vs new
 * references; KeyError and SystemError cases; PyDict_GetItem's error suppression; SetDefault,
 * _PyDict_Pop, Contains, Keys/Values/Items, Copy, Clear, the *_KnownHash variants, *String
 * variants, _PyDict_DelItemIf, _PyDict_HasOnlyStringKeys and bad arguments. */
#include <Python.h>
#include <stdio.h>

static void err(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("%s: no error\n", label); return; }
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    /* SystemError texts carry CPython's source line: print the type only. */
    if (t == PyExc_SystemError) printf("%s: SystemError\n", label);
    else printf("%s: %s: %s\n", label, ((PyTypeObject *)t)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    PyErr_Clear();
}

static void show(const char *label, PyObject *o) {
    if (!o) { err(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s: %s\n", label, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    Py_XDECREF(r);
    if (!r) PyErr_Clear();
}

static int pred_is_none(PyObject *v) { return v == Py_None; }

int main(void) {
    Py_Initialize();
    PyObject *d = PyDict_New();
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2), *a = PyUnicode_FromString("a");
    PyObject *t12 = PyTuple_Pack(2, one, two);
    PyObject *lst = PyList_New(0);

    printf("set int=%d\n", PyDict_SetItem(d, one, a));
    printf("set str=%d\n", PyDict_SetItem(d, a, one));
    printf("set tuple=%d\n", PyDict_SetItem(d, t12, two));
    printf("size=%zd\n", PyDict_Size(d));
    PyObject *v = PyDict_GetItem(d, one);
    printf("getitem 1 is a=%d\n", v == a);
    printf("getitem missing NULL=%d err=%d\n", PyDict_GetItem(d, two) == NULL, PyErr_Occurred() != NULL);
    printf("getitem unhashable NULL=%d err=%d\n", PyDict_GetItem(d, lst) == NULL, PyErr_Occurred() != NULL);
    PyErr_SetString(PyExc_ValueError, "pending");
    printf("getitem keeps pending: found=%d\n", PyDict_GetItem(d, one) == a);
    err("pending after GetItem");
    printf("witherror missing NULL=%d err=%d\n", PyDict_GetItemWithError(d, two) == NULL, PyErr_Occurred() != NULL);
    printf("witherror unhashable NULL=%d\n", PyDict_GetItemWithError(d, lst) == NULL);
    err("witherror unhashable");
    printf("setitem unhashable=%d\n", PyDict_SetItem(d, lst, one));
    err("setitem unhashable");
    printf("_getitemwitherror 1 is a=%d\n", _PyDict_GetItemWithError(d, one) == a);
    printf("getitemstring a is 1=%d\n", PyDict_GetItemString(d, "a") == one);
    printf("setitemstring=%d\n", PyDict_SetItemString(d, "b", two));
    printf("_getitemstringwitherror b is 2=%d\n", _PyDict_GetItemStringWithError(d, "b") == two);
    printf("contains 1=%d 2=%d\n", PyDict_Contains(d, one), PyDict_Contains(d, two));
    printf("contains unhashable=%d\n", PyDict_Contains(d, lst));
    err("contains unhashable");
    show("dict", d);
    show("keys", PyDict_Keys(d));
    show("values", PyDict_Values(d));
    show("items", PyDict_Items(d));

    printf("delitem missing=%d\n", PyDict_DelItem(d, two));
    err("delitem missing");
    printf("delitem tuple key missing=%d\n", PyDict_DelItem(d, PyTuple_Pack(1, two)));
    err("delitem tuple missing");
    printf("delitemstring b=%d\n", PyDict_DelItemString(d, "b"));
    printf("delitemstring b again=%d\n", PyDict_DelItemString(d, "b"));
    err("delitemstring missing");

    Py_hash_t h = PyObject_Hash(one);
    printf("knownhash get is a=%d\n", _PyDict_GetItem_KnownHash(d, one, h) == a);
    printf("knownhash contains=%d\n", _PyDict_Contains_KnownHash(d, one, h));
    printf("knownhash set=%d\n", _PyDict_SetItem_KnownHash(d, two, Py_None, PyObject_Hash(two)));
    printf("knownhash del=%d\n", _PyDict_DelItem_KnownHash(d, two, PyObject_Hash(two)));
    printf("knownhash del again=%d\n", _PyDict_DelItem_KnownHash(d, two, PyObject_Hash(two)));
    err("knownhash del again");

    PyObject *sd = PyDict_SetDefault(d, two, Py_True);
    printf("setdefault new is True=%d\n", sd == Py_True);
    sd = PyDict_SetDefault(d, two, Py_False);
    printf("setdefault existing is True=%d\n", sd == Py_True);
    show("after setdefault", d);

    PyObject *p = _PyDict_Pop(d, two, NULL);
    show("pop 2", p);
    Py_XDECREF(p);
    p = _PyDict_Pop(d, two, NULL);
    show("pop 2 again", p);
    p = _PyDict_Pop(d, two, Py_Ellipsis);
    show("pop 2 default", p);
    Py_XDECREF(p);

    PyDict_SetItem(d, two, Py_None);
    printf("delitemif none=%d\n", _PyDict_DelItemIf(d, two, pred_is_none));
    printf("delitemif not none=%d\n", _PyDict_DelItemIf(d, one, pred_is_none));
    printf("only str keys=%d\n", _PyDict_HasOnlyStringKeys(d));
    PyObject *sk = PyDict_New();
    PyDict_SetItemString(sk, "x", one);
    printf("only str keys (str dict)=%d\n", _PyDict_HasOnlyStringKeys(sk));

    PyObject *c = PyDict_Copy(d);
    show("copy", c);
    printf("copy is new=%d equal=%d\n", c != d, PyObject_RichCompareBool(c, d, Py_EQ));
    PyDict_Clear(c);
    printf("cleared size=%zd equal now=%d\n", PyDict_Size(c), PyObject_RichCompareBool(c, d, Py_EQ));

    /* Bad arguments. */
    printf("size of list=%zd\n", PyDict_Size(lst));
    err("size of list");
    printf("setitem on list=%d\n", PyDict_SetItem(lst, one, one));
    err("setitem on list");
    printf("keys of NULL NULL=%d\n", PyDict_Keys(NULL) == NULL);
    err("keys of NULL");
    printf("getitem on list NULL=%d err=%d\n", PyDict_GetItem(lst, one) == NULL, PyErr_Occurred() != NULL);
    printf("copy of list NULL=%d\n", PyDict_Copy(lst) == NULL);
    err("copy of list");
    Py_ssize_t pos = 0;
    PyObject *k, *val;
    printf("next on list=%d\n", PyDict_Next(lst, &pos, &k, &val));
    PyDict_Clear(lst);
    printf("clear on list err=%d\n", PyErr_Occurred() != NULL);

    /* Equality between dicts. */
    PyObject *e1 = PyDict_New(), *e2 = PyDict_New();
    PyDict_SetItem(e1, one, two);
    PyDict_SetItem(e2, one, two);
    printf("eq=%d ne=%d\n", PyObject_RichCompareBool(e1, e2, Py_EQ), PyObject_RichCompareBool(e1, e2, Py_NE));
    PyDict_SetItem(e2, one, one);
    printf("eq after change=%d\n", PyObject_RichCompareBool(e1, e2, Py_EQ));
    printf("lt=%p\n", (void *)PyObject_RichCompare(e1, e2, Py_LT));
    err("lt");
    printf("hash=%zd\n", (Py_ssize_t)PyObject_Hash(e1));
    err("hash");
    printf("bool empty=%d full=%d\n", PyObject_IsTrue(c), PyObject_IsTrue(e1));

    Py_FinalizeEx();
    return 0;
}
