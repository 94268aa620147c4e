// compat: the _PyUnicodeWriter entry points of int and float formatting that str.format and
// f-strings use: _PyLong_FormatWriter (bases 2/8/10/16, with and without prefix),
// _PyLong_FormatAdvancedWriter and _PyFloat_FormatAdvancedWriter (spec given as a slice of a
// larger str), written one after another into the same writer.
#include <Python.h>
#include <stdio.h>

PyAPI_FUNC(int) _PyLong_FormatWriter(_PyUnicodeWriter *, PyObject *, int, int);
PyAPI_FUNC(int) _PyLong_FormatAdvancedWriter(_PyUnicodeWriter *, PyObject *, PyObject *, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(int) _PyFloat_FormatAdvancedWriter(_PyUnicodeWriter *, PyObject *, PyObject *, Py_ssize_t, Py_ssize_t);

int main(void) {
    Py_Initialize();
    _PyUnicodeWriter w;
    _PyUnicodeWriter_Init(&w);
    PyObject *vals[] = {PyLong_FromLong(0), PyLong_FromLong(-255), PyLong_FromString("123456789012345678901234567890", NULL, 10)};
    int bases[] = {2, 8, 10, 16};
    for (int i = 0; i < 3; i++)
        for (int b = 0; b < 4; b++)
            for (int alt = 0; alt <= 1; alt++) {
                int r = _PyLong_FormatWriter(&w, vals[i], bases[b], alt);
                _PyUnicodeWriter_WriteASCIIString(&w, r == 0 ? "|" : "!|", -1);
            }
    PyObject *spec = PyUnicode_FromString("xx>+12,dyy*^20.3ezz");
    _PyLong_FormatAdvancedWriter(&w, vals[2], spec, 2, 8);
    _PyUnicodeWriter_WriteASCIIString(&w, "|", -1);
    _PyFloat_FormatAdvancedWriter(&w, PyFloat_FromDouble(-1234.5678), spec, 10, 17);
    _PyUnicodeWriter_WriteASCIIString(&w, "|", -1);
    _PyFloat_FormatAdvancedWriter(&w, PyFloat_FromDouble(0.1), spec, 0, 0);
    _PyUnicodeWriter_WriteASCIIString(&w, "|", -1);
    int r = _PyLong_FormatAdvancedWriter(&w, vals[1], spec, 0, 2);
    printf("bad spec r=%d error=%s\n", r, PyErr_Occurred() ? ((PyTypeObject *)PyErr_Occurred())->tp_name : "none");
    PyErr_Clear();
    PyObject *s = _PyUnicodeWriter_Finish(&w);
    printf("%s\n", PyUnicode_AsUTF8(s));
    Py_DECREF(s);
    Py_Finalize();
    return 0;
}
