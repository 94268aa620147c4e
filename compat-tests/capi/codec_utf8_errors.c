// compat: UTF-8 decoding of invalid input with every error handler (ranges and reasons of
// UnicodeDecodeError), the stateful decoder's `consumed`, and UTF-8 encoding of lone
// surrogates with every handler.
#include "unicode_common.h"

static const struct { const char *name; const char *bytes; Py_ssize_t len; } inputs[] = {
    {"lone-ff", "\xff", 1},
    {"mid-ff", "ab\xffz", 4},
    {"cont-alone", "\x80\x80", 2},
    {"c0-overlong", "\xc0\xaf", 2},
    {"c2-end", "a\xc2", 2},
    {"e0-bad2", "\xe0\x80\x80", 3},
    {"e2-trunc", "x\xe2\x82", 3},
    {"e2-bad3", "\xe2\x82z", 3},
    {"surrogate", "\xed\xa0\x80", 3},
    {"surrogate-pair", "\xed\xa0\xbd\xed\xb0\x8d", 6},
    {"f0-bad2", "\xf0\x80\x80\x80", 4},
    {"f4-toobig", "\xf4\x90\x80\x80", 4},
    {"f5", "\xf5\x80", 2},
    {"f0-trunc3", "\xf0\x9f\x90", 3},
    {"f0-bad4", "\xf0\x9f\x90z", 4},
    {"mixed", "\xc3\xa9\xff\xe2\x82\xac\x80\xf0\x9f\x90\x8d", 11},
    {"ascii-tail", "ok\x80ok", 5},
    {"latin", "\xe9t\xe9", 3},
};
static const char *handlers[] = {NULL, "strict", "ignore", "replace", "backslashreplace", "surrogateescape",
                                 "surrogatepass", "xmlcharrefreplace", "namereplace", "bogus"};

int main(void) {
    Py_Initialize();
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        for (unsigned h = 0; h < sizeof handlers / sizeof handlers[0]; h++) {
            char label[96];
            snprintf(label, sizeof label, "%s/%s", inputs[i].name, handlers[h] ? handlers[h] : "NULL");
            PyObject *s = PyUnicode_DecodeUTF8(inputs[i].bytes, inputs[i].len, handlers[h]);
            if (s) show_str(label, s); else show_error(label);
            Py_XDECREF(s);
        }
        Py_ssize_t consumed = -1;
        PyObject *s = PyUnicode_DecodeUTF8Stateful(inputs[i].bytes, inputs[i].len, "replace", &consumed);
        printf("%s stateful consumed=%zd\n", inputs[i].name, consumed);
        if (s) show_str("  ", s); else show_error("  ");
        Py_XDECREF(s);
    }
    /* Valid text: every kind. */
    const char *valid[] = {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x90\x8d\xc3\xa9", "\x00x"};
    for (unsigned i = 0; i < sizeof valid / sizeof valid[0]; i++) {
        PyObject *s = PyUnicode_DecodeUTF8(valid[i], i == 5 ? 2 : (Py_ssize_t)strlen(valid[i]), NULL);
        show_str("valid", s);
        Py_XDECREF(s);
    }
    /* Encoding lone surrogates. */
    Py_UCS4 text[] = {'a', 0xd800, 0xdc80, 'b', 0xdfff, 0x10000};
    PyObject *u = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, text, 6);
    for (unsigned h = 0; h < sizeof handlers / sizeof handlers[0]; h++) {
        char label[64];
        snprintf(label, sizeof label, "encode/%s", handlers[h] ? handlers[h] : "NULL");
        PyObject *b = PyUnicode_AsEncodedString(u, "utf-8", handlers[h]);
        if (b) show_bytes(label, b); else show_error(label);
        Py_XDECREF(b);
    }
    const char *p = PyUnicode_AsUTF8(u);
    printf("AsUTF8 surrogate ok=%d\n", p != NULL);
    show_error("AsUTF8 error");
    PyObject *b = PyUnicode_AsUTF8String(u);
    printf("AsUTF8String ok=%d\n", b != NULL);
    show_error("AsUTF8String error");
    Py_DECREF(u);
    PyErr_SetString(PyExc_ValueError, "bad \xff utf8");
    show_error("PyErr_SetString invalid");
    return 0;
}
