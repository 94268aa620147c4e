// compat: the file system and locale codecs: PyUnicode_EncodeFSDefault / DecodeFSDefault(AndSize),
// PyUnicode_FSConverter / FSDecoder (str, bytes, os.PathLike, NUL checks, cleanup), EncodeLocale
// / DecodeLocale(AndSize) with strict and surrogateescape; PyObject_Bytes; the old buffer API.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <string.h>

static void show_err(const char *what) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: %s\n", what, t ? ((PyTypeObject *)t)->tp_name : "(none)", s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void show_bytes(const char *what, PyObject *b) {
    if (!b) { show_err(what); return; }
    PyObject *r = PyObject_Repr(b);
    printf("%s: %s\n", what, PyUnicode_AsUTF8(r));
    Py_DECREF(r); Py_DECREF(b);
}

int main(void) {
    Py_Initialize();
    PyObject *s = PyUnicode_FromString("caf\xc3\xa9/x");
    show_bytes("fs encode", PyUnicode_EncodeFSDefault(s));
    show_bytes("fs decode", PyUnicode_DecodeFSDefault("caf\xc3\xa9\xff"));
    show_bytes("fs decode size", PyUnicode_DecodeFSDefaultAndSize("ab\0cd", 5));
    PyObject *lone = PyUnicode_DecodeFSDefault("\xff");
    show_bytes("fs roundtrip", PyUnicode_EncodeFSDefault(lone));
    show_bytes("locale strict", PyUnicode_EncodeLocale(s, NULL));
    show_bytes("locale lone strict", PyUnicode_EncodeLocale(lone, "strict"));
    show_bytes("locale lone escape", PyUnicode_EncodeLocale(lone, "surrogateescape"));
    show_bytes("locale bad handler", PyUnicode_EncodeLocale(s, "replace"));
    show_bytes("decode locale", PyUnicode_DecodeLocale("h\xc3\xa9", NULL));
    show_bytes("decode locale bad", PyUnicode_DecodeLocale("a\xff", NULL));
    show_bytes("decode locale escape", PyUnicode_DecodeLocaleAndSize("a\xff", 2, "surrogateescape"));
    show_bytes("decode locale nul", PyUnicode_DecodeLocaleAndSize("a\0b", 3, NULL));

    PyObject *b = PyBytes_FromString("raw");
    PyObject *out = NULL;
    int r = PyUnicode_FSConverter(s, &out);
    printf("FSConverter str r=%#x ", r); show_bytes("->", out);
    out = NULL;
    r = PyUnicode_FSConverter(b, &out);
    printf("FSConverter bytes r=%#x same=%d ", r, out == b); show_bytes("->", out);
    out = NULL;
    PyObject *nul = PyUnicode_FromStringAndSize("a\0b", 3);
    r = PyUnicode_FSConverter(nul, &out);
    printf("FSConverter nul r=%d ", r); show_err("->");
    r = PyUnicode_FSConverter(PyLong_FromLong(3), &out);
    printf("FSConverter int r=%d ", r); show_err("->");
    out = NULL;
    r = PyUnicode_FSDecoder(b, &out);
    printf("FSDecoder bytes r=%#x ", r); show_bytes("->", out);
    out = PyUnicode_FromString("x");
    int cleanup = PyUnicode_FSDecoder(NULL, &out);
    printf("cleanup=%d cleared=%d\n", cleanup, out == NULL);

    show_bytes("bytes(str)", PyObject_Bytes(s));
    show_bytes("bytes(list)", PyObject_Bytes(Py_BuildValue("[iii]", 1, 2, 255)));
    show_bytes("bytes(NULL)", PyObject_Bytes(NULL));
    show_bytes("bytes(bytearray)", PyObject_Bytes(PyByteArray_FromStringAndSize("ba", 2)));

    const char *p; Py_ssize_t n;
    int rc = PyObject_AsCharBuffer(b, &p, &n);
    printf("AsCharBuffer=%d len=%zd first=%c\n", rc, n, p[0]);
    printf("AsReadBuffer(int)=%d ", PyObject_AsReadBuffer(PyLong_FromLong(1), (const void **)&p, &n)); show_err("->");
    void *w;
    printf("AsWriteBuffer(bytes)=%d ", PyObject_AsWriteBuffer(b, &w, &n)); show_err("->");
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    printf("AsWriteBuffer(bytearray)=%d len=%zd\n", PyObject_AsWriteBuffer(ba, &w, &n), n);
    printf("CheckReadBuffer: bytes=%d int=%d\n", PyObject_CheckReadBuffer(b), PyObject_CheckReadBuffer(Py_None));
    Py_DECREF(s); Py_DECREF(b); Py_DECREF(nul); Py_DECREF(ba); Py_DECREF(lone);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
