// compat: the underscore str/bytes functions extensions (Cython, lib-dynload) call:
// _PyUnicode_Ready, _EQ, _Equal, _EqualToASCIIId, _Copy, _FromASCII, _FindMaxChar, _FastFill,
// _FastCopyCharacters, _JoinArray, _XStrip, _AsUTF8String/_AsLatin1String/_AsASCIIString with
// errors, _EncodeUTF16/32 with byte order, the stateful escape decoders, InternImmortal,
// FromEncodedObject, PyBytes_FromFormatV, _PyUnicodeWriter_PrepareInternal, _Py_HashPointerRaw.
#include "unicode_common.h"
#include <stdarg.h>
#include <stdint.h>

PyAPI_FUNC(int) _PyUnicode_Equal(PyObject *, PyObject *);
PyAPI_FUNC(Py_hash_t) _Py_HashPointerRaw(const void *);

static PyObject *bytes_v(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *r = PyBytes_FromFormatV(fmt, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    PyObject *a = PyUnicode_FromString("caf\xc3\xa9"), *b = PyUnicode_FromString("caf\xc3\xa9"), *c = PyUnicode_FromString("cafe");
    printf("Ready=%d EQ=%d/%d Equal=%d/%d\n", _PyUnicode_Ready(a), _PyUnicode_EQ(a, b), _PyUnicode_EQ(a, c),
           _PyUnicode_Equal(a, b), _PyUnicode_Equal(a, c));
    _Py_IDENTIFIER(cafe);
    printf("EqualToASCIIId=%d/%d\n", _PyUnicode_EqualToASCIIId(c, &PyId_cafe), _PyUnicode_EqualToASCIIId(a, &PyId_cafe));
    PyObject *cp = _PyUnicode_Copy(c);
    printf("Copy distinct=%d\n", cp != a); show_str("Copy", cp);
    PyObject *fa = _PyUnicode_FromASCII("ascii text", 5);
    show_str("FromASCII", fa);
    PyObject *w = PyUnicode_FromString("ab\xe2\x82\xac\xf0\x9f\x90\x8d");
    printf("FindMaxChar %x %x %x %x\n", _PyUnicode_FindMaxChar(w, 0, 2), _PyUnicode_FindMaxChar(w, 0, 3),
           _PyUnicode_FindMaxChar(w, 1, 4), _PyUnicode_FindMaxChar(w, 3, 2));
    PyObject *fresh = PyUnicode_New(6, 0x20ac);
    _PyUnicode_FastFill(fresh, 0, 6, '.');
    _PyUnicode_FastCopyCharacters(fresh, 1, w, 1, 2);
    show_str("FastFill+Copy", fresh);
    PyObject *items[] = {PyUnicode_FromString("caf\xc3\xa9"), c, w};
    PyObject *sep = PyUnicode_FromString(", ");
    PyObject *j = _PyUnicode_JoinArray(sep, items, 3);
    show_str("JoinArray", j);
    j = _PyUnicode_JoinArray(sep, items, 0);
    show_str("JoinArray empty", j);
    PyObject *pad = PyUnicode_FromString("xxhixx"), *xs = PyUnicode_FromString("x");
    for (int t = 0; t < 3; t++) { PyObject *r = _PyUnicode_XStrip(pad, t, xs); show_str("XStrip", r); Py_XDECREF(r); }
    Py_UCS4 sur[] = {'a', 0xe9, 0xdc80, 0x20ac};
    PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, sur, 4);
    PyObject *r;
    r = _PyUnicode_AsUTF8String(s, "surrogateescape"); if (r) show_bytes("_AsUTF8String se", r); else show_error("_AsUTF8String se");
    r = _PyUnicode_AsUTF8String(s, "replace"); if (r) show_bytes("_AsUTF8String replace", r); else show_error("_AsUTF8String replace");
    r = _PyUnicode_AsLatin1String(s, "xmlcharrefreplace"); if (r) show_bytes("_AsLatin1String xml", r); else show_error("_AsLatin1String");
    r = _PyUnicode_AsASCIIString(s, "backslashreplace"); if (r) show_bytes("_AsASCIIString bs", r); else show_error("_AsASCIIString");
    r = _PyUnicode_AsASCIIString(s, NULL); if (r) show_bytes("_AsASCIIString strict", r); else show_error("_AsASCIIString strict");
    for (int bo = -1; bo <= 1; bo++) {
        r = _PyUnicode_EncodeUTF16(w, NULL, bo); show_bytes("_EncodeUTF16", r); Py_XDECREF(r);
        r = _PyUnicode_EncodeUTF32(w, NULL, bo); show_bytes("_EncodeUTF32", r); Py_XDECREF(r);
    }
    Py_ssize_t consumed = -1;
    r = _PyUnicode_DecodeUnicodeEscapeStateful("ab\\u20", 6, NULL, &consumed);
    printf("escape stateful consumed=%zd\n", consumed); show_str("  ", r);
    consumed = -1;
    r = _PyUnicode_DecodeUnicodeEscapeStateful("ab\\", 3, NULL, &consumed);
    printf("escape stateful trailing consumed=%zd\n", consumed); show_str("  ", r);
    consumed = -1;
    r = _PyUnicode_DecodeRawUnicodeEscapeStateful("x\\U0001f40", 10, NULL, &consumed);
    printf("raw stateful consumed=%zd\n", consumed); show_str("  ", r);
    PyObject *im = PyUnicode_FromString("immortal_candidate");
    PyUnicode_InternImmortal(&im);
    printf("InternImmortal state=%d\n", PyUnicode_CHECK_INTERNED(im));
    show_error("InternImmortal");
    PyObject *bytes = PyBytes_FromString("caf\xc3\xa9");
    r = PyUnicode_FromEncodedObject(bytes, "utf-8", NULL); show_str("FromEncodedObject", r);
    r = PyUnicode_FromEncodedObject(bytes, "latin-1", "strict"); show_str("FromEncodedObject latin-1", r);
    r = PyUnicode_FromEncodedObject(a, NULL, NULL); show_str("FromEncodedObject str", r); show_error("  error");
    r = PyUnicode_FromEncodedObject(Py_None, NULL, NULL); show_str("FromEncodedObject None", r); show_error("  error");
    r = bytes_v("%s-%d-%c", "v", 42, 'Z'); show_bytes("FromFormatV", r);
    printf("HashPointerRaw(0x1230)=%zd\n", (Py_ssize_t)_Py_HashPointerRaw((void *)0x1230));
    _PyUnicodeWriter wr;
    _PyUnicodeWriter_Init(&wr);
    printf("PrepareInternal=%d size>=3=%d kind=%d\n", _PyUnicodeWriter_PrepareInternal(&wr, 3, 0x100), wr.size >= 3, (int)wr.kind);
    _PyUnicodeWriter_Dealloc(&wr);
    return 0;
}
