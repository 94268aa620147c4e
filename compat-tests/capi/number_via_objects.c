// compat: int/float/complex/bool reached the way Python code reaches them: attribute lookup
// and method calls through the type's dict (PyObject_CallMethod, PyObject_GetAttrString),
// calling the types (PyObject_CallFunction), PyObject_Format, PyObject_Str/Repr, hash and
// rich comparison through PyObject_*, and in-place operators.
#include <Python.h>
#include <stdio.h>

static void show(const char *label, PyObject *o) {
    printf("%s -> ", label);
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s: %s\n", t ? ((PyTypeObject *)t)->tp_name : "NULL", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    printf("%s %s\n", Py_TYPE(o)->tp_name, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

int main(void) {
    Py_Initialize();
    PyObject *i = PyLong_FromLong(37), *f = PyFloat_FromDouble(2.5), *c = PyComplex_FromDoubles(1, -2);
    show("(37).bit_length()", PyObject_CallMethod(i, "bit_length", NULL));
    show("(37).to_bytes(2, 'little')", PyObject_CallMethod(i, "to_bytes", "is", 2, "little"));
    show("int.from_bytes(b'\\x01\\x02', 'big')", PyObject_CallMethod((PyObject *)&PyLong_Type, "from_bytes", "y#s", "\x01\x02", (Py_ssize_t)2, "big"));
    show("(37).real", PyObject_GetAttrString(i, "real"));
    show("(37).denominator", PyObject_GetAttrString(i, "denominator"));
    show("(2.5).hex()", PyObject_CallMethod(f, "hex", NULL));
    show("float.fromhex('0x1.8p1')", PyObject_CallMethod((PyObject *)&PyFloat_Type, "fromhex", "s", "0x1.8p1"));
    show("(2.5).as_integer_ratio()", PyObject_CallMethod(f, "as_integer_ratio", NULL));
    show("(2.5).imag", PyObject_GetAttrString(f, "imag"));
    show("(1-2j).imag", PyObject_GetAttrString(c, "imag"));
    show("(1-2j).conjugate()", PyObject_CallMethod(c, "conjugate", NULL));
    show("int('ff', 16)", PyObject_CallFunction((PyObject *)&PyLong_Type, "si", "ff", 16));
    show("int(' 12 ')", PyObject_CallFunction((PyObject *)&PyLong_Type, "s", " 12 "));
    show("float('1e3')", PyObject_CallFunction((PyObject *)&PyFloat_Type, "s", "1e3"));
    show("complex('1+2j')", PyObject_CallFunction((PyObject *)&PyComplex_Type, "s", "1+2j"));
    show("bool(7)", PyObject_CallFunction((PyObject *)&PyBool_Type, "i", 7));
    show("int(x=1)", PyObject_Call((PyObject *)&PyLong_Type, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    show("format(1234567, ',')", PyObject_Format(PyLong_FromLong(1234567), PyUnicode_FromString(",")));
    show("format(2.5, '08.3f')", PyObject_Format(f, PyUnicode_FromString("08.3f")));
    show("format(1-2j, '^20.2f')", PyObject_Format(c, PyUnicode_FromString("^20.2f")));
    show("format(True, 'd')", PyObject_Format(Py_True, PyUnicode_FromString("d")));
    show("format(True, '')", PyObject_Format(Py_True, PyUnicode_FromString("")));
    show("str(2.5)", PyObject_Str(f));
    show("str(True)", PyObject_Str(Py_True));
    show("repr(1-2j)", PyObject_Repr(c));
    printf("hash(2.5)=%zd hash(37)=%zd hash(True)=%zd hash(1-2j)=%zd\n", PyObject_Hash(f), PyObject_Hash(i), PyObject_Hash(Py_True), PyObject_Hash(c));
    printf("37 < 2.5: %d, 2.5 < 37: %d, 37 == 37.0: %d, 1-2j == 1-2j: %d, True == 1: %d\n",
           PyObject_RichCompareBool(i, f, Py_LT), PyObject_RichCompareBool(f, i, Py_LT),
           PyObject_RichCompareBool(i, PyFloat_FromDouble(37.0), Py_EQ), PyObject_RichCompareBool(c, PyComplex_FromDoubles(1, -2), Py_EQ),
           PyObject_RichCompareBool(Py_True, PyLong_FromLong(1), Py_EQ));
    show("1j < 2j", PyObject_RichCompare(c, c, Py_LT));
    show("37 += 5", PyNumber_InPlaceAdd(i, PyLong_FromLong(5)));
    show("2.5 **= 2", PyNumber_InPlacePower(f, PyLong_FromLong(2), Py_None));
    show("True & False", PyNumber_And(Py_True, Py_False));
    show("True | 2", PyNumber_Or(Py_True, PyLong_FromLong(2)));
    show("True + True", PyNumber_Add(Py_True, Py_True));
    show("-True", PyNumber_Negative(Py_True));
    Py_Finalize();
    return 0;
}
