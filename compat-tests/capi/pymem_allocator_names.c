/* The PYTHONMALLOC machinery before Py_Initialize: _PyMem_GetAllocatorName parses the names,
 * _PyMem_SetupAllocators installs each allocator family (checked through
 * _PyMem_GetCurrentAllocatorName and a malloc/free round trip in every domain),
 * _PyMem_SetDefaultAllocator restores one domain and hands back the previous table. These three
 * are exported by libpython but declared only in its internal headers, so they are declared
 * here. */
#include <Python.h>

#include <stdio.h>
#include <string.h>

PyAPI_FUNC(int) _PyMem_GetAllocatorName(const char *name, PyMemAllocatorName *allocator);
PyAPI_FUNC(int) _PyMem_SetupAllocators(PyMemAllocatorName allocator);
PyAPI_FUNC(int) _PyMem_SetDefaultAllocator(PyMemAllocatorDomain domain, PyMemAllocatorEx *old_alloc);

static const char *
current(void)
{
    const char *n = _PyMem_GetCurrentAllocatorName();
    return n ? n : "(NULL)";
}

static int
round_trip(void)
{
    void *r = PyMem_RawMalloc(100), *m = PyMem_Malloc(100), *o = PyObject_Malloc(100);
    int ok = r && m && o;
    memset(r, 1, 100);
    memset(m, 2, 100);
    memset(o, 3, 100);
    r = PyMem_RawRealloc(r, 1000);
    m = PyMem_Realloc(m, 1000);
    o = PyObject_Realloc(o, 1000);
    ok &= ((char *)r)[99] == 1 && ((char *)m)[99] == 2 && ((char *)o)[99] == 3;
    PyMem_RawFree(r);
    PyMem_Free(m);
    PyObject_Free(o);
    return ok;
}

int
main(void)
{
    static const char *names[] = {"", "default", "debug", "malloc", "malloc_debug", "pymalloc",
                                  "pymalloc_debug", "jemalloc", "Malloc", "pymalloc "};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyMemAllocatorName a = (PyMemAllocatorName)-1;
        int rc = _PyMem_GetAllocatorName(names[i], &a);
        printf("_PyMem_GetAllocatorName(\"%s\") = %d, allocator %d\n", names[i], rc, (int)a);
    }

    printf("start: %s\n", current());
    static const PyMemAllocatorName order[] = {
        PYMEM_ALLOCATOR_MALLOC, PYMEM_ALLOCATOR_MALLOC_DEBUG, PYMEM_ALLOCATOR_PYMALLOC,
        PYMEM_ALLOCATOR_PYMALLOC_DEBUG, PYMEM_ALLOCATOR_DEBUG, PYMEM_ALLOCATOR_NOT_SET,
        PYMEM_ALLOCATOR_DEFAULT,
    };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int rc = _PyMem_SetupAllocators(order[i]);
        printf("_PyMem_SetupAllocators(%d) = %d -> %s, round trip %d\n", (int)order[i], rc,
               current(), round_trip());
    }
    printf("_PyMem_SetupAllocators(99) = %d -> %s\n",
           _PyMem_SetupAllocators((PyMemAllocatorName)99), current());

    /* Replace MEM by malloc, then let _PyMem_SetDefaultAllocator put pymalloc back. */
    PyMemAllocatorEx raw, old, now;
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw);
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &raw);
    printf("MEM on malloc: %s\n", current());
    int rc = _PyMem_SetDefaultAllocator(PYMEM_DOMAIN_MEM, &old);
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &now);
    printf("_PyMem_SetDefaultAllocator(MEM) = %d, old was the RAW table %d, now %s\n", rc,
           memcmp(&old, &raw, sizeof raw) == 0, current());
    printf("_PyMem_SetDefaultAllocator(OBJ, NULL) = %d\n",
           _PyMem_SetDefaultAllocator(PYMEM_DOMAIN_OBJ, NULL));
    printf("_PyMem_SetDefaultAllocator(5) = %d\n",
           _PyMem_SetDefaultAllocator((PyMemAllocatorDomain)5, &old));
    printf("end: %s, round trip %d\n", current(), round_trip());
    return 0;
}
