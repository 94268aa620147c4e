// compat: str subclasses (legacy, non-compact strings made by str's tp_new through the
// type's tp_alloc), str() construction from Python objects and bytes with encodings, and the
// deprecated wchar_t API 3.11 still has (PyUnicode_AsUnicode(AndSize), _PyUnicode_AsUnicode,
// PyUnicode_GetSize, PyUnicode_FromUnicode).
#define PY_SSIZE_T_CLEAN
#include "unicode_common.h"
#include <wchar.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static void call_type(const char *label, PyObject *tp, PyObject *args, PyObject *kw) {
    PyObject *r = PyObject_Call(tp, args, kw);
    if (r) {
        printf("%s type=%s ", label, Py_TYPE(r)->tp_name);
        show_str("", r);
        Py_DECREF(r);
    } else show_error(label);
    Py_XDECREF(args);
    Py_XDECREF(kw);
}

int main(void) {
    Py_Initialize();
    PyObject *str = (PyObject *)&PyUnicode_Type;
    call_type("str()", str, PyTuple_New(0), NULL);
    call_type("str(5)", str, Py_BuildValue("(i)", 5), NULL);
    call_type("str(s)", str, Py_BuildValue("(s)", "caf\xc3\xa9"), NULL);
    call_type("str(b, enc)", str, Py_BuildValue("(y#s)", "caf\xc3\xa9", (Py_ssize_t)5, "utf-8"), NULL);
    call_type("str(b, latin-1)", str, Py_BuildValue("(y#s)", "caf\xc3\xa9", (Py_ssize_t)5, "latin-1"), NULL);
    call_type("str(b, errors=)", str, Py_BuildValue("(y#)", "a\xff", (Py_ssize_t)2), Py_BuildValue("{s:s}", "errors", "replace"));
    call_type("str(b) strict bad", str, Py_BuildValue("(y#s)", "a\xff", (Py_ssize_t)2, "utf-8"), NULL);
    call_type("str(b, bogus)", str, Py_BuildValue("(ys)", "a", "bogus"), NULL);
    call_type("str(s, enc)", str, Py_BuildValue("(ss)", "a", "utf-8"), NULL);
    call_type("str(1, enc)", str, Py_BuildValue("(is)", 1, "utf-8"), NULL);
    call_type("str(4 args)", str, Py_BuildValue("(iiii)", 1, 2, 3, 4), NULL);
    call_type("str(x=1)", str, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1));
    call_type("str(object=)", str, PyTuple_New(0), Py_BuildValue("{s:i}", "object", 7));
    call_type("str(encoding=)", str, PyTuple_New(0), Py_BuildValue("{s:s}", "encoding", "utf-8"));
    call_type("str(enc=int)", str, Py_BuildValue("(y)", "a"), Py_BuildValue("{s:i}", "encoding", 1));

    PyObject *bases = PyTuple_Pack(1, str);
    PyObject *dict = PyDict_New();
    PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "MyStr", bases, dict);
    if (!sub) { show_error("subclass"); return 0; }
    const char *texts[] = {"ascii", "caf\xc3\xa9", "\xe2\x82\xac\xe2\x82\xac", "\xf0\x9f\x90\x8d", ""};
    for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        PyObject *x = PyObject_CallFunction(sub, "s", texts[i]);
        if (!x) { show_error("sub new"); continue; }
        printf("sub[%u] type=%s exact=%d check=%d ready=%d\n", i, Py_TYPE(x)->tp_name, PyUnicode_CheckExact(x),
               PyUnicode_Check(x), PyUnicode_IS_READY(x));
        show_str("  ", x);
        Py_ssize_t n;
        const char *u8 = PyUnicode_AsUTF8AndSize(x, &n);
        printf("  utf8 n=%zd same=%d\n", n, u8 && strcmp(u8, texts[i]) == 0);
        PyObject *plain = PyUnicode_FromString(texts[i]);
        printf("  eq=%d hash-eq=%d cmp=%d\n", PyObject_RichCompareBool(x, plain, Py_EQ),
               PyObject_Hash(x) == PyObject_Hash(plain), PyUnicode_Compare(x, plain));
        PyObject *conc = PyUnicode_Concat(x, plain);
        printf("  concat exact=%d len=%zd\n", PyUnicode_CheckExact(conc), PyUnicode_GET_LENGTH(conc));
        PyObject *s2 = PyObject_Str(x);
        printf("  str() exact=%d\n", PyUnicode_CheckExact(s2));
        PyObject *up = PyObject_CallMethod(x, "upper", NULL);
        show_str("  upper", up);
        PyObject *y = x;
        Py_INCREF(y);
        PyUnicode_InternInPlace(&y);
        printf("  intern unchanged=%d state=%d\n", y == x, PyUnicode_CHECK_INTERNED(x));
        Py_DECREF(y);
        Py_XDECREF(up); Py_XDECREF(s2); Py_XDECREF(conc); Py_DECREF(plain); Py_DECREF(x);
    }

    const char *w[] = {"ascii", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x90\x8d!", "a\x00" "b"};
    for (unsigned i = 0; i < sizeof w / sizeof w[0]; i++) {
        PyObject *s = i == 4 ? PyUnicode_FromStringAndSize(w[i], 3) : PyUnicode_FromString(w[i]);
        Py_ssize_t size = -1;
        Py_UNICODE *u = PyUnicode_AsUnicodeAndSize(s, &size);
        printf("AsUnicodeAndSize[%u] size=%zd first=%x last=%x nul=%x again-same=%d getsize=%zd\n", i, size,
               (unsigned)u[0], (unsigned)u[size ? size - 1 : 0], (unsigned)u[size], PyUnicode_AsUnicode(s) == u,
               PyUnicode_GetSize(s));
        const Py_UNICODE *u2 = _PyUnicode_AsUnicode(s);
        printf("  _PyUnicode_AsUnicode ok=%d\n", u2 != NULL);
        if (!u2) show_error("  _PyUnicode_AsUnicode");
        PyObject *back = PyUnicode_FromUnicode(u, size);
        show_str("  FromUnicode", back);
        Py_XDECREF(back);
        Py_DECREF(s);
    }
    printf("GetSize(None)=%zd\n", PyUnicode_GetSize(Py_None));
    show_error("GetSize(None)");
    PyObject *e = PyUnicode_FromUnicode(NULL, 0);
    show_str("FromUnicode(NULL,0)", e);
    return 0;
}
