// compat: C++ embedding: a built-in module added with PyImport_AppendInittab before start-up,
// imported from Python code and from C, listed in sys.builtin_module_names.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cstdio>

static int counter = 0;
static PyObject *emb_next(PyObject *, PyObject *) { return PyLong_FromLong(++counter); }
static PyObject *emb_echo(PyObject *, PyObject *args) {
    const char *s;
    int n = 1;
    if (!PyArg_ParseTuple(args, "s|i", &s, &n)) return NULL;
    PyObject *one = PyUnicode_FromString(s);
    PyObject *r = PySequence_Repeat(one, n);
    Py_DECREF(one);
    return r;
}
static PyMethodDef emb_methods[] = {
    {"next", emb_next, METH_NOARGS, "next counter value"},
    {"echo", emb_echo, METH_VARARGS, "echo(s, n=1)"},
    {NULL, NULL, 0, NULL}
};
static PyModuleDef emb_module = {PyModuleDef_HEAD_INIT, "emb", "An embedded module.", -1, emb_methods};
static PyObject *PyInit_emb(void) { return PyModule_Create(&emb_module); }

int main() {
    if (PyImport_AppendInittab("emb", PyInit_emb) < 0) {
        std::printf("append failed\n");
        return 1;
    }
    Py_Initialize();
    PyRun_SimpleString(
        "import sys, emb\n"
        "print(emb.__name__, emb.__doc__, emb.next(), emb.next(), emb.echo('ab', 3))\n"
        "print('emb' in sys.builtin_module_names, type(emb.__spec__.loader).__name__ if not isinstance(emb.__spec__.loader, type) else emb.__spec__.loader.__name__)\n"
        "try:\n"
        "    emb.echo(5)\n"
        "except TypeError as e:\n"
        "    print('TypeError:', e)\n");
    PyObject *m = PyImport_ImportModule("emb");
    PyObject *r = PyObject_CallMethod(m, "next", NULL);
    std::printf("from C: %ld\n", PyLong_AsLong(r));
    Py_XDECREF(r);
    Py_XDECREF(m);
    std::printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
