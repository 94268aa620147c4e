// compat: the str C API's UTF-7 and charmap codecs (PyUnicode_DecodeUTF7(Stateful),
// PyUnicode_DecodeCharmap, PyUnicode_AsCharmapString, PyUnicode_BuildEncodingMap), the
// deprecated registry calls PyUnicode_As{De,En}coded{Object,Unicode} (their warnings raised as
// errors, then ignored), PyLong_GetInfo / PyFloat_GetInfo and PyBuffer_SizeFromFormat.
#include "unicode_common.h"

static void show_any(const char *label, PyObject *o) {
    if (!o) { show_error(label); return; }
    PyObject *r = PyObject_Repr(o);
    if (r) { printf("%s: %s\n", label, PyUnicode_AsUTF8(r)); Py_DECREF(r); } else show_error(label);
    Py_DECREF(o);
}

static void utf7(const char *label, const char *b, Py_ssize_t n) {
    static const char *handlers[] = {NULL, "ignore", "replace", "bogus"};
    for (unsigned h = 0; h < 4; h++) {
        char l[96];
        snprintf(l, sizeof l, "utf7 %s %s", label, handlers[h] ? handlers[h] : "NULL");
        show_any(l, PyUnicode_DecodeUTF7(b, n, handlers[h]));
    }
    Py_ssize_t consumed = -1;
    PyObject *s = PyUnicode_DecodeUTF7Stateful(b, n, "replace", &consumed);
    printf("utf7 %s stateful consumed=%zd\n", label, consumed);
    show_any("  ", s);
}

int main(void) {
    Py_Initialize();
    utf7("plain", "Hi Mom -+Jjo--!", 15);
    utf7("shifted", "+ZeVnLIqe-", 10);
    utf7("open shift", "a+ZeVnLIqe", 10);
    utf7("partial", "a+Ze", 4);
    utf7("bad b64", "+!-", 3);
    utf7("plus minus", "+-", 2);

    // charmap decode: NULL mapping is Latin-1; a str table; a dict; a list; unmapped bytes
    show_any("charmap NULL", PyUnicode_DecodeCharmap("a\xe9\xff", 3, NULL, NULL));
    PyObject *table = PyUnicode_FromString("xyz\xef\xbf\xbe");  // U+FFFE marks byte 3 unmapped
    show_any("charmap table", PyUnicode_DecodeCharmap("\x00\x01\x02", 3, table, NULL));
    show_any("charmap table unmapped", PyUnicode_DecodeCharmap("\x00\x03\x09", 3, table, NULL));
    show_any("charmap table unmapped replace", PyUnicode_DecodeCharmap("\x00\x03\x09", 3, table, "replace"));
    show_any("charmap table unmapped ignore", PyUnicode_DecodeCharmap("\x00\x03\x09", 3, table, "ignore"));
    PyObject *dict = Py_BuildValue("{i:s,i:i,i:O}", 97, "AB", 98, 0x263a, 99, Py_None);
    show_any("charmap dict", PyUnicode_DecodeCharmap("ab", 2, dict, NULL));
    show_any("charmap dict undefined", PyUnicode_DecodeCharmap("abc", 3, dict, NULL));
    show_any("charmap dict missing", PyUnicode_DecodeCharmap("ad", 2, dict, "replace"));

    // encoding maps and charmap encode
    PyObject *emap = PyUnicode_BuildEncodingMap(table);
    if (emap) {
        PyObject *s = PyUnicode_FromString("zyx");
        show_any("as charmap", PyUnicode_AsCharmapString(s, emap));
        Py_DECREF(s);
        s = PyUnicode_FromString("zq");
        show_any("as charmap unmapped", PyUnicode_AsCharmapString(s, emap));
        Py_DECREF(s);
        Py_DECREF(emap);
    } else show_error("build encoding map");
    PyObject *enc_dict = Py_BuildValue("{i:i,i:y,i:O}", 0x41, 0x61, 0x42, "bb", 0x43, Py_None);
    PyObject *s = PyUnicode_FromString("AB");
    show_any("as charmap dict", PyUnicode_AsCharmapString(s, enc_dict));
    Py_DECREF(s);
    s = PyUnicode_FromString("ABC");
    show_any("as charmap dict None", PyUnicode_AsCharmapString(s, enc_dict));
    Py_DECREF(s);
    show_any("build map bad", PyUnicode_BuildEncodingMap(Py_None));
    PyObject *num = PyLong_FromLong(3);
    show_any("as charmap bad arg", PyUnicode_AsCharmapString(num, enc_dict));
    Py_DECREF(enc_dict);
    Py_DECREF(dict);
    Py_DECREF(table);

    // deprecated registry calls: first with the warning as an error, then ignored
    PyRun_SimpleString("import warnings; warnings.simplefilter('error')");
    s = PyUnicode_FromString("abc");
    show_any("decoded object (error)", PyUnicode_AsDecodedObject(s, "rot13", NULL));
    PyRun_SimpleString("warnings.simplefilter('ignore')");
    show_any("decoded object", PyUnicode_AsDecodedObject(s, "rot13", NULL));
    show_any("decoded unicode", PyUnicode_AsDecodedUnicode(s, "rot13", NULL));
    show_any("encoded object", PyUnicode_AsEncodedObject(s, "utf-16-le", NULL));
    show_any("encoded object default", PyUnicode_AsEncodedObject(s, NULL, NULL));
    show_any("encoded unicode", PyUnicode_AsEncodedUnicode(s, "rot13", NULL));
    show_any("encoded unicode bytes", PyUnicode_AsEncodedUnicode(s, "utf-8", NULL));
    show_any("decoded unicode bad codec", PyUnicode_AsDecodedUnicode(s, "nonexistent-codec", NULL));
    show_any("decoded object not str", PyUnicode_AsDecodedObject(num, "utf-8", NULL));
    Py_DECREF(s);
    Py_DECREF(num);

    show_any("long info", PyLong_GetInfo());
    show_any("float info", PyFloat_GetInfo());
    const char *formats[] = {"i", "3d", "<hq", "@P", "x", "", "zz"};
    for (unsigned i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        Py_ssize_t n = PyBuffer_SizeFromFormat(formats[i]);
        printf("size of '%s' = %zd\n", formats[i], n);
        if (n < 0) show_error("  ");
    }
    Py_Finalize();
    return 0;
}
