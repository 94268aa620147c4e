/* PyObject_GetArenaAllocator / PyObject_SetArenaAllocator before Py_Initialize: the default
 * allocator is set, a counting allocator that wraps it is returned by Get once set, the object
 * allocator takes its arenas from it when it needs memory and gives wholly empty arenas back
 * through it, each with the size it was allocated with; the previous allocator comes back. Only
 * facts that hold for any arena size are printed. */
#include <Python.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define MAX_ARENAS 4096

typedef struct {
    PyObjectArenaAllocator wrapped;
    int allocs, frees, bad_frees, odd_sizes;
    int live;
    void *addr[MAX_ARENAS];
    size_t size[MAX_ARENAS];
} arena_log;

static void *
log_alloc(void *ctx, size_t size)
{
    arena_log *log = ctx;
    void *p = log->wrapped.alloc(log->wrapped.ctx, size);
    log->allocs++;
    if (size % 4096 != 0)
        log->odd_sizes++;
    if (p != NULL && log->live < MAX_ARENAS) {
        log->addr[log->live] = p;
        log->size[log->live] = size;
        log->live++;
    }
    return p;
}

static void
log_free(void *ctx, void *ptr, size_t size)
{
    arena_log *log = ctx;
    int found = 0;
    log->frees++;
    for (int i = 0; i < log->live; i++) {
        if (log->addr[i] == ptr) {
            found = log->size[i] == size;
            log->addr[i] = log->addr[log->live - 1];
            log->size[i] = log->size[log->live - 1];
            log->live--;
            break;
        }
    }
    if (!found)
        log->bad_frees++;
    log->wrapped.free(log->wrapped.ctx, ptr, size);
}

int
main(void)
{
    PyObjectArenaAllocator original, got;
    PyObject_GetArenaAllocator(&original);
    printf("default arena allocator has alloc and free: %d\n",
           original.alloc != NULL && original.free != NULL);

    /* The default allocator works on its own. */
    void *chunk = original.alloc(original.ctx, 1 << 16);
    memset(chunk, 0x5A, 1 << 16);
    original.free(original.ctx, chunk, 1 << 16);
    printf("default allocator: 64 KiB chunk written and freed\n");

    static arena_log log;
    memset(&log, 0, sizeof log);
    log.wrapped = original;
    PyObjectArenaAllocator hook = {&log, log_alloc, log_free};
    PyObject_SetArenaAllocator(&hook);
    PyObject_GetArenaAllocator(&got);
    printf("Get returns the installed allocator: %d\n",
           got.ctx == hook.ctx && got.alloc == hook.alloc && got.free == hook.free);

    /* 16 MiB of 512-byte blocks needs several arenas of any size up to 4 MiB. */
    enum { N = 32768 };
    static void *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = PyObject_Malloc(512);
        memset(blocks[i], i & 0xff, 512);
    }
    printf("arenas were requested: %d\n", log.allocs >= 4);
    printf("arena sizes are whole pages: %d\n", log.odd_sizes == 0);
    int frees_while_live = log.frees;
    int intact = 1;
    for (int i = N - 1; i >= 0; i--) {
        if (((unsigned char *)blocks[i])[511] != (i & 0xff))
            intact = 0;
        PyObject_Free(blocks[i]);
    }
    printf("no arena was freed while all blocks were live: %d\n", frees_while_live == 0);
    printf("blocks intact: %d\n", intact);
    printf("empty arenas were given back: %d\n", log.frees >= 2);
    printf("every arena given back was ours, with its size: %d\n", log.bad_frees == 0);
    size_t kept = 0;
    for (int i = 0; i < log.live; i++)
        kept += log.size[i];
    printf("at most 1 MiB of empty arenas kept: %d\n", kept <= (1 << 20));

    /* Allocation still works after the churn, then the old allocator is restored. */
    void *again = PyObject_Malloc(48);
    memset(again, 1, 48);
    PyObject_Free(again);
    PyObject_SetArenaAllocator(&original);
    PyObject_GetArenaAllocator(&got);
    printf("restored: %d\n",
           got.ctx == original.ctx && got.alloc == original.alloc && got.free == original.free);
    return 0;
}
