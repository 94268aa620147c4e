/* A multi-phase (PEP 489) extension module with module state, a heap type, keyword
 * arguments, an exception class and a callback into Python: imported by
 * compat-tests/programs/c_extension.py through the normal import system. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject *error;
    PyTypeObject *counter_type;
    long calls;
} fy_state;

static fy_state *get_state(PyObject *m) { return (fy_state *)PyModule_GetState(m); }

typedef struct {
    PyObject_HEAD
    long value;
    PyObject *label;
} Counter;

static int Counter_init(Counter *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"start", "label", NULL};
    long start = 0;
    PyObject *label = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|lU", kwlist, &start, &label))
        return -1;
    self->value = start;
    Py_XSETREF(self->label, label ? Py_NewRef(label) : PyUnicode_FromString("counter"));
    return 0;
}

static PyObject *Counter_incr(Counter *self, PyObject *const *args, Py_ssize_t nargs) {
    long step = 1;
    if (nargs > 1) {
        PyErr_SetString(PyExc_TypeError, "incr() takes at most 1 argument");
        return NULL;
    }
    if (nargs == 1 && (step = PyLong_AsLong(args[0])) == -1 && PyErr_Occurred())
        return NULL;
    self->value += step;
    return PyLong_FromLong(self->value);
}

static PyObject *Counter_repr(Counter *self) {
    return PyUnicode_FromFormat("<Counter %U=%ld>", self->label, self->value);
}

static int Counter_traverse(Counter *self, visitproc visit, void *arg) {
    Py_VISIT(self->label);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static void Counter_dealloc(Counter *self) {
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->label);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *Counter_get_value(Counter *self, void *closure) { return PyLong_FromLong(self->value); }

static PyMethodDef Counter_methods[] = {
    {"incr", (PyCFunction)(void (*)(void))Counter_incr, METH_FASTCALL, "Add step (default 1)."},
    {NULL}
};
static PyGetSetDef Counter_getset[] = {
    {"value", (getter)Counter_get_value, NULL, "current value", NULL},
    {NULL}
};
static PyType_Slot Counter_slots[] = {
    {Py_tp_init, Counter_init},
    {Py_tp_repr, Counter_repr},
    {Py_tp_methods, Counter_methods},
    {Py_tp_getset, Counter_getset},
    {Py_tp_traverse, Counter_traverse},
    {Py_tp_dealloc, Counter_dealloc},
    {Py_tp_doc, "A counter made in C."},
    {0, NULL}
};
static PyType_Spec Counter_spec = {
    "fyext_multi.Counter", sizeof(Counter), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, Counter_slots
};

static PyObject *fy_apply(PyObject *m, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"func", "items", NULL};
    PyObject *func, *items;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO:apply", kwlist, &func, &items))
        return NULL;
    get_state(m)->calls++;
    PyObject *it = PyObject_GetIter(items);
    if (!it) return NULL;
    PyObject *out = PyList_New(0), *item;
    while (out && (item = PyIter_Next(it))) {
        PyObject *r = PyObject_CallOneArg(func, item);
        Py_DECREF(item);
        if (!r || PyList_Append(out, r) < 0) { Py_XDECREF(r); Py_CLEAR(out); break; }
        Py_DECREF(r);
    }
    Py_DECREF(it);
    if (out && PyErr_Occurred()) Py_CLEAR(out);
    return out;
}

static PyObject *fy_fail(PyObject *m, PyObject *arg) {
    PyErr_Format(get_state(m)->error, "failed with %R", arg);
    return NULL;
}

static PyObject *fy_calls(PyObject *m, PyObject *unused) { return PyLong_FromLong(get_state(m)->calls); }

static PyObject *fy_describe(PyObject *m, PyObject *obj) {
    return Py_BuildValue("(sNi)", Py_TYPE(obj)->tp_name, PyObject_Repr(obj), PyObject_IsTrue(obj));
}

static PyMethodDef fy_methods[] = {
    {"apply", (PyCFunction)(void (*)(void))fy_apply, METH_VARARGS | METH_KEYWORDS, "apply(func, items) -> list"},
    {"fail", fy_fail, METH_O, "Raise fyext_multi.Error."},
    {"calls", fy_calls, METH_NOARGS, "How many times apply() ran."},
    {"describe", fy_describe, METH_O, "(type name, repr, truth)"},
    {NULL}
};

static int fy_exec(PyObject *m) {
    fy_state *st = get_state(m);
    st->error = PyErr_NewException("fyext_multi.Error", PyExc_ValueError, NULL);
    if (!st->error || PyModule_AddObjectRef(m, "Error", st->error) < 0) return -1;
    st->counter_type = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Counter_spec, NULL);
    if (!st->counter_type || PyModule_AddType(m, st->counter_type) < 0) return -1;
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0) return -1;
    return PyModule_AddStringConstant(m, "GREETING", "hello from C");
}

static int fy_traverse(PyObject *m, visitproc visit, void *arg) {
    Py_VISIT(get_state(m)->error);
    Py_VISIT(get_state(m)->counter_type);
    return 0;
}
static int fy_clear(PyObject *m) {
    Py_CLEAR(get_state(m)->error);
    Py_CLEAR(get_state(m)->counter_type);
    return 0;
}

static PyModuleDef_Slot fy_slots[] = {{Py_mod_exec, fy_exec}, {0, NULL}};
static struct PyModuleDef fy_module = {
    PyModuleDef_HEAD_INIT, "fyext_multi", "Multi-phase test extension.", sizeof(fy_state),
    fy_methods, fy_slots, fy_traverse, fy_clear, NULL
};

PyMODINIT_FUNC PyInit_fyext_multi(void) { return PyModuleDef_Init(&fy_module); }
