// compat: memoryview behaviour: items and slices over native formats, item assignment with
// CPython's pack errors, tolist/tobytes(order)/hex/cast (format and shape rules), ==, hash,
// release with exported buffers, the context manager, and the buffer export's PyBUF_* checks.
#include "common_show.h"

static void sh(const char *label, PyObject *o) { show(label, o); Py_XDECREF(o); }

static PyObject *cast(PyObject *mv, const char *fmt, PyObject *shape) {
    PyObject *f = PyUnicode_FromString(fmt);
    PyObject *r = shape ? PyObject_CallMethod(mv, "cast", "OO", f, shape) : PyObject_CallMethod(mv, "cast", "O", f);
    Py_DECREF(f);
    return r;
}

static void setitem(const char *label, PyObject *mv, Py_ssize_t i, PyObject *v) {
    PyObject *k = PyLong_FromSsize_t(i);
    int r = PyObject_SetItem(mv, k, v);
    Py_DECREF(k);
    if (r < 0) err(label); else printf("%s: ok\n", label);
    Py_XDECREF(v);
}

static void getbuf(const char *label, PyObject *o, int flags) {
    Py_buffer v;
    if (PyObject_GetBuffer(o, &v, flags) < 0) { err(label); return; }
    printf("%s: ok len=%zd ndim=%d format=%s shape=%d strides=%d itemsize=%zd\n", label, v.len, v.ndim,
           v.format ? v.format : "NULL", v.shape != NULL, v.strides != NULL, v.itemsize);
    PyBuffer_Release(&v);
}

int main(void) {
    Py_Initialize();
    unsigned char raw[24];
    for (int i = 0; i < 24; i++) raw[i] = (unsigned char)(i * 11);
    PyObject *ba = PyByteArray_FromStringAndSize((char *)raw, 24);
    PyObject *m = PyMemoryView_FromObject(ba);
    const char *fmts[] = {"B", "b", "c", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "f", "d", "?", "@B", NULL};
    for (int i = 0; fmts[i]; i++) {
        PyObject *c = cast(m, fmts[i], NULL);
        char l[64];
        snprintf(l, sizeof l, "cast %s tolist", fmts[i]);
        sh(l, c ? PyObject_CallMethod(c, "tolist", NULL) : NULL);
        if (c) {
            snprintf(l, sizeof l, "cast %s [-1]", fmts[i]);
            sh(l, PySequence_GetItem(c, -1));
            snprintf(l, sizeof l, "cast %s format", fmts[i]);
            sh(l, PyObject_GetAttrString(c, "format"));
        }
        Py_XDECREF(c);
    }
    // P prints addresses in real use; only its size is checked.
    PyObject *cp = cast(m, "P", NULL);
    sh("cast P itemsize", cp ? PyObject_GetAttrString(cp, "itemsize") : NULL);
    Py_XDECREF(cp);
    sh("cast x", cast(m, "x", NULL));
    sh("cast <i", cast(m, "<i", NULL));
    sh("cast ii", cast(m, "ii", NULL));
    PyObject *mi = cast(m, "i", NULL);
    sh("cast i->h", cast(mi, "h", NULL));
    sh("cast i->B", mi ? PyObject_CallMethod(cast(mi, "B", NULL), "tolist", NULL) : NULL);
    PyObject *m5 = PyMemoryView_FromMemory((char *)raw, 5, PyBUF_READ);
    sh("cast len 5 -> i", cast(m5, "i", NULL));
    PyObject *shape = Py_BuildValue("(ii)", 2, 3);
    PyObject *m2 = cast(mi, "B", NULL);
    PyObject *two = m2 ? cast(m2, "i", shape) : NULL;
    sh("cast 2x3 i tolist", two ? PyObject_CallMethod(two, "tolist", NULL) : NULL);
    sh("  shape", two ? PyObject_GetAttrString(two, "shape") : NULL);
    sh("  strides", two ? PyObject_GetAttrString(two, "strides") : NULL);
    sh("  ndim", two ? PyObject_GetAttrString(two, "ndim") : NULL);
    sh("  [1,2]", two ? PyObject_GetItem(two, Py_BuildValue("(ii)", 1, 2)) : NULL);
    sh("  [1]", two ? PySequence_GetItem(two, 1) : NULL);
    sh("  [0,5]", two ? PyObject_GetItem(two, Py_BuildValue("(ii)", 0, 5)) : NULL);
    sh("  [0,0,0]", two ? PyObject_GetItem(two, Py_BuildValue("(iii)", 0, 0, 0)) : NULL);
    sh("  tobytes F", two ? PyObject_CallMethod(two, "tobytes", "s", "F") : NULL);
    sh("  tobytes A", two ? PyObject_CallMethod(two, "tobytes", "s", "A") : NULL);
    sh("  tobytes X", two ? PyObject_CallMethod(two, "tobytes", "s", "X") : NULL);
    sh("  tobytes 5", two ? PyObject_CallMethod(two, "tobytes", "i", 5) : NULL);
    sh("  cast 2D -> 2D", two ? cast(two, "B", shape) : NULL);
    sh("  cast 2D -> 1D", two ? PyObject_CallMethod(cast(two, "B", NULL), "tobytes", NULL) : NULL);
    PyObject *bad = Py_BuildValue("(ii)", 5, 5);
    sh("cast bad product", cast(m2, "i", bad));
    PyObject *neg = Py_BuildValue("(ii)", -1, 6);
    sh("cast bad dim", cast(m2, "i", neg));
    PyObject *strs = Py_BuildValue("(s)", "a");
    sh("cast str dim", cast(m2, "i", strs));
    sh("cast shape int", cast(m2, "i", PyLong_FromLong(3)));
    sh("cast scalar", m2 ? PyObject_CallMethod(cast(m2, "Q", Py_BuildValue("()")), "tolist", NULL) : NULL);

    // Items and slices.
    sh("m[3]", PySequence_GetItem(m, 3));
    sh("m[-24]", PySequence_GetItem(m, -24));
    sh("m[24]", PySequence_GetItem(m, 24));
    sh("m['a']", PyObject_GetItem(m, strs));
    PyObject *sl = PySlice_New(PyLong_FromLong(2), PyLong_FromLong(20), PyLong_FromLong(3));
    PyObject *sub = PyObject_GetItem(m, sl);
    sh("m[2:20:3]", sub ? PyObject_CallMethod(sub, "tolist", NULL) : NULL);
    sh("  len", sub ? PyLong_FromSsize_t(PyObject_Length(sub)) : NULL);
    sh("  cast on strided", sub ? cast(sub, "B", NULL) : NULL);
    setitem("set m[0]=255", m, 0, PyLong_FromLong(255));
    setitem("set m[0]=256", m, 0, PyLong_FromLong(256));
    setitem("set m[0]=-1", m, 0, PyLong_FromLong(-1));
    setitem("set m[0]=1.5", m, 0, PyFloat_FromDouble(1.5));
    setitem("set m[99]=1", m, 99, PyLong_FromLong(1));
    sh("m[0] after", PySequence_GetItem(m, 0));
    PyObject *mh = cast(m, "h", NULL);
    setitem("set h[1]=-300", mh, 1, PyLong_FromLong(-300));
    setitem("set h[1]=40000", mh, 1, PyLong_FromLong(40000));
    sh("h[1]", PySequence_GetItem(mh, 1));
    PyObject *mc = cast(m, "c", NULL);
    setitem("set c[0]=b'z'", mc, 0, PyBytes_FromString("z"));
    setitem("set c[0]=b'zz'", mc, 0, PyBytes_FromString("zz"));
    setitem("set c[0]=1", mc, 0, PyLong_FromLong(1));
    PyObject *md = cast(m, "d", NULL);
    setitem("set d[0]=2.5", md, 0, PyFloat_FromDouble(2.5));
    setitem("set d[0]='x'", md, 0, PyUnicode_FromString("x"));
    sh("d[0]", PySequence_GetItem(md, 0));
    PyObject *mq = cast(m, "?", NULL);
    setitem("set ?[1]=[]", mq, 1, PyList_New(0));
    sh("?[1]", PySequence_GetItem(mq, 1));
    PyObject *k0 = PyLong_FromLong(0);
    printf("delitem=%d\n", PyObject_DelItem(m, k0));
    err("delitem err");
    PyObject *s2 = PySlice_New(PyLong_FromLong(0), PyLong_FromLong(3), NULL);
    PyObject *src = PyBytes_FromString("XYZ");
    printf("slice assign=%d\n", PyObject_SetItem(m, s2, src));
    sh("  after", PyObject_CallMethod(m, "tobytes", NULL));
    PyObject *src4 = PyBytes_FromString("XYZW");
    printf("slice assign wrong len=%d\n", PyObject_SetItem(m, s2, src4));
    err("  err");

    // hex
    PyObject *hb = PyBytes_FromStringAndSize("\x01\xab\xff\x10\x20", 5);
    PyObject *hm = PyMemoryView_FromObject(hb);
    sh("hex", PyObject_CallMethod(hm, "hex", NULL));
    sh("hex ':'", PyObject_CallMethod(hm, "hex", "s", ":"));
    sh("hex ':' 2", PyObject_CallMethod(hm, "hex", "si", ":", 2));
    sh("hex ':' -2", PyObject_CallMethod(hm, "hex", "si", ":", -2));
    sh("hex '::'", PyObject_CallMethod(hm, "hex", "s", "::"));

    // ==, hash
    PyObject *hb2 = PyBytes_FromStringAndSize("\x01\xab\xff\x10\x20", 5);
    PyObject *hb3 = PyBytes_FromStringAndSize("\x01\xab\xff\x10\x21", 5);
    printf("eq bytes=%d ne other=%d eq self view=%d\n", PyObject_RichCompareBool(hm, hb2, Py_EQ),
           PyObject_RichCompareBool(hm, hb3, Py_NE), PyObject_RichCompareBool(hm, hm, Py_EQ));
    sh("eq int", PyObject_RichCompare(hm, Py_None, Py_EQ));
    sh("lt", PyObject_RichCompare(hm, hb2, Py_LT));
    PyObject *fl = cast(m, "f", NULL), *dl = cast(m, "B", NULL);
    printf("eq f vs B=%d\n", PyObject_RichCompareBool(fl, dl, Py_EQ));
    printf("hash matches bytes=%d\n", PyObject_Hash(hm) == PyObject_Hash(hb));
    printf("hash writable=%ld\n", (long)PyObject_Hash(m));
    err("  err");
    PyObject *hi = cast(hm, "b", NULL);
    printf("hash b ok=%d\n", PyObject_Hash(hi) != -1);
    PyObject *hm4 = PyMemoryView_FromMemory((char *)raw, 24, PyBUF_READ);
    PyObject *hm4i = cast(hm4, "i", NULL);
    printf("hash i=%ld\n", (long)PyObject_Hash(hm4i));
    err("  err");

    // Buffer export.
    getbuf("export simple", hm, PyBUF_SIMPLE);
    getbuf("export writable ro", hm, PyBUF_WRITABLE);
    getbuf("export full", m, PyBUF_FULL);
    getbuf("export strided simple", sub, PyBUF_SIMPLE);
    getbuf("export strided ND", sub, PyBUF_ND);
    getbuf("export strided C", sub, PyBUF_C_CONTIGUOUS);
    getbuf("export strided F", sub, PyBUF_F_CONTIGUOUS);
    getbuf("export strided ANY", sub, PyBUF_ANY_CONTIGUOUS);
    getbuf("export strided STRIDES", sub, PyBUF_STRIDES);
    getbuf("export i FORMAT only", hm4i, PyBUF_FORMAT);
    getbuf("export i ND", hm4i, PyBUF_ND);
    getbuf("export i simple", hm4i, PyBUF_SIMPLE);
    getbuf("export 2D FULL_RO", two, PyBUF_FULL_RO);
    getbuf("export 2D F", two, PyBUF_F_CONTIGUOUS);
    Py_buffer held, held2;
    PyObject_GetBuffer(hm, &held, PyBUF_SIMPLE);
    sh("release while exported", PyObject_CallMethod(hm, "release", NULL));
    PyObject_GetBuffer(hm, &held2, PyBUF_SIMPLE);
    sh("release two exported", PyObject_CallMethod(hm, "release", NULL));
    PyBuffer_Release(&held2);
    sh("release one exported", PyObject_CallMethod(hm, "release", NULL));
    PyBuffer_Release(&held);
    sh("release none exported", PyObject_CallMethod(hm, "release", NULL));
    sh("release again", PyObject_CallMethod(hm, "release", NULL));
    sh("tobytes released", PyObject_CallMethod(hm, "tobytes", NULL));
    PyObject *rep = PyObject_Repr(hm);
    printf("repr released prefix=%d\n", rep && strncmp(PyUnicode_AsUTF8(rep), "<released memory at 0x", 22) == 0);
    Py_XDECREF(rep);
    printf("eq released=%d\n", PyObject_RichCompareBool(hm, hb, Py_EQ));

    // Context manager, toreadonly.
    PyObject *cm = PyMemoryView_FromObject(ba);
    PyObject *ent = PyObject_CallMethod(cm, "__enter__", NULL);
    printf("enter returns self=%d\n", ent == cm);
    Py_XDECREF(ent);
    sh("exit", PyObject_CallMethod(cm, "__exit__", "OOO", Py_None, Py_None, Py_None));
    sh("after exit", PyObject_CallMethod(cm, "tolist", NULL));
    sh("enter released", PyObject_CallMethod(cm, "__enter__", NULL));
    PyObject *rom = PyObject_CallMethod(m, "toreadonly", NULL);
    sh("toreadonly readonly", PyObject_GetAttrString(rom, "readonly"));
    setitem("toreadonly set", rom, 0, PyLong_FromLong(1));
    Py_DECREF(rom);
    PyObject *ba2 = PyByteArray_FromStringAndSize("ab", 2);
    PyObject *msh = PyMemoryView_FromObject(ba2);
    printf("resize while viewed=%d\n", PyByteArray_Resize(ba2, 5));
    err("  err");
    Py_DECREF(msh);
    printf("resize after view freed=%d\n", PyByteArray_Resize(ba2, 5));
    PyObject *msh2 = PyMemoryView_FromObject(ba2);
    Py_DECREF(PyObject_CallMethod(msh2, "release", NULL));
    printf("resize after release=%d size=%zd\n", PyByteArray_Resize(ba2, 7), PyByteArray_Size(ba2));
    Py_DECREF(msh2);
    Py_DECREF(ba2);
    // Iteration.
    PyObject *im = PyMemoryView_FromMemory((char *)raw, 8, PyBUF_READ);
    PyObject *imh = cast(im, "h", NULL);
    PyObject *it = PyObject_GetIter(imh);
    sh("iter type", it ? PyObject_Type(it) : NULL);
    PyObject *x;
    printf("iter items:");
    while (it && (x = PyIter_Next(it))) { printf(" %ld", PyLong_AsLong(x)); Py_DECREF(x); }
    printf("\n");
    sh("iter exhausted again", it ? PyIter_Next(it) : NULL);
    Py_XDECREF(it);
    PyObject *rev = PySlice_New(NULL, NULL, PyLong_FromLong(-1));
    PyObject *imr = PyObject_GetItem(imh, rev);
    sh("list(reversed slice)", imr ? PySequence_List(imr) : NULL);
    sh("iter 2D", PyObject_GetIter(two));
    PyObject *sc = cast(im, "Q", Py_BuildValue("()"));
    sh("iter 0-dim", sc ? PyObject_GetIter(sc) : NULL);
    sh("0-dim [()]", sc ? PyObject_GetItem(sc, Py_BuildValue("()")) : NULL);
    sh("0-dim tolist", sc ? PyObject_CallMethod(sc, "tolist", NULL) : NULL);
    sh("0-dim len", sc ? PyLong_FromSsize_t(PyObject_Length(sc)) : NULL);
    sh("0-dim [0]", sc ? PySequence_GetItem(sc, 0) : NULL);
    printf("done\n");
    return 0;
}
