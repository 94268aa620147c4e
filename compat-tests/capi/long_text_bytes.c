// compat: int <-> text and bytes: PyLong_FromString (bases 0/2..36, prefixes, underscores,
// whitespace, signs, errors and *pend), PyLong_FromUnicodeObject (Unicode digits/spaces),
// _PyLong_Format, the 4300-digit limit both ways, _PyLong_FromByteArray/_PyLong_AsByteArray
// (both orders, signed/unsigned, overflow), _PyLong_Frexp, _PyLong_GCD, _PyLong_DivmodNear,
// _PyLong_Lshift/_PyLong_Rshift, _PyLong_Copy, _PyLong_New.
#include <Python.h>
#include <stdio.h>
#include <string.h>

static void print_str(PyObject *r) {
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++) {
        Py_UCS4 c = PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i);
        if (c < 128) putchar((int)c); else printf("\\u%04x", (unsigned)c);
    }
}

static void show(const char *label, PyObject *o) {
    printf("%s -> ", label);
    PyObject *text = NULL;
    if (o && PyUnicode_CheckExact(o)) { text = o; o = Py_NewRef(o); }
    else if (o && !PyTuple_Check(o)) { text = Py_TYPE(o)->tp_repr(o); if (!text) { Py_DECREF(o); o = NULL; } }
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("%s", t ? ((PyTypeObject *)t)->tp_name : "NULL-without-error");
        if (v && PyUnicode_Check(v)) { printf(": "); print_str(v); }
        Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    } else if (PyTuple_Check(o)) {
        printf("(");
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(o); i++) {
            PyObject *item = PyTuple_GET_ITEM(o, i), *r = Py_TYPE(item)->tp_repr(item);
            if (i) printf(", ");
            print_str(r); Py_DECREF(r);
        }
        printf(")");
        Py_DECREF(o);
    } else {
        printf("%s ", Py_TYPE(o)->tp_name);
        print_str(text);
        Py_DECREF(text);
        Py_DECREF(o);
    }
    printf("\n");
}

static void from_string(const char *s, int base) {
    char *end = NULL;
    char label[300];
    PyObject *o = PyLong_FromString(s, &end, base);
    snprintf(label, sizeof label, "FromString(\"%s\", %d) end+%d", s, base, end ? (int)(end - s) : -1);
    show(label, o);
}

int main(void) {
    Py_Initialize();
    const char *texts[] = {"0", "00", "0_0", "-0", "+17", "  42  ", "\t-42\n", "1_000_000", "1__0", "_1", "1_",
        "0x1f", "0X1F", "0x_1f", "0x__1f", "0o17", "0b101", "0b102", "017", "0_7", "", "   ", "-", "+-1", "12abc",
        "zz", "ZZ", "1e5", "1.5", "0x", "99999999999999999999999999999999999", "-0b1_0", "\xc3\xa9", "1 2", "7\x0b"};
    int bases[] = {0, 10, 16, 2, 36, 8};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (size_t b = 0; b < sizeof bases / sizeof *bases; b++) from_string(texts[i], bases[b]);
    from_string("10", 1);
    from_string("10", 37);
    from_string("10", -1);

    PyObject *u = PyUnicode_FromString("\xd9\xa1\xd9\xa2\xd9\xa3");  /* Arabic-Indic 123 */
    show("FromUnicodeObject arabic", PyLong_FromUnicodeObject(u, 10));
    PyObject *u2 = PyUnicode_FromString("\xe3\x80\x80\xef\xbc\x94\xef\xbc\x92\xe2\x80\x83");  /* ideographic space, fullwidth 42, em space */
    show("FromUnicodeObject fullwidth", PyLong_FromUnicodeObject(u2, 0));
    PyObject *u3 = PyUnicode_FromString("12\xc3\xa9");
    show("FromUnicodeObject bad", PyLong_FromUnicodeObject(u3, 10));
    PyObject *u4 = PyUnicode_FromString("ff");
    show("FromUnicodeObject hex", PyLong_FromUnicodeObject(u4, 16));

    PyObject *vals[] = {PyLong_FromLong(0), PyLong_FromLong(255), PyLong_FromLong(-255), PyLong_FromLongLong(-1LL << 40),
        PyLong_FromString("123456789012345678901234567890", NULL, 10), PyLong_FromString("-0x8000000000000000", NULL, 0)};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        int bases2[] = {2, 8, 10, 16};
        for (size_t b = 0; b < 4; b++) {
            char label[64];
            snprintf(label, sizeof label, "Format[%zu] base %d", i, bases2[b]);
            show(label, _PyLong_Format(vals[i], bases2[b]));
        }
        Py_ssize_t e = 0;
        double m = _PyLong_Frexp((PyLongObject *)vals[i], &e);
        printf("Frexp[%zu] = %.17g, %zd\n", i, m, e);
        for (size_t len = 0; len <= 17; len += (len < 9 ? 1 : 8)) {
            for (int le = 0; le <= 1; le++)
                for (int sg = 0; sg <= 1; sg++) {
                    unsigned char buf[17];
                    memset(buf, 0xAA, sizeof buf);
                    int r = _PyLong_AsByteArray((PyLongObject *)vals[i], buf, len, le, sg);
                    printf("AsByteArray[%zu] len=%zu le=%d signed=%d -> %d:", i, len, le, sg, r);
                    /* on overflow the buffer's content is unspecified */
                    for (size_t k = 0; r == 0 && k < len; k++) printf(" %02x", buf[k]);
                    printf("\n");
                    if (r < 0) show("  err", NULL);
                    else {
                        char label[64];
                        snprintf(label, sizeof label, "  back");
                        show(label, _PyLong_FromByteArray(buf, len, le, sg));
                    }
                }
        }
    }
    unsigned char bytes[] = {0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    show("FromByteArray 80..01 le signed", _PyLong_FromByteArray(bytes, 9, 1, 1));
    show("FromByteArray 80..01 be signed", _PyLong_FromByteArray(bytes, 9, 0, 1));
    show("FromByteArray 80..01 be unsigned", _PyLong_FromByteArray(bytes, 9, 0, 0));
    show("FromByteArray empty", _PyLong_FromByteArray(bytes, 0, 0, 1));
    unsigned char ff[3] = {0xff, 0xff, 0xff};
    show("FromByteArray ffffff signed", _PyLong_FromByteArray(ff, 3, 1, 1));

    show("GCD(48, -18)", _PyLong_GCD(PyLong_FromLong(48), PyLong_FromLong(-18)));
    show("GCD(0, 0)", _PyLong_GCD(PyLong_FromLong(0), PyLong_FromLong(0)));
    show("GCD(big, big)", _PyLong_GCD(vals[4], PyLong_FromString("987654321098765432109876543210", NULL, 10)));
    long nums[] = {7, -7, 5, -5, 6, 15, -15, 14};
    long dens[] = {2, -2, 10, 3, 4};
    for (size_t i = 0; i < 8; i++)
        for (size_t j = 0; j < 5; j++) {
            char label[64];
            snprintf(label, sizeof label, "DivmodNear(%ld, %ld)", nums[i], dens[j]);
            show(label, _PyLong_DivmodNear(PyLong_FromLong(nums[i]), PyLong_FromLong(dens[j])));
        }
    show("DivmodNear(1, 0)", _PyLong_DivmodNear(PyLong_FromLong(1), PyLong_FromLong(0)));
    show("DivmodNear(1.0, 2)", _PyLong_DivmodNear(PyFloat_FromDouble(1.0), PyLong_FromLong(2)));
    show("Lshift(-3, 100)", _PyLong_Lshift(PyLong_FromLong(-3), 100));
    show("Rshift(-3, 1)", _PyLong_Rshift(PyLong_FromLong(-3), 1));
    show("Rshift(big, 64)", _PyLong_Rshift(vals[4], 64));
    show("Copy(True)", _PyLong_Copy((PyLongObject *)Py_True));
    PyLongObject *fresh = _PyLong_New(2);
    printf("New(2) size=%zd type=%s\n", Py_SIZE(fresh), Py_TYPE(fresh)->tp_name);
    fresh->ob_digit[0] = 5; fresh->ob_digit[1] = 1;
    show("New(2) filled", (PyObject *)fresh);

    /* the 4300-digit limit */
    char digits[4400];
    memset(digits, '7', sizeof digits);
    digits[4300] = 0;
    PyObject *big = PyLong_FromString(digits, NULL, 10);
    printf("4300 digits parsed=%d\n", big != NULL);
    PyObject *r = Py_TYPE(big)->tp_repr(big);
    printf("4300 digits repr len=%zd\n", r ? PyUnicode_GET_LENGTH(r) : -1);
    Py_XDECREF(r);
    digits[4300] = '7'; digits[4301] = 0;
    show("4301 digits", PyLong_FromString(digits, NULL, 10));
    show("4301 hex digits", PyLong_FromString(digits, NULL, 16) ? PyLong_FromLong(1) : NULL);
    PyObject *ten = PyLong_FromLong(10);
    PyObject *huge = PyNumber_Multiply(big, ten);
    show("repr of 4301-digit int", huge);
    PyObject *huge2 = PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(100000));
    show("repr of 2**100000", huge2);
    show("hex of 2**100000 len", PyLong_FromSsize_t(PyUnicode_GET_LENGTH(_PyLong_Format(PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(100000)), 16))));
    Py_Finalize();
    return 0;
}
