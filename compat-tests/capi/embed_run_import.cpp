// compat: C++ embedding: run code, import modules, build and call objects, and Python
// exceptions turned into C++ exceptions (type, message, traceback lines).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <cstdio>
#include <stdexcept>
#include <string>

struct PyError : std::runtime_error {
    std::string type;
    PyError(std::string t, std::string m) : std::runtime_error(m), type(std::move(t)) {}
};

static std::string str_of(PyObject *o) {
    PyObject *s = PyObject_Str(o);
    std::string r = s ? PyUnicode_AsUTF8(s) : "<str failed>";
    Py_XDECREF(s);
    return r;
}

static PyObject *check(PyObject *o) {
    if (o) return o;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    std::string type = ((PyTypeObject *)t)->tp_name, msg = str_of(v);
    if (tb) {
        PyObject *tbmod = PyImport_ImportModule("traceback");
        PyObject *lines = PyObject_CallMethod(tbmod, "format_tb", "O", tb);
        std::printf("traceback entries=%zd\n", lines ? PyList_Size(lines) : -1);
        Py_XDECREF(lines);
        Py_XDECREF(tbmod);
    }
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    throw PyError(type, msg);
}

int main() {
    Py_Initialize();
    PyObject *main = PyImport_AddModule("__main__");
    PyObject *g = PyModule_GetDict(main);
    Py_XDECREF(check(PyRun_String(
        "def scale(xs, k=2):\n"
        "    return [x * k for x in xs]\n"
        "class Point:\n"
        "    def __init__(self, x, y): self.x, self.y = x, y\n"
        "    def norm2(self): return self.x ** 2 + self.y ** 2\n"
        "def explode(n):\n"
        "    return 10 // n\n", Py_file_input, g, g)));

    PyObject *list = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *scale = PyDict_GetItemString(g, "scale");
    PyObject *kw = Py_BuildValue("{s:i}", "k", 5);
    PyObject *args = PyTuple_Pack(1, list);
    PyObject *scaled = check(PyObject_Call(scale, args, kw));
    std::printf("scaled=%s\n", str_of(scaled).c_str());
    PyObject *pt = check(PyObject_CallFunction(PyDict_GetItemString(g, "Point"), "ii", 3, 4));
    PyObject *n2 = check(PyObject_CallMethod(pt, "norm2", NULL));
    std::printf("norm2=%ld\n", PyLong_AsLong(n2));

    PyObject *json = check(PyImport_ImportModule("json"));
    PyObject *data = Py_BuildValue("{s:O,s:s,s:d}", "list", scaled, "name", "caf\xc3\xa9", "pi", 3.25);
    PyObject *dumps = check(PyObject_GetAttrString(json, "dumps"));
    PyObject *dargs = PyTuple_Pack(1, data);
    PyObject *dkw = Py_BuildValue("{s:O}", "sort_keys", Py_True);
    PyObject *text = check(PyObject_Call(dumps, dargs, dkw));
    Py_DECREF(dumps); Py_DECREF(dargs); Py_DECREF(dkw);
    std::printf("json=%s\n", PyUnicode_AsUTF8(text));
    PyObject *back = check(PyObject_CallMethod(json, "loads", "O", text));
    std::printf("roundtrip equal=%d\n", PyObject_RichCompareBool(back, data, Py_EQ));

    PyObject *v = check(PyRun_String("sum(range(101))", Py_eval_input, g, g));
    std::printf("eval=%ld\n", PyLong_AsLong(v));

    try {
        check(PyObject_CallFunction(PyDict_GetItemString(g, "explode"), "i", 0));
    } catch (const PyError &e) {
        std::printf("caught %s: %s\n", e.type.c_str(), e.what());
    }
    try {
        check(PyRun_String("import not_a_module_zz", Py_file_input, g, g));
    } catch (const PyError &e) {
        std::printf("caught %s: %s\n", e.type.c_str(), e.what());
    }
    try {
        check(PyRun_String("1 +", Py_file_input, g, g));
    } catch (const PyError &e) {
        std::printf("caught %s: %s\n", e.type.c_str(), e.what());
    }
    std::printf("error cleared=%d\n", PyErr_Occurred() == NULL);
    Py_DECREF(v); Py_DECREF(back); Py_DECREF(text); Py_DECREF(data); Py_DECREF(json);
    Py_DECREF(n2); Py_DECREF(pt); Py_DECREF(scaled); Py_DECREF(args); Py_DECREF(kw); Py_DECREF(list);
    std::printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
