/* PyMem_GetAllocator / PyMem_SetAllocator for the three domains, before Py_Initialize:
 * counting hooks that wrap the previous allocator see exactly the calls of their domain
 * (requests refused for size never reach them), Get returns what Set installed, restoring the
 * saved table round-trips, unknown domains read as NULL and are ignored on Set. With the RAW
 * domain hooked, it shows which PyObject_* requests the object allocator hands on to
 * PyMem_Raw* (zero-byte and large ones). */
#include <Python.h>

#include <stdio.h>
#include <string.h>

typedef struct {
    PyMemAllocatorEx wrapped;
    int malloc_calls, calloc_calls, realloc_calls, free_calls;
    size_t last_size;
} counter;

static void *
c_malloc(void *ctx, size_t size)
{
    counter *c = ctx;
    c->malloc_calls++;
    c->last_size = size;
    return c->wrapped.malloc(c->wrapped.ctx, size);
}

static void *
c_calloc(void *ctx, size_t nelem, size_t elsize)
{
    counter *c = ctx;
    c->calloc_calls++;
    c->last_size = nelem * elsize;
    return c->wrapped.calloc(c->wrapped.ctx, nelem, elsize);
}

static void *
c_realloc(void *ctx, void *ptr, size_t size)
{
    counter *c = ctx;
    c->realloc_calls++;
    c->last_size = size;
    return c->wrapped.realloc(c->wrapped.ctx, ptr, size);
}

static void
c_free(void *ctx, void *ptr)
{
    counter *c = ctx;
    c->free_calls++;
    c->wrapped.free(c->wrapped.ctx, ptr);
}

static int
same(const PyMemAllocatorEx *a, const PyMemAllocatorEx *b)
{
    return a->ctx == b->ctx && a->malloc == b->malloc && a->calloc == b->calloc
           && a->realloc == b->realloc && a->free == b->free;
}

static void
show(const char *label, const counter *c)
{
    printf("%-40s malloc=%d calloc=%d realloc=%d free=%d\n", label, c->malloc_calls,
           c->calloc_calls, c->realloc_calls, c->free_calls);
}

static void
install(PyMemAllocatorDomain domain, counter *c, PyMemAllocatorEx *hook)
{
    memset(c, 0, sizeof *c);
    PyMem_GetAllocator(domain, &c->wrapped);
    hook->ctx = c;
    hook->malloc = c_malloc;
    hook->calloc = c_calloc;
    hook->realloc = c_realloc;
    hook->free = c_free;
    PyMem_SetAllocator(domain, hook);
}

static void
exercise(const char *name, PyMemAllocatorDomain domain, void *(*m)(size_t),
         void *(*cl)(size_t, size_t), void *(*r)(void *, size_t), void (*f)(void *))
{
    counter c;
    PyMemAllocatorEx hook, got, original;
    PyMem_GetAllocator(domain, &original);
    install(domain, &c, &hook);
    PyMem_GetAllocator(domain, &got);
    printf("%s: Get returns the installed hook: %d\n", name, same(&got, &hook));

    void *a = m(24);
    printf("%s: malloc(24) reached the hook with size %zu\n", name, c.last_size);
    void *b = cl(3, 8);
    printf("%s: calloc(3, 8) reached the hook with size %zu\n", name, c.last_size);
    a = r(a, 1000);
    printf("%s: realloc(a, 1000) reached the hook with size %zu\n", name, c.last_size);
    void *z = m(0);
    f(a);
    f(b);
    f(z);
    f(NULL);
    printf("%s: oversized refused before the hook: %d %d %d\n", name,
           m((size_t)PY_SSIZE_T_MAX + 1) == NULL, cl(SIZE_MAX, 2) == NULL,
           r(NULL, (size_t)PY_SSIZE_T_MAX + 1) == NULL);
    show(name, &c);

    PyMem_SetAllocator(domain, &original);
    PyMem_GetAllocator(domain, &got);
    printf("%s: restored table round-trips: %d\n", name, same(&got, &original));
}

int
main(void)
{
    exercise("RAW", PYMEM_DOMAIN_RAW, PyMem_RawMalloc, PyMem_RawCalloc, PyMem_RawRealloc, PyMem_RawFree);
    exercise("MEM", PYMEM_DOMAIN_MEM, PyMem_Malloc, PyMem_Calloc, PyMem_Realloc, PyMem_Free);
    exercise("OBJ", PYMEM_DOMAIN_OBJ, PyObject_Malloc, PyObject_Calloc, PyObject_Realloc, PyObject_Free);

    PyMemAllocatorEx unknown;
    memset(&unknown, 0xAB, sizeof unknown);
    PyMem_GetAllocator((PyMemAllocatorDomain)7, &unknown);
    printf("unknown domain reads as NULL: %d\n",
           unknown.ctx == NULL && unknown.malloc == NULL && unknown.calloc == NULL
               && unknown.realloc == NULL && unknown.free == NULL);
    PyMemAllocatorEx before[3], after[3];
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &before[d]);
    PyMem_SetAllocator((PyMemAllocatorDomain)7, &unknown);
    PyMem_SetAllocator((PyMemAllocatorDomain)-1, &unknown);
    int unchanged = 1;
    for (int d = 0; d < 3; d++) {
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &after[d]);
        unchanged &= same(&before[d], &after[d]);
    }
    printf("setting an unknown domain changes nothing: %d\n", unchanged);
    printf("allocator name: %s\n", _PyMem_GetCurrentAllocatorName());

    /* Warm the object allocator up so it holds a partly used arena, then watch what it hands
     * on to the RAW domain. */
    void *warm = PyObject_Malloc(100);
    PyObject_Free(PyObject_Malloc(40));
    counter raw;
    PyMemAllocatorEx hook;
    install(PYMEM_DOMAIN_RAW, &raw, &hook);
    void *small = PyObject_Malloc(100);
    show("PyObject_Malloc(100) -> RAW", &raw);
    void *zero = PyObject_Malloc(0);
    show("PyObject_Malloc(0) -> RAW", &raw);
    void *large = PyObject_Malloc(1000);
    show("PyObject_Malloc(1000) -> RAW", &raw);
    void *clarge = PyObject_Calloc(10, 100);
    show("PyObject_Calloc(10, 100) -> RAW", &raw);
    small = PyObject_Realloc(small, 2000);
    show("PyObject_Realloc(small, 2000) -> RAW", &raw);
    large = PyObject_Realloc(large, 3000);
    show("PyObject_Realloc(large, 3000) -> RAW", &raw);
    large = PyObject_Realloc(large, 50);
    show("PyObject_Realloc(large, 50) -> RAW", &raw);
    void *m = PyMem_Malloc(512);
    show("PyMem_Malloc(512) -> RAW", &raw);
    m = PyMem_Realloc(m, 513);
    show("PyMem_Realloc(512 -> 513) -> RAW", &raw);
    PyObject_Free(small);
    PyObject_Free(zero);
    PyObject_Free(large);
    PyObject_Free(clarge);
    PyMem_Free(m);
    show("after freeing all -> RAW", &raw);
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &raw.wrapped);
    PyObject_Free(warm);
    return 0;
}
