/* PyUnicode_FromFormat(V) and PyBytes_FromFormat(V): the C-variadic entry points of the
 * str/bytes formatting API (CPython 3.11 semantics).
 *
 * PyUnicode_FromFormatV walks the format and the va_list once, turning each piece into a
 * record (literal text, a decoded C string, an object to str()/repr()/ascii(), a character),
 * and hands the records to the Rust side (_Fy_unicode_from_pieces), which builds the str and
 * raises CPython's errors in order. Numbers and pointers are printed here, where their C types
 * are known.
 *
 * PyBytes_FromFormatV needs no objects: it is done here entirely, into a malloc'd buffer
 * handed to PyBytes_FromStringAndSize. */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef struct _object PyObject;
typedef ssize_t Py_ssize_t;

/* Piece kinds; must match capi/src/unicodeobject.rs. */
enum {
    FY_ASCII = 0,      /* literal ASCII text: ptr/len */
    FY_LATIN1 = 1,     /* rest of a format after an unknown code, as Latin-1: ptr/len */
    FY_CSTR = 2,       /* %s / %V's char*: UTF-8, decoded with "replace"; ptr/len (after precision) */
    FY_OBJ_STR = 3,    /* %U / %V's str object: obj */
    FY_OBJ_S = 4,      /* %S: str(obj) */
    FY_OBJ_R = 5,      /* %R: repr(obj) */
    FY_OBJ_A = 6,      /* %A: ascii(obj) */
    FY_CHAR = 7,       /* %c: num */
    FY_BAD_BYTE = 8,   /* non-ASCII byte in the format: num (ValueError) */
    FY_WIDTH_BIG = 9,  /* "width too big" (ValueError) */
    FY_PREC_BIG = 10,  /* "precision too big" (ValueError) */
    FY_NUMBER = 11,    /* printed integer at numbers + num, padded by width/precision/zeropad */
};

typedef struct {
    int kind;
    const char *ptr;
    Py_ssize_t len;
    PyObject *obj;
    long long num;
    Py_ssize_t width;
    Py_ssize_t precision;
    int zeropad;
} FyFormatPiece;

extern PyObject *_Fy_unicode_from_pieces(const FyFormatPiece *pieces, size_t count, char *numbers);
extern PyObject *PyBytes_FromStringAndSize(const char *s, Py_ssize_t len);
extern void PyErr_SetString(PyObject *type, const char *msg);
extern PyObject *PyErr_NoMemory(void);
extern PyObject *PyExc_OverflowError;

typedef struct {
    FyFormatPiece *items;
    size_t count, cap;
    char *numbers; /* printed numbers live here, 32 bytes each */
    size_t ncount, ncap;
} PieceList;

static FyFormatPiece *
push_piece(PieceList *l, int kind)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        FyFormatPiece *n = realloc(l->items, cap * sizeof(FyFormatPiece));
        if (!n)
            return NULL;
        l->items = n;
        l->cap = cap;
    }
    FyFormatPiece *p = &l->items[l->count++];
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    p->width = -1;
    p->precision = -1;
    return p;
}

/* Room for one printed number (its offset in `numbers`, 64 bytes each); offsets rather than
 * pointers, since the block may move while it grows. */
static ssize_t
push_number(PieceList *l)
{
    if (l->ncount == l->ncap) {
        size_t cap = l->ncap ? l->ncap * 2 : 8;
        char *n = realloc(l->numbers, cap * 64);
        if (!n)
            return -1;
        l->numbers = n;
        l->ncap = cap;
    }
    return (ssize_t)(l->ncount++ * 64);
}

PyObject *
PyUnicode_FromFormatV(const char *format, va_list vargs)
{
    PieceList l = {0};
    va_list ap;
    va_copy(ap, vargs);
    PyObject *result = NULL;
    const char *f = format;
    while (*f) {
        if (*f != '%') {
            const char *p = f;
            while (*p && *p != '%') {
                if ((unsigned char)*p > 127) {
                    FyFormatPiece *e = push_piece(&l, FY_BAD_BYTE);
                    if (!e)
                        goto nomem;
                    e->num = (unsigned char)*p;
                    goto done;
                }
                p++;
            }
            FyFormatPiece *t = push_piece(&l, FY_ASCII);
            if (!t)
                goto nomem;
            t->ptr = f;
            t->len = p - f;
            f = p;
            continue;
        }
        const char *start = f;
        f++;
        int zeropad = 0;
        if (*f == '0') {
            zeropad = 1;
            f++;
        }
        Py_ssize_t width = -1, precision = -1;
        if (isdigit((unsigned char)*f)) {
            width = 0;
            while (isdigit((unsigned char)*f)) {
                if (width > (PTRDIFF_MAX - (*f - '0')) / 10) {
                    if (!push_piece(&l, FY_WIDTH_BIG))
                        goto nomem;
                    goto done;
                }
                width = width * 10 + (*f - '0');
                f++;
            }
        }
        if (*f == '.') {
            f++;
            if (isdigit((unsigned char)*f)) {
                precision = 0;
                while (isdigit((unsigned char)*f)) {
                    if (precision > (PTRDIFF_MAX - (*f - '0')) / 10) {
                        if (!push_piece(&l, FY_PREC_BIG))
                            goto nomem;
                        goto done;
                    }
                    precision = precision * 10 + (*f - '0');
                    f++;
                }
            }
            if (*f == '%')
                f--;
        }
        if (*f == '\0')
            f--;
        int longflag = 0, longlongflag = 0, sizeflag = 0;
        if (*f == 'l') {
            if (f[1] == 'd' || f[1] == 'u' || f[1] == 'i') {
                longflag = 1;
                f++;
            }
            else if (f[1] == 'l' && (f[2] == 'd' || f[2] == 'u' || f[2] == 'i')) {
                longlongflag = 1;
                f += 2;
            }
        }
        else if (*f == 'z' && (f[1] == 'd' || f[1] == 'u' || f[1] == 'i')) {
            sizeflag = 1;
            f++;
        }
        FyFormatPiece *pc;
        char digits[40];
        switch (*f) {
        case 'c':
            if (!(pc = push_piece(&l, FY_CHAR)))
                goto nomem;
            pc->num = va_arg(ap, int);
            break;
        case 'i':
        case 'd':
        case 'u':
        case 'x':
            if (*f == 'u') {
                if (longflag)
                    snprintf(digits, sizeof digits, "%lu", va_arg(ap, unsigned long));
                else if (longlongflag)
                    snprintf(digits, sizeof digits, "%llu", va_arg(ap, unsigned long long));
                else if (sizeflag)
                    snprintf(digits, sizeof digits, "%zu", va_arg(ap, size_t));
                else
                    snprintf(digits, sizeof digits, "%u", va_arg(ap, unsigned int));
            }
            else if (*f == 'x') {
                snprintf(digits, sizeof digits, "%x", va_arg(ap, int));
            }
            else {
                if (longflag)
                    snprintf(digits, sizeof digits, "%li", va_arg(ap, long));
                else if (longlongflag)
                    snprintf(digits, sizeof digits, "%lli", va_arg(ap, long long));
                else if (sizeflag)
                    snprintf(digits, sizeof digits, "%zi", va_arg(ap, ssize_t));
                else
                    snprintf(digits, sizeof digits, "%i", va_arg(ap, int));
            }
            {
                ssize_t off = push_number(&l);
                if (off < 0 || !(pc = push_piece(&l, FY_NUMBER)))
                    goto nomem;
                strcpy(l.numbers + off, digits);
                pc->num = off;
                pc->width = width;
                pc->precision = precision;
                pc->zeropad = zeropad;
            }
            break;
        case 'p':
        {
            void *ptr = va_arg(ap, void *);
            char num[40];
            int n = snprintf(num, sizeof num, "%p", ptr);
            if (num[1] == 'X')
                num[1] = 'x';
            else if (num[1] != 'x') {
                memmove(num + 2, num, (size_t)n + 1);
                num[0] = '0';
                num[1] = 'x';
            }
            ssize_t off = push_number(&l);
            if (off < 0 || !(pc = push_piece(&l, FY_NUMBER)))
                goto nomem;
            strcpy(l.numbers + off, num);
            pc->num = off;
            break;
        }
        case 's':
        case 'V':
        {
            PyObject *obj = NULL;
            if (*f == 'V')
                obj = va_arg(ap, PyObject *);
            const char *s = va_arg(ap, const char *);
            if (obj) {
                if (!(pc = push_piece(&l, FY_OBJ_STR)))
                    goto nomem;
                pc->obj = obj;
                pc->width = width;
                pc->precision = precision;
                break;
            }
            if (!(pc = push_piece(&l, FY_CSTR)))
                goto nomem;
            Py_ssize_t n = 0;
            if (precision == -1)
                n = (Py_ssize_t)strlen(s);
            else
                while (n < precision && s[n])
                    n++;
            pc->ptr = s;
            pc->len = n;
            pc->width = width;
            break;
        }
        case 'U':
        case 'S':
        case 'R':
        case 'A':
            if (!(pc = push_piece(&l, *f == 'U' ? FY_OBJ_STR : *f == 'S' ? FY_OBJ_S : *f == 'R' ? FY_OBJ_R : FY_OBJ_A)))
                goto nomem;
            pc->obj = va_arg(ap, PyObject *);
            pc->width = width;
            pc->precision = precision;
            break;
        case '%':
            if (!(pc = push_piece(&l, FY_ASCII)))
                goto nomem;
            pc->ptr = "%";
            pc->len = 1;
            break;
        default:
            /* Unknown code: the rest of the format is copied as it is (Latin-1). */
            if (!(pc = push_piece(&l, FY_LATIN1)))
                goto nomem;
            pc->ptr = start;
            pc->len = (Py_ssize_t)strlen(start);
            goto done;
        }
        f++;
    }
done:
    result = _Fy_unicode_from_pieces(l.items, l.count, l.numbers);
    goto out;
nomem:
    PyErr_NoMemory();
out:
    va_end(ap);
    free(l.items);
    free(l.numbers);
    return result;
}

PyObject *
PyUnicode_FromFormat(const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *r = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    return r;
}

typedef struct {
    char *buf;
    size_t len, cap;
} ByteBuf;

static int
bb_write(ByteBuf *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n)
            cap *= 2;
        char *nb = realloc(b->buf, cap);
        if (!nb)
            return -1;
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    return 0;
}

PyObject *
PyBytes_FromFormatV(const char *format, va_list vargs)
{
    ByteBuf b = {0};
    char num[40];
    const char *f;
    va_list ap;
    va_copy(ap, vargs);
    PyObject *result = NULL;
    for (f = format; *f; f++) {
        if (*f != '%') {
            if (bb_write(&b, f, 1) < 0)
                goto nomem;
            continue;
        }
        const char *start = f++;
        while (isdigit((unsigned char)*f))
            f++;
        Py_ssize_t prec = 0;
        if (*f == '.') {
            f++;
            for (; isdigit((unsigned char)*f); f++)
                prec = prec * 10 + (*f - '0');
        }
        while (*f && *f != '%' && !isalpha((unsigned char)*f))
            f++;
        int longflag = 0, sizeflag = 0;
        if (*f == 'l' && (f[1] == 'd' || f[1] == 'u')) {
            longflag = 1;
            f++;
        }
        if (*f == 'z' && (f[1] == 'd' || f[1] == 'u')) {
            sizeflag = 1;
            f++;
        }
        switch (*f) {
        case 'c':
        {
            int c = va_arg(ap, int);
            if (c < 0 || c > 255) {
                PyErr_SetString(PyExc_OverflowError,
                                "PyBytes_FromFormatV(): %c format expects an integer in range [0; 255]");
                goto fail;
            }
            char ch = (char)c;
            if (bb_write(&b, &ch, 1) < 0)
                goto nomem;
            continue;
        }
        case 'd':
            if (longflag)
                snprintf(num, sizeof num, "%ld", va_arg(ap, long));
            else if (sizeflag)
                snprintf(num, sizeof num, "%zd", va_arg(ap, ssize_t));
            else
                snprintf(num, sizeof num, "%d", va_arg(ap, int));
            break;
        case 'u':
            if (longflag)
                snprintf(num, sizeof num, "%lu", va_arg(ap, unsigned long));
            else if (sizeflag)
                snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            else
                snprintf(num, sizeof num, "%u", va_arg(ap, unsigned int));
            break;
        case 'i':
            snprintf(num, sizeof num, "%i", va_arg(ap, int));
            break;
        case 'x':
            snprintf(num, sizeof num, "%x", va_arg(ap, int));
            break;
        case 's':
        {
            const char *s = va_arg(ap, const char *);
            size_t n = 0;
            if (prec <= 0)
                n = strlen(s);
            else
                while ((Py_ssize_t)n < prec && s[n])
                    n++;
            if (bb_write(&b, s, n) < 0)
                goto nomem;
            continue;
        }
        case 'p':
        {
            int n = snprintf(num, sizeof num, "%p", va_arg(ap, void *));
            if (num[1] == 'X')
                num[1] = 'x';
            else if (num[1] != 'x') {
                memmove(num + 2, num, (size_t)n + 1);
                num[0] = '0';
                num[1] = 'x';
            }
            break;
        }
        case '%':
            if (bb_write(&b, "%", 1) < 0)
                goto nomem;
            continue;
        default:
            /* Invalid code: the rest of the format is copied unformatted. */
            if (bb_write(&b, start, strlen(start)) < 0)
                goto nomem;
            goto finish;
        }
        if (bb_write(&b, num, strlen(num)) < 0)
            goto nomem;
    }
finish:
    result = PyBytes_FromStringAndSize(b.buf ? b.buf : "", (Py_ssize_t)b.len);
    goto fail;
nomem:
    PyErr_NoMemory();
fail:
    va_end(ap);
    free(b.buf);
    return result;
}

PyObject *
PyBytes_FromFormat(const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *r = PyBytes_FromFormatV(format, vargs);
    va_end(vargs);
    return r;
}
