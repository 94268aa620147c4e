// compat: the buffer protocol functions: PyObject_CheckBuffer/GetBuffer, PyBuffer_Release/
// FillInfo/IsContiguous/GetPointer/FillContiguousStrides/ToContiguous/FromContiguous,
// PyObject_CopyData, on bytes and bytearray exporters and hand-made strided views.
#include "typesystem_show.h"

static void dump(const char *label, const char *p, Py_ssize_t n) {
    printf("%s:", label);
    for (Py_ssize_t i = 0; i < n; i++) printf(" %d", p[i]);
    printf("\n");
}

int main(void) {
    Py_Initialize();
    PyObject *b = PyBytes_FromString("abcdef"), *ba = PyByteArray_FromStringAndSize("xyz", 3);
    printf("check bytes=%d bytearray=%d int=%d\n", PyObject_CheckBuffer(b), PyObject_CheckBuffer(ba),
           PyObject_CheckBuffer(Py_None));
    Py_buffer v = {0};
    int got = PyObject_GetBuffer(b, &v, PyBUF_SIMPLE);
    show_int("GetBuffer bytes simple", got);
    if (got == 0) {
    printf("  len=%zd readonly=%d itemsize=%zd ndim=%d format NULL=%d shape NULL=%d obj=%d\n", v.len, v.readonly,
           v.itemsize, v.ndim, v.format == NULL, v.shape == NULL, v.obj == b);
    printf("  contiguous C=%d F=%d A=%d\n", PyBuffer_IsContiguous(&v, 'C'), PyBuffer_IsContiguous(&v, 'F'),
           PyBuffer_IsContiguous(&v, 'A'));
    Py_ssize_t refs = Py_REFCNT(b);
    PyBuffer_Release(&v);
    printf("  released obj NULL=%d refcount dropped=%d\n", v.obj == NULL, Py_REFCNT(b) == refs - 1);
    }
    show_int("GetBuffer bytes writable", PyObject_GetBuffer(b, &v, PyBUF_WRITABLE));
    show_int("GetBuffer int", PyObject_GetBuffer(Py_None, &v, PyBUF_SIMPLE));
    got = PyObject_GetBuffer(ba, &v, PyBUF_WRITABLE | PyBUF_FORMAT);
    show_int("GetBuffer bytearray writable", got);
    if (got == 0) {
        printf("  readonly=%d format=%s\n", v.readonly, v.format);
        PyBuffer_Release(&v);
    }

    char mem[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    Py_buffer f;
    show_int("FillInfo ro", PyBuffer_FillInfo(&f, NULL, mem, 12, 1, PyBUF_FULL_RO));
    printf("  ndim=%d itemsize=%zd format=%s shape0=%zd stride0=%zd sub NULL=%d\n", f.ndim, f.itemsize, f.format,
           f.shape[0], f.strides[0], f.suboffsets == NULL);
    show_int("FillInfo writable on ro", PyBuffer_FillInfo(&f, NULL, mem, 12, 1, PyBUF_WRITABLE));
    show_int("FillInfo NULL view", PyBuffer_FillInfo(NULL, NULL, mem, 12, 1, 0));
    show_int("FillInfo simple", PyBuffer_FillInfo(&f, b, mem, 12, 0, PyBUF_SIMPLE));
    printf("  format NULL=%d shape NULL=%d strides NULL=%d obj=%d\n", f.format == NULL, f.shape == NULL,
           f.strides == NULL, f.obj == b);
    PyBuffer_Release(&f);

    // A 2x3 view of bytes 0..11 taking every other byte: strides (6, 2).
    Py_ssize_t shape[2] = {2, 3}, strides[2] = {6, 2}, idx[2] = {1, 2};
    Py_buffer s = {.buf = mem, .obj = NULL, .len = 6, .itemsize = 1, .readonly = 0, .ndim = 2,
                   .format = "B", .shape = shape, .strides = strides, .suboffsets = NULL};
    printf("strided contiguous C=%d F=%d A=%d\n", PyBuffer_IsContiguous(&s, 'C'), PyBuffer_IsContiguous(&s, 'F'),
           PyBuffer_IsContiguous(&s, 'A'));
    printf("GetPointer[1][2]=%d\n", *(char *)PyBuffer_GetPointer(&s, idx));
    char out[6];
    show_int("ToContiguous C", PyBuffer_ToContiguous(out, &s, 6, 'C'));
    dump("  C", out, 6);
    show_int("ToContiguous F", PyBuffer_ToContiguous(out, &s, 6, 'F'));
    dump("  F", out, 6);
    show_int("ToContiguous bad len", PyBuffer_ToContiguous(out, &s, 5, 'C'));
    char in[6] = {-1, -2, -3, -4, -5, -6};
    show_int("FromContiguous C", PyBuffer_FromContiguous(&s, in, 6, 'C'));
    dump("  mem", mem, 12);
    Py_ssize_t st[3], sh[3] = {2, 3, 4};
    PyBuffer_FillContiguousStrides(3, sh, st, 8, 'C');
    printf("strides C: %zd %zd %zd\n", st[0], st[1], st[2]);
    PyBuffer_FillContiguousStrides(3, sh, st, 8, 'F');
    printf("strides F: %zd %zd %zd\n", st[0], st[1], st[2]);

    PyObject *dst = PyByteArray_FromStringAndSize("......", 6);
    show_int("CopyData", PyObject_CopyData(dst, PyBytes_FromString("ABC")));
    show("  dst", Py_NewRef(dst));
    show_int("CopyData too small", PyObject_CopyData(PyByteArray_FromStringAndSize("..", 2), b));
    show_int("CopyData to bytes", PyObject_CopyData(b, dst));
    show_int("CopyData from int", PyObject_CopyData(dst, Py_None));
    return 0;
}
