/* Py_BuildValue and friends (modsupport.h; Python/modsupport.c in CPython): the C-variadic
 * entry points. The format is walked in Rust (runtime/src/modsupport.rs), which reads each
 * argument with the C type its format unit names through the _fy_va_* readers below, so the
 * va_list is consumed exactly as C would (promoted int for 'b'/'h'/'c', double for 'f', ...).
 * Each entry point works on a copy of its va_list. */
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct _object PyObject;
typedef ssize_t Py_ssize_t;

#define FY_FLAG_SIZE_T 1

extern PyObject *_Fy_build_value(const char *format, va_list *va, int flags);
extern PyObject **_Fy_build_stack(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format,
                                  va_list *va, int flags, Py_ssize_t *p_nargs);

int _fy_va_int(va_list *va) { return va_arg(*va, int); }
unsigned int _fy_va_uint(va_list *va) { return va_arg(*va, unsigned int); }
long _fy_va_long(va_list *va) { return va_arg(*va, long); }
unsigned long _fy_va_ulong(va_list *va) { return va_arg(*va, unsigned long); }
long long _fy_va_longlong(va_list *va) { return va_arg(*va, long long); }
unsigned long long _fy_va_ulonglong(va_list *va) { return va_arg(*va, unsigned long long); }
ssize_t _fy_va_ssize(va_list *va) { return va_arg(*va, Py_ssize_t); }
double _fy_va_double(va_list *va) { return va_arg(*va, double); }
void *_fy_va_voidptr(va_list *va) { return va_arg(*va, void *); }

static PyObject *
build_va(const char *format, va_list va, int flags)
{
    va_list lva;
    va_copy(lva, va);
    PyObject *r = _Fy_build_value(format, &lva, flags);
    va_end(lva);
    return r;
}

PyObject *
Py_BuildValue(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = build_va(format, va, 0);
    va_end(va);
    return r;
}

PyObject *
_Py_BuildValue_SizeT(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *r = build_va(format, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

PyObject *
Py_VaBuildValue(const char *format, va_list va)
{
    return build_va(format, va, 0);
}

PyObject *
_Py_VaBuildValue_SizeT(const char *format, va_list va)
{
    return build_va(format, va, FY_FLAG_SIZE_T);
}

static PyObject **
build_stack_va(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format, va_list va, int flags,
               Py_ssize_t *p_nargs)
{
    va_list lva;
    va_copy(lva, va);
    PyObject **r = _Fy_build_stack(small_stack, small_stack_len, format, &lva, flags, p_nargs);
    va_end(lva);
    return r;
}

PyObject **
_Py_VaBuildStack(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format, va_list va,
                 Py_ssize_t *p_nargs)
{
    return build_stack_va(small_stack, small_stack_len, format, va, 0, p_nargs);
}

PyObject **
_Py_VaBuildStack_SizeT(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format, va_list va,
                       Py_ssize_t *p_nargs)
{
    return build_stack_va(small_stack, small_stack_len, format, va, FY_FLAG_SIZE_T, p_nargs);
}
