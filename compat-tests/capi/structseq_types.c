// compat: struct sequences: PyStructSequence_InitType2 (static type) and NewType (heap type)
// with visible, hidden and unnamed fields; New/SetItem/GetItem; the n_* class attributes and
// __match_args__; repr; field attributes; __reduce__; construction from Python with its errors.
#include "common_show.h"

static void sh(const char *label, PyObject *o) { show(label, o); Py_XDECREF(o); }

static PyStructSequence_Field fields[] = {
    {"st_mode", "protection bits"},
    {NULL, NULL},  // replaced by PyStructSequence_UnnamedField at run time
    {"st_size", "size"},
    {"st_atime_ns", "hidden: access time in ns"},
    {"st_extra", "hidden: extra"},
    {NULL, NULL},
};
static PyStructSequence_Desc desc = {"demo.stat_result", "stat_result: demo", fields, 3};
static PyTypeObject StaticType;

static PyStructSequence_Field pfields[] = {{"x", NULL}, {"y", NULL}, {NULL, NULL}};
static PyStructSequence_Desc pdesc = {"demo.point", NULL, pfields, 2};

static void attr(const char *label, PyObject *o, const char *name) {
    char l[96];
    snprintf(l, sizeof l, "%s.%s", label, name);
    sh(l, PyObject_GetAttrString(o, name));
}

int main(void) {
    Py_Initialize();
    fields[1].name = PyStructSequence_UnnamedField;
    fields[1].doc = "unnamed";
    printf("InitType2=%d\n", PyStructSequence_InitType2(&StaticType, &desc));
    printf("InitType2 again=%d\n", PyStructSequence_InitType2(&StaticType, &desc));
    PyErr_Clear();
    PyObject *tp = (PyObject *)&StaticType;
    printf("subclass of tuple=%d gc=%d basicsize=%zd itemsize=%zd\n",
           PyType_IsSubtype(&StaticType, &PyTuple_Type), PyType_HasFeature(&StaticType, Py_TPFLAGS_HAVE_GC),
           StaticType.tp_basicsize, StaticType.tp_itemsize);
    attr("type", tp, "n_sequence_fields");
    attr("type", tp, "n_fields");
    attr("type", tp, "n_unnamed_fields");
    attr("type", tp, "__match_args__");
    attr("type", tp, "__name__");
    attr("type", tp, "__module__");
    attr("type", tp, "__doc__");

    PyObject *o = PyStructSequence_New(&StaticType);
    printf("len=%zd size=%zd tuple=%d\n", PyObject_Length(o), Py_SIZE(o), PyTuple_Check(o));
    for (int i = 0; i < 5; i++) PyStructSequence_SetItem(o, i, PyLong_FromLong(100 + i));
    printf("GetItem 3=%ld\n", PyLong_AsLong(PyStructSequence_GetItem(o, 3)));
    sh("repr", PyObject_Repr(o));
    sh("str", PyObject_Str(o));
    sh("tuple", PySequence_Tuple(o));
    sh("[1]", PySequence_GetItem(o, 1));
    sh("[3]", PySequence_GetItem(o, 3));
    attr("o", o, "st_mode");
    attr("o", o, "st_size");
    attr("o", o, "st_atime_ns");
    attr("o", o, "st_extra");
    printf("set attr=%d\n", PyObject_SetAttrString(o, "st_mode", Py_None));
    err("  err");
    sh("reduce", PyObject_CallMethod(o, "__reduce__", NULL));
    sh("hash eq tuple", PyBool_FromLong(PyObject_Hash(o) == PyObject_Hash(PySequence_Tuple(o))));
    PyObject *t = PySequence_Tuple(o);
    printf("eq tuple=%d\n", PyObject_RichCompareBool(o, t, Py_EQ));
    Py_DECREF(t);

    PyObject *seq = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *made = PyObject_CallOneArg(tp, seq);
    sh("made", made ? PyObject_Repr(made) : NULL);
    if (made) { attr("made", made, "st_atime_ns"); attr("made", made, "st_extra"); }
    PyObject *d = Py_BuildValue("{s:i}", "st_extra", 9);
    PyObject *made2 = PyObject_CallFunctionObjArgs(tp, seq, d, NULL);
    if (made2) { attr("made2", made2, "st_extra"); attr("made2", made2, "st_atime_ns"); }
    else err("made2");
    PyObject *seq4 = Py_BuildValue("(iiii)", 1, 2, 3, 4);
    PyObject *made4 = PyObject_CallOneArg(tp, seq4);
    if (made4) { attr("made4", made4, "st_atime_ns"); sh("made4 len", PyLong_FromSsize_t(PyObject_Length(made4))); }
    else err("made4");
    sh("too short", PyObject_CallOneArg(tp, Py_BuildValue("(ii)", 1, 2)));
    sh("too long", PyObject_CallOneArg(tp, Py_BuildValue("(iiiiii)", 1, 2, 3, 4, 5, 6)));
    sh("not a sequence", PyObject_CallOneArg(tp, Py_None));
    sh("dict not dict", PyObject_CallFunctionObjArgs(tp, seq, seq, NULL));

    PyTypeObject *pt = PyStructSequence_NewType(&pdesc);
    printf("NewType heap=%d\n", pt && PyType_HasFeature(pt, Py_TPFLAGS_HEAPTYPE));
    attr("point", (PyObject *)pt, "n_fields");
    attr("point", (PyObject *)pt, "__match_args__");
    attr("point", (PyObject *)pt, "__name__");
    PyObject *p = PyStructSequence_New(pt);
    PyStructSequence_SetItem(p, 0, PyFloat_FromDouble(1.5));
    PyStructSequence_SetItem(p, 1, PyUnicode_FromString("y"));
    sh("point repr", PyObject_Repr(p));
    attr("point", p, "y");
    sh("point(wrong)", PyObject_CallOneArg((PyObject *)pt, Py_BuildValue("(i)", 1)));
    sh("point reduce", PyObject_CallMethod(p, "__reduce__", NULL));
    Py_ssize_t before = Py_REFCNT(pt);
    Py_DECREF(p);
    printf("instance freed drops type ref=%d\n", Py_REFCNT(pt) == before - 1);

    Py_DECREF(o); Py_XDECREF(made); Py_XDECREF(made2); Py_XDECREF(made4);
    Py_DECREF(seq); Py_DECREF(seq4); Py_DECREF(d);
    Py_DECREF(pt);
    printf("done\n");
    return 0;
}
