/* The C-variadic call functions of Objects/call.c: PyObject_CallFunction(ObjArgs),
 * PyObject_CallMethod(ObjArgs), their _SizeT twins and PyEval_CallFunction/Method.
 * Arguments are gathered here (format strings through _Py_VaBuildStack from modsupport.c,
 * objects until NULL into an array) and the call itself goes through the public
 * vectorcall entry points. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct _object PyObject;
typedef ssize_t Py_ssize_t;
struct _object { Py_ssize_t ob_refcnt; void *ob_type; };

#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))
#define SMALL 5

extern PyObject *PyObject_Vectorcall(PyObject *, PyObject *const *, size_t, PyObject *);
extern PyObject *PyObject_VectorcallMethod(PyObject *, PyObject *const *, size_t, PyObject *);
extern PyObject *PyObject_GetAttrString(PyObject *, const char *);
extern PyObject **_Py_VaBuildStack(PyObject **, Py_ssize_t, const char *, va_list, Py_ssize_t *);
extern PyObject **_Py_VaBuildStack_SizeT(PyObject **, Py_ssize_t, const char *, va_list, Py_ssize_t *);
extern unsigned long PyType_GetFlags(void *);
extern void Py_DecRef(PyObject *);
extern PyObject *PyErr_NoMemory(void);
extern int _Fy_CheckAttrCallable(PyObject *);
extern PyObject *_Fy_CallNullError(void);
extern void PyMem_Free(void *);

#define TUPLE_SUBCLASS (1UL << 26)

/* _PyObject_CallFunctionVa: builds the arguments from `format` and calls. A single tuple
 * argument is unpacked, for backward compatibility ("O" with a tuple, or "(OOO)"). */
static PyObject *
call_function_va(PyObject *callable, const char *format, va_list va, int is_size_t)
{
    PyObject *small[SMALL];
    PyObject **stack;
    Py_ssize_t nargs, i;
    PyObject *result;

    if (callable == NULL) {
        return _Fy_CallNullError();
    }
    if (format == NULL || !*format) {
        return PyObject_Vectorcall(callable, NULL, 0, NULL);
    }
    if (is_size_t) {
        stack = _Py_VaBuildStack_SizeT(small, SMALL, format, va, &nargs);
    }
    else {
        stack = _Py_VaBuildStack(small, SMALL, format, va, &nargs);
    }
    if (stack == NULL) {
        return NULL;
    }
    if (nargs == 1 && (PyType_GetFlags(stack[0]->ob_type) & TUPLE_SUBCLASS)) {
        PyObject *args = stack[0];
        Py_ssize_t n = ((Py_ssize_t *)args)[2];
        PyObject **items = (PyObject **)((char *)args + 3 * sizeof(void *));
        result = PyObject_Vectorcall(callable, items, (size_t)n, NULL);
    }
    else {
        result = PyObject_Vectorcall(callable, stack, (size_t)nargs, NULL);
    }
    for (i = 0; i < nargs; i++) {
        Py_DecRef(stack[i]);
    }
    if (stack != small) {
        PyMem_Free(stack);
    }
    return result;
}

PyObject *
PyObject_CallFunction(PyObject *callable, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_function_va(callable, format, va, 0);
    va_end(va);
    return result;
}

PyObject *
_PyObject_CallFunction_SizeT(PyObject *callable, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_function_va(callable, format, va, 1);
    va_end(va);
    return result;
}

PyObject *
PyEval_CallFunction(PyObject *callable, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_function_va(callable, format, va, 0);
    va_end(va);
    return result;
}

static PyObject *
call_method_va(PyObject *obj, const char *name, const char *format, va_list va, int is_size_t)
{
    PyObject *callable, *result;
    if (obj == NULL || name == NULL) {
        return _Fy_CallNullError();
    }
    callable = PyObject_GetAttrString(obj, name);
    if (callable == NULL) {
        return NULL;
    }
    if (!_Fy_CheckAttrCallable(callable)) {
        Py_DecRef(callable);
        return NULL;
    }
    result = call_function_va(callable, format, va, is_size_t);
    Py_DecRef(callable);
    return result;
}

PyObject *
PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_method_va(obj, name, format, va, 0);
    va_end(va);
    return result;
}

PyObject *
_PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_method_va(obj, name, format, va, 1);
    va_end(va);
    return result;
}

PyObject *
PyEval_CallMethod(PyObject *obj, const char *name, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_method_va(obj, name, format, va, 0);
    va_end(va);
    return result;
}

/* Collects the NULL-terminated object arguments; slot 0 is left free for `first`
 * (the object of a method call) or as scratch for PY_VECTORCALL_ARGUMENTS_OFFSET. */
static PyObject **
collect_objargs(PyObject **small, PyObject *first, va_list va, Py_ssize_t *p_n)
{
    va_list countva;
    Py_ssize_t n = 0, i;
    PyObject **stack = small;
    va_copy(countva, va);
    while (va_arg(countva, PyObject *) != NULL) {
        n++;
    }
    va_end(countva);
    if (n + 1 > SMALL) {
        stack = malloc((size_t)(n + 1) * sizeof(PyObject *));
        if (stack == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    stack[0] = first;
    for (i = 0; i < n; i++) {
        stack[i + 1] = va_arg(va, PyObject *);
    }
    *p_n = n;
    return stack;
}

PyObject *
PyObject_CallFunctionObjArgs(PyObject *callable, ...)
{
    PyObject *small[SMALL];
    PyObject **stack;
    Py_ssize_t n;
    PyObject *result;
    va_list va;
    if (callable == NULL) {
        return _Fy_CallNullError();
    }
    va_start(va, callable);
    stack = collect_objargs(small, NULL, va, &n);
    va_end(va);
    if (stack == NULL) {
        return NULL;
    }
    result = PyObject_Vectorcall(callable, stack + 1, (size_t)n | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (stack != small) {
        free(stack);
    }
    return result;
}

PyObject *
PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    PyObject *small[SMALL];
    PyObject **stack;
    Py_ssize_t n;
    PyObject *result;
    va_list va;
    if (obj == NULL || name == NULL) {
        return _Fy_CallNullError();
    }
    va_start(va, name);
    stack = collect_objargs(small, obj, va, &n);
    va_end(va);
    if (stack == NULL) {
        return NULL;
    }
    result = PyObject_VectorcallMethod(name, stack, (size_t)(n + 1), NULL);
    if (stack != small) {
        free(stack);
    }
    return result;
}

extern PyObject *PyObject_GetAttr(PyObject *, PyObject *);
extern PyObject *_Fy_IdentifierStr(void *);

/* The PyObject *name variant of PyObject_CallMethod. */
static PyObject *
call_method_obj_va(PyObject *obj, PyObject *name, const char *format, va_list va, int is_size_t)
{
    PyObject *callable, *result;
    if (obj == NULL || name == NULL) {
        return _Fy_CallNullError();
    }
    callable = PyObject_GetAttr(obj, name);
    if (callable == NULL) {
        return NULL;
    }
    if (!_Fy_CheckAttrCallable(callable)) {
        Py_DecRef(callable);
        return NULL;
    }
    result = call_function_va(callable, format, va, is_size_t);
    Py_DecRef(callable);
    return result;
}

PyObject *
_PyObject_CallMethod(PyObject *obj, PyObject *name, const char *format, ...)
{
    va_list va;
    PyObject *result;
    va_start(va, format);
    result = call_method_obj_va(obj, name, format, va, 1);
    va_end(va);
    return result;
}

PyObject *
_PyObject_CallMethodId(PyObject *obj, void *id, const char *format, ...)
{
    va_list va;
    PyObject *result, *name = _Fy_IdentifierStr(id);
    if (name == NULL) {
        return NULL;
    }
    va_start(va, format);
    result = call_method_obj_va(obj, name, format, va, 0);
    va_end(va);
    return result;
}

PyObject *
_PyObject_CallMethodId_SizeT(PyObject *obj, void *id, const char *format, ...)
{
    va_list va;
    PyObject *result, *name = _Fy_IdentifierStr(id);
    if (name == NULL) {
        return NULL;
    }
    va_start(va, format);
    result = call_method_obj_va(obj, name, format, va, 1);
    va_end(va);
    return result;
}

PyObject *
_PyObject_CallMethodIdObjArgs(PyObject *obj, void *id, ...)
{
    PyObject *small[SMALL];
    PyObject **stack;
    Py_ssize_t n;
    PyObject *result, *name;
    va_list va;
    if (obj == NULL || id == NULL) {
        return _Fy_CallNullError();
    }
    name = _Fy_IdentifierStr(id);
    if (name == NULL) {
        return NULL;
    }
    va_start(va, id);
    stack = collect_objargs(small, obj, va, &n);
    va_end(va);
    if (stack == NULL) {
        return NULL;
    }
    result = PyObject_VectorcallMethod(name, stack, (size_t)(n + 1), NULL);
    if (stack != small) {
        free(stack);
    }
    return result;
}
