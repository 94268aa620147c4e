/* The C-variadic entry points of sysmodule.h (Python/sysmodule.c in CPython):
 * PySys_WriteStdout/WriteStderr (printf-style into a 1000-byte buffer, "... truncated" beyond),
 * PySys_FormatStdout/FormatStderr (PyUnicode_FromFormat-style) and PySys_Audit (arguments
 * built with Py_VaBuildValue, a non-tuple result wrapped in a 1-tuple). Each hands its result
 * to a Rust helper (capi/src/sysmodule.rs). */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct _object PyObject;

extern PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs);
extern PyObject *Py_VaBuildValue(const char *format, va_list va);
extern int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va);
extern void Py_DecRef(PyObject *op);
/* Rust helpers (capi/src/sysmodule.rs). */
extern void _Fy_sys_write_text(int to_stderr, const char *text);
extern void _Fy_sys_write_object(int to_stderr, PyObject *text);
extern int _Fy_sys_audit_args(const char *event, PyObject *args, int has_format);
extern int _Fy_sys_has_audit_hooks(void);

static void
sys_write(int to_stderr, const char *format, va_list va)
{
    char buffer[1001];
    int written = PyOS_vsnprintf(buffer, sizeof(buffer), format, va);
    _Fy_sys_write_text(to_stderr, buffer);
    if (written < 0 || (size_t)written >= sizeof(buffer)) {
        _Fy_sys_write_text(to_stderr, "... truncated");
    }
}

void
PySys_WriteStdout(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_write(0, format, va);
    va_end(va);
}

void
PySys_WriteStderr(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_write(1, format, va);
    va_end(va);
}

static void
sys_format(int to_stderr, const char *format, va_list va)
{
    PyObject *text = PyUnicode_FromFormatV(format, va);
    _Fy_sys_write_object(to_stderr, text);
    if (text != NULL) {
        Py_DecRef(text);
    }
}

void
PySys_FormatStdout(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_format(0, format, va);
    va_end(va);
}

void
PySys_FormatStderr(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    sys_format(1, format, va);
    va_end(va);
}

int
PySys_Audit(const char *event, const char *format, ...)
{
    /* Without hooks nothing is built, as in CPython (arguments may be costly). */
    if (!_Fy_sys_has_audit_hooks()) {
        return 0;
    }
    PyObject *args = NULL;
    int has_format = format != NULL && format[0] != '\0';
    if (has_format) {
        va_list va;
        va_start(va, format);
        args = Py_VaBuildValue(format, va);
        va_end(va);
        if (args == NULL) {
            return -1;
        }
    }
    int res = _Fy_sys_audit_args(event, args, has_format);
    if (args != NULL) {
        Py_DecRef(args);
    }
    return res;
}
