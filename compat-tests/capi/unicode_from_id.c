// compat: _PyUnicode_FromId: _Py_IDENTIFIER strings are made once, interned, and the same
// object is returned on every call (array/_json in lib-dynload use them).
#include <Python.h>
#include <stdio.h>

_Py_IDENTIFIER(alpha);
_Py_IDENTIFIER(beta_gamma);

int main(void) {
    Py_Initialize();
    PyObject *a = _PyUnicode_FromId(&PyId_alpha);
    PyObject *b = _PyUnicode_FromId(&PyId_beta_gamma);
    printf("a=%s b=%s\n", PyUnicode_AsUTF8(a), PyUnicode_AsUTF8(b));
    printf("same object again=%d\n", _PyUnicode_FromId(&PyId_alpha) == a);
    printf("indexes assigned=%d distinct=%d\n", PyId_alpha.index >= 0, PyId_alpha.index != PyId_beta_gamma.index);
    PyObject *s = PyUnicode_FromString("alpha");
    PyUnicode_InternInPlace(&s);
    printf("interned=%d\n", s == a);
    Py_DECREF(s);
    printf("finalize=%d\n", Py_FinalizeEx());
    return 0;
}
