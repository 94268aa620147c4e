/* PyErr_Format / PyErr_FormatV and the "from cause" variants (pyerrors.h; Python/errors.c in
 * CPython). C because the public signatures are C-variadic. The message is built by
 * PyUnicode_FromFormatV with no exception set (it may run repr()/str() of arguments, which
 * must not see a pending exception); then the exception is set with PyErr_SetObject, even
 * when building the message failed, exactly as CPython does. */
#include <stdarg.h>
#include <stddef.h>

typedef struct _object PyObject;
typedef struct _ts PyThreadState;

extern PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs);
extern void PyErr_SetObject(PyObject *exception, PyObject *value);
extern void PyErr_Clear(void);
extern void Py_DecRef(PyObject *op);
/* Rust helpers (capi/src/pyerrors.rs). */
extern PyObject *_Fy_err_take_cause(void);
extern void _Fy_err_attach_cause(PyObject *cause);

PyObject *
PyErr_FormatV(PyObject *exception, const char *format, va_list vargs)
{
    PyErr_Clear();
    PyObject *string = PyUnicode_FromFormatV(format, vargs);
    PyErr_SetObject(exception, string);
    Py_DecRef(string);
    return NULL;
}

PyObject *
PyErr_Format(PyObject *exception, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyErr_FormatV(exception, format, vargs);
    va_end(vargs);
    return NULL;
}

PyObject *
_PyErr_Format(PyThreadState *tstate, PyObject *exception, const char *format, ...)
{
    (void)tstate; /* always the current thread's state */
    va_list vargs;
    va_start(vargs, format);
    PyErr_FormatV(exception, format, vargs);
    va_end(vargs);
    return NULL;
}

/* The pending exception becomes the __cause__ (and __context__) of the new one. */
static PyObject *
format_from_cause(PyObject *exception, const char *format, va_list vargs)
{
    PyObject *cause = _Fy_err_take_cause();
    PyErr_FormatV(exception, format, vargs);
    _Fy_err_attach_cause(cause);
    return NULL;
}

PyObject *
_PyErr_FormatFromCause(PyObject *exception, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    format_from_cause(exception, format, vargs);
    va_end(vargs);
    return NULL;
}

PyObject *
_PyErr_FormatFromCauseTstate(PyThreadState *tstate, PyObject *exception, const char *format, ...)
{
    (void)tstate;
    va_list vargs;
    va_start(vargs, format);
    format_from_cause(exception, format, vargs);
    va_end(vargs);
    return NULL;
}
