/* The C-variadic warning entry points (warnings.h; Python/_warnings.c in CPython):
 * PyErr_WarnFormat, PyErr_ResourceWarning and PyErr_WarnExplicitFormat.
 * Each formats its message with PyUnicode_FromFormatV and hands the str to a Rust helper
 * (capi/src/warnings.rs), which releases nothing: the reference is dropped here. */
#include <stdarg.h>
#include <stddef.h>

typedef struct _object PyObject;
typedef long Py_ssize_t;

extern PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs);
extern void Py_DecRef(PyObject *op);
extern PyObject *PyExc_ResourceWarning;
/* Rust helpers (capi/src/warnings.rs). */
extern int _Fy_warn_object(PyObject *category, PyObject *message, Py_ssize_t stack_level, PyObject *source);
extern int _Fy_warn_explicit_object(PyObject *category, PyObject *message, const char *filename, int lineno,
                                    const char *module, PyObject *registry);

static int
warn_format_v(PyObject *source, PyObject *category, Py_ssize_t stack_level, const char *format, va_list vargs)
{
    PyObject *message = PyUnicode_FromFormatV(format, vargs);
    if (message == NULL) {
        return -1;
    }
    int res = _Fy_warn_object(category, message, stack_level, source);
    Py_DecRef(message);
    return res;
}

int
PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    int res = warn_format_v(NULL, category, stack_level, format, vargs);
    va_end(vargs);
    return res;
}

int
PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    int res = warn_format_v(source, PyExc_ResourceWarning, stack_level, format, vargs);
    va_end(vargs);
    return res;
}

int
PyErr_WarnExplicitFormat(PyObject *category, const char *filename, int lineno, const char *module,
                         PyObject *registry, const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *message = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    if (message == NULL) {
        return -1;
    }
    int res = _Fy_warn_explicit_object(category, message, filename, lineno, module, registry);
    Py_DecRef(message);
    return res;
}
