// compat: heap types from PyType_Spec (PyType_FromSpec/FromSpecWithBases/FromModuleAndSpec):
// slots, methods, members with __dictoffset__/__weaklistoffset__, getsets, PyType_GetSlot,
// GetName/GetQualName/GetModule/GetFlags, subclassing, type(name, bases, dict) with C3 MRO and
// its errors, attribute lookup precedence (data descriptor > instance dict > non-data
// descriptor > class attribute), the dunder -> slot mechanism when a class attribute like
// __add__ or __len__ is set or deleted, __slots__, and bad specs.
#include <Python.h>
#include <structmember.h>
#include <stdio.h>
#include <string.h>

static void show(const char *label, PyObject *o) {
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    char buf[600];
    snprintf(buf, sizeof buf, "%s", r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    for (char *p = strstr(buf, " at 0x"); p; p = strstr(p + 1, " at 0x")) {
        char *e = p + 6;
        while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f')) e++;
        memmove(p + 8, e, strlen(e) + 1);
        memcpy(p, " at ADDR", 8);
    }
    printf("%s = %s\n", label, buf);
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

static void show_int(const char *label, long v) {
    if (v == -1 && PyErr_Occurred()) { show(label, NULL); return; }
    printf("%s = %ld\n", label, v);
}

typedef struct {
    PyObject_HEAD
    long value;
    PyObject *dict;
    PyObject *weaklist;
} Box;

static PyObject *box_get(PyObject *self, PyObject *unused) { return PyLong_FromLong(((Box *)self)->value); }
static PyObject *box_getter(PyObject *self, void *c) { return PyLong_FromLong(((Box *)self)->value * 10); }
static int box_setter(PyObject *self, PyObject *v, void *c) {
    if (!v) { PyErr_SetString(PyExc_TypeError, "no delete"); return -1; }
    ((Box *)self)->value = PyLong_AsLong(v) / 10;
    return PyErr_Occurred() ? -1 : 0;
}
static PyObject *box_add(PyObject *a, PyObject *b) { return PyUnicode_FromString("Box.add"); }
static PyObject *box_repr(PyObject *self) { return PyUnicode_FromFormat("Box(%ld)", ((Box *)self)->value); }
static int box_init(PyObject *self, PyObject *args, PyObject *kw) {
    long v = 0;
    if (!PyArg_ParseTuple(args, "|l", &v)) return -1;
    ((Box *)self)->value = v;
    return 0;
}
static int box_traverse(PyObject *self, visitproc visit, void *arg) {
    Py_VISIT(((Box *)self)->dict);
    Py_VISIT(Py_TYPE(self));
    return 0;
}
static int box_clear(PyObject *self) { Py_CLEAR(((Box *)self)->dict); return 0; }
static void box_dealloc(PyObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (((Box *)self)->weaklist) PyObject_ClearWeakRefs(self);
    box_clear(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyMethodDef box_methods[] = {
    {"get", box_get, METH_NOARGS, "get($self, /)\n--\n\nThe value."},
    {"shadow", box_get, METH_NOARGS, NULL},
    {NULL}
};
static PyMemberDef box_members[] = {
    {"raw", T_LONG, offsetof(Box, value), 0, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(Box, dict), READONLY},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(Box, weaklist), READONLY},
    {NULL}
};
static PyGetSetDef box_getset[] = {
    {"data", box_getter, box_setter, "a data descriptor", NULL},
    {NULL}
};
static PyType_Slot box_slots[] = {
    {Py_tp_doc, "Box(value=0)\n--\n\nA boxed long."},
    {Py_tp_methods, box_methods},
    {Py_tp_members, box_members},
    {Py_tp_getset, box_getset},
    {Py_tp_repr, box_repr},
    {Py_tp_init, box_init},
    {Py_tp_traverse, box_traverse},
    {Py_tp_clear, box_clear},
    {Py_tp_dealloc, box_dealloc},
    {Py_nb_add, box_add},
    {0, NULL}
};
static PyType_Spec box_spec = {"heapdemo.Box", sizeof(Box), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, box_slots};

static PyObject *sub_extra(PyObject *self, PyObject *unused) { return PyUnicode_FromString("extra"); }
static PyMethodDef sub_methods[] = {{"extra", sub_extra, METH_NOARGS, NULL}, {NULL}};
static PyType_Slot sub_slots[] = {{Py_tp_methods, sub_methods}, {0, NULL}};
static PyType_Spec sub_spec = {"heapdemo.SubBox", 0, 0, Py_TPFLAGS_DEFAULT, sub_slots};

static PyType_Slot bad_slots[] = {{999, NULL}, {0, NULL}};
static PyType_Spec bad_spec = {"heapdemo.Bad", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, bad_slots};
static PyType_Slot plain_slots[] = {{0, NULL}};
static PyType_Spec final_spec = {"heapdemo.Final", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};

static PyObject *len_impl(PyObject *self, PyObject *arg) { return PyLong_FromLong(42); }
static PyMethodDef len_def = {"len_impl", len_impl, METH_O, NULL};
static PyObject *add_impl(PyObject *self, PyObject *args) { return PyUnicode_FromString("python-level __add__"); }
static PyMethodDef add_def = {"add_impl", add_impl, METH_VARARGS, NULL};

static PyObject *ret_str(PyObject *self, PyObject *unused) { return PyUnicode_FromString("custom repr"); }
static PyObject *ret_args(PyObject *self, PyObject *args) { return Py_NewRef(args); }
static PyObject *ret_true(PyObject *self, PyObject *arg) { Py_RETURN_TRUE; }
static PyObject *ret_arg(PyObject *self, PyObject *arg) { return Py_NewRef(arg); }
static PyObject *ret_false(PyObject *self, PyObject *unused) { Py_RETURN_FALSE; }
static PyObject *ret_one(PyObject *self, PyObject *unused) { return PyLong_FromLong(1); }
static PyMethodDef dunder_defs[] = {
    {"r", ret_str, METH_NOARGS, NULL},
    {"c", ret_args, METH_VARARGS, NULL},
    {"e", ret_true, METH_O, NULL},
    {"g", ret_arg, METH_O, NULL},
    {"b", ret_false, METH_NOARGS, NULL},
    {"i", ret_one, METH_NOARGS, NULL},
};

static PyObject *mk_class(const char *name, PyObject *bases, PyObject *dict) {
    PyObject *args = Py_BuildValue("(sOO)", name, bases, dict);
    PyObject *r = PyObject_Call((PyObject *)&PyType_Type, args, NULL);
    Py_DECREF(args);
    return r;
}

int main(void) {
    Py_Initialize();
    PyObject *Box_T = PyType_FromSpec(&box_spec);
    show("Box", Box_T ? Py_NewRef(Box_T) : NULL);
    PyTypeObject *bt = (PyTypeObject *)Box_T;
    printf("heap=%d gc=%d basetype=%d immutable=%d ready=%d\n", !!(bt->tp_flags & Py_TPFLAGS_HEAPTYPE),
           !!(bt->tp_flags & Py_TPFLAGS_HAVE_GC), !!(bt->tp_flags & Py_TPFLAGS_BASETYPE),
           !!(bt->tp_flags & Py_TPFLAGS_IMMUTABLETYPE), !!(bt->tp_flags & Py_TPFLAGS_READY));
    printf("dictoffset=%zd weaklistoffset=%zd basicsize=%zd\n", bt->tp_dictoffset, bt->tp_weaklistoffset, bt->tp_basicsize);
    printf("GetSlot repr=%d nb_add=%d sq_length=%d tp_new_is_object=%d\n", PyType_GetSlot(bt, Py_tp_repr) == box_repr,
           PyType_GetSlot(bt, Py_nb_add) == box_add, PyType_GetSlot(bt, Py_sq_length) == NULL,
           PyType_GetSlot(bt, Py_tp_new) == PyBaseObject_Type.tp_new);
    void *bad_slot = PyType_GetSlot(bt, 1000);
    printf("GetSlot bad=%d err=%d\n", bad_slot == NULL, PyErr_Occurred() != NULL);
    show("  err", NULL);
    printf("flags match=%d\n", PyType_GetFlags(bt) == bt->tp_flags);
    show("GetName", PyType_GetName(bt));
    show("GetQualName", PyType_GetQualName(bt));
    show("GetModule", PyType_GetModule(bt) ? Py_NewRef(PyType_GetModule(bt)) : NULL);
    show("GetModule static", PyType_GetModule(&PyLong_Type) ? Py_NewRef(Py_None) : NULL);
    show("__module__", PyObject_GetAttrString(Box_T, "__module__"));
    show("__doc__", PyObject_GetAttrString(Box_T, "__doc__"));
    show("__text_signature__", PyObject_GetAttrString(Box_T, "__text_signature__"));
    show("__dictoffset__ in dict", PyBool_FromLong(PyDict_GetItemString(bt->tp_dict, "__dictoffset__") != NULL));
    show("keys have get", PyBool_FromLong(PyDict_GetItemString(bt->tp_dict, "get") != NULL));
    show("__add__ descr", PyObject_Repr(PyDict_GetItemString(bt->tp_dict, "__add__")));
    show("__init__ descr", PyObject_Repr(PyDict_GetItemString(bt->tp_dict, "__init__")));

    PyObject *b = PyObject_CallFunction(Box_T, "i", 7);
    show("b", b ? Py_NewRef(b) : NULL);
    show("b.get()", PyObject_CallMethod(b, "get", NULL));
    show("b.raw", PyObject_GetAttrString(b, "raw"));
    show("b.data", PyObject_GetAttrString(b, "data"));
    show("b + b", PyNumber_Add(b, b));
    show("Box('x')", PyObject_CallFunction(Box_T, "s", "x"));

    // Lookup precedence with an instance dict.
    PyObject *d = PyObject_GenericGetDict(b, NULL);
    show("b.__dict__", d ? Py_NewRef(d) : NULL);
    PyDict_SetItemString(d, "data", PyUnicode_FromString("dict-data"));
    PyDict_SetItemString(d, "shadow", PyUnicode_FromString("dict-shadow"));
    PyDict_SetItemString(d, "own", PyUnicode_FromString("dict-own"));
    show("b.data (data descr wins)", PyObject_GetAttrString(b, "data"));
    show("b.shadow (dict beats method)", PyObject_GetAttrString(b, "shadow"));
    show("b.own", PyObject_GetAttrString(b, "own"));
    show_int("set b.data=90", PyObject_SetAttrString(b, "data", PyLong_FromLong(90)));
    show("b.raw after data set", PyObject_GetAttrString(b, "raw"));
    show_int("set b.shadow", PyObject_SetAttrString(b, "shadow", PyLong_FromLong(1)));
    show("dict shadow", Py_NewRef(PyDict_GetItemString(d, "shadow")));
    show_int("del b.own", PyObject_SetAttrString(b, "own", NULL));
    show_int("del b.own again", PyObject_SetAttrString(b, "own", NULL));
    show("b.__dict__ after", PyObject_GetAttrString(b, "__dict__"));
    Py_DECREF(d);

    // Subclass from spec with bases.
    PyObject *Sub_T = PyType_FromSpecWithBases(&sub_spec, Box_T);
    show("SubBox", Sub_T ? Py_NewRef(Sub_T) : NULL);
    show("SubBox.__mro__", PyObject_GetAttrString(Sub_T, "__mro__"));
    PyObject *s = PyObject_CallFunction(Sub_T, "i", 3);
    show("s", s ? Py_NewRef(s) : NULL);
    show("s.extra()", PyObject_CallMethod(s, "extra", NULL));
    show("s.get()", PyObject_CallMethod(s, "get", NULL));
    printf("sub basicsize=%zd dictoffset=%zd gc=%d\n", ((PyTypeObject *)Sub_T)->tp_basicsize,
           ((PyTypeObject *)Sub_T)->tp_dictoffset, !!(((PyTypeObject *)Sub_T)->tp_flags & Py_TPFLAGS_HAVE_GC));
    show("Box.__subclasses__()", PyObject_CallMethod(Box_T, "__subclasses__", NULL));

    // Bad specs.
    show("bad slot", PyType_FromSpec(&bad_spec));
    PyObject *Final_T = PyType_FromSpec(&final_spec);
    show("Final", Final_T ? Py_NewRef(Final_T) : NULL);
    show("subclass non-basetype", PyType_FromSpecWithBases(&sub_spec, Final_T));

    // type(name, bases, dict): classes created from C.
    PyObject *empty = PyTuple_New(0);
    PyObject *dict = PyDict_New();
    PyDict_SetItemString(dict, "__module__", PyUnicode_FromString("mymod"));
    PyDict_SetItemString(dict, "x", PyLong_FromLong(1));
    PyObject *A = mk_class("A", empty, dict);
    show("A", A ? Py_NewRef(A) : NULL);
    PyObject *bases_a = PyTuple_Pack(1, A);
    PyObject *B = mk_class("B", bases_a, dict);
    PyObject *C = mk_class("C", bases_a, dict);
    PyObject *bc = PyTuple_Pack(2, B, C);
    PyObject *D = mk_class("D", bc, dict);
    show("D.__mro__", PyObject_GetAttrString(D, "__mro__"));
    PyObject *ab = PyTuple_Pack(2, A, B);
    show("class E(A, B)", mk_class("E", ab, dict));
    PyObject *aa = PyTuple_Pack(2, A, A);
    show("class F(A, A)", mk_class("F", aa, dict));
    PyObject *lb = PyTuple_Pack(1, &PyBool_Type);
    show("class G(bool)", mk_class("G", lb, dict));
    PyObject *lt = PyTuple_Pack(2, &PyLong_Type, &PyUnicode_Type);
    show("class H(int, str)", mk_class("H", lt, dict));
    show("type(1)", PyObject_CallOneArg((PyObject *)&PyType_Type, PyLong_FromLong(1)));
    show("type(1, 2)", PyObject_CallFunction((PyObject *)&PyType_Type, "ii", 1, 2));
    show("type('n', 1, {})", PyObject_CallFunction((PyObject *)&PyType_Type, "siO", "n", 1, dict));
    show("D.x", PyObject_GetAttrString(D, "x"));
    show("D.__name__", PyObject_GetAttrString(D, "__name__"));
    show("D.__qualname__", PyObject_GetAttrString(D, "__qualname__"));
    show("D.__bases__", PyObject_GetAttrString(D, "__bases__"));
    show("D.__base__", PyObject_GetAttrString(D, "__base__"));
    printf("D flags heap=%d gc=%d managed_dict=%d basetype=%d\n", !!(((PyTypeObject *)D)->tp_flags & Py_TPFLAGS_HEAPTYPE),
           !!(((PyTypeObject *)D)->tp_flags & Py_TPFLAGS_HAVE_GC), !!(((PyTypeObject *)D)->tp_flags & Py_TPFLAGS_MANAGED_DICT),
           !!(((PyTypeObject *)D)->tp_flags & Py_TPFLAGS_BASETYPE));
    PyObject *di = PyObject_CallNoArgs(D);
    show("D()", di ? Py_NewRef(di) : NULL);
    show_int("di.y = 5", PyObject_SetAttrString(di, "y", PyLong_FromLong(5)));
    show("di.y", PyObject_GetAttrString(di, "y"));
    show("di.x", PyObject_GetAttrString(di, "x"));
    show("di.__dict__", PyObject_GetAttrString(di, "__dict__"));
    show("di.zz", PyObject_GetAttrString(di, "zz"));
    show("D(1)", PyObject_CallFunction(D, "i", 1));

    // Dunder -> slot: setting A.__len__ / __add__ fills the C slots of A and its subclasses.
    PyObject *lenf = PyCFunction_New(&len_def, NULL);
    show_int("A.__len__ = f", PyObject_SetAttrString(A, "__len__", lenf));
    show_int("len(D())", PyObject_Length(di));
    PyObject *addf = PyCFunction_New(&add_def, NULL);
    show_int("A.__add__ = f", PyObject_SetAttrString(A, "__add__", addf));
    show("D() + 1", PyNumber_Add(di, PyLong_FromLong(1)));
    show_int("del A.__add__", PyObject_SetAttrString(A, "__add__", NULL));
    show("D() + 1 after del", PyNumber_Add(di, PyLong_FromLong(1)));
    show_int("A.__hash__ = None", PyObject_SetAttrString(A, "__hash__", Py_None));
    show_int("hash(D())", (long)PyObject_Hash(di));
    show_int("del A.zz", PyObject_SetAttrString(A, "zz", NULL));
    PyObject_SetAttrString(A, "__repr__", PyCFunction_New(&dunder_defs[0], NULL));
    show("repr via __repr__", PyObject_Repr(di));
    show("str via __repr__", PyObject_Str(di));
    PyObject_SetAttrString(A, "__call__", PyCFunction_New(&dunder_defs[1], NULL));
    show("call via __call__", PyObject_CallFunction(di, "ii", 1, 2));
    PyObject_SetAttrString(A, "__eq__", PyCFunction_New(&dunder_defs[2], NULL));
    show("eq via __eq__", PyObject_RichCompare(di, Py_None, Py_EQ));
    show("ne falls back", PyObject_RichCompare(di, Py_None, Py_NE));
    PyObject_SetAttrString(A, "__getattr__", PyCFunction_New(&dunder_defs[3], NULL));
    show("__getattr__ fallback", PyObject_GetAttrString(di, "undefined"));
    show("real attr", PyObject_GetAttrString(di, "y"));
    PyObject_SetAttrString(A, "__bool__", PyCFunction_New(&dunder_defs[4], NULL));
    show_int("bool via __bool__", PyObject_IsTrue(di));
    PyObject_SetAttrString(A, "__bool__", PyCFunction_New(&dunder_defs[5], NULL));
    show_int("bool returning int", PyObject_IsTrue(di));
    show_int("del A.__call__", PyObject_SetAttrString(A, "__call__", NULL));
    show("call after del", PyObject_CallNoArgs(di));
    show_int("set A.__name__ = 3", PyObject_SetAttrString(A, "__name__", PyLong_FromLong(3)));
    show_int("set A.__name__ = 'AA'", PyObject_SetAttrString(A, "__name__", PyUnicode_FromString("AA")));
    show("A after rename", Py_NewRef(A));

    // __slots__.
    PyObject *sd = PyDict_New();
    PyDict_SetItemString(sd, "__slots__", Py_BuildValue("(ss)", "a", "__b"));
    PyObject *S = mk_class("S", empty, sd);
    show("S", S ? Py_NewRef(S) : NULL);
    show("S.a", PyObject_GetAttrString(S, "a"));
    show("S._S__b", PyObject_GetAttrString(S, "_S__b"));
    PyObject *si = PyObject_CallNoArgs(S);
    show("si.a unset", PyObject_GetAttrString(si, "a"));
    show_int("si.a = 1", PyObject_SetAttrString(si, "a", PyLong_FromLong(1)));
    show("si.a", PyObject_GetAttrString(si, "a"));
    show_int("si.c = 1", PyObject_SetAttrString(si, "c", PyLong_FromLong(1)));
    show_int("S basicsize", (long)((PyTypeObject *)S)->tp_basicsize);
    PyObject *sd2 = PyDict_New();
    PyDict_SetItemString(sd2, "__slots__", Py_BuildValue("(s)", "1x"));
    show("bad slot name", mk_class("S2", empty, sd2));
    PyDict_SetItemString(sd2, "__slots__", Py_BuildValue("(s)", "x"));
    PyDict_SetItemString(sd2, "x", Py_None);
    show("slot conflicts", mk_class("S3", empty, sd2));
    return 0;
}
