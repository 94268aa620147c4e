// compat: a C extension-style static type through PyType_Ready: tp_dict filled from
// tp_methods (METH_NOARGS/O/VARARGS/KEYWORDS/FASTCALL/FASTCALL|KEYWORDS/CLASS/STATIC),
// tp_members (T_INT/T_DOUBLE/T_OBJECT/T_OBJECT_EX/T_BOOL/READONLY), tp_getset, slot wrappers
// (__repr__, __add__/__radd__, __len__, __eq__...), __doc__, __hash__ = None, inherited slots,
// MRO, calling each method kind through PyObject_Call and PyObject_Vectorcall, and the errors
// CPython raises for bad calls and bad attribute writes.
#include <Python.h>
#include <structmember.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    int count;
    double ratio;
    PyObject *tag;
    PyObject *opt;
    char flag;
} Thing;

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
    // Addresses differ between runs: " at 0x...>" becomes " at ADDR>".
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

static void show_int(const char *label, int v) {
    if (v < 0 && PyErr_Occurred()) { show(label, NULL); return; }
    printf("%s = %d\n", label, v);
}

static PyObject *thing_noargs(PyObject *self, PyObject *unused) {
    return PyLong_FromLong(((Thing *)self)->count);
}
static PyObject *thing_o(PyObject *self, PyObject *arg) {
    return PyTuple_Pack(2, self == NULL ? Py_None : Py_None, arg);
}
static PyObject *thing_varargs(PyObject *self, PyObject *args) {
    return PyLong_FromSsize_t(PyTuple_GET_SIZE(args));
}
static PyObject *thing_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
    return Py_BuildValue("(nn)", PyTuple_GET_SIZE(args), kwargs ? PyDict_GET_SIZE(kwargs) : (Py_ssize_t)-1);
}
static PyObject *thing_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *sum = PyLong_FromLong(0);
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject *t = PyNumber_Add(sum, args[i]);
        Py_DECREF(sum);
        if (!t) return NULL;
        sum = t;
    }
    return sum;
}
static PyObject *thing_fastkw(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    return Py_BuildValue("(nn)", nargs, kwnames ? PyTuple_GET_SIZE(kwnames) : (Py_ssize_t)0);
}
static PyObject *thing_class(PyObject *cls, PyObject *unused) {
    return PyUnicode_FromString(((PyTypeObject *)cls)->tp_name);
}
static PyObject *thing_static(PyObject *self, PyObject *arg) {
    return PyBool_FromLong(self == NULL);
}

static PyMethodDef thing_methods[] = {
    {"noargs", thing_noargs, METH_NOARGS, "noargs($self, /)\n--\n\nReturn the count."},
    {"one", thing_o, METH_O, "one doc"},
    {"var", thing_varargs, METH_VARARGS, NULL},
    {"kw", (PyCFunction)(void (*)(void))thing_kw, METH_VARARGS | METH_KEYWORDS, NULL},
    {"fast", (PyCFunction)(void (*)(void))thing_fast, METH_FASTCALL, NULL},
    {"fastkw", (PyCFunction)(void (*)(void))thing_fastkw, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"cm", thing_class, METH_CLASS | METH_NOARGS, NULL},
    {"sm", thing_static, METH_STATIC | METH_O, NULL},
    {NULL}
};

static PyMemberDef thing_members[] = {
    {"count", T_INT, offsetof(Thing, count), 0, "the count"},
    {"ratio", T_DOUBLE, offsetof(Thing, ratio), READONLY, NULL},
    {"tag", T_OBJECT, offsetof(Thing, tag), 0, NULL},
    {"opt", T_OBJECT_EX, offsetof(Thing, opt), 0, NULL},
    {"flag", T_BOOL, offsetof(Thing, flag), 0, NULL},
    {NULL}
};

static PyObject *get_double(PyObject *self, void *closure) {
    return PyLong_FromLong(2 * ((Thing *)self)->count + (closure ? 1000 : 0));
}
static int set_double(PyObject *self, PyObject *v, void *closure) {
    if (v == NULL) { PyErr_SetString(PyExc_AttributeError, "cannot delete double"); return -1; }
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred()) return -1;
    ((Thing *)self)->count = (int)(x / 2);
    return 0;
}
static PyGetSetDef thing_getset[] = {
    {"double", get_double, set_double, "twice the count", NULL},
    {"double_ro", get_double, NULL, NULL, (void *)1},
    {NULL}
};

static PyObject *thing_new(PyTypeObject *tp, PyObject *args, PyObject *kw) {
    Thing *t = (Thing *)tp->tp_alloc(tp, 0);
    if (!t) return NULL;
    t->count = 3;
    t->ratio = 0.5;
    t->tag = NULL;
    t->opt = NULL;
    return (PyObject *)t;
}
static void thing_dealloc(PyObject *self) {
    Thing *t = (Thing *)self;
    Py_XDECREF(t->tag);
    Py_XDECREF(t->opt);
    Py_TYPE(self)->tp_free(self);
}
static PyObject *thing_repr(PyObject *self) {
    return PyUnicode_FromFormat("<Thing %d>", ((Thing *)self)->count);
}
static PyObject *thing_add(PyObject *a, PyObject *b) {
    return Py_BuildValue("(sO)", "add", PyLong_Check(b) ? b : a == b ? Py_True : Py_False);
}
static Py_ssize_t thing_len(PyObject *self) { return ((Thing *)self)->count; }
static PyNumberMethods thing_as_number = {.nb_add = thing_add};
static PySequenceMethods thing_as_sequence = {.sq_length = thing_len};

static PyTypeObject Thing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "demo.Thing",
    .tp_basicsize = sizeof(Thing),
    .tp_dealloc = thing_dealloc,
    .tp_repr = thing_repr,
    .tp_as_number = &thing_as_number,
    .tp_as_sequence = &thing_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Thing(/)\n--\n\nA demo thing.",
    .tp_methods = thing_methods,
    .tp_members = thing_members,
    .tp_getset = thing_getset,
    .tp_new = thing_new,
};

static PyTypeObject Sub_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "demo.Sub",
    .tp_basicsize = sizeof(Thing),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_base = &Thing_Type,
};

static PyTypeObject NoNew_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "demo.NoNew",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static void show_dict_key(PyTypeObject *tp, const char *key) {
    PyObject *v = PyDict_GetItemString(tp->tp_dict, key);
    if (!v) { printf("%s.__dict__[%s] missing\n", tp->tp_name, key); return; }
    printf("%s.__dict__[%s] type=%s\n", tp->tp_name, key, Py_TYPE(v)->tp_name);
}

int main(void) {
    Py_Initialize();
    printf("ready=%d\n", PyType_Ready(&Thing_Type));
    printf("flags ready=%d basetype=%d heap=%d immutable=%d\n", !!(Thing_Type.tp_flags & Py_TPFLAGS_READY),
           !!(Thing_Type.tp_flags & Py_TPFLAGS_BASETYPE), !!(Thing_Type.tp_flags & Py_TPFLAGS_HEAPTYPE),
           !!(Thing_Type.tp_flags & Py_TPFLAGS_IMMUTABLETYPE));
    printf("ob_type is type=%d base is object=%d\n", Py_IS_TYPE((PyObject *)&Thing_Type, &PyType_Type),
           Thing_Type.tp_base == &PyBaseObject_Type);
    printf("inherited getattro=%d setattro=%d alloc=%d free=%d hash=%d richcmp=%d\n",
           Thing_Type.tp_getattro == PyObject_GenericGetAttr, Thing_Type.tp_setattro == PyObject_GenericSetAttr,
           Thing_Type.tp_alloc == PyType_GenericAlloc, Thing_Type.tp_free == PyBaseObject_Type.tp_free,
           Thing_Type.tp_hash == PyBaseObject_Type.tp_hash, Thing_Type.tp_richcompare == PyBaseObject_Type.tp_richcompare);
    show("mro", PyObject_GetAttrString((PyObject *)&Thing_Type, "__mro__"));
    show("__name__", PyObject_GetAttrString((PyObject *)&Thing_Type, "__name__"));
    show("__qualname__", PyObject_GetAttrString((PyObject *)&Thing_Type, "__qualname__"));
    show("__module__", PyObject_GetAttrString((PyObject *)&Thing_Type, "__module__"));
    show("__doc__", PyObject_GetAttrString((PyObject *)&Thing_Type, "__doc__"));
    show("__text_signature__", PyObject_GetAttrString((PyObject *)&Thing_Type, "__text_signature__"));
    show("repr(type)", PyObject_Repr((PyObject *)&Thing_Type));
    const char *keys[] = {"noargs", "one", "var", "kw", "fast", "fastkw", "cm", "sm", "count", "ratio", "double",
                          "__repr__", "__add__", "__radd__", "__len__", "__new__", "__doc__", "__hash__", "__eq__",
                          "__init__", "__getattribute__", "__mul__", NULL};
    for (int i = 0; keys[i]; i++) show_dict_key(&Thing_Type, keys[i]);
    show("repr(__add__)", PyObject_Repr(PyDict_GetItemString(Thing_Type.tp_dict, "__add__")));
    show("__add__.__doc__", PyObject_GetAttrString(PyDict_GetItemString(Thing_Type.tp_dict, "__add__"), "__doc__"));
    show("repr(noargs)", PyObject_Repr(PyDict_GetItemString(Thing_Type.tp_dict, "noargs")));
    show("noargs.__doc__", PyObject_GetAttrString(PyDict_GetItemString(Thing_Type.tp_dict, "noargs"), "__doc__"));
    show("noargs.__text_signature__", PyObject_GetAttrString(PyDict_GetItemString(Thing_Type.tp_dict, "noargs"), "__text_signature__"));
    show("noargs.__qualname__", PyObject_GetAttrString(PyDict_GetItemString(Thing_Type.tp_dict, "noargs"), "__qualname__"));
    show("repr(count)", PyObject_Repr(PyDict_GetItemString(Thing_Type.tp_dict, "count")));
    show("count.__doc__", PyObject_GetAttrString(PyDict_GetItemString(Thing_Type.tp_dict, "count"), "__doc__"));
    show("repr(double)", PyObject_Repr(PyDict_GetItemString(Thing_Type.tp_dict, "double")));

    PyObject *t = PyObject_CallNoArgs((PyObject *)&Thing_Type);
    show("repr(t)", PyObject_Repr(t));
    show("t.count", PyObject_GetAttrString(t, "count"));
    show("t.ratio", PyObject_GetAttrString(t, "ratio"));
    show("t.tag", PyObject_GetAttrString(t, "tag"));
    show("t.opt", PyObject_GetAttrString(t, "opt"));
    show("t.flag", PyObject_GetAttrString(t, "flag"));
    show("t.double", PyObject_GetAttrString(t, "double"));
    show("t.double_ro", PyObject_GetAttrString(t, "double_ro"));
    show("t.missing", PyObject_GetAttrString(t, "missing"));
    PyObject *five = PyLong_FromLong(5);
    show_int("set count=5", PyObject_SetAttrString(t, "count", five));
    show("t.count after", PyObject_GetAttrString(t, "count"));
    show_int("set ratio", PyObject_SetAttrString(t, "ratio", five));
    show_int("set count='x'", PyObject_SetAttrString(t, "count", Py_None));
    show_int("set flag=5", PyObject_SetAttrString(t, "flag", five));
    show_int("set flag=True", PyObject_SetAttrString(t, "flag", Py_True));
    show("t.flag after", PyObject_GetAttrString(t, "flag"));
    show_int("set double=10", PyObject_SetAttrString(t, "double", PyLong_FromLong(10)));
    show("t.count via double", PyObject_GetAttrString(t, "count"));
    show_int("set double_ro", PyObject_SetAttrString(t, "double_ro", five));
    show_int("del double", PyObject_SetAttrString(t, "double", NULL));
    show_int("set new attr", PyObject_SetAttrString(t, "newattr", five));
    show_int("del opt unset", PyObject_SetAttrString(t, "opt", NULL));
    show_int("set opt", PyObject_SetAttrString(t, "opt", five));
    show("t.opt after", PyObject_GetAttrString(t, "opt"));
    show_int("del count", PyObject_SetAttrString(t, "count", NULL));
    show_int("set tag", PyObject_SetAttrString(t, "tag", five));
    show_int("del tag", PyObject_SetAttrString(t, "tag", NULL));
    show("t.tag after del", PyObject_GetAttrString(t, "tag"));
    show_int("hasattr noargs", PyObject_HasAttrString(t, "noargs"));
    show_int("hasattr zzz", PyObject_HasAttrString(t, "zzz"));

    // Calling each method kind, bound and unbound, with PyObject_Call and vectorcall.
    PyObject *empty = PyTuple_New(0);
    PyObject *args3 = Py_BuildValue("(iii)", 1, 2, 3);
    PyObject *kwargs = Py_BuildValue("{s:i}", "k", 1);
    const char *names[] = {"noargs", "one", "var", "kw", "fast", "fastkw", "cm", "sm", NULL};
    for (int i = 0; names[i]; i++) {
        PyObject *m = PyObject_GetAttrString(t, names[i]);
        char label[100];
        snprintf(label, sizeof label, "repr(t.%s)", names[i]);
        show(label, m ? PyObject_Repr(m) : NULL);
        if (!m) continue;
        snprintf(label, sizeof label, "t.%s()", names[i]);
        show(label, PyObject_Call(m, empty, NULL));
        snprintf(label, sizeof label, "t.%s(1,2,3)", names[i]);
        show(label, PyObject_Call(m, args3, NULL));
        snprintf(label, sizeof label, "t.%s(1,2,3,k=1)", names[i]);
        show(label, PyObject_Call(m, args3, kwargs));
        PyObject *vargs[] = {NULL, five, five};
        snprintf(label, sizeof label, "vectorcall t.%s(5)", names[i]);
        show(label, PyObject_Vectorcall(m, vargs + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL));
        PyObject *kwn = Py_BuildValue("(s)", "k");
        snprintf(label, sizeof label, "vectorcall t.%s(5, k=5)", names[i]);
        show(label, PyObject_Vectorcall(m, vargs + 1, 1, kwn));
        Py_DECREF(kwn);
        Py_DECREF(m);
    }
    // Unbound method descriptors.
    PyObject *un = PyDict_GetItemString(Thing_Type.tp_dict, "noargs");
    PyObject *targs[] = {t};
    show("Thing.noargs(t)", PyObject_Vectorcall(un, targs, 1, NULL));
    show("Thing.noargs()", PyObject_Vectorcall(un, NULL, 0, NULL));
    PyObject *fargs[] = {five};
    show("Thing.noargs(5)", PyObject_Vectorcall(un, fargs, 1, NULL));
    show("Thing.cm()", PyObject_CallMethod((PyObject *)&Thing_Type, "cm", NULL));
    show("Thing.sm(1)", PyObject_CallMethod((PyObject *)&Thing_Type, "sm", "i", 1));
    show("callmethod fast", PyObject_CallMethod(t, "fast", "iii", 1, 2, 3));
    show("callmethodobjargs", PyObject_CallMethodObjArgs(t, PyUnicode_FromString("one"), five, NULL));
    show("callfunctionobjargs", PyObject_CallFunctionObjArgs((PyObject *)&PyLong_Type, five, NULL));

    // Slots and their wrappers.
    show("t + 5", PyNumber_Add(t, five));
    show("5 + t", PyNumber_Add(five, t));
    show("t.__add__(5)", PyObject_CallMethod(t, "__add__", "O", five));
    show("t.__radd__(5)", PyObject_CallMethod(t, "__radd__", "O", five));
    show("t.__add__()", PyObject_CallMethod(t, "__add__", NULL));
    show("t.__len__()", PyObject_CallMethod(t, "__len__", NULL));
    show("repr(t.__len__)", PyObject_GetAttrString(t, "__len__"));
    show("t.__repr__()", PyObject_CallMethod(t, "__repr__", NULL));
    show("t == t", PyObject_RichCompare(t, t, Py_EQ));
    show("t == 5", PyObject_RichCompare(t, five, Py_EQ));
    show("t < 5", PyObject_RichCompare(t, five, Py_LT));
    show_int("hash(t) ok", PyObject_Hash(t) != -1);
    show_int("bool(t)", PyObject_IsTrue(t));

    // Subclass: inherits slots, dict stays its own.
    printf("sub ready=%d\n", PyType_Ready(&Sub_Type));
    show("Sub.__mro__", PyObject_GetAttrString((PyObject *)&Sub_Type, "__mro__"));
    printf("Sub inherits repr=%d nb_add=%d new=%d dealloc=%d\n", Sub_Type.tp_repr == thing_repr,
           Sub_Type.tp_as_number == &thing_as_number, Sub_Type.tp_new == thing_new, Sub_Type.tp_dealloc == thing_dealloc);
    show_dict_key(&Sub_Type, "noargs");
    show_dict_key(&Sub_Type, "__new__");
    show_int("issubtype(Sub, Thing)", PyType_IsSubtype(&Sub_Type, &Thing_Type));
    show_int("issubtype(Thing, Sub)", PyType_IsSubtype(&Thing_Type, &Sub_Type));
    PyObject *s = PyObject_CallNoArgs((PyObject *)&Sub_Type);
    show("repr(Sub())", s ? PyObject_Repr(s) : NULL);
    if (s) {
        show("Sub().noargs()", PyObject_CallMethod(s, "noargs", NULL));
        show_int("isinstance(s, Thing)", PyObject_IsInstance(s, (PyObject *)&Thing_Type));
        show("Thing.cm via Sub", PyObject_CallMethod((PyObject *)&Sub_Type, "cm", NULL));
        Py_DECREF(s);
    }

    // A static type whose base is object and without tp_new cannot be instantiated.
    printf("nonew ready=%d disallow=%d new=%d\n", PyType_Ready(&NoNew_Type),
           !!(NoNew_Type.tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION), NoNew_Type.tp_new == NULL);
    show("NoNew()", PyObject_CallNoArgs((PyObject *)&NoNew_Type));
    show_int("set attr on static type", PyObject_SetAttrString((PyObject *)&Thing_Type, "x", five));
    show("object()", PyObject_CallObject((PyObject *)&PyBaseObject_Type, args3));
    show("object.__init__ extra", PyObject_CallMethod(PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type), "__init__", "i", 1));
    show("Thing(1)", PyObject_CallObject((PyObject *)&Thing_Type, args3));
    show("not callable", PyObject_CallNoArgs(five));
    Py_DECREF(t);
    Py_DECREF(empty);
    Py_DECREF(args3);
    Py_DECREF(kwargs);
    Py_DECREF(five);
    return 0;
}
