// compat: memoryview creation: PyMemoryView_FromObject (bytes, bytearray, memoryview, released
// view, non-buffer), PyMemoryView_FromMemory (read/write access), PyMemoryView_FromBuffer,
// PyMemoryView_GetContiguous on contiguous and strided views, the descriptive attributes.
#include "common_show.h"

static void sh(const char *label, PyObject *o) { show(label, o); Py_XDECREF(o); }

static void attrs(const char *label, PyObject *mv) {
    static const char *names[] = {"nbytes", "readonly", "itemsize", "format", "ndim", "shape", "strides",
                                  "suboffsets", "c_contiguous", "f_contiguous", "contiguous", NULL};
    printf("%s:\n", label);
    for (int i = 0; names[i]; i++) {
        char l[64];
        snprintf(l, sizeof l, "  %s", names[i]);
        sh(l, PyObject_GetAttrString(mv, names[i]));
    }
}

int main(void) {
    Py_Initialize();
    PyObject *b = PyBytes_FromString("abcdef"), *ba = PyByteArray_FromStringAndSize("xyz", 3);
    PyObject *mb = PyMemoryView_FromObject(b);
    printf("check=%d exact=%d\n", PyMemoryView_Check(mb), Py_IS_TYPE(mb, &PyMemoryView_Type));
    attrs("bytes view", mb);
    PyObject *obj = PyObject_GetAttrString(mb, "obj");
    printf("obj is bytes=%d\n", obj == b);
    Py_XDECREF(obj);
    printf("len=%zd\n", PyObject_Length(mb));
    printf("GET_BUF equal=%d\n", PyMemoryView_GET_BUFFER(mb)->buf == (void *)PyBytes_AS_STRING(b));
    printf("GET_BASE is bytes=%d\n", PyMemoryView_GET_BASE(mb) == b);

    PyObject *mba = PyMemoryView_FromObject(ba);
    attrs("bytearray view", mba);
    PyObject *copy = PyMemoryView_FromObject(mba);
    printf("copy shares buffer=%d\n", PyMemoryView_GET_BUFFER(copy)->buf == PyMemoryView_GET_BUFFER(mba)->buf);
    sh("copy tolist", PyObject_CallMethod(copy, "tolist", NULL));
    sh("release copy", PyObject_CallMethod(copy, "release", NULL));
    sh("FromObject released", PyMemoryView_FromObject(copy));
    sh("len released", PyObject_Length(copy) < 0 ? NULL : PyLong_FromSsize_t(0));
    sh("nbytes released", PyObject_GetAttrString(copy, "nbytes"));
    sh("original still usable", PyObject_CallMethod(mba, "tobytes", NULL));
    sh("FromObject int", PyMemoryView_FromObject(Py_None));
    PyObject *five = PyLong_FromLong(5);
    sh("FromObject 5", PyMemoryView_FromObject(five));
    Py_DECREF(five);

    char mem[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    PyObject *ro = PyMemoryView_FromMemory(mem, 8, PyBUF_READ);
    attrs("FromMemory read", ro);
    sh("  obj", PyObject_GetAttrString(ro, "obj"));
    sh("  tolist", PyObject_CallMethod(ro, "tolist", NULL));
    PyObject *zero = PyLong_FromLong(0);
    printf("  setitem ro=%d\n", PyObject_SetItem(ro, zero, zero));
    err("  setitem ro err");
    PyObject *rw = PyMemoryView_FromMemory(mem, 8, PyBUF_WRITE);
    sh("FromMemory write readonly", PyObject_GetAttrString(rw, "readonly"));
    PyObject *v99 = PyLong_FromLong(99);
    printf("  setitem rw=%d mem[0]=%d\n", PyObject_SetItem(rw, zero, v99), mem[0]);
    Py_DECREF(ro);
    Py_DECREF(rw);

    Py_buffer info;
    PyBuffer_FillInfo(&info, NULL, mem, 8, 0, PyBUF_FULL_RO);
    PyObject *fb = PyMemoryView_FromBuffer(&info);
    attrs("FromBuffer", fb);
    sh("  obj", PyObject_GetAttrString(fb, "obj"));
    sh("  tolist", PyObject_CallMethod(fb, "tolist", NULL));
    Py_DECREF(fb);
    info.buf = NULL;
    sh("FromBuffer NULL buf", PyMemoryView_FromBuffer(&info));

    PyObject *c1 = PyMemoryView_GetContiguous(b, PyBUF_READ, 'C');
    sh("GetContiguous bytes", PyObject_CallMethod(c1, "tobytes", NULL));
    printf("  shares buffer=%d\n", PyMemoryView_GET_BUFFER(c1)->buf == (void *)PyBytes_AS_STRING(b));
    Py_DECREF(c1);
    sh("GetContiguous bytes write", PyMemoryView_GetContiguous(b, PyBUF_WRITE, 'C'));
    PyObject *c2 = PyMemoryView_GetContiguous(ba, PyBUF_WRITE, 'A');
    sh("GetContiguous bytearray write", c2 ? PyObject_GetAttrString(c2, "readonly") : NULL);
    Py_XDECREF(c2);

    PyObject *step = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = PyObject_GetItem(mb, step);
    attrs("strided", strided);
    sh("  tolist", PyObject_CallMethod(strided, "tolist", NULL));
    PyObject *c3 = PyMemoryView_GetContiguous(strided, PyBUF_READ, 'C');
    attrs("GetContiguous strided", c3);
    sh("  tobytes", PyObject_CallMethod(c3, "tobytes", NULL));
    sh("  obj type", c3 ? PyObject_Type(PyMemoryView_GET_BASE(c3)) : NULL);
    Py_XDECREF(c3);
    sh("GetContiguous strided write", PyMemoryView_GetContiguous(strided, PyBUF_WRITE, 'C'));
    PyObject *bas = PyMemoryView_FromObject(ba);
    PyObject *bstr = PyObject_GetItem(bas, step);
    sh("GetContiguous strided rw write", PyMemoryView_GetContiguous(bstr, PyBUF_WRITE, 'C'));
    Py_DECREF(bstr);
    Py_DECREF(bas);

    PyObject *t = PyObject_CallOneArg((PyObject *)&PyMemoryView_Type, b);
    sh("memoryview(b) tobytes", t ? PyObject_CallMethod(t, "tobytes", NULL) : NULL);
    Py_XDECREF(t);
    sh("memoryview()", PyObject_CallNoArgs((PyObject *)&PyMemoryView_Type));

    Py_DECREF(strided); Py_DECREF(step); Py_DECREF(v99); Py_DECREF(zero);
    Py_DECREF(copy); Py_DECREF(mba); Py_DECREF(mb); Py_DECREF(b); Py_DECREF(ba);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
