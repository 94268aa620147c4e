// compat: complex: PyComplex_FromDoubles/FromCComplex/RealAsDouble/ImagAsDouble/AsCComplex,
// repr (signed zeros, inf, nan), + - * / ** with ints and floats, abs, bool, == with ints and
// floats, errors (division by zero, 0 to a negative power, modulo, overflow), and the _Py_c_*
// value functions with errno.
#include <Python.h>
#include <stdio.h>
#include <math.h>
#include <errno.h>

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

static void cshow(const char *label, Py_complex c) {
    printf("%s -> (%.17g, %.17g) errno=%s\n", label, c.real, c.imag,
           errno == 0 ? "0" : errno == EDOM ? "EDOM" : errno == ERANGE ? "ERANGE" : "other");
}

int main(void) {
    Py_Initialize();
    double parts[] = {0.0, -0.0, 1.0, -2.5, 1e300, HUGE_VAL, -HUGE_VAL, NAN, 3.0};
    size_t np = sizeof parts / sizeof *parts;
    for (size_t i = 0; i < np; i++)
        for (size_t j = 0; j < np; j++) {
            char label[64];
            snprintf(label, sizeof label, "repr(%zu,%zu)", i, j);
            PyObject *c = PyComplex_FromDoubles(parts[i], parts[j]);
            show(label, Py_NewRef(c));
            snprintf(label, sizeof label, "abs(%zu,%zu)", i, j);
            show(label, PyNumber_Absolute(c));
            printf("bool(%zu,%zu) -> %d\n", i, j, Py_TYPE(c)->tp_as_number->nb_bool(c));
            Py_DECREF(c);
        }
    PyObject *values[] = {PyComplex_FromDoubles(1.0, 2.0), PyComplex_FromDoubles(-0.5, 0.0), PyComplex_FromDoubles(0.0, 0.0),
        PyComplex_FromDoubles(0.0, -1.0), PyComplex_FromDoubles(1e200, 1e200), PyLong_FromLong(2), PyLong_FromLong(0),
        PyLong_FromLong(-3), PyFloat_FromDouble(0.5), PyFloat_FromDouble(0.0), PyComplex_FromDoubles(2.0, 0.0),
        PyLong_FromString("100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", NULL, 10)};
    size_t n = sizeof values / sizeof *values;
    struct { const char *name; PyObject *(*f)(PyObject *, PyObject *); } ops[] = {
        {"+", PyNumber_Add}, {"-", PyNumber_Subtract}, {"*", PyNumber_Multiply}, {"/", PyNumber_TrueDivide},
        {"//", PyNumber_FloorDivide}, {"%", PyNumber_Remainder},
    };
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (!PyComplex_Check(values[i]) && !PyComplex_Check(values[j])) continue;
            char label[64];
            for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
                snprintf(label, sizeof label, "[%zu] %s [%zu]", i, ops[k].name, j);
                show(label, ops[k].f(values[i], values[j]));
            }
            snprintf(label, sizeof label, "[%zu] ** [%zu]", i, j);
            show(label, PyNumber_Power(values[i], values[j], Py_None));
            PyObject *a = PyComplex_Check(values[i]) ? values[i] : values[j];
            PyObject *b = a == values[i] ? values[j] : values[i];
            printf("[%zu] == [%zu]:", i, j);
            for (int op = Py_LT; op <= Py_GE; op++) {
                PyObject *r = Py_TYPE(a)->tp_richcompare(a, b, op);
                printf(" %s", r == Py_True ? "T" : r == Py_False ? "F" : r == Py_NotImplemented ? "NI" : "?");
                if (!r) PyErr_Clear();
                Py_XDECREF(r);
            }
            printf("\n");
        }
    show("pow(c, 2, 3)", PyNumber_Power(values[0], values[5], values[5]));
    show("pow(c, 1.5)", PyNumber_Power(values[0], PyFloat_FromDouble(1.5), Py_None));
    show("pow(c, c)", PyNumber_Power(values[0], values[0], Py_None));
    show("pow(c, 101)", PyNumber_Power(values[0], PyLong_FromLong(101), Py_None));
    show("pow(0j, -1)", PyNumber_Power(values[2], values[7], Py_None));
    show("pow(0j, 1j)", PyNumber_Power(values[2], values[3], Py_None));
    show("pow(big, 2)", PyNumber_Power(values[4], values[5], Py_None));
    show("-c", PyNumber_Negative(values[0]));
    show("+c", PyNumber_Positive(values[0]));
    show("~c", PyNumber_Invert(values[0]));
    show("int(c)", PyNumber_Long(values[0]));
    show("float(c)", PyNumber_Float(values[0]));
    printf("Real=%g Imag=%g\n", PyComplex_RealAsDouble(values[0]), PyComplex_ImagAsDouble(values[0]));
    printf("Real(int)=%g Imag(int)=%g\n", PyComplex_RealAsDouble(values[5]), PyComplex_ImagAsDouble(values[5]));
    printf("Real(None)=%g\n", PyComplex_RealAsDouble(Py_None)); show("  err", NULL);
    printf("Imag(None)=%g\n", PyComplex_ImagAsDouble(Py_None)); show("  err", NULL);
    Py_complex c = PyComplex_AsCComplex(values[8]);
    printf("AsCComplex(0.5)=(%g,%g)\n", c.real, c.imag);
    c = PyComplex_AsCComplex(Py_None);
    printf("AsCComplex(None)=(%g,%g)\n", c.real, c.imag); show("  err", NULL);
    c = PyComplex_AsCComplex(values[3]);
    printf("AsCComplex(-1j)=(%g,%g)\n", c.real, c.imag);
    show("FromCComplex", PyComplex_FromCComplex(c));
    Py_complex a = {1.0, 2.0}, b = {3.0, -4.0}, z = {0.0, 0.0};
    errno = 0; cshow("_Py_c_sum", _Py_c_sum(a, b));
    errno = 0; cshow("_Py_c_diff", _Py_c_diff(a, b));
    errno = 0; cshow("_Py_c_neg", _Py_c_neg(a));
    errno = 0; cshow("_Py_c_prod", _Py_c_prod(a, b));
    errno = 0; cshow("_Py_c_quot", _Py_c_quot(a, b));
    errno = 0; cshow("_Py_c_quot zero", _Py_c_quot(a, z));
    errno = 0; cshow("_Py_c_pow", _Py_c_pow(a, b));
    errno = 0; cshow("_Py_c_pow 0**-1", _Py_c_pow(z, (Py_complex){-1.0, 0.0}));
    errno = 0; double r = _Py_c_abs(b); printf("_Py_c_abs -> %.17g errno=%d\n", r, errno != 0);
    errno = 0; r = _Py_c_abs((Py_complex){1e308, 1e308}); printf("_Py_c_abs big -> %g errno=%s\n", r, errno == ERANGE ? "ERANGE" : "?");
    errno = 0; r = _Py_c_abs((Py_complex){NAN, HUGE_VAL}); printf("_Py_c_abs nan,inf -> %g\n", r);
    for (size_t i = 0; i < n; i++) Py_DECREF(values[i]);
    Py_Finalize();
    return 0;
}
