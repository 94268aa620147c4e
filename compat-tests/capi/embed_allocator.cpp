// compat: C++ embedding with a custom allocator installed by PyMem_SetAllocator before
// Py_Initialize for the MEM and OBJ domains: every block goes through it, and the program runs.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <atomic>
#include <cstdio>

static PyMemAllocatorEx orig_mem, orig_obj;
static std::atomic<long> mallocs{0}, frees{0};

static void *c_malloc(void *ctx, size_t n) { mallocs++; return ((PyMemAllocatorEx *)ctx)->malloc(((PyMemAllocatorEx *)ctx)->ctx, n); }
static void *c_calloc(void *ctx, size_t a, size_t b) { mallocs++; return ((PyMemAllocatorEx *)ctx)->calloc(((PyMemAllocatorEx *)ctx)->ctx, a, b); }
static void *c_realloc(void *ctx, void *p, size_t n) { return ((PyMemAllocatorEx *)ctx)->realloc(((PyMemAllocatorEx *)ctx)->ctx, p, n); }
static void c_free(void *ctx, void *p) { if (p) frees++; ((PyMemAllocatorEx *)ctx)->free(((PyMemAllocatorEx *)ctx)->ctx, p); }

int main() {
    PyMem_GetAllocator(PYMEM_DOMAIN_MEM, &orig_mem);
    PyMem_GetAllocator(PYMEM_DOMAIN_OBJ, &orig_obj);
    PyMemAllocatorEx mem = {&orig_mem, c_malloc, c_calloc, c_realloc, c_free};
    PyMemAllocatorEx obj = {&orig_obj, c_malloc, c_calloc, c_realloc, c_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_MEM, &mem);
    PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, &obj);
    Py_Initialize();
    long before = mallocs.load();
    PyRun_SimpleString("x = [str(i) * 3 for i in range(20000)]\nprint(len(x), x[-1])\ndel x\n");
    long during = mallocs.load() - before;
    std::printf("allocations went through the hook: %s\n", during > 20000 ? "yes" : "no");
    void *o = PyObject_Malloc(100);
    std::printf("PyObject_Malloc counted: %s\n", mallocs.load() > before + during ? "yes" : "no");
    PyObject_Free(o);
    std::printf("finalize=%d\n", Py_FinalizeEx());
    std::printf("frees seen: %s\n", frees.load() > 0 ? "yes" : "no");
    return 0;
}
