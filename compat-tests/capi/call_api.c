// compat: PyObject_Call/CallObject/CallNoArgs/CallOneArg/CallFunction/CallMethod/
// CallFunctionObjArgs/CallMethodObjArgs (+ _SizeT), PyObject_Vectorcall/VectorcallDict/
// VectorcallMethod, PyVectorcall_Call/Function, PyCallable_Check, PyEval_CallObjectWithKeywords,
// and the SystemErrors for C functions that return NULL without an exception or a result with
// one set; "'X' object is not callable".
#define PY_SSIZE_T_CLEAN
#include "typesystem_show.h"

static PyObject *echo_args(PyObject *self, PyObject *args, PyObject *kw) {
    return Py_BuildValue("(OO)", args, kw ? kw : Py_None);
}
static PyObject *null_no_error(PyObject *self, PyObject *args) { return NULL; }
static PyObject *result_with_error(PyObject *self, PyObject *args) {
    PyErr_SetString(PyExc_ValueError, "pending");
    return Py_NewRef(Py_None);
}
static PyObject *fast_count(PyObject *self, PyObject *const *args, Py_ssize_t n, PyObject *kwnames) {
    return Py_BuildValue("(nO)", n, kwnames ? kwnames : Py_None);
}
static PyMethodDef defs[] = {
    {"echo", (PyCFunction)(void (*)(void))echo_args, METH_VARARGS | METH_KEYWORDS, NULL},
    {"null_no_error", null_no_error, METH_VARARGS, NULL},
    {"result_with_error", result_with_error, METH_VARARGS, NULL},
    {"fast", (PyCFunction)(void (*)(void))fast_count, METH_FASTCALL | METH_KEYWORDS, NULL},
};

int main(void) {
    Py_Initialize();
    PyObject *echo = PyCFunction_New(&defs[0], NULL);
    PyObject *nne = PyCFunction_New(&defs[1], NULL);
    PyObject *rwe = PyCFunction_New(&defs[2], NULL);
    PyObject *fast = PyCFunction_New(&defs[3], NULL);
    PyObject *args = Py_BuildValue("(ii)", 1, 2);
    PyObject *kw = Py_BuildValue("{s:i}", "a", 3);
    show("Call", PyObject_Call(echo, args, kw));
    show("Call no kw", PyObject_Call(echo, args, NULL));
    show("CallObject NULL args", PyObject_CallObject(echo, NULL));
    show("CallObject list", PyObject_CallObject(echo, PyList_New(0)));
    show("CallNoArgs", PyObject_CallNoArgs(echo));
    show("CallOneArg", PyObject_CallOneArg(echo, Py_None));
    show("CallFunction iis", PyObject_CallFunction(echo, "iis", 1, 2, "x"));
    show("CallFunction O tuple", PyObject_CallFunction(echo, "O", args));
    show("CallFunction (ii)", PyObject_CallFunction(echo, "(ii)", 5, 6));
    show("CallFunction NULL fmt", PyObject_CallFunction(echo, NULL));
    show("CallFunction s#", _PyObject_CallFunction_SizeT(echo, "s#", "abc", (Py_ssize_t)2));
    show("CallFunction NULL callable", PyObject_CallFunction(NULL, "i", 1));
    show("CallFunctionObjArgs", PyObject_CallFunctionObjArgs(echo, Py_True, Py_False, NULL));
    show("CallFunctionObjArgs none", PyObject_CallFunctionObjArgs(echo, NULL));
    PyObject *lst = PyList_New(0);
    show("CallMethod append", PyObject_CallMethod(lst, "append", "i", 7));
    show("CallMethod missing", PyObject_CallMethod(lst, "nope", NULL));
    show("CallMethod not callable", PyObject_CallMethod(PyLong_FromLong(1), "real", NULL));
    show("CallMethodObjArgs", PyObject_CallMethodObjArgs(lst, PyUnicode_FromString("append"), Py_None, NULL));
    show("list", Py_NewRef(lst));
    PyObject *vargs[] = {NULL, Py_True, Py_False, Py_None};
    PyObject *names = Py_BuildValue("(s)", "k");
    show("Vectorcall varargs", PyObject_Vectorcall(echo, vargs + 1, 2, NULL));
    show("Vectorcall varargs kw", PyObject_Vectorcall(echo, vargs + 1, 2, names));
    show("Vectorcall fast kw", PyObject_Vectorcall(fast, vargs + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, names));
    show("VectorcallDict fast", PyObject_VectorcallDict(fast, vargs + 1, 1, kw));
    show("VectorcallDict varargs", PyObject_VectorcallDict(echo, vargs + 1, 1, kw));
    PyObject *margs[] = {lst, Py_False};
    show("VectorcallMethod append", PyObject_VectorcallMethod(PyUnicode_FromString("append"), margs, 2, NULL));
    show("list after", Py_NewRef(lst));
    show("VectorcallMethod count", PyObject_VectorcallMethod(PyUnicode_FromString("count"), margs, 2, NULL));
    show("PyVectorcall_Call fast", PyVectorcall_Call(fast, args, kw));
    show("PyVectorcall_Call varargs", PyVectorcall_Call(echo, args, NULL));
    printf("PyVectorcall_Function fast=%d varargs=%d int=%d\n", PyVectorcall_Function(fast) != NULL,
           PyVectorcall_Function(echo) != NULL, PyVectorcall_Function(args) != NULL);
    printf("callable echo=%d int=%d type=%d NULL-safe=%d\n", PyCallable_Check(echo), PyCallable_Check(args),
           PyCallable_Check((PyObject *)&PyLong_Type), PyCallable_Check(Py_None));
    show("call int object", PyObject_Call(args, args, NULL));
    show("vectorcall int object", PyObject_Vectorcall(args, NULL, 0, NULL));
    show("NULL without error", PyObject_CallNoArgs(nne));
    show("result with error", PyObject_CallNoArgs(rwe));
    show("EvalCall bad args", PyEval_CallObjectWithKeywords(echo, PyLong_FromLong(1), NULL));
    show("EvalCall bad kw", PyEval_CallObjectWithKeywords(echo, args, args));
    show("EvalCall NULL args", PyEval_CallObjectWithKeywords(echo, NULL, kw));
    show("type call", PyObject_CallFunction((PyObject *)&PyLong_Type, "s", "42"));
    show("type call kw", PyObject_Call((PyObject *)&PyLong_Type, Py_BuildValue("(s)", "ff"), Py_BuildValue("{s:i}", "base", 16)));
    return 0;
}
