// compat: repr(float) (shortest round-tripping digits, CPython's exponent rules) over a few
// thousand doubles: random bit patterns, subnormals, powers of ten and two, integers near 2**53,
// boundaries of the exponent switch (1e16, 1e-4), inf, nan, -0.0; PyFloat_FromDouble/AsDouble.
#include <Python.h>
#include <stdio.h>
#include <string.h>
#include <math.h>

static unsigned long long state = 0x9E3779B97F4A7C15ULL;
static unsigned long long next(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return state;
}

static void show(double v) {
    PyObject *f = PyFloat_FromDouble(v);
    PyObject *r = Py_TYPE(f)->tp_repr(f);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(r); i++)
        putchar((int)PyUnicode_READ(PyUnicode_KIND(r), PyUnicode_DATA(r), i));
    double back = PyFloat_AsDouble(f);
    if (memcmp(&back, &v, sizeof v) != 0 && !isnan(v)) printf(" AsDouble-mismatch");
    putchar('\n');
    Py_DECREF(r);
    Py_DECREF(f);
}

int main(void) {
    Py_Initialize();
    double specials[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e16, 1e15, 9999999999999998.0,
        1e17, 1e-4, 1e-5, 0.00012345, 0.000012345, 123456789012345678.0, 1e22, 1e23, 5e-324, 1e-323,
        2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, 4.9406564584124654e-324,
        HUGE_VAL, -HUGE_VAL, NAN, 9007199254740992.0, 9007199254740993.0, 0.5, 2.5, 100.0, 1234.5678};
    for (size_t i = 0; i < sizeof specials / sizeof *specials; i++) show(specials[i]);
    for (int e = -330; e <= 310; e++) show(pow(10.0, e));
    for (int e = -1075; e <= 1024; e += 7) show(ldexp(1.0, e));
    for (int i = 0; i < 2000; i++) {
        unsigned long long bits = next();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isnan(v)) continue;
        show(v);
    }
    for (int i = 0; i < 500; i++) {  /* subnormals */
        unsigned long long bits = next() & 0x800FFFFFFFFFFFFFULL;
        double v;
        memcpy(&v, &bits, sizeof v);
        show(v);
    }
    for (int i = 0; i < 500; i++) {  /* short decimals */
        double v = (double)(long long)(next() % 2000001 - 1000000) / pow(10.0, (double)(next() % 12));
        show(v);
    }
    Py_Finalize();
    return 0;
}
