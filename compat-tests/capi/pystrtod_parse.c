// compat: PyOS_string_to_double (whole string vs endptr, overflow_exception NULL or
// OverflowError, inf/nan spellings, no whitespace), _Py_parse_inf_or_nan, PyFloat_FromString
// on str (whitespace, underscores, Unicode digits) and bytes, PyFloat_AsDouble on non-floats.
#include <Python.h>
#include <stdio.h>

static void show_err(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("  %s: no error\n", label); return; }
    printf("  %s: %s", label, ((PyTypeObject *)t)->tp_name);
    if (v && PyUnicode_Check(v)) {
        printf(" '");
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(v); i++) {
            Py_UCS4 c = PyUnicode_READ(PyUnicode_KIND(v), PyUnicode_DATA(v), i);
            if (c < 128) putchar((int)c); else printf("\\u%04x", (unsigned)c);
        }
        printf("'");
    }
    printf("\n");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

int main(void) {
    Py_Initialize();
    const char *texts[] = {"0", "1.5", "-1.5e10", "+.5", "5.", ".", "1e", "1e+", "1e-5x", "1e500", "-1e500", "1e-500",
        "inf", "-Infinity", "+iNf", "infinit", "nan", "-NaN", "nanx", " 1", "1 ", "0x10", "1_000", "", "-", "e5",
        "123456789012345678901234567890", "2.2250738585072011e-308", "4.9e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623158e308", "1.7976931348623159e308", "0.1e1_0", "١٢٣"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char *end = NULL;
        double v = PyOS_string_to_double(texts[i], NULL, NULL);
        printf("[%s] whole -> %.17g\n", texts[i], v); show_err("whole");
        v = PyOS_string_to_double(texts[i], &end, NULL);
        printf("[%s] prefix -> %.17g end+%d\n", texts[i], v, (int)(end - texts[i])); show_err("prefix");
        v = PyOS_string_to_double(texts[i], &end, PyExc_OverflowError);
        printf("[%s] overflow-exc -> %.17g end+%d\n", texts[i], v, (int)(end - texts[i])); show_err("overflow-exc");
        v = _Py_parse_inf_or_nan(texts[i], &end);
        printf("[%s] inf_or_nan -> %.17g end+%d\n", texts[i], v, (int)(end - texts[i]));
        PyObject *s = PyUnicode_FromString(texts[i]);
        PyObject *f = PyFloat_FromString(s);
        printf("[%s] FromString(str) -> %.17g\n", texts[i], f ? PyFloat_AsDouble(f) : -1.0); show_err("FromString(str)");
        Py_XDECREF(f);
        PyObject *b = PyBytes_FromString(texts[i]);
        f = PyFloat_FromString(b);
        printf("[%s] FromString(bytes) -> %.17g\n", texts[i], f ? PyFloat_AsDouble(f) : -1.0); show_err("FromString(bytes)");
        Py_XDECREF(f); Py_DECREF(s); Py_DECREF(b);
    }
    const char *unicode_texts[] = {"  1_0.5  ", "\xe3\x80\x80\xef\xbc\x91\xef\xbc\x8e\xef\xbc\x95", "1__0", "_1", "1_",
        "1_.5", "1._5", "1e_5", "\xc3\xa9", "1\xc2\xa0", "inf_"};
    for (size_t i = 0; i < sizeof unicode_texts / sizeof *unicode_texts; i++) {
        PyObject *s = PyUnicode_FromString(unicode_texts[i]);
        PyObject *f = PyFloat_FromString(s);
        printf("unicode[%zu] -> %.17g\n", i, f ? PyFloat_AsDouble(f) : -1.0); show_err("FromString");
        Py_XDECREF(f); Py_DECREF(s);
    }
    PyObject *embedded = PyUnicode_FromStringAndSize("1\0" "2", 3);
    PyObject *f = PyFloat_FromString(embedded);
    printf("embedded NUL -> %p\n", (void *)f); show_err("embedded NUL");
    f = PyFloat_FromString(Py_None);
    printf("FromString(None) -> %p\n", (void *)f); show_err("FromString(None)");
    printf("AsDouble(int 3) = %g\n", PyFloat_AsDouble(PyLong_FromLong(3)));
    printf("AsDouble(None) = %g\n", PyFloat_AsDouble(Py_None)); show_err("AsDouble(None)");
    printf("AsDouble(NULL) = %g\n", PyFloat_AsDouble(NULL)); show_err("AsDouble(NULL)");
    printf("AsDouble(huge int) = %g\n", PyFloat_AsDouble(PyLong_FromString("1" "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", NULL, 10)));
    show_err("AsDouble(huge)");
    printf("GetMax=%.17g GetMin=%.17g\n", PyFloat_GetMax(), PyFloat_GetMin());
    Py_Finalize();
    return 0;
}
