// compat: PyOS_double_to_string with every format code (e E f F g G r), precisions 0..17 and
// 30, and the flags SIGN, ADD_DOT_0, ALT, NO_NEG_0, over edge values; the returned type code;
// bad codes -> SystemError.
#include <Python.h>
#include <stdio.h>
#include <math.h>

static void show_err(void) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("error %s\n", t ? ((PyTypeObject *)t)->tp_name : "none");
    Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

int main(void) {
    Py_Initialize();
    double values[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 2.675, 1e16, 1e-5, 123456.789,
        -0.0001234, 1e300, 1.7976931348623157e308, 5e-324, 1e22, 9.995, 0.95, 99.5, 1e-7, 123456789012.0,
        HUGE_VAL, -HUGE_VAL, NAN, 0.1, 1.0 / 3};
    const char codes[] = "eEfFgGr";
    int precisions[] = {0, 1, 2, 3, 5, 6, 10, 17, 30};
    int flagsets[] = {0, Py_DTSF_SIGN, Py_DTSF_ADD_DOT_0, Py_DTSF_ALT, Py_DTSF_NO_NEG_0,
        Py_DTSF_SIGN | Py_DTSF_ALT | Py_DTSF_ADD_DOT_0};
    for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
        for (const char *c = codes; *c; c++) {
            for (size_t p = 0; p < sizeof precisions / sizeof *precisions; p++) {
                if (*c == 'r' && precisions[p] != 0) continue;
                for (size_t f = 0; f < sizeof flagsets / sizeof *flagsets; f++) {
                    int type = -1;
                    char *s = PyOS_double_to_string(values[v], *c, precisions[p], flagsets[f], &type);
                    printf("%zu %c %d %d -> %s type=%d\n", v, *c, precisions[p], flagsets[f], s ? s : "NULL", type);
                    if (s) PyMem_Free(s); else show_err();
                }
            }
        }
    }
    char *s = PyOS_double_to_string(1.0, 'r', 3, 0, NULL);
    printf("r with precision -> %s\n", s ? s : "NULL"); show_err();
    s = PyOS_double_to_string(1.0, 'x', 3, 0, NULL);
    printf("bad code -> %s\n", s ? s : "NULL"); show_err();
    s = PyOS_double_to_string(1234.5, 'f', 400, 0, NULL);
    printf("f400 -> %s\n", s); PyMem_Free(s);
    s = PyOS_double_to_string(1e300, 'f', 0, 0, NULL);
    printf("1e300 f0 -> %s\n", s); PyMem_Free(s);
    Py_Finalize();
    return 0;
}
