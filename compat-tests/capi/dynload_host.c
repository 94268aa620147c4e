// compat: a C host that loads lib-dynload's own extension modules the way the import system
// does, without running Python code: dlopen + PyInit_<name>, then single-phase (a module) or
// multi-phase (PyModuleDef_Init'ed definition -> PyModule_FromDefAndSpec + PyModule_ExecDef),
// and calls their functions through the C API (_bisect, _heapq, _struct, binascii, array,
// _random, math, _json). Arguments name the modules to load (default: all of them); the
// directive below lists those whose libpython imports Ferrython provides today (array and
// _json also need the import system: PyImport_ImportModule, _PyImport_GetModuleId).
// compat: args=_bisect _heapq _struct binascii math _random
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PyAPI_FUNC(PyObject *) _PyNamespace_New(PyObject *kwds);

static void show(const char *label, PyObject *o) {
    if (!o) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s -> %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
        PyErr_Clear();
        return;
    }
    PyObject *r = PyObject_Repr(o);
    char buf[600];
    snprintf(buf, sizeof buf, "%s", r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    for (char *p = strstr(buf, " at 0x"); p; p = strstr(p + 1, " at 0x")) {
        char *e = p + 6;
        while ((*e >= '0' && *e <= '9') || (*e >= 'a' && *e <= 'f')) e++;
        memmove(p + 8, e, strlen(e) + 1);
        memcpy(p, " at ADDR", 8);
    }
    printf("%s = %s\n", label, buf);
    if (!r) PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(o);
}

/* lib-dynload of the CPython on PATH (asked without our LD_LIBRARY_PATH, so python3.11 runs
 * on its own library in both runs). */
static char dynload_dir[400];
static void find_dynload_dir(void) {
    FILE *p = popen("env -u LD_LIBRARY_PATH python3.11 -c "
                    "\"import sysconfig; print(sysconfig.get_config_var('DESTSHARED'))\"", "r");
    if (!p || !fgets(dynload_dir, sizeof dynload_dir, p)) {
        fprintf(stderr, "cannot ask python3.11 for DESTSHARED\n");
        exit(2);
    }
    pclose(p);
    dynload_dir[strcspn(dynload_dir, "\n")] = 0;
}

static int n_wanted;
static char **wanted_names;

/* Whether the command line asks for module `name` (no arguments: every module). */
static int wanted(const char *name) {
    if (n_wanted == 0) return 1;
    for (int i = 0; i < n_wanted; i++)
        if (!strcmp(wanted_names[i], name)) return 1;
    return 0;
}

static PyObject *load(const char *name) {
    char path[512], init[128];
    if (!wanted(name)) return NULL;
    snprintf(path, sizeof path, "%s/%s.cpython-311-x86_64-linux-gnu.so", dynload_dir, name);
    snprintf(init, sizeof init, "PyInit_%s", name);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) { printf("%s: dlopen failed\n", name); fprintf(stderr, "%s\n", dlerror()); return NULL; }
    PyObject *(*initfunc)(void) = (PyObject *(*)(void))dlsym(h, init);
    if (!initfunc) { printf("%s: no %s\n", name, init); return NULL; }
    PyObject *m = initfunc();
    if (!m) { show(name, NULL); return NULL; }
    if (PyObject_TypeCheck(m, &PyModuleDef_Type)) {
        PyModuleDef *def = (PyModuleDef *)m;
        PyObject *kw = Py_BuildValue("{s:s}", "name", name);
        PyObject *spec = _PyNamespace_New(kw);
        Py_DECREF(kw);
        m = PyModule_FromDefAndSpec(def, spec);
        Py_DECREF(spec);
        if (!m) { show(name, NULL); return NULL; }
        if (PyModule_ExecDef(m, def) < 0) { show(name, NULL); Py_DECREF(m); return NULL; }
        printf("%s: multi-phase, state=%d\n", name, def->m_size > 0 ? PyModule_GetState(m) != NULL : -1);
    } else {
        printf("%s: single-phase module=%d\n", name, PyModule_Check(m));
    }
    show("  module", Py_NewRef(m));
    return m;
}

static PyObject *call(PyObject *m, const char *fn, const char *fmt, ...) {
    PyObject *f = PyObject_GetAttrString(m, fn);
    if (!f) return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (!args) { Py_DECREF(f); return NULL; }
    if (!PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        args = t;
    }
    PyObject *r = PyObject_Call(f, args, NULL);
    Py_DECREF(f);
    Py_DECREF(args);
    return r;
}

int main(int argc, char **argv) {
    n_wanted = argc - 1;
    wanted_names = argv + 1;
    find_dynload_dir();
    Py_Initialize();
    PyObject *m;
    if ((m = load("_bisect"))) {
        PyObject *lst = Py_BuildValue("[iiii]", 1, 3, 5, 7);
        show("bisect_left([1,3,5,7], 5)", call(m, "bisect_left", "(Oi)", lst, 5));
        show("bisect_right([1,3,5,7], 5)", call(m, "bisect_right", "(Oi)", lst, 5));
        show("insort_right", call(m, "insort_right", "(Oi)", lst, 4));
        show("list after insort", Py_NewRef(lst));
        show("bisect_left(1, 2)", call(m, "bisect_left", "(ii)", 1, 2));
        Py_DECREF(lst);
    }
    if ((m = load("_heapq"))) {
        PyObject *h = PyList_New(0);
        int vals[] = {5, 1, 4, 2, 3};
        for (int i = 0; i < 5; i++) show("heappush", call(m, "heappush", "(Oi)", h, vals[i]));
        show("heap", Py_NewRef(h));
        show("heappop", call(m, "heappop", "(O)", h));
        show("heapify", call(m, "heapify", "(O)", h));
        show("heapreplace", call(m, "heapreplace", "(Oi)", h, 9));
        show("heap after", Py_NewRef(h));
        show("heappop([])", call(m, "heappop", "(O)", PyList_New(0)));
        Py_DECREF(h);
    }
    if ((m = load("_struct"))) {
        show("pack('<ih', 1, 2)", call(m, "pack", "(sii)", "<ih", 1, 2));
        show("unpack('<ih')", call(m, "unpack", "(sy#)", "<ih", "\x01\x00\x00\x00\x02\x00", (Py_ssize_t)6));
        show("calcsize('<qd')", call(m, "calcsize", "(s)", "<qd"));
        show("pack('<b', 300)", call(m, "pack", "(si)", "<b", 300));
    }
    if ((m = load("binascii"))) {
        show("hexlify(b'abc')", call(m, "hexlify", "(y)", "abc"));
        show("crc32(b'hello')", call(m, "crc32", "(y)", "hello"));
        show("b2a_base64(b'hi')", call(m, "b2a_base64", "(y)", "hi"));
        show("unhexlify('zz')", call(m, "unhexlify", "(s)", "zz"));
    }
    if ((m = load("array"))) {
        PyObject *a = call(m, "array", "(s[iii])", "i", 1, 2, 3);
        show("array('i', [1,2,3])", a ? Py_NewRef(a) : NULL);
        if (a) {
            show("a.tolist()", PyObject_CallMethod(a, "tolist", NULL));
            show("a.itemsize", PyObject_GetAttrString(a, "itemsize"));
            Py_DECREF(a);
        }
    }
    if ((m = load("_random"))) {
        PyObject *r = call(m, "Random", "(i)", 42);
        show("Random(42)", r ? PyObject_Type(r) : NULL);
        if (r) {
            show("getrandbits(32)", PyObject_CallMethod(r, "getrandbits", "i", 32));
            show("random()", PyObject_CallMethod(r, "random", NULL));
            Py_DECREF(r);
        }
    }
    if ((m = load("math"))) {
        show("sqrt(2)", call(m, "sqrt", "(i)", 2));
        show("gcd(12, 18)", call(m, "gcd", "(ii)", 12, 18));
        show("factorial(20)", call(m, "factorial", "(i)", 20));
        show("pi", PyObject_GetAttrString(m, "pi"));
        show("sqrt(-1)", call(m, "sqrt", "(i)", -1));
    }
    if ((m = load("_json"))) {
        show("encode_basestring_ascii", call(m, "encode_basestring_ascii", "(s)", "caf\xc3\xa9\n"));
        show("encode_basestring", call(m, "encode_basestring", "(s)", "a\"b"));
    }
    return 0;
}
