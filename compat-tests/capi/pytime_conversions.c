// compat: the _PyTime conversions the timeout-taking C modules use (select, _socket, _queue,
// _ssl, _lsprof): seconds/milliseconds objects to _PyTime_t with each rounding mode (floats,
// ints, NaN, overflow, wrong types), back to milliseconds/microseconds/double/timeval, and
// deadlines; plus _PyObject_New on a static type.
#include <Python.h>
#include <math.h>

static const char *round_names[] = {"FLOOR", "CEILING", "HALF_EVEN", "UP"};

static void show_error(const char *label) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static void from_object(const char *what, PyObject *obj) {
    for (int r = 0; r < 4; r++) {
        _PyTime_t t = 12345;
        char label[128];
        snprintf(label, sizeof label, "%s %s", what, round_names[r]);
        if (_PyTime_FromSecondsObject(&t, obj, (_PyTime_round_t)r) == 0) {
            printf("%s: secs -> %lld ns\n", label, (long long)t);
        } else {
            show_error(label);
        }
        if (_PyTime_FromMillisecondsObject(&t, obj, (_PyTime_round_t)r) == 0) {
            printf("%s: ms -> %lld ns\n", label, (long long)t);
        } else {
            show_error(label);
        }
    }
    Py_DECREF(obj);
}

int main(void) {
    Py_Initialize();
    from_object("1.5", PyFloat_FromDouble(1.5));
    from_object("-2.5e-9", PyFloat_FromDouble(-2.5e-9));
    from_object("1e-9*0.5", PyFloat_FromDouble(0.5e-9));
    from_object("3", PyLong_FromLong(3));
    from_object("-7", PyLong_FromLong(-7));
    from_object("nan", PyFloat_FromDouble(NAN));
    from_object("1e300", PyFloat_FromDouble(1e300));
    from_object("2**62", PyLong_FromLongLong(1LL << 62));
    from_object("2**70", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70)));
    from_object("str", PyUnicode_FromString("1"));
    _PyTime_t values[] = {0, 1, 499999, 500000, 500001, 1500000, -1, -499999, -500000, -1500000, 2500000000LL, -2500000001LL};
    for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
        _PyTime_t t = values[i];
        printf("t=%lld double=%.17g", (long long)t, _PyTime_AsSecondsDouble(t));
        for (int r = 0; r < 4; r++) {
            struct timeval tv;
            int rc = _PyTime_AsTimeval(t, &tv, (_PyTime_round_t)r);
            printf(" | %s ms=%lld us=%lld tv=%d:%ld.%06ld", round_names[r],
                   (long long)_PyTime_AsMilliseconds(t, (_PyTime_round_t)r),
                   (long long)_PyTime_AsMicroseconds(t, (_PyTime_round_t)r), rc, (long)tv.tv_sec, (long)tv.tv_usec);
        }
        printf("\n");
    }
    printf("from seconds: %lld %lld\n", (long long)_PyTime_FromSeconds(3), (long long)_PyTime_FromSeconds(-2));
    _PyTime_t ns = 0;
    PyObject *big = PyLong_FromLongLong(123456789012345LL);
    printf("from ns object: %d %lld\n", _PyTime_FromNanosecondsObject(&ns, big), (long long)ns);
    Py_DECREF(big);
    PyObject *f = PyFloat_FromDouble(1.0);
    if (_PyTime_FromNanosecondsObject(&ns, f) < 0) show_error("from ns float");
    Py_DECREF(f);
    _PyTime_t deadline = _PyDeadline_Init(_PyTime_FromSeconds(10));
    _PyTime_t left = _PyDeadline_Get(deadline);
    printf("deadline left within (9s, 10s]: %d\n", left > 9000000000LL && left <= 10000000000LL);
    PyObject *o = _PyObject_New(&PyBaseObject_Type);
    printf("_PyObject_New: type=%s refcnt=%zd\n", Py_TYPE(o)->tp_name, Py_REFCNT(o));
    PyObject_Free(o);
    Py_Finalize();
    return 0;
}
