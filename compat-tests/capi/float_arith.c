// compat: float arithmetic through PyNumber_*: + - * / // % divmod ** with signed zeros,
// infinities, NaN and ints (huge ints overflow), pow's edge cases and errors (0**-1, negative
// base to a fractional power -> complex, overflow), exact float<->int comparison through
// tp_richcompare, numeric hashes of ints/floats/complexes (hash(1.0) == hash(1) ...).
#include <Python.h>
#include <stdio.h>
#include <math.h>

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
        else if (v && PyTuple_Check(v)) printf(" (tuple args, %zd items)", PyTuple_GET_SIZE(v));
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
        PyObject *r = Py_TYPE(o)->tp_repr(o);
        printf("%s ", Py_TYPE(o)->tp_name);
        print_str(r);
        Py_DECREF(r);
        Py_DECREF(o);
    }
    printf("\n");
}

int main(void) {
    Py_Initialize();
    PyObject *values[] = {
        PyFloat_FromDouble(0.0), PyFloat_FromDouble(-0.0), PyFloat_FromDouble(1.0), PyFloat_FromDouble(-1.0),
        PyFloat_FromDouble(2.5), PyFloat_FromDouble(-2.5), PyFloat_FromDouble(0.1), PyFloat_FromDouble(3.0),
        PyFloat_FromDouble(-7.0), PyFloat_FromDouble(1e308), PyFloat_FromDouble(5e-324), PyFloat_FromDouble(HUGE_VAL),
        PyFloat_FromDouble(-HUGE_VAL), PyFloat_FromDouble(NAN), PyFloat_FromDouble(0.5), PyFloat_FromDouble(-1e-300),
        PyLong_FromLong(0), PyLong_FromLong(3), PyLong_FromLong(-2), PyLong_FromString("9007199254740993", NULL, 10),
        PyLong_FromString("1" "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                          "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", NULL, 10),
    };
    size_t n = sizeof values / sizeof *values;
    struct { const char *name; PyObject *(*f)(PyObject *, PyObject *); } ops[] = {
        {"+", PyNumber_Add}, {"-", PyNumber_Subtract}, {"*", PyNumber_Multiply}, {"/", PyNumber_TrueDivide},
        {"//", PyNumber_FloorDivide}, {"%", PyNumber_Remainder}, {"divmod", PyNumber_Divmod},
    };
    char label[64];
    for (size_t i = 0; i < n; i++) {
        if (i < 16) {
            snprintf(label, sizeof label, "[%zu] -", i); show(label, PyNumber_Negative(values[i]));
            snprintf(label, sizeof label, "[%zu] abs", i); show(label, PyNumber_Absolute(values[i]));
            snprintf(label, sizeof label, "[%zu] int", i); show(label, PyNumber_Long(values[i]));
            snprintf(label, sizeof label, "[%zu] bool", i);
            printf("%s -> %d\n", label, Py_TYPE(values[i])->tp_as_number->nb_bool(values[i]));
            snprintf(label, sizeof label, "[%zu] hash", i);
            if (i != 13) printf("%s -> %zd\n", label, Py_TYPE(values[i])->tp_hash(values[i]));
        }
        for (size_t j = 0; j < n; j++) {
            if (i >= 16 && j >= 16) continue;
            for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
                snprintf(label, sizeof label, "[%zu] %s [%zu]", i, ops[k].name, j);
                show(label, ops[k].f(values[i], values[j]));
            }
            snprintf(label, sizeof label, "[%zu] ** [%zu]", i, j);
            show(label, PyNumber_Power(values[i], values[j], Py_None));
            PyObject *a = values[i], *b = values[j];
            if (!PyFloat_Check(a)) { PyObject *t = a; a = b; b = t; }
            if (PyFloat_Check(a)) {
                printf("cmp [%zu] [%zu]:", i, j);
                for (int op = Py_LT; op <= Py_GE; op++) {
                    PyObject *r = Py_TYPE(a)->tp_richcompare(a, b, op);
                    printf(" %s", r == Py_True ? "T" : r == Py_False ? "F" : r == Py_NotImplemented ? "NI" : "?");
                    Py_XDECREF(r);
                }
                printf("\n");
            }
        }
    }
    /* comparisons where int->double rounding would lie */
    const char *ints[] = {"9007199254740993", "9007199254740992", "-9007199254740993", "18014398509481985",
        "340282366920938463463374607431768211457", "1", "0"};
    double floats[] = {9007199254740992.0, 9007199254740994.0, -9007199254740992.0, 18014398509481984.0,
        3.402823669209385e+38, 1.0000000000000002, 0.9999999999999999, 1e300, -0.0};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        for (size_t j = 0; j < sizeof floats / sizeof *floats; j++) {
            PyObject *a = PyFloat_FromDouble(floats[j]), *b = PyLong_FromString(ints[i], NULL, 10);
            printf("float %.17g vs %s:", floats[j], ints[i]);
            for (int op = Py_LT; op <= Py_GE; op++) {
                PyObject *r = Py_TYPE(a)->tp_richcompare(a, b, op);
                printf(" %s", r == Py_True ? "T" : "F");
                Py_XDECREF(r);
            }
            printf("\n");
            Py_DECREF(a); Py_DECREF(b);
        }
    /* hashes agree across types */
    const char *hash_ints[] = {"0", "1", "-1", "-2", "2305843009213693951", "2305843009213693952", "-2305843009213693953",
        "1000000000000000000000000000000", "4611686018427387904"};
    for (size_t i = 0; i < sizeof hash_ints / sizeof *hash_ints; i++) {
        PyObject *a = PyLong_FromString(hash_ints[i], NULL, 10);
        PyObject *f = PyNumber_Float(a);
        printf("hash %s int=%zd float=%zd\n", hash_ints[i], Py_TYPE(a)->tp_hash(a), f ? Py_TYPE(f)->tp_hash(f) : -1);
        Py_DECREF(a); Py_XDECREF(f);
    }
    double hash_doubles[] = {0.5, -0.5, 1e-300, 1e300, 3.141592653589793, -2.0, 1e22, 2.5e-324, HUGE_VAL, -HUGE_VAL};
    for (size_t i = 0; i < sizeof hash_doubles / sizeof *hash_doubles; i++) {
        PyObject *f = PyFloat_FromDouble(hash_doubles[i]);
        PyObject *c = PyComplex_FromDoubles(hash_doubles[i], 0.0);
        PyObject *c2 = PyComplex_FromDoubles(1.5, hash_doubles[i]);
        printf("hash %.17g float=%zd complex=%zd complex2=%zd\n", hash_doubles[i], Py_TYPE(f)->tp_hash(f),
               Py_TYPE(c)->tp_hash(c), Py_TYPE(c2)->tp_hash(c2));
        Py_DECREF(f); Py_DECREF(c); Py_DECREF(c2);
    }
    PyObject *nan = PyFloat_FromDouble(NAN);
    printf("nan hash == _Py_HashDouble(obj)=%d\n", Py_TYPE(nan)->tp_hash(nan) == _Py_HashDouble(nan, NAN));
    printf("nan hash != other nan=%d\n", Py_TYPE(nan)->tp_hash(nan) != _Py_HashDouble(values[0], NAN));
    show("pow(-8.0, 1/3) -> complex", PyNumber_Power(values[8], PyFloat_FromDouble(1.0 / 3), Py_None));
    show("pow(10.0, 400)", PyNumber_Power(PyFloat_FromDouble(10.0), PyLong_FromLong(400), Py_None));
    show("pow(2.0, 3.0, 5)", PyNumber_Power(PyFloat_FromDouble(2.0), PyFloat_FromDouble(3.0), PyLong_FromLong(5)));
    for (size_t i = 0; i < n; i++) Py_DECREF(values[i]);
    Py_Finalize();
    return 0;
}
