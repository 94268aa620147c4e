// compat: the private _PyBytesWriter used by binascii/_struct/_pickle: Alloc in the small
// buffer, Prepare/WriteBytes growing past 512 bytes (with and without overallocate), Resize,
// Finish to bytes and to bytearray (use_bytearray), the empty result, and Dealloc.
#include "unicode_common.h"

static void show_result(const char *label, PyObject *r) {
    if (!r) { show_error(label); return; }
    Py_ssize_t n = PyBytes_Check(r) ? PyBytes_GET_SIZE(r) : PyByteArray_GET_SIZE(r);
    const char *s = PyBytes_Check(r) ? PyBytes_AS_STRING(r) : PyByteArray_AS_STRING(r);
    unsigned long sum = 0;
    for (Py_ssize_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)s[i];
    printf("%s %s len=%zd sum=%lu first=%02x last=%02x nul=%d\n", label, Py_TYPE(r)->tp_name, n, sum,
           n ? (unsigned char)s[0] : 0, n ? (unsigned char)s[n - 1] : 0, s[n] == 0);
    Py_DECREF(r);
}

int main(void) {
    Py_Initialize();
    printf("sizeof=%zu\n", sizeof(_PyBytesWriter));
    _PyBytesWriter w;
    char *p;

    // small result, written in the small buffer
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 5);
    printf("small: in small buffer=%d allocated=%zd min=%zd\n", w.use_small_buffer, w.allocated, w.min_size);
    memcpy(p, "hello", 5); p += 5;
    show_result("small", _PyBytesWriter_Finish(&w, p));

    // empty result
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 10);
    show_result("empty", _PyBytesWriter_Finish(&w, p));

    // growth past the small buffer with WriteBytes, no overallocation
    char chunk[100];
    for (int i = 0; i < 100; i++) chunk[i] = (char)(i * 7 + 1);
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 0);
    for (int i = 0; i < 20; i++) {
        p = _PyBytesWriter_WriteBytes(&w, p, chunk, 100);
        if (!p) { show_error("write"); break; }
        if (i == 4 || i == 5 || i == 6)
            printf("grow i=%d small=%d allocated=%zd min=%zd\n", i, w.use_small_buffer, w.allocated, w.min_size);
    }
    show_result("grown", _PyBytesWriter_Finish(&w, p));

    // overallocate
    _PyBytesWriter_Init(&w);
    w.overallocate = 1;
    p = _PyBytesWriter_Alloc(&w, 300);
    memset(p, 'a', 300); p += 300;
    p = _PyBytesWriter_Prepare(&w, p, 400);
    printf("overalloc small=%d allocated=%zd min=%zd\n", w.use_small_buffer, w.allocated, w.min_size);
    memset(p, 'b', 400); p += 400;
    p = _PyBytesWriter_Prepare(&w, p, 100);
    printf("overalloc2 allocated=%zd min=%zd\n", w.allocated, w.min_size);
    memset(p, 'c', 50); p += 50;
    show_result("overalloc", _PyBytesWriter_Finish(&w, p));

    // explicit Resize
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 3);
    memcpy(p, "xyz", 3); p += 3;
    p = _PyBytesWriter_Resize(&w, p, 2000);
    printf("resize small=%d allocated=%zd min=%zd\n", w.use_small_buffer, w.allocated, w.min_size);
    memcpy(p, "!!", 2); p += 2;
    show_result("resized", _PyBytesWriter_Finish(&w, p));

    // bytearray results, small and grown, and empty
    _PyBytesWriter_Init(&w);
    w.use_bytearray = 1;
    p = _PyBytesWriter_Alloc(&w, 4);
    memcpy(p, "abcd", 4); p += 4;
    show_result("ba small", _PyBytesWriter_Finish(&w, p));
    _PyBytesWriter_Init(&w);
    w.use_bytearray = 1;
    p = _PyBytesWriter_Alloc(&w, 0);
    for (int i = 0; i < 9; i++) p = _PyBytesWriter_WriteBytes(&w, p, chunk, 100);
    show_result("ba grown", _PyBytesWriter_Finish(&w, p));
    _PyBytesWriter_Init(&w);
    w.use_bytearray = 1;
    p = _PyBytesWriter_Alloc(&w, 0);
    show_result("ba empty", _PyBytesWriter_Finish(&w, p));

    // Prepare of 0 keeps the position; overflow is MemoryError; Dealloc releases the buffer
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 600);
    char *q = _PyBytesWriter_Prepare(&w, p, 0);
    printf("prepare0 same=%d\n", q == p);
    q = _PyBytesWriter_Prepare(&w, p, PY_SSIZE_T_MAX);
    printf("overflow null=%d buffer cleared=%d\n", q == NULL, w.buffer == NULL);
    show_error("overflow");
    _PyBytesWriter_Dealloc(&w);
    _PyBytesWriter_Init(&w);
    p = _PyBytesWriter_Alloc(&w, 1000);
    _PyBytesWriter_Dealloc(&w);
    printf("dealloc buffer=%d\n", w.buffer == NULL);
    Py_Finalize();
    return 0;
}
