// compat: Py_BuildValue / _Py_BuildValue_SizeT / Py_VaBuildValue / _Py_VaBuildValue_SizeT:
// every format unit (b B h H i I n l k L K f d D c C s s# z z# y y# u u# U N O S O& ( ) [ ] { }
// and the separators), NULL strings becoming None, 'N' stealing, and the SystemErrors for
// bad input (bad format char, NULL object, unmatched paren, odd dict, failed O& converter).
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

static void show(const char *label, PyObject *o) {
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> raised %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL",
               s ? PyUnicode_AsUTF8(s) : "<no str>");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    printf("%s -> %s %s\n", label, Py_TYPE(o)->tp_name, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

static PyObject *conv_ok(void *p) { return PyLong_FromLong(*(int *)p * 10); }
static PyObject *conv_fail(void *p) { (void)p; PyErr_SetString(PyExc_ValueError, "converter failed"); return NULL; }

static PyObject *va_helper(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *r = Py_VaBuildValue(fmt, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    show("empty", Py_BuildValue(""));
    show("spaces", Py_BuildValue("  "));
    show("b", Py_BuildValue("b", 200));
    show("B", Py_BuildValue("B", 255));
    show("h", Py_BuildValue("h", -12345));
    show("H", Py_BuildValue("H", 65535));
    show("i", Py_BuildValue("i", -2147483647 - 1));
    show("I", Py_BuildValue("I", 4294967295u));
    show("n", Py_BuildValue("n", (Py_ssize_t)-9223372036854775807LL));
    show("l", Py_BuildValue("l", -9223372036854775807L));
    show("k", Py_BuildValue("k", 18446744073709551615UL));
    show("L", Py_BuildValue("L", -1234567890123LL));
    show("K", Py_BuildValue("K", 18446744073709551615ULL));
    show("f", Py_BuildValue("f", 1.5f));
    show("d", Py_BuildValue("d", -0.25));
    Py_complex c = {1.5, -2.0};
    show("D", Py_BuildValue("D", &c));
    show("c", Py_BuildValue("c", 'A'));
    show("c high", Py_BuildValue("c", 0xe9));
    show("C", Py_BuildValue("C", 0x20ac));
    show("C bad", Py_BuildValue("C", 0x110000));
    show("s", Py_BuildValue("s", "caf\xc3\xa9"));
    show("s NULL", Py_BuildValue("s", (char *)NULL));
    show("s#", Py_BuildValue("s#", "abcdef", (Py_ssize_t)3));
    show("s# embedded nul", Py_BuildValue("s#", "a\0b", (Py_ssize_t)3));
    show("s bad utf8", Py_BuildValue("s", "\xff"));
    show("z NULL", Py_BuildValue("z", (char *)NULL));
    show("z#", Py_BuildValue("z#", "xyz", (Py_ssize_t)2));
    show("U", Py_BuildValue("U", "uni"));
    show("y", Py_BuildValue("y", "by\xfftes"));
    show("y#", Py_BuildValue("y#", "a\0b", (Py_ssize_t)3));
    show("y NULL", Py_BuildValue("y", (char *)NULL));
    show("u", Py_BuildValue("u", L"wide\x20ac"));
    show("u#", Py_BuildValue("u#", L"wide", (Py_ssize_t)2));
    PyObject *o = PyLong_FromLong(42);
    Py_ssize_t before = Py_REFCNT(o);
    show("O", Py_BuildValue("O", o));
    printf("O keeps refcount: %d\n", Py_REFCNT(o) == before);
    Py_INCREF(o);
    show("N", Py_BuildValue("N", o));
    printf("N steals: %d\n", Py_REFCNT(o) == before);
    show("S", Py_BuildValue("S", o));
    int x = 7;
    show("O&", Py_BuildValue("O&", conv_ok, &x));
    show("O& fails", Py_BuildValue("O&", conv_fail, &x));
    show("tuple", Py_BuildValue("(iis)", 1, 2, "three"));
    show("implicit tuple", Py_BuildValue("ii", 1, 2));
    show("one-tuple", Py_BuildValue("(i)", 1));
    show("empty tuple", Py_BuildValue("()"));
    show("list", Py_BuildValue("[i,i;s]", 1, 2, "x"));
    show("empty list", Py_BuildValue("[]"));
    show("dict", Py_BuildValue("{s:i,s:(ii)}", "a", 1, "b", 2, 3));
    show("nested", Py_BuildValue("[(i,{s:[d]}),()]", 5, "k", 0.5));
    show("separators", Py_BuildValue("i, i:i\ti", 1, 2, 3, 4));
    show("bad char", Py_BuildValue("i!", 1));
    show("bad char in tuple", Py_BuildValue("(iX)", 1, 2));
    show("NULL object", Py_BuildValue("O", (PyObject *)NULL));
    PyErr_SetString(PyExc_KeyError, "pending");
    show("NULL object with error", Py_BuildValue("(O)", (PyObject *)NULL));
    show("unmatched (", Py_BuildValue("(ii", 1, 2));
    show("unmatched [", Py_BuildValue("[i", 1));
    show("odd dict", Py_BuildValue("{i}", 1));
    show("dict unhashable key", Py_BuildValue("{O:i}", Py_BuildValue("[]"), 1));
    PyObject *n1 = PyUnicode_FromString("stolen-after-error");
    Py_ssize_t rc = Py_REFCNT(n1);
    Py_INCREF(n1);
    show("N after error", Py_BuildValue("(OiN)", (PyObject *)NULL, 1, n1));
    printf("N released after error: %d\n", Py_REFCNT(n1) == rc);
    Py_DECREF(n1);
    show("SizeT", _Py_BuildValue_SizeT("s#", "hello", (Py_ssize_t)4));
    show("Va", va_helper("(is#)", 9, "abc", (Py_ssize_t)2));
    show("Va one", va_helper("d", 2.5));
    Py_FinalizeEx();
    return 0;
}
