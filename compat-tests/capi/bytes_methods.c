// compat: bytes through the sequence/mapping protocols (len, +, *, b[i], slices, `in`) and its
// methods hex (with sep and bytes_per_sep), fromhex, decode, with their errors.
#include "unicode_common.h"

static void show_obj(const char *label, PyObject *o) {
    if (!o) { show_error(label); return; }
    PyObject *r = PyObject_Repr(o);
    printf("%s %s\n", label, r ? PyUnicode_AsUTF8(r) : "?");
    if (!r) show_error("  repr");
    Py_XDECREF(r);
    Py_DECREF(o);
}

int main(void) {
    Py_Initialize();
    PyObject *b = PyBytes_FromStringAndSize("abc\x00\xff" "def", 8);
    PyObject *s = PyUnicode_FromString("x");
    PyObject *ba = PyByteArray_FromStringAndSize("BA", 2);
    printf("len=%zd\n", PySequence_Length(b));
    show_obj("item 0", PySequence_GetItem(b, 0));
    show_obj("item -1", PySequence_GetItem(b, -1));
    show_obj("item 9", PySequence_GetItem(b, 9));
    show_obj("slice", PySequence_GetSlice(b, 1, 5));
    PyObject *step = PySlice_New(NULL, NULL, PyLong_FromLong(-2));
    show_obj("slice ::-2", PyObject_GetItem(b, step));
    show_obj("getitem str", PyObject_GetItem(b, s));
    show_obj("concat", PySequence_Concat(b, ba));
    show_obj("concat str", PySequence_Concat(b, s));
    show_obj("repeat", PySequence_Repeat(b, 2));
    show_obj("repeat 0", PySequence_Repeat(b, 0));
    printf("contains 97=%d\n", PySequence_Contains(b, PyLong_FromLong(97)));
    printf("contains 300=%d\n", PySequence_Contains(b, PyLong_FromLong(300)));
    show_error("contains 300");
    printf("contains b'cd'=%d b'c\\0'=%d\n", PySequence_Contains(b, PyBytes_FromString("cd")),
           PySequence_Contains(b, PyBytes_FromStringAndSize("c\x00", 2)));
    printf("contains str=%d\n", PySequence_Contains(b, s));
    show_error("contains str");
    show_obj("hex", PyObject_CallMethod(b, "hex", NULL));
    show_obj("hex :", PyObject_CallMethod(b, "hex", "s", ":"));
    show_obj("hex - 3", PyObject_CallMethod(b, "hex", "si", "-", 3));
    show_obj("hex - -3", PyObject_CallMethod(b, "hex", "si", "-", -3));
    show_obj("hex b sep", PyObject_CallMethod(b, "hex", "y", "|"));
    show_obj("hex ::", PyObject_CallMethod(b, "hex", "s", "::"));
    show_obj("hex int", PyObject_CallMethod(b, "hex", "i", 1));
    show_obj("fromhex", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "61 62ff\t00"));
    show_obj("fromhex odd", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "616"));
    show_obj("fromhex bad", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "6x"));
    show_obj("fromhex int", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "i", 5));
    PyObject *u8 = PyBytes_FromString("caf\xc3\xa9 \xff");
    show_obj("decode", PyObject_CallMethod(u8, "decode", NULL));
    show_obj("decode replace", PyObject_CallMethod(u8, "decode", "ss", "utf-8", "replace"));
    show_obj("decode latin-1", PyObject_CallMethod(u8, "decode", "s", "latin-1"));
    show_obj("decode bogus", PyObject_CallMethod(u8, "decode", "s", "bogus"));
    show_obj("decode int", PyObject_CallMethod(u8, "decode", "i", 1));
    return 0;
}
