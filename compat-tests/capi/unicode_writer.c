// compat: _PyUnicodeWriter (Init, Prepare macro and PrepareInternal, PrepareKind, WriteChar,
// WriteStr (shared read-only buffer), WriteSubstring, WriteASCIIString, WriteLatin1String,
// Finish, Dealloc, direct PyUnicode_WRITE at writer.pos as Cython does), and str's protocols:
// len, concatenation, repetition, indexing, slicing, `in`, iteration, repr.
#include "unicode_common.h"

static void show_obj(const char *label, PyObject *o) {
    if (!o) { show_error(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s %s\n", label, r ? PyUnicode_AsUTF8(r) : "?");
    Py_XDECREF(r);
    Py_DECREF(o);
}

int main(void) {
    Py_Initialize();
    _PyUnicodeWriter w;
    _PyUnicodeWriter_Init(&w);
    printf("init kind=%d min_char=%x buffer-null=%d\n", (int)w.kind, w.min_char, w.buffer == NULL);
    PyObject *r = _PyUnicodeWriter_Finish(&w);
    show_str("empty finish", r);
    Py_DECREF(r);

    _PyUnicodeWriter_Init(&w);
    w.overallocate = 1;
    _PyUnicodeWriter_WriteASCIIString(&w, "abc", 3);
    printf("after ascii pos=%zd kind=%d size>=pos=%d\n", w.pos, (int)w.kind, w.size >= w.pos);
    _PyUnicodeWriter_WriteChar(&w, 0xe9);
    _PyUnicodeWriter_WriteLatin1String(&w, "\xff!", 2);
    printf("latin pos=%zd kind=%d\n", w.pos, (int)w.kind);
    PyObject *euro = PyUnicode_FromString("[\xe2\x82\xac]");
    _PyUnicodeWriter_WriteStr(&w, euro);
    printf("ucs2 pos=%zd kind=%d maxchar=%x\n", w.pos, (int)w.kind, w.maxchar);
    _PyUnicodeWriter_WriteSubstring(&w, euro, 1, 2);
    if (_PyUnicodeWriter_Prepare(&w, 2, 0x1f40d) == 0) {
        PyUnicode_WRITE(w.kind, w.data, w.pos, 0x1f40d);
        PyUnicode_WRITE(w.kind, w.data, w.pos + 1, 'z');
        w.pos += 2;
    }
    printf("ucs4 pos=%zd kind=%d\n", w.pos, (int)w.kind);
    w.overallocate = 0;
    r = _PyUnicodeWriter_Finish(&w);
    show_str("mixed finish", r);
    Py_DECREF(r);

    _PyUnicodeWriter_Init(&w);
    _PyUnicodeWriter_WriteStr(&w, euro);
    printf("shared readonly=%d pos=%zd size=%zd\n", w.readonly, w.pos, w.size);
    r = _PyUnicodeWriter_Finish(&w);
    printf("shared result is input=%d\n", r == euro);
    Py_DECREF(r);

    _PyUnicodeWriter_Init(&w);
    _PyUnicodeWriter_WriteStr(&w, euro);
    _PyUnicodeWriter_WriteChar(&w, 'x');
    printf("copy-on-write readonly=%d pos=%zd\n", w.readonly, w.pos);
    r = _PyUnicodeWriter_Finish(&w);
    show_str("cow finish", r);
    Py_DECREF(r);

    _PyUnicodeWriter_Init(&w);
    w.min_length = 10;
    _PyUnicodeWriter_WriteChar(&w, 'q');
    printf("min_length size=%zd\n", w.size);
    r = _PyUnicodeWriter_Finish(&w);
    PyObject *q = PyUnicode_FromString("q");
    printf("single char is singleton=%d\n", r == q);
    Py_DECREF(r);

    _PyUnicodeWriter_Init(&w);
    _PyUnicodeWriter_WriteASCIIString(&w, "ab", 2);
    _PyUnicodeWriter_PrepareKindInternal(&w, PyUnicode_2BYTE_KIND);
    printf("preparekind kind=%d maxchar=%x pos=%zd\n", (int)w.kind, w.maxchar, w.pos);
    _PyUnicodeWriter_WriteChar(&w, 'k');
    r = _PyUnicodeWriter_Finish(&w);
    show_str("preparekind finish", r);
    Py_DECREF(r);
    _PyUnicodeWriter_Init(&w);
    _PyUnicodeWriter_WriteASCIIString(&w, "discard", 7);
    _PyUnicodeWriter_Dealloc(&w);
    printf("dealloc buffer-null=%d\n", w.buffer == NULL);
    printf("writechar bad=%d\n", _PyUnicodeWriter_WriteChar(&w, 0x110000));
    show_error("writechar bad");
    _PyUnicodeWriter_Dealloc(&w);

    /* protocols */
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo \xf0\x9f\x90\x8d");
    printf("len=%zd seqlen=%zd\n", PyObject_Length(s), PySequence_Length(s));
    show_obj("item 1", PySequence_GetItem(s, 1));
    show_obj("item -1", PySequence_GetItem(s, -1));
    show_obj("item 99", PySequence_GetItem(s, 99));
    PyObject *idx = PyLong_FromLong(-2);
    show_obj("getitem -2", PyObject_GetItem(s, idx));
    PyObject *sl = PySlice_New(PyLong_FromLong(1), NULL, PyLong_FromLong(2));
    show_obj("slice 1::2", PyObject_GetItem(s, sl));
    sl = PySlice_New(NULL, NULL, PyLong_FromLong(-1));
    show_obj("slice ::-1", PyObject_GetItem(s, sl));
    show_obj("getslice 1,4", PySequence_GetSlice(s, 1, 4));
    show_obj("getitem str", PyObject_GetItem(s, s));
    show_obj("concat", PySequence_Concat(s, euro));
    show_obj("add", PyNumber_Add(euro, s));
    show_obj("add int", PyNumber_Add(euro, idx));
    show_obj("repeat 3", PySequence_Repeat(euro, 3));
    show_obj("repeat 0", PySequence_Repeat(euro, 0));
    show_obj("multiply", PyNumber_Multiply(idx, euro));
    printf("contains l=%d snake=%d\n", PySequence_Contains(s, PyUnicode_FromString("l")),
           PySequence_Contains(s, PyUnicode_FromString("\xf0\x9f\x90\x8d")));
    printf("contains int=%d\n", PySequence_Contains(s, idx));
    show_error("contains int");
    PyObject *it = PyObject_GetIter(s);
    printf("iter type=%s\n", Py_TYPE(it)->tp_name);
    PyObject *ch;
    while ((ch = PyIter_Next(it))) { show_str("  iter", ch); Py_DECREF(ch); }
    printf("iter end error=%d\n", PyErr_Occurred() != NULL);
    const char *reprs[] = {"plain", "it's", "say \"x\"", "both ' \"", "tab\tnl\nbs\\", "\x01\x7f\xc2\x80\xc2\xa0\xc3\xa9",
                           "\xe2\x80\xa8\xef\xbf\xbf\xf0\x9f\x90\x8d\xf3\xa0\x80\x81", "\xe2\x82\xac"};
    for (unsigned i = 0; i < sizeof reprs / sizeof reprs[0]; i++) {
        PyObject *x = PyUnicode_FromString(reprs[i]);
        PyObject *rep = PyObject_Repr(x);
        show_str("repr", rep);
        PyObject *asc = PyObject_ASCII(x);
        show_str("ascii", asc);
        PyObject *st = PyObject_Str(x);
        printf("str is same=%d\n", st == x);
        Py_XDECREF(rep); Py_XDECREF(asc); Py_XDECREF(st); Py_DECREF(x);
    }
    return 0;
}
