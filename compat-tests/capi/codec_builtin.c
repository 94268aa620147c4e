// compat: the built-in codecs of the str C API besides UTF-8: UTF-16 and UTF-32 (BOM, byte
// order in and out, stateful `consumed`, invalid input with each handler), Latin-1 and ASCII
// (encode errors with each handler), unicode-escape and raw-unicode-escape, and
// PyUnicode_Decode / PyUnicode_AsEncodedString by codec name.
#include "unicode_common.h"

static const char *handlers[] = {NULL, "ignore", "replace", "backslashreplace", "surrogateescape",
                                 "surrogatepass", "xmlcharrefreplace", "bogus"};
#define NH (sizeof handlers / sizeof handlers[0])

static void decode16(const char *name, const char *b, Py_ssize_t n, int bo) {
    for (unsigned h = 0; h < NH; h++) {
        char label[96];
        snprintf(label, sizeof label, "utf16 %s bo=%d %s", name, bo, handlers[h] ? handlers[h] : "NULL");
        int order = bo;
        PyObject *s = PyUnicode_DecodeUTF16(b, n, handlers[h], &order);
        if (s) { show_str(label, s); printf("  order out=%d\n", order); } else show_error(label);
        Py_XDECREF(s);
    }
    int order = bo;
    Py_ssize_t consumed = -1;
    PyObject *s = PyUnicode_DecodeUTF16Stateful(b, n, "replace", &order, &consumed);
    printf("utf16 %s stateful consumed=%zd order=%d\n", name, consumed, order);
    if (s) show_str("  ", s); else show_error("  ");
    Py_XDECREF(s);
}

static void decode32(const char *name, const char *b, Py_ssize_t n, int bo) {
    for (unsigned h = 0; h < NH; h++) {
        char label[96];
        snprintf(label, sizeof label, "utf32 %s bo=%d %s", name, bo, handlers[h] ? handlers[h] : "NULL");
        int order = bo;
        PyObject *s = PyUnicode_DecodeUTF32(b, n, handlers[h], &order);
        if (s) { show_str(label, s); printf("  order out=%d\n", order); } else show_error(label);
        Py_XDECREF(s);
    }
    int order = bo;
    Py_ssize_t consumed = -1;
    PyObject *s = PyUnicode_DecodeUTF32Stateful(b, n, "replace", &order, &consumed);
    printf("utf32 %s stateful consumed=%zd order=%d\n", name, consumed, order);
    if (s) show_str("  ", s); else show_error("  ");
    Py_XDECREF(s);
}

int main(void) {
    Py_Initialize();
    decode16("bom-le", "\xff\xfe" "a\x00\xac\x20", 6, 0);
    decode16("bom-be", "\xfe\xff\x00" "a\x20\xac", 6, 0);
    decode16("bom-fixed-le", "\xff\xfe" "a\x00", 4, -1);
    decode16("pair", "\x3d\xd8\x0d\xdc", 4, -1);
    decode16("lone-low", "\x0d\xdc" "a\x00", 4, -1);
    decode16("high-then-a", "\x3d\xd8" "a\x00", 4, -1);
    decode16("high-at-end", "a\x00\x3d\xd8", 4, -1);
    decode16("high-then-1", "a\x00\x3d\xd8\x0d", 5, -1);
    decode16("odd", "a\x00" "b", 3, -1);
    decode16("be-odd", "\x00" "a\x00", 3, 1);
    decode16("empty", "", 0, 0);
    decode32("bom", "\xff\xfe\x00\x00" "a\x00\x00\x00", 8, 0);
    decode32("bom-be", "\x00\x00\xfe\xff\x00\x01\xf4\x0d", 8, 0);
    decode32("surrogate", "\x00\xd8\x00\x00" "a\x00\x00\x00", 8, -1);
    decode32("toobig", "\x00\x00\x11\x00", 4, -1);
    decode32("trunc", "a\x00\x00\x00" "b\x00", 6, -1);

    Py_UCS4 text[] = {'a', 0xe9, 0x20ac, 0xd800, 0x1f40d, 0xdcff, 'z'};
    PyObject *u = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, 7);
    const char *encodings[] = {"utf-16", "utf-16-le", "UTF-16BE", "utf-32", "utf_32_le", "utf-32-be",
                               "latin-1", "iso-8859-1", "ascii", "unicode_escape", "raw_unicode_escape",
                               "utf-8", "nonexistent"};
    for (unsigned e = 0; e < sizeof encodings / sizeof encodings[0]; e++) {
        for (unsigned h = 0; h < NH; h++) {
            char label[96];
            snprintf(label, sizeof label, "encode %s %s", encodings[e], handlers[h] ? handlers[h] : "NULL");
            PyObject *b = PyUnicode_AsEncodedString(u, encodings[e], handlers[h]);
            if (b) show_bytes(label, b); else show_error(label);
            Py_XDECREF(b);
        }
    }
    PyObject *plain = PyUnicode_FromString("caf\xc3\xa9 \xe2\x82\xac");
    PyObject *b;
    b = PyUnicode_AsUTF16String(plain); show_bytes("AsUTF16String", b); Py_XDECREF(b);
    b = PyUnicode_AsUTF32String(plain); show_bytes("AsUTF32String", b); Py_XDECREF(b);
    b = PyUnicode_AsLatin1String(plain); if (b) show_bytes("AsLatin1String", b); else show_error("AsLatin1String"); Py_XDECREF(b);
    b = PyUnicode_AsASCIIString(plain); if (b) show_bytes("AsASCIIString", b); else show_error("AsASCIIString"); Py_XDECREF(b);
    b = PyUnicode_AsUnicodeEscapeString(plain); show_bytes("AsUnicodeEscapeString", b); Py_XDECREF(b);
    b = PyUnicode_AsRawUnicodeEscapeString(plain); show_bytes("AsRawUnicodeEscapeString", b); Py_XDECREF(b);
    PyObject *esc = PyUnicode_FromString("tab\there \\ quote' \x01\x7f");
    b = PyUnicode_AsUnicodeEscapeString(esc); show_bytes("AsUnicodeEscapeString ctl", b); Py_XDECREF(b);

    const char *latin = "caf\xe9\x80\xff";
    for (unsigned h = 0; h < NH; h++) {
        char label[64];
        snprintf(label, sizeof label, "DecodeASCII %s", handlers[h] ? handlers[h] : "NULL");
        PyObject *s = PyUnicode_DecodeASCII(latin, 6, handlers[h]);
        if (s) show_str(label, s); else show_error(label);
        Py_XDECREF(s);
    }
    PyObject *l1 = PyUnicode_DecodeLatin1(latin, 6, NULL);
    show_str("DecodeLatin1", l1);
    Py_XDECREF(l1);

    const char *escapes[] = {"plain", "a\\tb\\n\\\\", "\\x41\\u20ac\\U0001F40D", "\\101\\0\\777", "\\q\\", "\\x4",
                             "\\u12", "\\U00110000", "\\N{LATIN", "\\N{}", "line\\\ncont", "\\'\\\"\\a\\b\\f\\v\\r"};
    for (unsigned i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        for (unsigned h = 0; h < 4; h++) {
            char label[96];
            snprintf(label, sizeof label, "unicode_escape[%u] %s", i, handlers[h] ? handlers[h] : "NULL");
            PyObject *s = PyUnicode_DecodeUnicodeEscape(escapes[i], (Py_ssize_t)strlen(escapes[i]), handlers[h]);
            if (s) show_str(label, s); else show_error(label);
            Py_XDECREF(s);
            snprintf(label, sizeof label, "raw_unicode_escape[%u] %s", i, handlers[h] ? handlers[h] : "NULL");
            s = PyUnicode_DecodeRawUnicodeEscape(escapes[i], (Py_ssize_t)strlen(escapes[i]), handlers[h]);
            if (s) show_str(label, s); else show_error(label);
            Py_XDECREF(s);
        }
    }
    const char *names[] = {"utf-8", "UTF8", "latin1", "ascii", "utf-16", "utf-32-le", "nonexistent"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "Decode %s", names[i]);
        PyObject *s = PyUnicode_Decode("ab\xc3\xa9", 4, names[i], "replace");
        if (s) show_str(label, s); else show_error(label);
        Py_XDECREF(s);
    }
    printf("default encoding=%s\n", PyUnicode_GetDefaultEncoding());
    return 0;
}
