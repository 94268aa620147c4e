// compat: the in-place operators on immutable numbers (fall back to the binary slots, with
// "+="-style messages), @ (no number implements it), PyIndex_Check/_PyNumber_Index/
// PyNumber_AsSsize_t, the clinic converters _PyLong_Unsigned*_Converter/_PyLong_Size_t_Converter,
// _PyLong_FromBytes, _PyLong_FromTime_t/_PyLong_AsTime_t, _PyLong_FromUid/_PyLong_FromGid.
#include <Python.h>
#include <stdio.h>
#include <sys/types.h>

PyAPI_FUNC(int) _PyLong_UnsignedShort_Converter(PyObject *, void *);
PyAPI_FUNC(int) _PyLong_UnsignedInt_Converter(PyObject *, void *);
PyAPI_FUNC(int) _PyLong_UnsignedLong_Converter(PyObject *, void *);
PyAPI_FUNC(int) _PyLong_UnsignedLongLong_Converter(PyObject *, void *);
PyAPI_FUNC(int) _PyLong_Size_t_Converter(PyObject *, void *);
PyAPI_FUNC(PyObject *) _PyLong_FromBytes(const char *, Py_ssize_t, int);
PyAPI_FUNC(PyObject *) _PyLong_FromTime_t(time_t);
PyAPI_FUNC(time_t) _PyLong_AsTime_t(PyObject *);
PyAPI_FUNC(PyObject *) _PyLong_FromUid(uid_t);
PyAPI_FUNC(PyObject *) _PyLong_FromGid(gid_t);

static void print_str(PyObject *r) {
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++)
        putchar((int)PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i));
}

static void show(const char *label, PyObject *o) {
    printf("%s -> ", label);
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("%s", t ? ((PyTypeObject *)t)->tp_name : "NULL-without-error");
        if (v && PyUnicode_Check(v)) { printf(": "); print_str(v); }
        Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
    } else {
        PyObject *r = Py_TYPE(o)->tp_repr(o);
        printf("%s ", Py_TYPE(o)->tp_name);
        print_str(r);
        Py_DECREF(r);
        Py_DECREF(o);
    }
    printf("\n");
}

static void err(const char *label) { show(label, NULL); }

int main(void) {
    Py_Initialize();
    PyObject *values[] = {PyLong_FromLong(12), PyLong_FromLong(-5), PyFloat_FromDouble(2.5), PyComplex_FromDoubles(1, 1),
        Py_NewRef(Py_True), Py_NewRef(Py_None)};
    size_t n = sizeof values / sizeof *values;
    struct { const char *name; PyObject *(*f)(PyObject *, PyObject *); } ops[] = {
        {"-=", PyNumber_InPlaceSubtract}, {"*=", PyNumber_InPlaceMultiply}, {"/=", PyNumber_InPlaceTrueDivide},
        {"//=", PyNumber_InPlaceFloorDivide}, {"%=", PyNumber_InPlaceRemainder}, {"<<=", PyNumber_InPlaceLshift},
        {">>=", PyNumber_InPlaceRshift}, {"&=", PyNumber_InPlaceAnd}, {"|=", PyNumber_InPlaceOr}, {"^=", PyNumber_InPlaceXor},
        {"@=", PyNumber_InPlaceMatrixMultiply}, {"@", PyNumber_MatrixMultiply},
    };
    char label[64];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
                snprintf(label, sizeof label, "[%zu] %s [%zu]", i, ops[k].name, j);
                show(label, ops[k].f(values[i], values[j]));
            }
    for (size_t i = 0; i < n; i++) {
        printf("PyIndex_Check([%zu]) = %d\n", i, PyIndex_Check(values[i]));
        snprintf(label, sizeof label, "_PyNumber_Index([%zu])", i); show(label, _PyNumber_Index(values[i]));
        Py_ssize_t s = PyNumber_AsSsize_t(values[i], PyExc_IndexError);
        printf("PyNumber_AsSsize_t([%zu]) = %zd\n", i, s);
        if (s == -1 && PyErr_Occurred()) err("  error");
    }
    PyObject *conv_inputs[] = {PyLong_FromLong(0), PyLong_FromLong(65535), PyLong_FromLong(65536), PyLong_FromLong(-1),
        PyLong_FromLongLong(4294967296LL), PyLong_FromUnsignedLongLong(18446744073709551615ULL),
        PyLong_FromString("18446744073709551616", NULL, 10), PyFloat_FromDouble(1.0), Py_NewRef(Py_True)};
    for (size_t i = 0; i < sizeof conv_inputs / sizeof *conv_inputs; i++) {
        PyObject *o = conv_inputs[i];
        unsigned short us = 7; unsigned int ui = 7; unsigned long ul = 7; unsigned long long ull = 7; size_t sz = 7;
        int r = _PyLong_UnsignedShort_Converter(o, &us); printf("[%zu] ushort r=%d v=%hu\n", i, r, us); if (!r) err("  error");
        r = _PyLong_UnsignedInt_Converter(o, &ui); printf("[%zu] uint r=%d v=%u\n", i, r, ui); if (!r) err("  error");
        r = _PyLong_UnsignedLong_Converter(o, &ul); printf("[%zu] ulong r=%d v=%lu\n", i, r, ul); if (!r) err("  error");
        r = _PyLong_UnsignedLongLong_Converter(o, &ull); printf("[%zu] ull r=%d v=%llu\n", i, r, ull); if (!r) err("  error");
        r = _PyLong_Size_t_Converter(o, &sz); printf("[%zu] size_t r=%d v=%zu\n", i, r, sz); if (!r) err("  error");
        time_t t = _PyLong_AsTime_t(o);
        printf("[%zu] AsTime_t = %lld\n", i, (long long)t);
        if (t == (time_t)-1 && PyErr_Occurred()) err("  error");
    }
    show("FromTime_t(-5)", _PyLong_FromTime_t((time_t)-5));
    show("FromUid(0)", _PyLong_FromUid((uid_t)0));
    show("FromUid(-1)", _PyLong_FromUid((uid_t)-1));
    show("FromUid(4000000000)", _PyLong_FromUid((uid_t)4000000000U));
    show("FromGid(-1)", _PyLong_FromGid((gid_t)-1));
    show("FromGid(100)", _PyLong_FromGid((gid_t)100));
    show("FromBytes('  42 ', 10)", _PyLong_FromBytes("  42 ", 5, 10));
    show("FromBytes('4\\x002', 10)", _PyLong_FromBytes("4\0" "2", 3, 10));
    show("FromBytes('0x1f', 0)", _PyLong_FromBytes("0x1f", 4, 0));
    show("FromBytes('zz', 36)", _PyLong_FromBytes("zz", 2, 36));
    show("FromBytes(\"'q'\", 10)", _PyLong_FromBytes("'q'", 3, 10));
    show("FromBytes('9', 99)", _PyLong_FromBytes("9", 1, 99));
    Py_Finalize();
    return 0;
}
