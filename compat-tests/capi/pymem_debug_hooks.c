/* PyMem_SetupDebugHooks before Py_Initialize: the hooks wrap whatever allocator each domain
 * had (the wrapped allocator sees n + 3*sizeof(size_t) bytes), the allocator name changes, a
 * second call changes nothing; blocks carry CPython's layout (big-endian size, API id 'r' 'm'
 * 'o', 0xFD pads, 0xCD fresh bytes, zeroed calloc data), realloc keeps data and marks growth
 * 0xCD; and misuse (overrun, underrun, free or realloc through the wrong domain) ends the
 * process with SIGABRT and CPython's fatal error, shown here from a forked child's stderr. */
#include <Python.h>

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SST sizeof(size_t)

typedef struct {
    PyMemAllocatorEx wrapped;
    int calls;
    size_t last_size;
} counter;

static counter raw_counter;

static void *
c_malloc(void *ctx, size_t size)
{
    counter *c = ctx;
    c->calls++;
    c->last_size = size;
    return c->wrapped.malloc(c->wrapped.ctx, size);
}

static void *
c_calloc(void *ctx, size_t nelem, size_t elsize)
{
    counter *c = ctx;
    c->calls++;
    c->last_size = nelem * elsize;
    return c->wrapped.calloc(c->wrapped.ctx, nelem, elsize);
}

static void *
c_realloc(void *ctx, void *ptr, size_t size)
{
    counter *c = ctx;
    c->calls++;
    c->last_size = size;
    return c->wrapped.realloc(c->wrapped.ctx, ptr, size);
}

static void
c_free(void *ctx, void *ptr)
{
    counter *c = ctx;
    c->calls++;
    c->wrapped.free(c->wrapped.ctx, ptr);
}

static const char *
name(void)
{
    const char *n = _PyMem_GetCurrentAllocatorName();
    return n ? n : "(NULL)";
}

/* Prints the decorations around a debug block of n bytes and whether its first `checked` data
 * bytes are all `fill`. */
static void
show_block_part(const char *label, const unsigned char *p, size_t n, size_t checked, int fill)
{
    size_t stored = 0;
    for (size_t i = 0; i < SST; i++)
        stored = (stored << 8) | p[(ptrdiff_t)i - 2 * (ptrdiff_t)SST];
    int lead = 1, trail = 1, data = 1;
    for (size_t i = 1; i < SST; i++)
        lead &= p[-(ptrdiff_t)i] == 0xFD;
    for (size_t i = 0; i < SST; i++)
        trail &= p[n + i] == 0xFD;
    for (size_t i = 0; i < checked; i++)
        data &= p[i] == fill;
    printf("%-28s size=%zu id='%c' lead-pad=%d trail-pad=%d data-all-0x%02x=%d aligned16=%d\n",
           label, stored, p[-(ptrdiff_t)SST], lead, trail, fill, data,
           (uintptr_t)p % 16 == 0);
}

static void
show_block(const char *label, const unsigned char *p, size_t n, int fill)
{
    show_block_part(label, p, n, n, fill);
}

typedef void (*scenario)(void);

static void
overrun_raw(void)
{
    unsigned char *p = PyMem_RawMalloc(10);
    p[10] = 0;
    PyMem_RawFree(p);
}

static void
underrun_mem(void)
{
    unsigned char *p = PyMem_Malloc(24);
    p[-3] = 'x';
    PyMem_Free(p);
}

static void
obj_freed_as_mem(void)
{
    PyMem_Free(PyObject_Malloc(10));
}

static void
raw_freed_as_obj(void)
{
    PyObject_Free(PyMem_RawMalloc(100));
}

static void
mem_reallocated_as_raw(void)
{
    PyMem_RawRealloc(PyMem_Malloc(8), 64);
}

static void
overrun_realloc_obj(void)
{
    unsigned char *p = PyObject_Malloc(300);
    p[300] = 1;
    PyObject_Realloc(p, 10);
}

/* Runs `fn` in a child; prints how it ended and its stderr, minus the addresses. */
static void
run_child(const char *label, scenario fn)
{
    int fds[2];
    fflush(stdout);
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        fn();
        _exit(0);
    }
    close(fds[1]);
    static char buf[16384];
    size_t len = 0;
    ssize_t got;
    while ((got = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    printf("-- %s: ", label);
    if (WIFSIGNALED(status))
        printf("killed by signal %d\n", WTERMSIG(status));
    else
        printf("exit %d\n", WEXITSTATUS(status));
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *api = strstr(line, ": API '");
        char *tail = strstr(line, " at tail=");
        if (api != NULL)
            printf("   [dump]%s\n", api + 1);
        else if (tail != NULL && strstr(tail, " are ") != NULL)
            printf("   [tail pad]%s\n", strstr(tail, " are "));
        else
            printf("   %s\n", line);
    }
}

int
main(void)
{
    printf("allocator before: %s\n", name());

    /* Hook RAW with a counter first: the debug hooks must wrap it. */
    PyMemAllocatorEx hook = {&raw_counter, c_malloc, c_calloc, c_realloc, c_free};
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &raw_counter.wrapped);
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &hook);

    PyMemAllocatorEx before[3], after[3], again[3];
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &before[d]);
    PyMem_SetupDebugHooks();
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &after[d]);
    PyMem_SetupDebugHooks();
    for (int d = 0; d < 3; d++)
        PyMem_GetAllocator((PyMemAllocatorDomain)d, &again[d]);
    for (int d = 0; d < 3; d++)
        printf("domain %d: hooked %d, second setup keeps it %d\n", d,
               before[d].malloc != after[d].malloc,
               memcmp(&after[d], &again[d], sizeof after[d]) == 0);
    printf("allocator with a custom RAW hook under the debug hooks: %s\n", name());

    unsigned char *r = PyMem_RawMalloc(10);
    printf("RAW malloc(10): wrapped allocator asked for %zu bytes\n", raw_counter.last_size);
    show_block("PyMem_RawMalloc(10)", r, 10, 0xCD);
    r = PyMem_RawRealloc(r, 40);
    printf("RAW realloc(40): wrapped allocator asked for %zu bytes\n", raw_counter.last_size);
    PyMem_RawFree(r);
    printf("RAW calls seen by the wrapped allocator: %d\n", raw_counter.calls);

    struct {
        const char *name;
        void *(*m)(size_t);
        void *(*c)(size_t, size_t);
        void *(*re)(void *, size_t);
        void (*f)(void *);
    } fam[] = {
        {"PyMem_Raw", PyMem_RawMalloc, PyMem_RawCalloc, PyMem_RawRealloc, PyMem_RawFree},
        {"PyMem_", PyMem_Malloc, PyMem_Calloc, PyMem_Realloc, PyMem_Free},
        {"PyObject_", PyObject_Malloc, PyObject_Calloc, PyObject_Realloc, PyObject_Free},
    };
    char label[64];
    for (int i = 0; i < 3; i++) {
        unsigned char *p = fam[i].m(10);
        snprintf(label, sizeof label, "%sMalloc(10)", fam[i].name);
        show_block(label, p, 10, 0xCD);
        memset(p, 0x11, 10);
        p = fam[i].re(p, 20);
        snprintf(label, sizeof label, "%sRealloc(p, 20)", fam[i].name);
        show_block_part(label, p, 20, 10, 0x11);
        int grown_clean = 1;
        for (int k = 10; k < 20; k++)
            grown_clean &= p[k] == 0xCD;
        printf("  grown bytes are 0xCD: %d\n", grown_clean);
        memset(p, 0x22, 20);
        p = fam[i].re(p, 5000);
        memset(p + 20, 0x22, 4980);
        p = fam[i].re(p, 3000);
        snprintf(label, sizeof label, "%sRealloc 20->5000->3000", fam[i].name);
        show_block(label, p, 3000, 0x22);
        fam[i].f(p);

        p = fam[i].m(0);
        snprintf(label, sizeof label, "%sMalloc(0)", fam[i].name);
        show_block(label, p, 0, 0);
        fam[i].f(p);
        p = fam[i].c(4, 6);
        snprintf(label, sizeof label, "%sCalloc(4, 6)", fam[i].name);
        show_block(label, p, 24, 0);
        fam[i].f(p);
        fam[i].f(NULL);
        printf("%s* oversized: NULL %d\n", fam[i].name, fam[i].m((size_t)PY_SSIZE_T_MAX - 8) == NULL);
    }

    run_child("overrun of a RAW block", overrun_raw);
    run_child("underrun of a MEM block", underrun_mem);
    run_child("OBJ block freed with PyMem_Free", obj_freed_as_mem);
    run_child("RAW block freed with PyObject_Free", raw_freed_as_obj);
    run_child("MEM block resized with PyMem_RawRealloc", mem_reallocated_as_raw);
    run_child("overrun of an OBJ block, then realloc", overrun_realloc_obj);
    return 0;
}
