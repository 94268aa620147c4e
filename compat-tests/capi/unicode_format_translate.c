// compat: str.format / format_map (fields, numbering, attribute and index access, nested specs,
// conversions, every ValueError/KeyError/IndexError of the parser), str.maketrans, str.translate
// and PyUnicode_Translate, called through the C API.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>

static void show(const char *what, PyObject *r) {
    if (r) {
        PyObject *s = PyObject_Repr(r);
        printf("%s -> %s\n", what, PyUnicode_AsUTF8(s));
        Py_DECREF(s); Py_DECREF(r);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = PyObject_Str(v);
    printf("%s -> %s: %s\n", what, ((PyTypeObject *)t)->tp_name, PyUnicode_AsUTF8(s));
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void fmt(const char *f, PyObject *args, PyObject *kwargs) {
    PyObject *s = PyUnicode_FromString(f);
    PyObject *m = PyObject_GetAttrString(s, "format");
    show(f, PyObject_Call(m, args, kwargs));
    Py_DECREF(m); Py_DECREF(s);
}

int main(void) {
    Py_Initialize();
    PyObject *args = Py_BuildValue("(isd[iii]O)", 42, "abc", 3.14159, 7, 8, 9, Py_None);
    PyObject *kw = Py_BuildValue("{s:s,s:{s:i},s:i}", "name", "world", "d", "k", 5, "w", 8);
    const char *cases[] = {
        "{} {} {}", "{0} {1} {0}", "{name}!", "{{literal}} {0}", "{3[1]} {d[k]} {0.real}",
        "{0:>6}|{1:^7}|{2:.2f}", "{0:{w}}|", "{1!r} {1!s} {1!a}", "{0!r:>5}", "{:x} {:o}",
        "{0:{1}}", "{0:{1:{2}}}", "{", "}", "a}b", "{0", "{0!}", "{0!x}", "{0!r", "{0!rr}",
        "{0:", "{9}", "{missing}", "{} {0}", "{0} {}", "{0.}", "{0[}", "{0]x}", "{0[0]x}",
        "{0..a}", "{0.no_such_attr}", "{3[7]}", "{a{b}", "{0:{}}", "caf\xc3\xa9 {1}", "{99999999999999999999}",
        NULL
    };
    for (int i = 0; cases[i]; i++) fmt(cases[i], args, kw);
    PyObject *s = PyUnicode_FromString("{name} {w:03}");
    show("format_map", PyObject_CallMethod(s, "format_map", "O", kw));
    show("format_map positional", PyObject_CallMethod(PyUnicode_FromString("{0}"), "format_map", "O", kw));
    Py_DECREF(s);

    PyObject *str_type = (PyObject *)&PyUnicode_Type;
    PyObject *t1 = PyObject_CallMethod(str_type, "maketrans", "ss", "abc", "xyz");
    show("maketrans 2", Py_NewRef(t1));
    PyObject *t3 = PyObject_CallMethod(str_type, "maketrans", "sss", "ab", "AB", "c");
    show("maketrans 3", Py_NewRef(t3));
    PyObject *d = Py_BuildValue("{s:s,i:O,s:i}", "a", "ALPHA", 98, Py_None, "c", 0x263A);
    PyObject *t4 = PyObject_CallMethod(str_type, "maketrans", "O", d);
    show("maketrans dict", Py_NewRef(t4));
    show("maketrans bad dict", PyObject_CallMethod(str_type, "maketrans", "O", Py_BuildValue("{s:i}", "ab", 1)));
    show("maketrans bad key", PyObject_CallMethod(str_type, "maketrans", "O", Py_BuildValue("{d:i}", 1.5, 1)));
    show("maketrans not dict", PyObject_CallMethod(str_type, "maketrans", "i", 1));
    show("maketrans lengths", PyObject_CallMethod(str_type, "maketrans", "ss", "ab", "c"));
    show("maketrans first not str", PyObject_CallMethod(str_type, "maketrans", "is", 1, "c"));
    PyObject *text = PyUnicode_FromString("abcabc-\xe2\x98\x83");
    show("translate 2", PyObject_CallMethod(text, "translate", "O", t1));
    show("translate 3", PyObject_CallMethod(text, "translate", "O", t3));
    show("translate dict", PyObject_CallMethod(text, "translate", "O", t4));
    show("translate bad value", PyObject_CallMethod(text, "translate", "O", Py_BuildValue("{i:d}", 97, 1.0)));
    show("translate range", PyObject_CallMethod(text, "translate", "O", Py_BuildValue("{i:i}", 97, 0x110000)));
    show("translate list", PyObject_CallMethod(text, "translate", "O", Py_BuildValue("[sss]", "0", "1", "2")));
    show("PyUnicode_Translate", PyUnicode_Translate(text, t1, NULL));
    Py_DECREF(t1); Py_DECREF(t3); Py_DECREF(t4); Py_DECREF(text); Py_DECREF(args); Py_DECREF(kw); Py_DECREF(d);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
