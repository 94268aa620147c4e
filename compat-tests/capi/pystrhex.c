// compat: the private hex dumps _Py_strhex(_bytes)(_with_sep) used by binascii and hashlib:
// plain, grouped from the right (N > 0) and the left (N < 0), group >= length, empty input,
// str and bytes separators, and the separator errors; and _Py_dg_infinity/_Py_dg_stdnan.
#include "unicode_common.h"
#include <math.h>
#include <string.h>

PyAPI_FUNC(PyObject*) _Py_strhex(const char* argbuf, const Py_ssize_t arglen);
PyAPI_FUNC(PyObject*) _Py_strhex_bytes(const char* argbuf, const Py_ssize_t arglen);
PyAPI_FUNC(PyObject*) _Py_strhex_with_sep(const char* argbuf, const Py_ssize_t arglen, PyObject* sep, const int bytes_per_group);
PyAPI_FUNC(PyObject*) _Py_strhex_bytes_with_sep(const char* argbuf, const Py_ssize_t arglen, PyObject* sep, const int bytes_per_group);
double _Py_dg_infinity(int sign);
double _Py_dg_stdnan(int sign);

static void show(const char *label, PyObject *r) {
    if (!r) { show_error(label); return; }
    PyObject *s = PyObject_Repr(r);
    printf("%s %s\n", label, PyUnicode_AsUTF8(s));
    Py_DECREF(s);
    Py_DECREF(r);
}

int main(void) {
    Py_Initialize();
    const char *d = "\x01\x23\x45\x67\x89\xab\xcd\xef\xff";
    show("plain", _Py_strhex(d, 9));
    show("plain bytes", _Py_strhex_bytes(d, 9));
    show("empty", _Py_strhex(d, 0));
    show("empty bytes", _Py_strhex_bytes(d, 0));
    PyObject *colon = PyUnicode_FromString(":"), *dash = PyBytes_FromString("-");
    int groups[] = {1, 2, 4, -1, -2, -4, 8, 9, 10, -9, 0, -100};
    for (int i = 0; i < 12; i++) {
        char label[64];
        snprintf(label, sizeof label, "sep str %d", groups[i]);
        show(label, _Py_strhex_with_sep(d, 9, colon, groups[i]));
        snprintf(label, sizeof label, "sep bytes %d", groups[i]);
        show(label, _Py_strhex_bytes_with_sep(d, 9, dash, groups[i]));
    }
    show("sep null", _Py_strhex_with_sep(d, 3, NULL, 1));
    show("sep on empty", _Py_strhex_with_sep(d, 0, colon, 1));
    show("sep on one", _Py_strhex_with_sep(d, 1, colon, 1));
    PyObject *two = PyUnicode_FromString("::"), *nonascii = PyUnicode_FromString("\xc3\xa9");
    PyObject *hibyte = PyBytes_FromString("\xe9"), *num = PyLong_FromLong(1);
    PyObject *lst = Py_BuildValue("[i]", 1);
    show("sep too long", _Py_strhex_with_sep(d, 3, two, 1));
    show("sep non-ascii str", _Py_strhex_with_sep(d, 3, nonascii, 1));
    show("sep non-ascii str to bytes", _Py_strhex_bytes_with_sep(d, 3, nonascii, 1));
    show("sep high byte", _Py_strhex_with_sep(d, 3, hibyte, 1));
    show("sep high byte to bytes", _Py_strhex_bytes_with_sep(d, 3, hibyte, 1));
    show("sep int", _Py_strhex_with_sep(d, 3, num, 1));
    show("sep list", _Py_strhex_with_sep(d, 3, lst, 1));

    double pinf = _Py_dg_infinity(0), ninf = _Py_dg_infinity(1);
    double pnan = _Py_dg_stdnan(0), nnan = _Py_dg_stdnan(1);
    unsigned long long bits;
    printf("inf %d %d %d %d\n", isinf(pinf) != 0, pinf > 0, isinf(ninf) != 0, ninf < 0);
    memcpy(&bits, &pnan, 8); printf("nan+ %016llx\n", bits);
    memcpy(&bits, &nnan, 8); printf("nan- %016llx\n", bits);
    Py_Finalize();
    return 0;
}
