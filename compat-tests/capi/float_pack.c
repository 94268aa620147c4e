// compat: PyFloat_Pack2/4/8 and Unpack2/4/8 in both byte orders over edge values (subnormal
// halves, rounding ties, overflow -> OverflowError, inf, nan, -0.0).
#include <Python.h>
#include <stdio.h>
#include <math.h>

int main(void) {
    Py_Initialize();
    double values[] = {0.0, -0.0, 1.0, -1.0, 0.5, 65504.0, 65519.99, 65520.0, 1e5, 6.1e-5, 6.0e-8, 5.96e-8, 2.98e-8,
        2.99e-8, 1e-10, 1.0009765625, 1.00048828125, 1.00146484375, 3.4028234663852886e38, 3.4028235e38, 1e39,
        1e-45, 1.4e-45, 0.1, 1.0 / 3, 1e300, HUGE_VAL, -HUGE_VAL, NAN, 5e-324};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        for (int le = 0; le <= 1; le++) {
            unsigned char b2[2] = {0}, b4[4] = {0}, b8[8] = {0};
            int r2 = PyFloat_Pack2(values[i], b2, le);
            if (r2 < 0) { PyErr_Clear(); }
            int r4 = PyFloat_Pack4(values[i], b4, le);
            if (r4 < 0) { PyErr_Clear(); }
            int r8 = PyFloat_Pack8(values[i], b8, le);
            printf("%.17g le=%d: p2=%d %02x%02x", values[i], le, r2, b2[0], b2[1]);
            if (r2 == 0) printf(" (%.17g)", PyFloat_Unpack2(b2, le));
            printf(" p4=%d %02x%02x%02x%02x", r4, b4[0], b4[1], b4[2], b4[3]);
            if (r4 == 0) printf(" (%.17g)", PyFloat_Unpack4(b4, le));
            printf(" p8=%d", r8);
            for (int k = 0; k < 8; k++) printf("%02x", b8[k]);
            printf(" (%.17g)\n", PyFloat_Unpack8(b8, le));
        }
    }
    unsigned char h[2];
    PyFloat_Pack2(1e6, h, 1);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("Pack2 overflow: %s\n", t ? ((PyTypeObject *)t)->tp_name : "none");
    unsigned char raw[][2] = {{0x00, 0x7c}, {0x00, 0xfc}, {0x01, 0x7c}, {0x00, 0x7e}, {0x01, 0x00}, {0xff, 0x7b}, {0x00, 0x80}};
    for (size_t i = 0; i < sizeof raw / sizeof *raw; i++) {
        double d = PyFloat_Unpack2(raw[i], 1);
        printf("Unpack2 %02x%02x -> %s%.17g\n", raw[i][0], raw[i][1], signbit(d) ? "sign " : "", fabs(d));
    }
    Py_Finalize();
    return 0;
}
