/* The three allocator families before Py_Initialize: PyMem_Raw*, PyMem_*, PyObject_* with
 * their edge cases (size 0 gives distinct non-NULL blocks, sizes above PY_SSIZE_T_MAX and
 * calloc overflow give NULL, realloc(NULL, n) allocates, free(NULL) does nothing), data kept
 * across realloc growth and shrinking between small and large sizes, calloc zeroing, 16-byte
 * alignment, the strdup helpers, and the allocated-block count. */
#include <Python.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* Exported by libpython, declared only in the internal headers. */
PyAPI_FUNC(Py_ssize_t) _Py_GetAllocatedBlocks(void);

typedef struct {
    const char *name;
    void *(*malloc)(size_t);
    void *(*calloc)(size_t, size_t);
    void *(*realloc)(void *, size_t);
    void (*free)(void *);
} family;

static const family families[] = {
    {"PyMem_Raw", PyMem_RawMalloc, PyMem_RawCalloc, PyMem_RawRealloc, PyMem_RawFree},
    {"PyMem", PyMem_Malloc, PyMem_Calloc, PyMem_Realloc, PyMem_Free},
    {"PyObject", PyObject_Malloc, PyObject_Calloc, PyObject_Realloc, PyObject_Free},
};

static void
fill(unsigned char *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        p[i] = (unsigned char)(i * 7 + 3);
}

static int
intact(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(i * 7 + 3))
            return 0;
    return 1;
}

static int
all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void
check_family(const family *f)
{
    printf("== %s\n", f->name);

    void *z1 = f->malloc(0), *z2 = f->malloc(0);
    printf("malloc(0): non-NULL %d, distinct %d\n", z1 != NULL && z2 != NULL, z1 != z2);
    void *c1 = f->calloc(0, 0), *c2 = f->calloc(0, 8), *c3 = f->calloc(8, 0);
    printf("calloc zero sizes: non-NULL %d, distinct %d\n",
           c1 && c2 && c3, c1 != c2 && c2 != c3 && c1 != c3);
    void *r0 = f->realloc(NULL, 0);
    printf("realloc(NULL, 0): non-NULL %d\n", r0 != NULL);
    f->free(z1); f->free(z2); f->free(c1); f->free(c2); f->free(c3); f->free(r0);
    f->free(NULL);
    printf("free(NULL): survived\n");

    printf("malloc(PY_SSIZE_T_MAX+1): NULL %d\n", f->malloc((size_t)PY_SSIZE_T_MAX + 1) == NULL);
    printf("malloc(SIZE_MAX): NULL %d\n", f->malloc(SIZE_MAX) == NULL);
    printf("calloc(2, PY_SSIZE_T_MAX/2+1): NULL %d\n",
           f->calloc(2, (size_t)PY_SSIZE_T_MAX / 2 + 1) == NULL);
    printf("calloc(SIZE_MAX, SIZE_MAX): NULL %d\n", f->calloc(SIZE_MAX, SIZE_MAX) == NULL);

    unsigned char *p = f->malloc(10);
    fill(p, 0, 10);
    printf("realloc(p, PY_SSIZE_T_MAX+1): NULL %d, block intact %d\n",
           f->realloc(p, (size_t)PY_SSIZE_T_MAX + 1) == NULL, intact(p, 10));

    /* Grow through small and large sizes and back, checking the data at each step. */
    static const size_t steps[] = {10, 16, 17, 100, 511, 512, 513, 4096, 100000, 600, 300, 48, 1};
    size_t have = 10;
    int ok = 1;
    for (size_t i = 1; i < sizeof steps / sizeof steps[0]; i++) {
        size_t n = steps[i];
        p = f->realloc(p, n);
        if (p == NULL) {
            ok = 0;
            break;
        }
        size_t kept = have < n ? have : n;
        if (!intact(p, kept)) {
            printf("  data lost at realloc to %zu\n", n);
            ok = 0;
        }
        fill(p, kept, n);
        have = n;
    }
    printf("realloc chain keeps data: %d\n", ok);
    unsigned char *q = f->realloc(p, 0);
    printf("realloc(p, 0): non-NULL %d\n", q != NULL);
    f->free(q);

    int aligned = 1;
    for (size_t n = 1; n <= 1024; n += 7) {
        void *b = f->malloc(n);
        if ((uintptr_t)b % 16 != 0)
            aligned = 0;
        f->free(b);
    }
    printf("16-byte aligned for 1..1024: %d\n", aligned);

    /* Dirty a block, free it, then calloc the same size: it must come back zeroed. */
    int zeroed = 1;
    static const size_t cs[][2] = {{1, 16}, {3, 100}, {512, 1}, {10, 51}, {7, 1000}, {1, 70000}};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        size_t n = cs[i][0] * cs[i][1];
        unsigned char *d = f->malloc(n);
        memset(d, 0xAB, n);
        f->free(d);
        unsigned char *c = f->calloc(cs[i][0], cs[i][1]);
        if (!all_zero(c, n))
            zeroed = 0;
        f->free(c);
    }
    printf("calloc zeroes: %d\n", zeroed);

    /* Many live blocks of mixed sizes never overlap. */
    enum { N = 3000 };
    static unsigned char *live[N];
    static size_t sizes[N];
    for (int i = 0; i < N; i++) {
        sizes[i] = 1 + (size_t)(i * 37 % 700);
        live[i] = f->malloc(sizes[i]);
        memset(live[i], i & 0xff, sizes[i]);
    }
    int separate = 1;
    for (int i = 0; i < N; i += 2) {
        for (size_t k = 0; k < sizes[i]; k++)
            if (live[i][k] != (i & 0xff))
                separate = 0;
        f->free(live[i]);
    }
    for (int i = 1; i < N; i += 2) {
        for (size_t k = 0; k < sizes[i]; k++)
            if (live[i][k] != (i & 0xff))
                separate = 0;
        f->free(live[i]);
    }
    printf("3000 mixed blocks stay separate: %d\n", separate);
}

int
main(void)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        check_family(&families[i]);

    printf("== helpers\n");
    char *s = _PyMem_RawStrdup("raw strdup");
    printf("_PyMem_RawStrdup: %s\n", s);
    PyMem_RawFree(s);
    s = _PyMem_Strdup("mem strdup");
    printf("_PyMem_Strdup: %s\n", s);
    PyMem_Free(s);
    wchar_t *w = _PyMem_RawWcsdup(L"wide");
    printf("_PyMem_RawWcsdup: %ls (%zu)\n", w, wcslen(w));
    PyMem_RawFree(w);

    /* Blocks of the MEM/OBJ allocator in use, small and large alike. */
    Py_ssize_t before = _Py_GetAllocatedBlocks();
    void *blocks[6] = {PyObject_Malloc(8), PyObject_Malloc(500), PyObject_Malloc(5000),
                       PyMem_Malloc(0), PyMem_Malloc(64), PyMem_RawMalloc(64)};
    printf("_Py_GetAllocatedBlocks delta after 5 MEM/OBJ + 1 RAW: %zd\n",
           _Py_GetAllocatedBlocks() - before);
    PyObject_Free(blocks[0]);
    PyObject_Free(blocks[1]);
    PyObject_Free(blocks[2]);
    PyMem_Free(blocks[3]);
    PyMem_Free(blocks[4]);
    PyMem_RawFree(blocks[5]);
    printf("_Py_GetAllocatedBlocks delta after freeing: %zd\n", _Py_GetAllocatedBlocks() - before);
    return 0;
}
