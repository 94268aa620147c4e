// compat: PyLong_From*/As* over edge values (0, ±1, small-int bounds, ±2**30±1, ±2**63, ±2**64),
// overflow errors and their messages, small-int identity, _PyLong_Sign/_PyLong_NumBits.
#include <Python.h>
#include <stdio.h>

static void show_obj(const char *label, PyObject *o) {
    if (!o) { printf("%s NULL\n", label); return; }
    PyObject *r = Py_TYPE(o)->tp_repr(o);
    if (!r) { printf("%s repr failed\n", label); PyErr_Clear(); return; }
    printf("%s %s:", label, Py_TYPE(o)->tp_name);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++)
        putchar((int)PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i));
    putchar('\n');
    Py_DECREF(r);
}

static void show_err(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (!t) { printf("  %s: no error\n", label); return; }
    printf("  %s: %s", label, ((PyTypeObject *)t)->tp_name);
    if (v && PyUnicode_Check(v)) {
        printf(" '");
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(v); i++)
            putchar((int)PyUnicode_READ(PyUnicode_KIND(v), PyUnicode_DATA(v), i));
        printf("'");
    }
    printf("\n");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void conversions(PyObject *o) {
    show_obj("value", o);
    printf("  sign=%d numbits=%zu size=%zd\n", _PyLong_Sign(o), _PyLong_NumBits(o), Py_SIZE(o));
    long l = PyLong_AsLong(o);
    printf("  AsLong=%ld\n", l); show_err("AsLong");
    int ov = 99;
    l = PyLong_AsLongAndOverflow(o, &ov);
    printf("  AsLongAndOverflow=%ld overflow=%d\n", l, ov); show_err("AsLongAndOverflow");
    long long ll = PyLong_AsLongLongAndOverflow(o, &ov);
    printf("  AsLongLongAndOverflow=%lld overflow=%d\n", ll, ov); show_err("AsLongLongAndOverflow");
    printf("  AsLongLong=%lld\n", PyLong_AsLongLong(o)); show_err("AsLongLong");
    printf("  AsUnsignedLong=%lu\n", PyLong_AsUnsignedLong(o)); show_err("AsUnsignedLong");
    printf("  AsUnsignedLongLong=%llu\n", PyLong_AsUnsignedLongLong(o)); show_err("AsUnsignedLongLong");
    printf("  AsSsize_t=%zd\n", PyLong_AsSsize_t(o)); show_err("AsSsize_t");
    printf("  AsSize_t=%zu\n", PyLong_AsSize_t(o)); show_err("AsSize_t");
    printf("  AsUnsignedLongMask=%lu\n", PyLong_AsUnsignedLongMask(o)); show_err("AsUnsignedLongMask");
    printf("  AsUnsignedLongLongMask=%llu\n", PyLong_AsUnsignedLongLongMask(o)); show_err("AsUnsignedLongLongMask");
    printf("  AsDouble=%.17g\n", PyLong_AsDouble(o)); show_err("AsDouble");
    printf("  _AsInt=%d\n", _PyLong_AsInt(o)); show_err("_AsInt");
    printf("  AsVoidPtr nonnull=%d\n", PyLong_AsVoidPtr(o) != NULL); show_err("AsVoidPtr");
}

int main(void) {
    Py_Initialize();
    long long signed_values[] = {0, 1, -1, 5, -5, -6, 255, 256, 257, -257,
        (1LL << 30) - 1, 1LL << 30, (1LL << 30) + 1, -((1LL << 30) - 1), -(1LL << 30), -((1LL << 30) + 1),
        1LL << 31, -(1LL << 31), (1LL << 31) - 1, 1LL << 60, -(1LL << 60), LLONG_MAX, LLONG_MIN, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof signed_values / sizeof *signed_values; i++) {
        PyObject *o = PyLong_FromLongLong(signed_values[i]);
        conversions(o);
        Py_DECREF(o);
    }
    unsigned long long unsigned_values[] = {0, 1, 256, 257, 1ULL << 63, ULLONG_MAX, ULLONG_MAX - 1, (1ULL << 62) + 12345};
    for (size_t i = 0; i < sizeof unsigned_values / sizeof *unsigned_values; i++) {
        PyObject *o = PyLong_FromUnsignedLongLong(unsigned_values[i]);
        conversions(o);
        Py_DECREF(o);
    }
    /* 2**64 and -2**64, 2**64+1, -(2**64)-1 via doubles and via shifts */
    double doubles[] = {18446744073709551616.0, -18446744073709551616.0, 9223372036854775808.0,
        -9223372036854775808.0, 1e30, -1e30, 0.5, -0.5, -0.0, 1.9999, -1.9999, 123456789.987, 1e300};
    for (size_t i = 0; i < sizeof doubles / sizeof *doubles; i++) {
        PyObject *o = PyLong_FromDouble(doubles[i]);
        conversions(o);
        Py_DECREF(o);
    }
    show_obj("FromDouble inf", PyLong_FromDouble(Py_HUGE_VAL)); show_err("inf");
    show_obj("FromDouble -inf", PyLong_FromDouble(-Py_HUGE_VAL)); show_err("-inf");
    show_obj("FromDouble nan", PyLong_FromDouble(Py_NAN)); show_err("nan");

    show_obj("FromLong", PyLong_FromLong(-42));
    show_obj("FromUnsignedLong", PyLong_FromUnsignedLong(ULONG_MAX));
    show_obj("FromSsize_t", PyLong_FromSsize_t(PY_SSIZE_T_MIN));
    show_obj("FromSize_t", PyLong_FromSize_t((size_t)-1));
    PyObject *p = PyLong_FromVoidPtr((void *)0x1234);
    show_obj("FromVoidPtr", p);
    printf("AsVoidPtr round trip=%d\n", PyLong_AsVoidPtr(p) == (void *)0x1234);

    /* small ints are shared; -6 and 257 are not */
    for (long v = -7; v <= 258; v++) {
        PyObject *a = PyLong_FromLong(v), *b = PyLong_FromLong(v);
        int same = a == b;
        if ((v >= -5 && v <= 256) != same) printf("identity mismatch at %ld\n", v);
        Py_DECREF(a); Py_DECREF(b);
    }
    printf("small ints checked\n");

    /* wrong types and NULL */
    printf("AsLong(None)=%ld\n", PyLong_AsLong(Py_None)); show_err("AsLong(None)");
    printf("AsLong(NULL)=%ld\n", PyLong_AsLong(NULL)); show_err("AsLong(NULL)");
    printf("AsSsize_t(None)=%zd\n", PyLong_AsSsize_t(Py_None)); show_err("AsSsize_t(None)");
    printf("AsSsize_t(NULL)=%zd\n", PyLong_AsSsize_t(NULL)); show_err("AsSsize_t(NULL)");
    printf("AsUnsignedLong(None)=%lu\n", PyLong_AsUnsignedLong(Py_None)); show_err("AsUnsignedLong(None)");
    printf("AsUnsignedLongLong(None)=%llu\n", PyLong_AsUnsignedLongLong(Py_None)); show_err("AsUnsignedLongLong(None)");
    printf("AsSize_t(None)=%zu\n", PyLong_AsSize_t(Py_None)); show_err("AsSize_t(None)");
    printf("AsDouble(None)=%g\n", PyLong_AsDouble(Py_None)); show_err("AsDouble(None)");
    printf("AsDouble(NULL)=%g\n", PyLong_AsDouble(NULL)); show_err("AsDouble(NULL)");
    printf("AsUnsignedLongMask(None)=%lu\n", PyLong_AsUnsignedLongMask(Py_None)); show_err("AsUnsignedLongMask(None)");
    int ov = 7;
    printf("AsLongAndOverflow(None)=%ld\n", PyLong_AsLongAndOverflow(Py_None, &ov));
    printf("  overflow=%d\n", ov); show_err("AsLongAndOverflow(None)");
    /* bool is an int */
    printf("AsLong(True)=%ld AsSsize_t(False)=%zd\n", PyLong_AsLong(Py_True), PyLong_AsSsize_t(Py_False));
    show_obj("True", Py_True);
    show_obj("False", Py_False);
    show_obj("BoolFromLong(7)", PyBool_FromLong(7));
    show_obj("BoolFromLong(0)", PyBool_FromLong(0));
    printf("BoolFromLong(-1) is True=%d\n", PyBool_FromLong(-1) == Py_True);
    Py_Finalize();
    return 0;
}
