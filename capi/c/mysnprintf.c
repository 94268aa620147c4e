/* PyOS_snprintf / PyOS_vsnprintf (pyport.h family, Python/mysnprintf.c in CPython).
 * Plain C because the public signatures are C-variadic and a va_list; the work is libc's
 * vsnprintf plus CPython's guarantees: str[size-1] is always NUL, and a size too large for
 * an int is refused with -666, the value CPython documents. */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va);

int
PyOS_snprintf(char *str, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return rc;
}

int
PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
{
    int len;
    if (size > INT_MAX - 1) {
        len = -666;
    }
    else {
        len = vsnprintf(str, size, format, va);
    }
    if (size > 0) {
        str[size - 1] = '\0';
    }
    return len;
}
