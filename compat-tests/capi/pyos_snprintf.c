// compat: expect-exit=0
/* PyOS_snprintf and PyOS_vsnprintf: formatting, return values, truncation, the promise that
 * str[size-1] is always NUL (also when formatting fails), size 1, the -666 refusal of sizes
 * too large for an int, and a variadic caller passing its own va_list.
 *
 * Each case prints the return value and every byte of the buffer ('.' marks a byte the call
 * must not have touched, "\0" a NUL), so truncation and overruns show in the diff. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <wchar.h>

#define BUF 48
#define UNTOUCHED '.'

static char buf[BUF];

static void
reset(void)
{
    memset(buf, UNTOUCHED, sizeof buf);
}

/* Prints rc and the first `shown` bytes of buf, escaped. */
static void
show(const char *label, int rc, size_t shown)
{
    printf("%-24s rc=%-5d [", label, rc);
    for (size_t i = 0; i < shown; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c == '\0')
            fputs("\\0", stdout);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    puts("]");
}

/* A variadic function of the caller's own that hands its va_list on. */
static int
format_into(char *dst, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(dst, size, format, va);
    va_end(va);
    return rc;
}

/* Formats the same arguments twice through va_copy: once truncated, once in full. */
static void
twice(const char *format, ...)
{
    va_list va, again;
    va_start(va, format);
    va_copy(again, va);
    reset();
    int rc = PyOS_vsnprintf(buf, 6, format, va);
    show("va_copy: size 6", rc, 10);
    reset();
    rc = PyOS_vsnprintf(buf, sizeof buf, format, again);
    show("va_copy: full", rc, (size_t)rc + 2);
    va_end(again);
    va_end(va);
}

/* Formats into the whole buffer and shows the text plus two bytes past it. */
#define CASE(label, ...)                                          \
    do {                                                          \
        reset();                                                  \
        int rc_ = PyOS_snprintf(buf, sizeof buf, __VA_ARGS__);    \
        show(label, rc_, rc_ < 0 || rc_ + 2 > BUF ? BUF : (size_t)rc_ + 2); \
    } while (0)

int
main(void)
{
    /* Conversions, each into a roomy buffer. */
    CASE("%d 42", "%d", 42);
    CASE("%d INT_MIN", "%d", INT_MIN);
    CASE("%d -0", "%d", -0);
    CASE("%s", "%s", "hello");
    CASE("%s empty", "[%s]", "");
    CASE("%x", "%x", 0xdeadbeefu);
    CASE("%X %#x", "%X %#x", 0xabcu, 255u);
    CASE("%ld LONG_MAX", "%ld", LONG_MAX);
    CASE("%ld LONG_MIN", "%ld", LONG_MIN);
    CASE("%zd PY_SSIZE_T_MAX", "%zd", PY_SSIZE_T_MAX);
    CASE("%zd -1", "%zd", (Py_ssize_t)-1);
    CASE("%zu SIZE_MAX", "%zu", (size_t)SIZE_MAX);
    CASE("%u %lu", "%u %lu", UINT_MAX, ULONG_MAX);
    CASE("%lld", "%lld", LLONG_MIN);
    CASE("%c %%", "%c %%", 'Z');
    CASE("widths", "[%5d|%-5d|%05d]", 42, 42, 42);
    CASE("%*d %.*s", "%*d %.*s", 6, 7, 3, "abcdef");
    CASE("%.3f %e", "%.3f %e", 3.14159, 12345.678);
    CASE("mixed", "%s=%d (0x%x) %zd%%", "answer", 42, 42, (Py_ssize_t)100);
    CASE("empty format", "%s", "");

    /* Truncation: rc is the length the whole text would have had. */
    reset();
    int rc = PyOS_snprintf(buf, 4, "abcdefgh");
    show("truncated to size 4", rc, 8);
    reset();
    rc = PyOS_snprintf(buf, 4, "abc");
    show("exact fit, size 4", rc, 6);
    reset();
    rc = PyOS_snprintf(buf, 4, "abcd");
    show("one over, size 4", rc, 6);
    reset();
    rc = PyOS_snprintf(buf, 10, "%d-%s", 123456, "xyz");
    show("number cut, size 10", rc, 12);

    /* Size 1: only the terminating NUL fits. */
    reset();
    rc = PyOS_snprintf(buf, 1, "%s", "anything");
    show("size 1", rc, 3);
    reset();
    rc = PyOS_snprintf(buf, 1, "%s", "");
    show("size 1, empty", rc, 3);

    /* Through a va_list of the caller's. */
    reset();
    rc = format_into(buf, sizeof buf, "%s:%d:%x:%ld:%zd", "va", -7, 0x7fu, -8L, (Py_ssize_t)9);
    show("va_list caller", rc, (size_t)rc + 2);
    reset();
    rc = format_into(buf, 5, "%s", "truncated");
    show("va_list caller, size 5", rc, 8);
    twice("%d+%d=%s", 20, 22, "forty-two");

    /* When vsnprintf itself fails (a wide character the C locale cannot encode), the result
     * is negative and str[size-1] is still NUL. */
    setlocale(LC_ALL, "C");
    reset();
    rc = PyOS_snprintf(buf, 8, "ab%lc", (wint_t)0x20AC);
    printf("%-24s rc<0=%d buf[7]=%d buf[8]=%c\n", "encoding error", rc < 0, buf[7], buf[8]);

    /* A size above INT_MAX - 1 is refused with -666 without formatting, and str[size-1] is
     * still set: map INT_MAX bytes without reserving memory, so only the touched pages cost. */
    size_t huge = (size_t)INT_MAX;
    char *big = mmap(NULL, huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (big == MAP_FAILED) {
        puts("huge size: mmap failed");
    }
    else {
        big[0] = UNTOUCHED;
        big[huge - 1] = UNTOUCHED;
        rc = PyOS_snprintf(big, huge, "%d", 12345);
        printf("%-24s rc=%d big[0]=%c big[size-1]=%d\n", "size INT_MAX", rc, big[0], big[huge - 1]);
        munmap(big, huge);
    }
    return 0;
}
