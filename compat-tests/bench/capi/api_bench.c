/* The object-model C API under load, one case per process run (`api_bench CASE`), so that each
 * case's peak resident set is its own. Prints "CASE_ns N" (wall time of the work, best of the
 * in-process repetitions), "CASE_rss_kib N" (peak resident set growth over the baseline taken
 * after Py_Initialize) and "CASE_check N" (a checksum that must be equal on both libraries).
 *
 * Cases: int_arith (PyNumber_* on small and multi-digit ints), list (append, index, GetItem),
 * dict_str / dict_int (PyDict_SetItem/GetItem with str and int keys), str_build
 * (PyUnicode_FromFormat, Concat, Join), tuple (PyTuple_New/Pack and dealloc), gc_churn
 * (container objects created and dropped, some in reference cycles, PyGC_Collect). */
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long rss_kib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "failed: %s (line %d)\n", #x, __LINE__); PyErr_Print(); exit(1); } } while (0)

static long long int_arith(void) {
    long long check = 0;
    PyObject *acc = PyLong_FromLong(1);
    PyObject *big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    PyObject *seven = PyLong_FromLong(7);
    CHECK(acc && big && seven);
    for (long i = 0; i < 300000; i++) {
        PyObject *x = PyLong_FromLong(i);
        PyObject *s = PyNumber_Add(acc, x);
        PyObject *m = PyNumber_Multiply(s, x);
        PyObject *r = PyNumber_Remainder(m, big);
        PyObject *q = PyNumber_FloorDivide(r, seven);
        CHECK(x && s && m && r && q);
        check += PyLong_AsLong(q) & 0xff;
        Py_DECREF(acc);
        acc = PyNumber_Add(r, x);
        Py_DECREF(x); Py_DECREF(s); Py_DECREF(m); Py_DECREF(r); Py_DECREF(q);
    }
    Py_DECREF(acc); Py_DECREF(big); Py_DECREF(seven);
    return check;
}

static long long list_case(void) {
    long long check = 0;
    for (int round = 0; round < 20; round++) {
        PyObject *l = PyList_New(0);
        CHECK(l);
        for (long i = 0; i < 50000; i++) {
            PyObject *x = PyLong_FromLong(i);
            CHECK(PyList_Append(l, x) == 0);
            Py_DECREF(x);
        }
        for (long i = 0; i < PyList_GET_SIZE(l); i += 7)
            check += PyLong_AsLong(PyList_GetItem(l, i));
        PyObject *needle = PyLong_FromLong(49999);
        PyObject *idx = PyObject_CallMethod(l, "index", "O", needle);
        CHECK(idx);
        check += PyLong_AsLong(idx);
        Py_DECREF(idx); Py_DECREF(needle); Py_DECREF(l);
    }
    return check;
}

static long long dict_case(int str_keys) {
    long long check = 0;
    enum { N = 20000 };
    PyObject *keys[N];
    for (long i = 0; i < N; i++) {
        keys[i] = str_keys ? PyUnicode_FromFormat("key%ld", i) : PyLong_FromLong(i * 7919);
        CHECK(keys[i]);
    }
    for (int round = 0; round < 10; round++) {
        PyObject *d = PyDict_New();
        for (long i = 0; i < N; i++) CHECK(PyDict_SetItem(d, keys[i], keys[(i + 1) % N]) == 0);
        for (int pass = 0; pass < 5; pass++)
            for (long i = 0; i < N; i++) {
                PyObject *v = PyDict_GetItemWithError(d, keys[i]);
                CHECK(v);
                check += (v == keys[(i + 1) % N]);
            }
        for (long i = 0; i < N; i += 2) CHECK(PyDict_DelItem(d, keys[i]) == 0);
        check += PyDict_Size(d);
        Py_DECREF(d);
    }
    for (long i = 0; i < N; i++) Py_DECREF(keys[i]);
    return check;
}

static long long str_build(void) {
    long long check = 0;
    PyObject *sep = PyUnicode_FromString(", ");
    for (int round = 0; round < 200; round++) {
        PyObject *parts = PyList_New(0);
        for (int i = 0; i < 500; i++) {
            PyObject *s = PyUnicode_FromFormat("item %d of %s: %R", i, "round", Py_None);
            PyObject *t = PyUnicode_Concat(s, sep);
            CHECK(s && t && PyList_Append(parts, t) == 0);
            Py_DECREF(s); Py_DECREF(t);
        }
        PyObject *joined = PyUnicode_Join(sep, parts);
        CHECK(joined);
        check += PyUnicode_GET_LENGTH(joined);
        Py_DECREF(joined); Py_DECREF(parts);
    }
    Py_DECREF(sep);
    return check;
}

static long long tuple_case(void) {
    long long check = 0;
    PyObject *a = PyLong_FromLong(1), *b = PyUnicode_FromString("b");
    for (long i = 0; i < 1000000; i++) {
        PyObject *t = (i & 1) ? PyTuple_Pack(2, a, b) : PyTuple_New(3);
        CHECK(t);
        check += PyTuple_GET_SIZE(t);
        if (!(i & 1)) {
            for (int k = 0; k < 3; k++) { Py_INCREF(a); PyTuple_SET_ITEM(t, k, a); }
        }
        Py_DECREF(t);
    }
    Py_DECREF(a); Py_DECREF(b);
    return check;
}

static long long gc_churn(void) {
    long long check = 0;
    for (int round = 0; round < 20; round++) {
        for (long i = 0; i < 20000; i++) {
            PyObject *l = PyList_New(0);
            PyObject *d = PyDict_New();
            CHECK(l && d);
            CHECK(PyList_Append(l, d) == 0);
            if (i % 4 == 0) CHECK(PyDict_SetItemString(d, "self", l) == 0);   /* a cycle */
            Py_DECREF(l); Py_DECREF(d);
        }
        check += PyGC_Collect() > 0;
    }
    return check;
}

struct bench { const char *name; long long (*fn)(void); };
static long long dict_str(void) { return dict_case(1); }
static long long dict_int(void) { return dict_case(0); }
static const struct bench cases[] = {
    {"int_arith", int_arith}, {"list", list_case}, {"dict_str", dict_str}, {"dict_int", dict_int},
    {"str_build", str_build}, {"tuple", tuple_case}, {"gc_churn", gc_churn},
};

int main(int argc, char **argv) {
    if (argc != 2) {
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) printf("%s\n", cases[i].name);
        return 0;
    }
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        if (strcmp(argv[1], cases[i].name)) continue;
        Py_Initialize();
        long base = rss_kib();
        long long best = -1, check = 0;
        for (int rep = 0; rep < 3; rep++) {
            long long t0 = now_ns();
            check = cases[i].fn();
            long long dt = now_ns() - t0;
            if (best < 0 || dt < best) best = dt;
        }
        printf("%s_ns %lld\n%s_rss_kib %ld\n%s_check %lld\n", argv[1], best, argv[1], rss_kib() - base, argv[1], check);
        return 0;
    }
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}
