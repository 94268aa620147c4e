/* The global objects inside _PyRuntime as code built with Py_BUILD_CORE_MODULE reads them
 * (lib-dynload's math, _datetime, _ctypes inline these): small ints, the bytes singletons,
 * _Py_ID / _Py_STR strings, the one-character strings, the empty tuple. Also checks that the
 * exported singletons are the objects the public macros name. */
#define Py_BUILD_CORE_MODULE 1
#include <Python.h>
#include "internal/pycore_runtime.h"
#include "internal/pycore_global_objects.h"
#include "internal/pycore_long.h"
#include <stdio.h>
#include <string.h>

static void show_long(const char *label, PyObject *o)
{
    PyLongObject *v = (PyLongObject *)o;
    printf("%s: type=%s refcnt=%zd size=%zd digit=%u\n", label, Py_TYPE(o)->tp_name, Py_REFCNT(o), Py_SIZE(o),
           v->ob_digit[0]);
}

static void show_str(const char *label, PyObject *o)
{
    PyASCIIObject *a = (PyASCIIObject *)o;
    printf("%s: type=%s refcnt=%zd len=%zd hash=%zd interned=%u kind=%u compact=%u ascii=%u ready=%u text=%s\n", label,
           Py_TYPE(o)->tp_name, Py_REFCNT(o), a->length, a->hash, a->state.interned, a->state.kind, a->state.compact,
           a->state.ascii, a->state.ready, a->state.ascii ? (const char *)(a + 1) : "(latin1)");
}

int main(void)
{
    printf("sizeof(_PyRuntime)=%zu offset(global_objects)=%zu\n", sizeof(_PyRuntime),
           (size_t)((char *)&_PyRuntime.global_objects - (char *)&_PyRuntime));
    for (int v = -5; v <= 256; v += 37) {
        char label[32];
        snprintf(label, sizeof label, "small int %d", v);
        show_long(label, (PyObject *)&_PyRuntime.global_objects.singletons.small_ints[_PY_NSMALLNEGINTS + v]);
    }
    show_long("small int 256", (PyObject *)&_PyRuntime.global_objects.singletons.small_ints[_PY_NSMALLNEGINTS + 256]);
    PyBytesObject *e = (PyBytesObject *)&_Py_SINGLETON(bytes_empty);
    printf("bytes_empty: type=%s size=%zd hash=%zd nul=%d\n", Py_TYPE(e)->tp_name, Py_SIZE(e), e->ob_shash,
           e->ob_sval[0]);
    for (int c = 0; c < 256; c += 51) {
        PyBytesObject *b = (PyBytesObject *)&_Py_SINGLETON(bytes_characters[c]);
        printf("bytes_characters[%d]: size=%zd byte=%d nul=%d\n", c, Py_SIZE(b), (unsigned char)b->ob_sval[0],
               b->ob_sval[1]);
    }
    show_str("_Py_ID(__name__)", &_Py_ID(__name__));
    show_str("_Py_ID(zipimporter)", &_Py_ID(zipimporter));
    show_str("_Py_STR(empty)", &_Py_STR(empty));
    show_str("_Py_STR(anon_module)", &_Py_STR(anon_module));
    show_str("ascii 'A'", (PyObject *)&_Py_SINGLETON(strings).ascii['A']);
    show_str("latin1 0xe9", (PyObject *)&_Py_SINGLETON(strings).latin1[0xe9 - 128]);
    PyCompactUnicodeObject *l1 = &_Py_SINGLETON(strings).latin1[0xe9 - 128]._latin1;
    printf("latin1 0xe9 byte=%u utf8_length=%zd utf8=%s\n", ((unsigned char *)(l1 + 1))[0], l1->utf8_length,
           l1->utf8 ? "set" : "NULL");
    PyTupleObject *t = &_Py_SINGLETON(tuple_empty);
    printf("tuple_empty: type=%s size=%zd refcnt=%zd\n", Py_TYPE(t)->tp_name, Py_SIZE(t), Py_REFCNT(t));
    printf("_PyLong_GetZero is small int 0: %d\n", _PyLong_GetZero() == (PyObject *)&_PyRuntime.global_objects.singletons.small_ints[_PY_NSMALLNEGINTS]);
    printf("Py_None is &_Py_NoneStruct: %d\n", Py_None == &_Py_NoneStruct);
    printf("Py_True is &_Py_TrueStruct: %d\n", Py_True == (PyObject *)&_Py_TrueStruct);
    printf("Py_False is &_Py_FalseStruct: %d\n", Py_False == (PyObject *)&_Py_FalseStruct);
    printf("Py_NotImplemented is &_Py_NotImplementedStruct: %d\n", Py_NotImplemented == &_Py_NotImplementedStruct);
    printf("Py_Ellipsis is &_Py_EllipsisObject: %d\n", Py_Ellipsis == &_Py_EllipsisObject);
    return 0;
}
