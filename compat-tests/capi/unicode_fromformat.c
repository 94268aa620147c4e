// compat: PyUnicode_FromFormat / FromFormatV: every 3.11 conversion (%c %d %i %u %x %ld %li
// %lu %lld %lli %llu %zd %zi %zu %p %s %U %V %S %R %A %%) with width, precision and the 0
// flag, unknown codes, and the errors (bad %c, non-ASCII format, huge width).
#include "unicode_common.h"
#include <limits.h>
#include <stdarg.h>

static PyObject *via_v(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *r = PyUnicode_FromFormatV(fmt, va);
    va_end(va);
    return r;
}

#define SHOW(label, expr) do { PyObject *r_ = (expr); if (r_) { printf("%s [%s]\n", label, PyUnicode_AsUTF8(r_)); show_str("   ", r_); } else show_error(label); Py_XDECREF(r_); } while (0)

int main(void) {
    Py_Initialize();
    PyObject *u = PyUnicode_FromString("caf\xc3\xa9");
    PyObject *wide = PyUnicode_FromString("\xf0\x9f\x90\x8d!");
    SHOW("ints", PyUnicode_FromFormat("%d %i %u %x", -42, 7, 42u, 255));
    SHOW("min/max", PyUnicode_FromFormat("%d %u %x", INT_MIN, UINT_MAX, -1));
    SHOW("long", PyUnicode_FromFormat("%ld %li %lu", LONG_MIN, 3L, ULONG_MAX));
    SHOW("longlong", PyUnicode_FromFormat("%lld %lli %llu", LLONG_MIN, 5LL, ULLONG_MAX));
    SHOW("size_t", PyUnicode_FromFormat("%zd %zi %zu", (Py_ssize_t)-9, (Py_ssize_t)9, (size_t)123456789));
    SHOW("width", PyUnicode_FromFormat("[%5d] [%-5d] [%05d] [%.3d] [%8.4d] [%08.4d]", 42, 42, 42, 7, -7, 7));
    SHOW("width u x", PyUnicode_FromFormat("[%6u] [%06x] [%.5x] [%3lu] [%010zd]", 1u, 255, 10, 5UL, (Py_ssize_t)-3));
    SHOW("chars", PyUnicode_FromFormat("%c%c%c%c", 'A', 0xe9, 0x20ac, 0x1f40d));
    SHOW("bad char", PyUnicode_FromFormat("%c", 0x110000));
    SHOW("neg char", PyUnicode_FromFormat("x%c", -1));
    SHOW("percent", PyUnicode_FromFormat("100%% sure %%d"));
    SHOW("s", PyUnicode_FromFormat("<%s> <%.2s> <%10s> <%3.1s>", "caf\xc3\xa9", "abcdef", "right", "xyz"));
    SHOW("s utf8 cut", PyUnicode_FromFormat("<%.4s>", "caf\xc3\xa9"));
    SHOW("s invalid", PyUnicode_FromFormat("<%s>", "bad\xff"));
    SHOW("U", PyUnicode_FromFormat("<%U> <%.2U> <%8U> <%6.3U>", u, u, wide, u));
    SHOW("V obj", PyUnicode_FromFormat("<%V>", u, "ignored"));
    SHOW("V str", PyUnicode_FromFormat("<%V> <%5.2V>", NULL, "fallback", NULL, "xyz"));
    SHOW("S", PyUnicode_FromFormat("<%S> <%.1S> <%5S>", u, u, Py_None));
    SHOW("R", PyUnicode_FromFormat("<%R> <%R> <%.3R> <%10R>", u, Py_None, u, u));
    SHOW("A", PyUnicode_FromFormat("<%A> <%A> <%.4A>", u, wide, u));
    SHOW("unknown", PyUnicode_FromFormat("before %q %d after", 5));
    SHOW("unknown latin1", PyUnicode_FromFormat("x %y"));
    SHOW("trailing %", PyUnicode_FromFormat("end %"));
    SHOW("trailing %.", PyUnicode_FromFormat("end %.12"));
    SHOW("%.3%", PyUnicode_FromFormat("a%.3%b"));
    SHOW("non-ascii", PyUnicode_FromFormat("caf\xc3\xa9 %d", 1));
    SHOW("empty", PyUnicode_FromFormat(""));
    SHOW("plain", PyUnicode_FromFormat("plain text"));
    SHOW("V-form", via_v("%s=%d (%U)", "key", 12, wide));
    SHOW("ll width", PyUnicode_FromFormat("[%20lld]", -1234567890123LL));
    SHOW("precision big", PyUnicode_FromFormat("[%.30d]", 5));
    SHOW("width big", PyUnicode_FromFormat("[%70d]", 5));
    SHOW("mixed kinds", PyUnicode_FromFormat("%U%U%c", u, wide, 'x'));
    return 0;
}
