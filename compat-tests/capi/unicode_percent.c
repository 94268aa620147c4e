// compat: printf-style formatting of str (PyUnicode_Format and `%` through PyNumber_Remainder):
// every conversion (s r a c d i u x X o e E f F g G %), flags, width/precision and `*`,
// mapping keys, and the errors for bad arguments and formats.
#include "unicode_common.h"

static void fmt(const char *label, const char *format, PyObject *args) {
    PyObject *f = PyUnicode_FromString(format);
    PyObject *r = args ? PyUnicode_Format(f, args) : NULL;
    if (r) { printf("%s -> [%s]\n", label, PyUnicode_AsUTF8(r)); Py_DECREF(r); }
    else show_error(label);
    Py_DECREF(f);
    Py_XDECREF(args);
}

int main(void) {
    Py_Initialize();
    fmt("srа", "%s %r %a", Py_BuildValue("(sss)", "\xc3\xa9", "\xc3\xa9", "\xc3\xa9"));
    fmt("ints", "%5d|%-5d|%05d|%+d|% d|%i|%u", Py_BuildValue("(iiiiiii)", 1, 2, 3, 4, 5, -6, 7));
    fmt("hex", "%x %X %#x %#X %#o %o %.3d %#.3x %-06d|", Py_BuildValue("(iiiiiiiii)", 255, 255, 255, 255, 8, 8, 5, 5, 5));
    fmt("neg hex", "%x %#o %05x", Py_BuildValue("(iii)", -255, -8, -1));
    fmt("big", "%d %x", Py_BuildValue("(LL)", -123456789012345LL, 123456789012345LL));
    fmt("chars", "%c%c%c", Py_BuildValue("(isi)", 65, "\xc3\xa9", 0x1f40d));
    fmt("dict", "%(a)s-%(b)05d-%(a)r", Py_BuildValue("{s:s,s:i}", "a", "x", "b", 42));
    fmt("strs", "%.2s|%5.1s|%-4s|%3s", Py_BuildValue("(ssss)", "abc", "xyz", "q", "long"));
    fmt("star", "%*d|%-*d|%.*f|%*s", Py_BuildValue("(iiiiidis)", 5, 1, 4, 2, 2, 3.14159, -4, "l"));
    fmt("floats", "%f %e %g %.3g %G %E %F", Py_BuildValue("(ddddddd)", 1.5, 12345.678, 0.0001, 1234567.0, 1e-10, 2.5, 1e20));
    fmt("float flags", "%+.2f|% .1f|%010.3f|%-10.1e|%#.0f|%#g", Py_BuildValue("(dddddd)", 2.0, 3.25, -3.14159, 1e5, 3.0, 1.0));
    fmt("inf nan", "%f %05f %e %+g", Py_BuildValue("(dddd)", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 1.0 / 0.0));
    fmt("int from float", "%d %i", Py_BuildValue("(dd)", 3.7, -2.5));
    fmt("float from int", "%.2f %e", Py_BuildValue("(ii)", 7, 0));
    fmt("bool", "%d %s %r", Py_BuildValue("(OOO)", Py_True, Py_False, Py_None));
    fmt("percent", "100%% %s", Py_BuildValue("(s)", "ok"));
    fmt("single arg", "[%s]", PyLong_FromLong(5));
    fmt("single str arg", "[%s]", PyUnicode_FromString("solo"));
    fmt("tuple in tuple", "[%s]", Py_BuildValue("((ii))", 1, 2));
    fmt("no args", "plain", PyTuple_New(0));
    fmt("not enough", "%s %s", Py_BuildValue("(i)", 1));
    fmt("too many", "%s", Py_BuildValue("(ii)", 1, 2));
    fmt("extra scalar", "abc", PyLong_FromLong(5));
    fmt("bad d", "%d", Py_BuildValue("(s)", "x"));
    fmt("bad x", "%x", Py_BuildValue("(d)", 1.5));
    fmt("bad f", "%f", Py_BuildValue("(s)", "x"));
    fmt("bad code", "ab%y", PyLong_FromLong(1));
    fmt("bad c big", "%c", PyLong_FromLong(0x110000));
    fmt("bad c str", "%c", PyUnicode_FromString("ab"));
    fmt("bad c float", "%c", PyFloat_FromDouble(1.0));
    fmt("incomplete key", "%(a", Py_BuildValue("{s:i}", "a", 1));
    fmt("incomplete", "abc%", PyLong_FromLong(1));
    fmt("key without dict", "%(a)s", Py_BuildValue("(i)", 1));
    fmt("mixed dict positional", "%(a)s %s", Py_BuildValue("{s:i}", "a", 1));
    fmt("missing key", "%(zz)s", Py_BuildValue("{s:i}", "a", 1));
    fmt("unicode format", "\xe2\x82\xac%s\xf0\x9f\x90\x8d%5s", Py_BuildValue("(ss)", "\xc3\xa9", "\xe2\x82\xac"));
    fmt("star not int", "%*d", Py_BuildValue("(si)", "x", 1));
    PyObject *f = PyUnicode_FromString("%s=%d");
    PyObject *a = Py_BuildValue("(si)", "k", 3);
    PyObject *r = PyNumber_Remainder(f, a);
    printf("remainder -> [%s]\n", r ? PyUnicode_AsUTF8(r) : "NULL");
    PyObject *spec = PyUnicode_FromString("*^11");
    PyObject *x = PyUnicode_FromString("h\xc3\xa9llo");
    const char *specs[] = {"", "10", "<10", ">10", "^10", "*>9", ".2", "10.3", "s", "+", "=10", "#", ",", "_", "d", "z", "x<8.2s", "010"};
    for (unsigned i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        PyObject *sp = PyUnicode_FromString(specs[i]);
        PyObject *out = PyObject_CallMethod(x, "__format__", "O", sp);
        char label[48];
        snprintf(label, sizeof label, "format '%s'", specs[i]);
        if (out) { printf("%s -> [%s]\n", label, PyUnicode_AsUTF8(out)); Py_DECREF(out); } else show_error(label);
        Py_DECREF(sp);
    }
    (void)spec;
    return 0;
}
