// compat: the private _PyAccu string accumulator (_json's encoder): Init, Accumulate,
// Finish with and without a flush past 100000 pieces, FinishAsList, Destroy.
#include "unicode_common.h"

typedef struct { PyObject *large; PyObject *small; } Accu;
PyAPI_FUNC(int) _PyAccu_Init(Accu *acc);
PyAPI_FUNC(int) _PyAccu_Accumulate(Accu *acc, PyObject *unicode);
PyAPI_FUNC(PyObject *) _PyAccu_FinishAsList(Accu *acc);
PyAPI_FUNC(PyObject *) _PyAccu_Finish(Accu *acc);
PyAPI_FUNC(void) _PyAccu_Destroy(Accu *acc);

int main(void) {
    Py_Initialize();
    Accu acc;
    PyObject *a = PyUnicode_FromString("ab"), *b = PyUnicode_FromString("\xc3\xa9!");
    int rc = _PyAccu_Init(&acc);
    printf("init=%d large=%d small=%zd\n", rc, acc.large == NULL, PyList_GET_SIZE(acc.small));
    _PyAccu_Accumulate(&acc, a); _PyAccu_Accumulate(&acc, b); _PyAccu_Accumulate(&acc, a);
    printf("small=%zd large null=%d\n", PyList_GET_SIZE(acc.small), acc.large == NULL);
    PyObject *r = _PyAccu_Finish(&acc);
    printf("finish %s cleared=%d %d\n", PyUnicode_AsUTF8(r), acc.large == NULL, acc.small == NULL);
    Py_DECREF(r);
    _PyAccu_Init(&acc);
    r = _PyAccu_Finish(&acc);
    printf("finish empty len=%zd\n", PyUnicode_GET_LENGTH(r));
    Py_DECREF(r);
    _PyAccu_Init(&acc);
    for (int i = 0; i < 100001; i++) _PyAccu_Accumulate(&acc, i % 2 ? a : b);
    printf("after flush small=%zd large=%zd piece len=%zd\n", PyList_GET_SIZE(acc.small), PyList_GET_SIZE(acc.large),
           PyUnicode_GET_LENGTH(PyList_GET_ITEM(acc.large, 0)));
    PyObject *l = _PyAccu_FinishAsList(&acc);
    printf("as list n=%zd lens=%zd %zd cleared=%d %d\n", PyList_GET_SIZE(l), PyUnicode_GET_LENGTH(PyList_GET_ITEM(l, 0)),
           PyUnicode_GET_LENGTH(PyList_GET_ITEM(l, 1)), acc.large == NULL, acc.small == NULL);
    Py_DECREF(l);
    _PyAccu_Init(&acc);
    for (int i = 0; i < 100002; i++) _PyAccu_Accumulate(&acc, a);
    r = _PyAccu_Finish(&acc);
    printf("finish big len=%zd\n", PyUnicode_GET_LENGTH(r));
    Py_DECREF(r);
    _PyAccu_Init(&acc);
    _PyAccu_Accumulate(&acc, a);
    _PyAccu_Destroy(&acc);
    printf("destroyed=%d %d\n", acc.large == NULL, acc.small == NULL);
    Py_Finalize();
    return 0;
}
