/* The C-variadic argument parsers of modsupport.h (Python/getargs.c in CPython):
 * PyArg_Parse, PyArg_ParseTuple, PyArg_ParseTupleAndKeywords, PyArg_VaParse*, the _SizeT
 * forms, the _PyArg_Parser ("Argument Clinic") forms, PyArg_UnpackTuple and
 * _PyArg_UnpackStack.
 *
 * The parsing itself is Rust (runtime/src/getargs.rs). Every argument after the format is
 * an address, so the C side only hands Rust a pointer to its va_list; Rust reads the
 * addresses one at a time, in format order, through _fy_va_ptr. Each entry point copies its
 * va_list first, so the caller's is never consumed (as CPython's va_copy does). */
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct _object PyObject;
typedef ssize_t Py_ssize_t;
struct _PyArg_Parser;

#define FY_FLAG_COMPAT 1
#define FY_FLAG_SIZE_T 2
#define FY_FLAG_VA 4

/* Rust helpers (capi/src/getargs.rs); each returns 1 on success, 0 with an exception set. */
extern int _Fy_getargs_tuple(PyObject *args, const char *format, va_list *va, int flags);
extern int _Fy_getargs_stack(PyObject *const *args, Py_ssize_t nargs, const char *format, va_list *va, int flags);
extern int _Fy_getargs_keywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist,
                                va_list *va, int flags);
extern int _Fy_getargs_parser(PyObject *const *args, Py_ssize_t nargs, PyObject *argstuple, PyObject *kwargs,
                              PyObject *kwnames, struct _PyArg_Parser *parser, va_list *va, int flags);
extern int _Fy_getargs_unpack(PyObject *argstuple, PyObject *const *args, Py_ssize_t nargs, const char *name,
                              Py_ssize_t min, Py_ssize_t max, va_list *va);

/* The next address from a va_list (called from Rust). */
void *
_fy_va_ptr(va_list *va)
{
    return va_arg(*va, void *);
}

static int
parse_tuple_va(PyObject *args, const char *format, va_list va, int flags)
{
    va_list lva;
    va_copy(lva, va);
    int r = _Fy_getargs_tuple(args, format, &lva, flags);
    va_end(lva);
    return r;
}

int
PyArg_Parse(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_tuple_va(args, format, va, FY_FLAG_COMPAT);
    va_end(va);
    return r;
}

int
_PyArg_Parse_SizeT(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_tuple_va(args, format, va, FY_FLAG_COMPAT | FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

int
PyArg_ParseTuple(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_tuple_va(args, format, va, 0);
    va_end(va);
    return r;
}

int
_PyArg_ParseTuple_SizeT(PyObject *args, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_tuple_va(args, format, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

int
PyArg_VaParse(PyObject *args, const char *format, va_list va)
{
    return parse_tuple_va(args, format, va, 0);
}

int
_PyArg_VaParse_SizeT(PyObject *args, const char *format, va_list va)
{
    return parse_tuple_va(args, format, va, FY_FLAG_SIZE_T);
}

static int
parse_stack_va(PyObject *const *args, Py_ssize_t nargs, const char *format, va_list va, int flags)
{
    va_list lva;
    va_copy(lva, va);
    int r = _Fy_getargs_stack(args, nargs, format, &lva, flags);
    va_end(lva);
    return r;
}

int
_PyArg_ParseStack(PyObject *const *args, Py_ssize_t nargs, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_stack_va(args, nargs, format, va, 0);
    va_end(va);
    return r;
}

int
_PyArg_ParseStack_SizeT(PyObject *const *args, Py_ssize_t nargs, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int r = parse_stack_va(args, nargs, format, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

static int
parse_keywords_va(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, va_list va, int flags)
{
    va_list lva;
    va_copy(lva, va);
    int r = _Fy_getargs_keywords(args, kwargs, format, kwlist, &lva, flags);
    va_end(lva);
    return r;
}

int
PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int r = parse_keywords_va(args, kwargs, format, kwlist, va, 0);
    va_end(va);
    return r;
}

int
_PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, ...)
{
    va_list va;
    va_start(va, kwlist);
    int r = parse_keywords_va(args, kwargs, format, kwlist, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

int
PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, va_list va)
{
    return parse_keywords_va(args, kwargs, format, kwlist, va, FY_FLAG_VA);
}

int
_PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format, char **kwlist,
                                     va_list va)
{
    return parse_keywords_va(args, kwargs, format, kwlist, va, FY_FLAG_SIZE_T | FY_FLAG_VA);
}

static int
parse_parser_va(PyObject *const *args, Py_ssize_t nargs, PyObject *argstuple, PyObject *kwargs,
                PyObject *kwnames, struct _PyArg_Parser *parser, va_list va, int flags)
{
    va_list lva;
    va_copy(lva, va);
    int r = _Fy_getargs_parser(args, nargs, argstuple, kwargs, kwnames, parser, &lva, flags);
    va_end(lva);
    return r;
}

int
_PyArg_ParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, ...)
{
    va_list va;
    va_start(va, parser);
    int r = parse_parser_va(NULL, 0, args, kwargs, NULL, parser, va, 0);
    va_end(va);
    return r;
}

int
_PyArg_ParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, ...)
{
    va_list va;
    va_start(va, parser);
    int r = parse_parser_va(NULL, 0, args, kwargs, NULL, parser, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

int
_PyArg_VaParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, va_list va)
{
    return parse_parser_va(NULL, 0, args, kwargs, NULL, parser, va, 0);
}

int
_PyArg_VaParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser,
                                         va_list va)
{
    return parse_parser_va(NULL, 0, args, kwargs, NULL, parser, va, FY_FLAG_SIZE_T);
}

int
_PyArg_ParseStackAndKeywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                             struct _PyArg_Parser *parser, ...)
{
    va_list va;
    va_start(va, parser);
    int r = parse_parser_va(args, nargs, NULL, NULL, kwnames, parser, va, 0);
    va_end(va);
    return r;
}

int
_PyArg_ParseStackAndKeywords_SizeT(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                                   struct _PyArg_Parser *parser, ...)
{
    va_list va;
    va_start(va, parser);
    int r = parse_parser_va(args, nargs, NULL, NULL, kwnames, parser, va, FY_FLAG_SIZE_T);
    va_end(va);
    return r;
}

int
PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, ...)
{
    va_list va;
    va_start(va, max);
    int r = _Fy_getargs_unpack(args, NULL, 0, name, min, max, &va);
    va_end(va);
    return r;
}

int
_PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs, const char *name, Py_ssize_t min, Py_ssize_t max, ...)
{
    va_list va;
    va_start(va, max);
    int r = _Fy_getargs_unpack(NULL, args, nargs, name, min, max, &va);
    va_end(va);
    return r;
}
