// compat: the bytes and bytearray C API: PyBytes_FromString(AndSize) (with the b"" and one-byte
// singletons), AsString, AsStringAndSize, Size, FromObject, Repr, Concat(AndDel),
// _PyBytes_Resize, DecodeEscape, FromFormat(V) with every code; PyByteArray_FromStringAndSize,
// FromObject, Size, AsString, Resize, Concat; bytes hashing and comparison; bad input.
#include "unicode_common.h"
#include <limits.h>

static void show_ba(const char *label, PyObject *b) {
    if (!b) { show_error(label); return; }
    printf("%s %s len=%zd alloc=%zd:", label, Py_TYPE(b)->tp_name, PyByteArray_GET_SIZE(b), ((PyByteArrayObject *)b)->ob_alloc);
    for (Py_ssize_t i = 0; i < PyByteArray_GET_SIZE(b); i++) printf(" %02x", (unsigned char)PyByteArray_AS_STRING(b)[i]);
    printf(" nul=%d\n", PyByteArray_AS_STRING(b)[PyByteArray_GET_SIZE(b)] == 0);
}

static void show_repr(const char *label, PyObject *b, int smart) {
    PyObject *r = PyBytes_Repr(b, smart);
    printf("%s %s\n", label, r ? PyUnicode_AsUTF8(r) : "NULL");
    Py_XDECREF(r);
}

int main(void) {
    Py_Initialize();
    PyObject *e1 = PyBytes_FromString(""), *e2 = PyBytes_FromStringAndSize("", 0);
    printf("empty singleton=%d\n", e1 == e2);
    PyObject *c1 = PyBytes_FromString("x"), *c2 = PyBytes_FromStringAndSize("x", 1);
    printf("char singleton=%d\n", c1 == c2);
    PyObject *fresh1 = PyBytes_FromStringAndSize(NULL, 1);
    printf("NULL size 1 is fresh=%d\n", fresh1 != c1);
    PyObject *b = PyBytes_FromStringAndSize("ab\0cd", 5);
    show_bytes("with nul", b);
    printf("Size=%zd AsString[1]=%c\n", PyBytes_Size(b), PyBytes_AsString(b)[1]);
    char *buf; Py_ssize_t len;
    int rc = PyBytes_AsStringAndSize(b, &buf, &len);
    printf("AsStringAndSize len=%d %zd same=%d\n", rc, len, buf == PyBytes_AS_STRING(b));
    printf("AsStringAndSize no len=%d\n", PyBytes_AsStringAndSize(b, &buf, NULL));
    show_error("embedded nul");
    printf("AsString(None)=%p\n", (void *)PyBytes_AsString(Py_None));
    show_error("AsString(None)");
    printf("Size(None)=%zd\n", PyBytes_Size(Py_None));
    show_error("Size(None)");
    printf("FromStringAndSize(-1)=%p\n", (void *)PyBytes_FromStringAndSize("x", -1));
    show_error("FromStringAndSize(-1)");

    PyObject *texts[] = {PyBytes_FromString("plain"), PyBytes_FromString("it's"), PyBytes_FromString("say \"hi\""),
                         PyBytes_FromString("both ' and \""), PyBytes_FromStringAndSize("\x00\t\n\r\\\x7f\x80\xff", 8)};
    for (int i = 0; i < 5; i++) {
        char label[32];
        snprintf(label, sizeof label, "Repr[%d]", i); show_repr(label, texts[i], 1);
        snprintf(label, sizeof label, "Repr0[%d]", i); show_repr(label, texts[i], 0);
        printf("hash[%d]=%zd\n", i, (Py_ssize_t)PyObject_Hash(texts[i]));
    }
    PyObject *acc = PyBytes_FromString("ab");
    PyBytes_Concat(&acc, texts[0]);
    show_bytes("Concat", acc);
    PyObject *ba = PyByteArray_FromStringAndSize("BA", 2);
    PyBytes_Concat(&acc, ba);
    show_bytes("Concat bytearray", acc);
    PyBytes_Concat(&acc, Py_None);
    printf("Concat None -> %p\n", (void *)acc);
    show_error("Concat None");
    acc = PyBytes_FromString("q");
    Py_INCREF(texts[1]);
    PyBytes_ConcatAndDel(&acc, texts[1]);
    show_bytes("ConcatAndDel", acc);
    PyObject *r = PyBytes_FromStringAndSize(NULL, 10);
    memcpy(PyBytes_AS_STRING(r), "0123456789", 10);
    rc = _PyBytes_Resize(&r, 4);
    printf("Resize=%d\n", rc);
    show_bytes("after Resize", r);
    printf("Resize grow=%d\n", _PyBytes_Resize(&r, 6));
    printf("len=%zd nul=%d\n", PyBytes_GET_SIZE(r), PyBytes_AS_STRING(r)[6] == 0);
    Py_INCREF(r);
    PyObject *shared = r;
    printf("Resize shared=%d ptr-null=%d\n", _PyBytes_Resize(&shared, 2), shared == NULL);
    show_error("Resize shared");
    PyObject *fo = PyBytes_FromObject(texts[0]);
    printf("FromObject same=%d\n", fo == texts[0]);
    fo = PyBytes_FromObject(ba);
    show_bytes("FromObject bytearray", fo);
    fo = PyBytes_FromObject(Py_None);
    show_error("FromObject None");
    const char *esc[] = {"a\\x41\\n\\t\\\\", "\\101\\0\\7", "\\q\\", "bad\\x4", "bad\\xZZ!", "line\\\ncont"};
    const char *errs[] = {NULL, "strict", "replace", "ignore", "bogus"};
    for (unsigned i = 0; i < sizeof esc / sizeof esc[0]; i++)
        for (unsigned k = 0; k < 5; k++) {
            char label[64];
            snprintf(label, sizeof label, "DecodeEscape[%u] %s", i, errs[k] ? errs[k] : "NULL");
            PyObject *d = PyBytes_DecodeEscape(esc[i], (Py_ssize_t)strlen(esc[i]), errs[k], 0, NULL);
            if (d) show_bytes(label, d); else show_error(label);
            Py_XDECREF(d);
        }
    PyObject *f = PyBytes_FromFormat("%d %i %u %x %ld %lu %zd %zu %c %s %.3s %% %5d|%-3s", -5, 6, 7u, 255, -8L, 9UL,
                                     (Py_ssize_t)-10, (size_t)11, 'Z', "str", "abcdef", 12, "w");
    show_bytes("FromFormat", f);
    printf("FromFormat text=%s\n", PyBytes_AS_STRING(f));
    f = PyBytes_FromFormat("%c", 256);
    show_error("FromFormat %c 256");
    f = PyBytes_FromFormat("abc %y def %d", 1);
    printf("FromFormat unknown=%s\n", f ? PyBytes_AS_STRING(f) : "NULL");
    f = PyBytes_FromFormat("%d %d", INT_MIN, INT_MAX);
    printf("FromFormat limits=%s\n", PyBytes_AS_STRING(f));

    show_ba("ByteArray", ba);
    PyObject *ba0 = PyByteArray_FromStringAndSize(NULL, 0);
    show_ba("ByteArray empty", ba0);
    printf("AsString empty nul=%d\n", PyByteArray_AsString(ba0)[0] == 0);
    PyObject *ba3 = PyByteArray_FromStringAndSize(NULL, 3);
    printf("ByteArray NULL 3 size=%zd alloc=%zd\n", PyByteArray_Size(ba3), ((PyByteArrayObject *)ba3)->ob_alloc);
    for (Py_ssize_t n = 4; n <= 40; n += 9) {
        printf("Resize(%zd)=%d", n, PyByteArray_Resize(ba, n));
        printf(" size=%zd alloc=%zd\n", PyByteArray_Size(ba), ((PyByteArrayObject *)ba)->ob_alloc);
    }
    rc = PyByteArray_Resize(ba, 3);
    printf("Resize(3)=%d size=%zd alloc=%zd\n", rc, PyByteArray_Size(ba), ((PyByteArrayObject *)ba)->ob_alloc);
    PyObject *cat = PyByteArray_Concat(texts[0], ba0);
    show_ba("Concat", cat);
    cat = PyByteArray_Concat(ba0, Py_None);
    show_error("Concat None");
    PyObject *fo2 = PyByteArray_FromObject(texts[2]);
    show_ba("FromObject bytes", fo2);
    PyObject *n5 = PyLong_FromLong(5);
    fo2 = PyByteArray_FromObject(n5);
    show_ba("FromObject 5", fo2);
    PyObject *s = PyUnicode_FromString("x");
    fo2 = PyByteArray_FromObject(s);
    show_error("FromObject str");
    printf("ByteArray(-1)=%p\n", (void *)PyByteArray_FromStringAndSize("x", -1));
    show_error("ByteArray(-1)");
    return 0;
}
