/* ferrython.h: Ferrython's own additions to the C API (memory statistics, object tracking,
 * limits). Everything here is an extension beyond CPython 3.11; programs that use it can test
 * for it with `#ifdef FERRYTHON_VERSION_HEX`. Declarations appear here only once they work. */
#ifndef FERRYTHON_H
#define FERRYTHON_H

#define FERRYTHON_VERSION_HEX 0x000100F0   /* 0.1.0 */

#endif /* FERRYTHON_H */
