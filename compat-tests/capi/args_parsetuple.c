// compat: PyArg_ParseTuple (_PyArg_ParseTuple_SizeT), PyArg_VaParse, PyArg_Parse: every format
// unit with good and bad input and CPython's exact messages (counts, "must be X, not Y", item
// paths in nested tuples, overflow, embedded NUL, bad format), and cleanup of converters and
// allocated buffers when a later argument fails.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void report(const char *label, int ok) {
    if (ok) {
        printf("%s: ok\n", label);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s: %s\n", label, t ? ((PyTypeObject *)t)->tp_name : "NULL", s ? PyUnicode_AsUTF8(s) : "<no str>");
    Py_XDECREF(s); Py_XDECREF(t); Py_XDECREF(v); Py_XDECREF(tb);
}

static PyObject *T(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *r = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (r && !PyTuple_Check(r)) {
        PyObject *t = PyTuple_Pack(1, r);
        Py_DECREF(r);
        r = t;
    }
    return r;
}

static int cleanup_calls = 0;
static int conv_cleanup(PyObject *o, void *p) {
    if (o == NULL) { cleanup_calls++; return 0; }
    *(PyObject **)p = o;
    return Py_CLEANUP_SUPPORTED;
}
static int conv_int(PyObject *o, void *p) {
    long v = PyLong_AsLong(o);
    if (v == -1 && PyErr_Occurred()) return 0;
    *(long *)p = v * 2;
    return 1;
}
static int conv_fail_noexc(PyObject *o, void *p) { (void)o; (void)p; return 0; }

static int va_parse(PyObject *args, const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    int r = PyArg_VaParse(args, fmt, va);
    va_end(va);
    return r;
}

int main(void) {
    Py_Initialize();
    PyObject *a;
    unsigned char b; unsigned short H; short h; int i; unsigned int I; long l; unsigned long k;
    long long L; unsigned long long K; Py_ssize_t n; float f; double d; Py_complex D; char c; int C; int p;
    const char *s; Py_ssize_t len; PyObject *o, *o2; Py_buffer buf;

    a = T("(bhiIlkLKnfd)", 1, 2, 3, 4u, 5L, 6UL, 7LL, 8ULL, (Py_ssize_t)9, 1.5, 2.5);
    int ok = PyArg_ParseTuple(a, "bhiIlkLKnfd", &b, &h, &i, &I, &l, &k, &L, &K, &n, &f, &d);
    report("ints", ok);
    if (ok) printf("  %d %d %d %u %ld %lu %lld %llu %zd %.1f %.1f\n", b, h, i, I, l, k, L, K, n, f, d);
    Py_DECREF(a);

    a = T("(i)", 256); report("b too big", PyArg_ParseTuple(a, "b", &b)); Py_DECREF(a);
    a = T("(i)", -1); report("b negative", PyArg_ParseTuple(a, "b", &b)); Py_DECREF(a);
    a = T("(i)", 0x1ff); ok = PyArg_ParseTuple(a, "B", &b); report("B masks", ok); printf("  B=%d\n", b); Py_DECREF(a);
    a = T("(i)", 40000); report("h too big", PyArg_ParseTuple(a, "h", &h)); Py_DECREF(a);
    a = T("(i)", -40000); report("h too small", PyArg_ParseTuple(a, "h", &h)); Py_DECREF(a);
    a = T("(i)", -1); ok = PyArg_ParseTuple(a, "H", &H); report("H masks", ok); printf("  H=%u\n", H); Py_DECREF(a);
    a = T("(L)", 1LL << 40); report("i too big", PyArg_ParseTuple(a, "i", &i)); Py_DECREF(a);
    a = T("(L)", -(1LL << 40)); report("i too small", PyArg_ParseTuple(a, "i", &i)); Py_DECREF(a);
    a = T("(d)", 1.5); report("i from float", PyArg_ParseTuple(a, "i", &i)); Py_DECREF(a);
    a = T("(s)", "x"); report("i from str", PyArg_ParseTuple(a, "i", &i)); Py_DECREF(a);
    a = T("(O)", PyLong_FromString("123456789012345678901234567890", NULL, 10));
    report("l overflow", PyArg_ParseTuple(a, "l", &l));
    report("L overflow", PyArg_ParseTuple(a, "L", &L));
    report("n overflow", PyArg_ParseTuple(a, "n", &n));
    ok = PyArg_ParseTuple(a, "k", &k); report("k masks", ok); printf("  k=%lu\n", k);
    ok = PyArg_ParseTuple(a, "K", &K); report("K masks", ok); printf("  K=%llu\n", K);
    Py_DECREF(a);
    a = T("(d)", 1.0); report("k from float", PyArg_ParseTuple(a, "k", &k)); report("K from float", PyArg_ParseTuple(a, "K", &K)); Py_DECREF(a);
    a = T("(i)", 3); ok = PyArg_ParseTuple(a, "d", &d); report("d from int", ok); printf("  d=%.1f\n", d); Py_DECREF(a);
    a = T("(s)", "x"); report("d from str", PyArg_ParseTuple(a, "d", &d)); report("f from str", PyArg_ParseTuple(a, "f", &f)); Py_DECREF(a);
    Py_complex cv = {1.0, 2.0};
    a = T("(D)", &cv); ok = PyArg_ParseTuple(a, "D", &D); report("D", ok); printf("  D=%.1f%+.1fj\n", D.real, D.imag); Py_DECREF(a);
    a = T("(s)", "x"); report("D from str", PyArg_ParseTuple(a, "D", &D)); Py_DECREF(a);
    a = T("(y)", "z"); ok = PyArg_ParseTuple(a, "c", &c); report("c", ok); printf("  c=%c\n", c); Py_DECREF(a);
    a = T("(y)", "zz"); report("c too long", PyArg_ParseTuple(a, "c", &c)); Py_DECREF(a);
    a = T("(s)", "z"); report("c from str", PyArg_ParseTuple(a, "c", &c)); Py_DECREF(a);
    a = T("(N)", PyByteArray_FromStringAndSize("q", 1)); ok = PyArg_ParseTuple(a, "c", &c); report("c bytearray", ok); printf("  c=%c\n", c); Py_DECREF(a);
    a = T("(C)", 0x20ac); ok = PyArg_ParseTuple(a, "C", &C); report("C", ok); printf("  C=%x\n", C); Py_DECREF(a);
    a = T("(s)", "ab"); report("C too long", PyArg_ParseTuple(a, "C", &C)); Py_DECREF(a);
    a = T("(y)", "a"); report("C from bytes", PyArg_ParseTuple(a, "C", &C)); Py_DECREF(a);
    a = T("(O)", Py_None); ok = PyArg_ParseTuple(a, "p", &p); report("p None", ok); printf("  p=%d\n", p); Py_DECREF(a);
    a = T("(s)", "x"); ok = PyArg_ParseTuple(a, "p", &p); report("p str", ok); printf("  p=%d\n", p); Py_DECREF(a);

    a = T("(s)", "caf\xc3\xa9"); ok = PyArg_ParseTuple(a, "s", &s); report("s", ok); printf("  s=%s\n", s); Py_DECREF(a);
    a = T("(s#)", "a\0b", (Py_ssize_t)3); report("s embedded nul", PyArg_ParseTuple(a, "s", &s));
    ok = PyArg_ParseTuple(a, "s#", &s, &len); report("s# embedded nul", ok); printf("  len=%zd\n", len); Py_DECREF(a);
    a = T("(y)", "raw"); report("s from bytes", PyArg_ParseTuple(a, "s", &s));
    ok = PyArg_ParseTuple(a, "s#", &s, &len); report("s# from bytes", ok); printf("  %.*s len=%zd\n", (int)len, s, len);
    ok = PyArg_ParseTuple(a, "y", &s); report("y", ok); printf("  y=%s\n", s);
    ok = PyArg_ParseTuple(a, "y#", &s, &len); report("y#", ok); printf("  len=%zd\n", len);
    ok = PyArg_ParseTuple(a, "s*", &buf); report("s* bytes", ok); if (ok) { printf("  len=%zd ro=%d\n", buf.len, buf.readonly); PyBuffer_Release(&buf); }
    ok = PyArg_ParseTuple(a, "y*", &buf); report("y* bytes", ok); if (ok) { printf("  len=%zd\n", buf.len); PyBuffer_Release(&buf); }
    report("w* bytes", PyArg_ParseTuple(a, "w*", &buf));
    report("U from bytes", PyArg_ParseTuple(a, "U", &o));
    ok = PyArg_ParseTuple(a, "S", &o); report("S", ok);
    report("Y from bytes", PyArg_ParseTuple(a, "Y", &o));
    Py_DECREF(a);
    a = T("(y#)", "a\0b", (Py_ssize_t)3); report("y embedded nul", PyArg_ParseTuple(a, "y", &s)); Py_DECREF(a);
    a = T("(N)", PyByteArray_FromStringAndSize("ba", 2));
    report("s# from bytearray", PyArg_ParseTuple(a, "s#", &s, &len));
    report("y from bytearray", PyArg_ParseTuple(a, "y", &s));
    ok = PyArg_ParseTuple(a, "w*", &buf); report("w* bytearray", ok); if (ok) { printf("  len=%zd ro=%d\n", buf.len, buf.readonly); PyBuffer_Release(&buf); }
    ok = PyArg_ParseTuple(a, "y*", &buf); report("y* bytearray", ok); if (ok) PyBuffer_Release(&buf);
    ok = PyArg_ParseTuple(a, "Y", &o); report("Y", ok);
    report("w without *", PyArg_ParseTuple(a, "w", &buf));
    Py_DECREF(a);
    a = T("(i)", 5);
    report("s from int", PyArg_ParseTuple(a, "s", &s));
    report("z from int", PyArg_ParseTuple(a, "z", &s));
    report("s# from int", PyArg_ParseTuple(a, "s#", &s, &len));
    report("y from int", PyArg_ParseTuple(a, "y", &s));
    report("s* from int", PyArg_ParseTuple(a, "s*", &buf));
    report("U from int", PyArg_ParseTuple(a, "U", &o));
    report("S from int", PyArg_ParseTuple(a, "S", &o));
    report("O! wrong type", PyArg_ParseTuple(a, "O!", &PyUnicode_Type, &o));
    ok = PyArg_ParseTuple(a, "O!", &PyLong_Type, &o); report("O! right type", ok);
    long cl = 0;
    ok = PyArg_ParseTuple(a, "O&", conv_int, &cl); report("O&", ok); printf("  cl=%ld\n", cl);
    report("O& fails without exception", PyArg_ParseTuple(a, "O&", conv_fail_noexc, &cl));
    report("bad format char", PyArg_ParseTuple(a, "%", &o));
    Py_DECREF(a);
    a = T("(O)", Py_None);
    ok = PyArg_ParseTuple(a, "z", &s); report("z None", ok); printf("  z NULL=%d\n", s == NULL);
    ok = PyArg_ParseTuple(a, "z#", &s, &len); report("z# None", ok); printf("  NULL=%d len=%zd\n", s == NULL, len);
    ok = PyArg_ParseTuple(a, "z*", &buf); report("z* None", ok); if (ok) { printf("  buf NULL=%d len=%zd\n", buf.buf == NULL, buf.len); PyBuffer_Release(&buf); }
    report("s None", PyArg_ParseTuple(a, "s", &s));
    Py_DECREF(a);

    char *enc = NULL;
    a = T("(s)", "h\xc3\xa9");
    ok = PyArg_ParseTuple(a, "es", "latin-1", &enc); report("es latin-1", ok); if (ok) { printf("  %d bytes, last=%x\n", (int)strlen(enc), (unsigned char)enc[1]); PyMem_Free(enc); }
    enc = NULL;
    ok = PyArg_ParseTuple(a, "es#", "utf-8", &enc, &len); report("es# utf-8", ok); if (ok) { printf("  len=%zd\n", len); PyMem_Free(enc); }
    char small[2]; char *sp = small; len = sizeof small;
    report("es# too long", PyArg_ParseTuple(a, "es#", "utf-8", &sp, &len));
    enc = NULL;
    report("es ascii fails", PyArg_ParseTuple(a, "es", "ascii", &enc));
    report("es unknown codec", PyArg_ParseTuple(a, "es", "no-such-codec", &enc));
    Py_DECREF(a);
    a = T("(y)", "raw");
    enc = NULL;
    ok = PyArg_ParseTuple(a, "et", "utf-8", &enc); report("et bytes", ok); if (ok) { printf("  et=%s\n", enc); PyMem_Free(enc); }
    report("es bytes", PyArg_ParseTuple(a, "es", "utf-8", &enc));
    Py_DECREF(a);

    a = T("(i(ii)s)", 1, 2, 3, "x");
    int t1, t2, t3;
    ok = PyArg_ParseTuple(a, "i(ii)s", &t1, &t2, &t3, &s); report("nested tuple", ok); printf("  %d %d %d %s\n", t1, t2, t3, s);
    report("nested wrong item", PyArg_ParseTuple(a, "i(is)s", &t1, &t2, &s, &s));
    report("nested wrong length", PyArg_ParseTuple(a, "i(iii)s", &t1, &t2, &t3, &t3, &s));
    Py_DECREF(a);
    a = T("(ii)", 1, 2);
    report("nested not a sequence", PyArg_ParseTuple(a, "i(ii)", &t1, &t2, &t3));
    Py_DECREF(a);
    a = T("(i(i(ii)))", 1, 2, 3, 4);
    report("deep item path", PyArg_ParseTuple(a, "i(i(is))", &t1, &t2, &t3, &s));
    Py_DECREF(a);

    a = T("(ii)", 1, 2);
    report("too many", PyArg_ParseTuple(a, "i", &t1));
    report("too many named", PyArg_ParseTuple(a, "i:f", &t1));
    report("too many optional", PyArg_ParseTuple(a, "|i:f", &t1));
    report("too few", PyArg_ParseTuple(a, "iii", &t1, &t2, &t3));
    report("too few named", PyArg_ParseTuple(a, "iii:func", &t1, &t2, &t3));
    report("too few optional", PyArg_ParseTuple(a, "iii|i:func", &t1, &t2, &t3, &t3));
    report("custom message", PyArg_ParseTuple(a, "iii;need three ints", &t1, &t2, &t3));
    report("type error named", PyArg_ParseTuple(a, "is:func", &t1, &s));
    report("type error custom", PyArg_ParseTuple(a, "is;custom message", &t1, &s));
    t3 = -1;
    ok = PyArg_ParseTuple(a, "ii|i", &t1, &t2, &t3); report("optional missing", ok); printf("  t3=%d\n", t3);
    ok = va_parse(a, "ii:va", &t1, &t2); report("VaParse", ok); printf("  %d %d\n", t1, t2);
    report("VaParse error", va_parse(a, "i:va", &t1));
    Py_DECREF(a);
    a = T("()");
    report("no args ok", PyArg_ParseTuple(a, ""));
    report("no args, one wanted", PyArg_ParseTuple(a, "i", &t1));
    report("no args, one wanted named", PyArg_ParseTuple(a, "O:g", &o));
    Py_DECREF(a);
    report("not a tuple", PyArg_ParseTuple(Py_None, "i", &t1));

    // Cleanup of earlier conversions when a later one fails.
    a = T("(si)", "abc", 1);
    cleanup_calls = 0;
    report("O& cleanup", PyArg_ParseTuple(a, "O&s", conv_cleanup, &o, &s));
    printf("  cleanup calls=%d\n", cleanup_calls);
    enc = NULL;
    report("es freed on failure", PyArg_ParseTuple(a, "ess", "utf-8", &enc, &s));
    printf("  enc reset=%d\n", enc == NULL);
    Py_DECREF(a);

    // PyArg_Parse: the old single-object convention.
    PyObject *one = PyLong_FromLong(77);
    ok = PyArg_Parse(one, "i", &t1); report("Parse one", ok); printf("  %d\n", t1);
    report("Parse wrong type", PyArg_Parse(one, "s", &s));
    report("Parse wrong type named", PyArg_Parse(one, "s:pf", &s));
    report("Parse two units", PyArg_Parse(one, "ii", &t1, &t2));
    report("Parse no units", PyArg_Parse(one, ""));
    report("Parse no units named", PyArg_Parse(one, ":pf"));
    Py_DECREF(one);
    PyObject *pair = Py_BuildValue("(ii)", 4, 5);
    ok = PyArg_Parse(pair, "(ii)", &t1, &t2); report("Parse tuple unit", ok); printf("  %d %d\n", t1, t2);
    report("Parse tuple unit wrong", PyArg_Parse(pair, "(is)", &t1, &s));
    report("Parse tuple unit length", PyArg_Parse(pair, "(iii)", &t1, &t2, &t3));
    Py_DECREF(pair);
    o2 = NULL; (void)o2;
    Py_FinalizeEx();
    return 0;
}
