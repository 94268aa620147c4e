/* ferrython.h: Ferrython's own additions to the C API (memory statistics, object tracking,
 * limits). Everything here is an extension beyond CPython 3.11; programs that use it can test
 * for it with `#ifdef FERRYTHON_VERSION_HEX`. Declarations appear here only once they work. */
#ifndef FERRYTHON_H
#define FERRYTHON_H

#define FERRYTHON_VERSION_HEX 0x000100F0   /* 0.1.0 */

#ifdef __cplusplus
extern "C" {
#endif

/* What the allocators and the runtime's caches hold, each with its bound: a new dict, as
 * `ferrython.memory_stats()` returns it (keys "small_objects", "free_lists", "caches"; see
 * docs/objects.md), or NULL with an exception set. Call with the GIL held. */
PyAPI_FUNC(PyObject *) Ferrython_MemoryStats(void);

#ifdef __cplusplus
}
#endif

#endif /* FERRYTHON_H */
