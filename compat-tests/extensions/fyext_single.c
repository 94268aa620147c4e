/* A single-phase extension module (PyModule_Create), with a static type: the old style most
 * wheels still use. Imported by compat-tests/programs/c_extension.py. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *single_add(PyObject *self, PyObject *args) {
    double a, b;
    if (!PyArg_ParseTuple(args, "dd:add", &a, &b)) return NULL;
    return PyFloat_FromDouble(a + b);
}

static PyObject *single_join(PyObject *self, PyObject *args) {
    PyObject *sep, *seq;
    if (!PyArg_ParseTuple(args, "UO:join", &sep, &seq)) return NULL;
    return PyUnicode_Join(sep, seq);
}

static PyObject *single_modname(PyObject *self, PyObject *unused) {
    return PyUnicode_FromString(PyModule_GetName(self));
}

static PyMethodDef single_methods[] = {
    {"add", single_add, METH_VARARGS, "add(a, b)"},
    {"join", single_join, METH_VARARGS, "join(sep, seq)"},
    {"modname", single_modname, METH_NOARGS, "module name"},
    {NULL}
};

static struct PyModuleDef single_module = {
    PyModuleDef_HEAD_INIT, "fyext_single", "Single-phase test extension.", -1, single_methods
};

PyMODINIT_FUNC PyInit_fyext_single(void) {
    PyObject *m = PyModule_Create(&single_module);
    if (m == NULL) return NULL;
    PyObject *d = Py_BuildValue("{s:i,s:(ii)}", "one", 1, "pair", 2, 3);
    if (PyModule_AddObject(m, "DATA", d) < 0) { Py_XDECREF(d); Py_DECREF(m); return NULL; }
    return m;
}
