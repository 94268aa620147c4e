//! The per-thread data stack (DESIGN.md contract 6): `_PyInterpreterFrame`s are bump-allocated
//! in a chain of `_PyStackChunk`s hanging off `PyThreadState.datastack_chunk`, with
//! `datastack_top` / `datastack_limit` delimiting the free part of the newest chunk. Samplers
//! (py-spy, austin) walk exactly this chain, so its layout and bookkeeping are CPython 3.11's:
//! first chunk 16 KiB, a bigger chunk (doubling) when one frame needs more, chunks from the arena
//! allocator (`_PyObject_VirtualAlloc`), the first chunk's slot 0 left unused, and a chunk's
//! `top` recording where the stack stood in it when a newer chunk was pushed.
//!
//! Where we differ, invisibly: CPython frees a chunk as soon as its last frame is popped, so a
//! call sequence that keeps crossing a chunk boundary maps and unmaps 16 KiB per call (170x
//! slower per call at that depth, gh-142183). We keep popped chunks in a small per-thread
//! cache, bounded by [`CACHE_MAX_CHUNKS`] and [`CACHE_MAX_BYTES`], and reuse them; cached chunks
//! are off the chain, so unwinders never see them.

use crate::abi::object::PyObject;
use crate::abi::pystate::{PyThreadState, _PyStackChunk};
use core::mem::{offset_of, size_of};
use core::ptr::null_mut;

/// `DATA_STACK_CHUNK_SIZE`: the size of an ordinary chunk.
pub const DATA_STACK_CHUNK_SIZE: usize = 16 * 1024;
/// Slots a new chunk must have beyond the frame that needs it (`MINIMUM_OVERHEAD`).
const MINIMUM_OVERHEAD: usize = 1000;
/// At most this many popped chunks are kept per thread.
pub const CACHE_MAX_CHUNKS: usize = 2;
/// ... and at most this many bytes of them.
pub const CACHE_MAX_BYTES: usize = 4 * DATA_STACK_CHUNK_SIZE;

/// Per-thread state of the data stack that CPython's `PyThreadState` has no room for.
#[derive(Debug)]
pub struct ChunkCache {
    chunks: [*mut _PyStackChunk; CACHE_MAX_CHUNKS],
    len: usize,
    bytes: usize,
    /// Chunks obtained from the arena allocator over the thread's life (for tests and stats).
    pub allocated: u64,
}

impl ChunkCache {
    pub const fn new() -> ChunkCache {
        ChunkCache { chunks: [null_mut(); CACHE_MAX_CHUNKS], len: 0, bytes: 0, allocated: 0 }
    }

    /// Chunks the cache holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Bytes of memory the cache holds.
    pub fn cached_bytes(&self) -> usize {
        self.bytes
    }

    /// A cached chunk of at least `size` bytes, taken out of the cache.
    fn take(&mut self, size: usize) -> Option<*mut _PyStackChunk> {
        let i = (0..self.len).rev().find(|&i| {
            // SAFETY: cached entries are live chunks owned by the cache.
            unsafe { (*self.chunks[i]).size >= size }
        })?;
        let chunk = self.chunks[i];
        self.chunks.copy_within(i + 1..self.len, i);
        self.len -= 1;
        // SAFETY: as above.
        self.bytes -= unsafe { (*chunk).size };
        Some(chunk)
    }

    /// Keeps `chunk` if the bounds allow; otherwise gives it back to the arena allocator.
    ///
    /// # Safety
    /// `chunk` is a live chunk from [`allocate_chunk`], no longer on any chain.
    unsafe fn put(&mut self, chunk: *mut _PyStackChunk) {
        let size = (*chunk).size;
        if self.len < CACHE_MAX_CHUNKS && self.bytes + size <= CACHE_MAX_BYTES {
            self.chunks[self.len] = chunk;
            self.len += 1;
            self.bytes += size;
        } else {
            crate::mem::arena_free(chunk.cast(), size);
        }
    }

    /// Frees every cached chunk.
    pub fn clear(&mut self) {
        for &chunk in &self.chunks[..self.len] {
            // SAFETY: cached chunks are owned by the cache and came from the arena allocator.
            unsafe { crate::mem::arena_free(chunk.cast(), (*chunk).size) };
        }
        self.len = 0;
        self.bytes = 0;
    }
}

impl Default for ChunkCache {
    fn default() -> Self {
        ChunkCache::new()
    }
}

/// The cache of the main interpreter's initial thread state, which lives inside `_PyRuntime`
/// (whose layout has no room for it); other thread states carry theirs in their
/// `pystate::FyThreadState` allocation.
static mut MAIN_THREAD_CACHE: ChunkCache = ChunkCache::new();

/// The chunk cache belonging to `ts`.
///
/// # Safety
/// `ts` is a live thread state; the caller holds the GIL for it.
pub unsafe fn cache_of(ts: *mut PyThreadState) -> *mut ChunkCache {
    if (*ts)._static != 0 {
        &raw mut MAIN_THREAD_CACHE
    } else {
        &raw mut (*(ts as *mut crate::lifecycle::pystate::FyThreadState)).chunk_cache
    }
}

/// Size in bytes of a chunk able to take a frame of `slots` slots (`allocate_size` in
/// `push_chunk`): 16 KiB, doubled until the frame plus the overhead fits.
fn chunk_size_for(slots: usize) -> usize {
    let need = (slots + MINIMUM_OVERHEAD) * size_of::<*mut PyObject>();
    let mut size = DATA_STACK_CHUNK_SIZE;
    while size < need {
        size *= 2;
    }
    size
}

/// A new chunk from the cache or the arena allocator, `previous` linked, `top` 0.
unsafe fn allocate_chunk(cache: &mut ChunkCache, size: usize, previous: *mut _PyStackChunk) -> *mut _PyStackChunk {
    let chunk = match cache.take(size) {
        Some(c) => c,
        None => {
            let c = crate::mem::arena_alloc(size) as *mut _PyStackChunk;
            if c.is_null() {
                return null_mut();
            }
            cache.allocated += 1;
            (*c).size = size;
            c
        }
    };
    (*chunk).previous = previous;
    (*chunk).top = 0;
    chunk
}

/// The first slot of a chunk's data.
#[inline(always)]
unsafe fn chunk_data(chunk: *mut _PyStackChunk) -> *mut *mut PyObject {
    chunk.cast::<u8>().add(offset_of!(_PyStackChunk, data)).cast()
}

/// Reserves `slots` pointer-sized slots for a new frame on `ts`'s data stack
/// (`_PyThreadState_BumpFramePointer`). Returns NULL when memory is exhausted (the caller
/// raises MemoryError).
///
/// # Safety
/// `ts` is the current, live thread state.
#[inline]
pub unsafe fn push(ts: *mut PyThreadState, slots: usize) -> *mut *mut PyObject {
    let top = (*ts).datastack_top;
    if !top.is_null() && (((*ts).datastack_limit as usize - top as usize) / size_of::<*mut PyObject>()) > slots {
        (*ts).datastack_top = top.add(slots);
        return top;
    }
    push_chunk(ts, slots)
}

#[cold]
unsafe fn push_chunk(ts: *mut PyThreadState, slots: usize) -> *mut *mut PyObject {
    let size = chunk_size_for(slots);
    let cache = &mut *cache_of(ts);
    let old = (*ts).datastack_chunk;
    let new = allocate_chunk(cache, size, old);
    if new.is_null() {
        return null_mut();
    }
    if !old.is_null() {
        (*old).top = ((*ts).datastack_top as usize - chunk_data(old) as usize) / size_of::<*mut PyObject>();
    }
    (*ts).datastack_chunk = new;
    (*ts).datastack_limit = new.cast::<u8>().add(size).cast();
    // The first chunk leaves slot 0 unused, as CPython does (unwinders expect it).
    let base = chunk_data(new).add(old.is_null() as usize);
    (*ts).datastack_top = base.add(slots);
    base
}

/// Releases the frame whose slots start at `base`, the newest on `ts`'s data stack
/// (`_PyThreadState_PopFrame`). A chunk left empty goes to the cache (or back to the arena
/// allocator when the cache is full) and the previous chunk becomes current.
///
/// # Safety
/// `base` is what [`push`] returned for the newest frame of `ts`.
#[inline]
pub unsafe fn pop(ts: *mut PyThreadState, base: *mut *mut PyObject) {
    let chunk = (*ts).datastack_chunk;
    if base == chunk_data(chunk) {
        pop_chunk(ts, chunk);
    } else {
        (*ts).datastack_top = base;
    }
}

#[cold]
unsafe fn pop_chunk(ts: *mut PyThreadState, chunk: *mut _PyStackChunk) {
    let previous = (*chunk).previous;
    // Only a non-first chunk can have its data[0] as a frame base (the first skips slot 0).
    debug_assert!(!previous.is_null());
    (*ts).datastack_chunk = previous;
    (*ts).datastack_top = chunk_data(previous).add((*previous).top);
    (*ts).datastack_limit = previous.cast::<u8>().add((*previous).size).cast();
    (*cache_of(ts)).put(chunk);
}

/// Frees the whole data stack of a thread state being deleted, and its cache.
///
/// # Safety
/// No frame of `ts` is live.
pub unsafe fn clear(ts: *mut PyThreadState) {
    let mut chunk = (*ts).datastack_chunk;
    while !chunk.is_null() {
        let previous = (*chunk).previous;
        crate::mem::arena_free(chunk.cast(), (*chunk).size);
        chunk = previous;
    }
    (*ts).datastack_chunk = null_mut();
    (*ts).datastack_top = null_mut();
    (*ts).datastack_limit = null_mut();
    (*cache_of(ts)).clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thread state of its own (heap-allocated as `PyThreadState_New` does, so the runtime's
    /// static one stays untouched), emptied again afterwards.
    fn with_main_thread<R>(f: impl FnOnce(*mut PyThreadState) -> R) -> R {
        use crate::lifecycle::pystate::FyThreadState;
        // SAFETY: a zeroed FyThreadState is a valid, empty thread state with an empty cache.
        unsafe {
            let fy: *mut FyThreadState = Box::into_raw(Box::new(core::mem::zeroed::<FyThreadState>()));
            let ts = &raw mut (*fy).base;
            let r = f(ts);
            clear(ts);
            drop(Box::from_raw(fy));
            r
        }
    }

    #[test]
    fn first_chunk_layout_as_cpython() {
        let _runtime = crate::testing::hold_runtime();
        with_main_thread(|ts| unsafe {
            let a = push(ts, 10);
            let chunk = (*ts).datastack_chunk;
            assert!(!chunk.is_null());
            assert_eq!((*chunk).size, DATA_STACK_CHUNK_SIZE);
            assert!((*chunk).previous.is_null());
            // slot 0 of the first chunk is skipped
            assert_eq!(a, chunk_data(chunk).add(1));
            assert_eq!((*ts).datastack_top, a.add(10));
            assert_eq!((*ts).datastack_limit as usize, chunk as usize + DATA_STACK_CHUNK_SIZE);
            let b = push(ts, 5);
            assert_eq!(b, a.add(10));
            pop(ts, b);
            assert_eq!((*ts).datastack_top, b);
            pop(ts, a);
            assert_eq!((*ts).datastack_top, a);
            assert_eq!((*ts).datastack_chunk, chunk, "the first chunk stays");
        })
    }

    #[test]
    fn new_chunk_records_top_and_links_previous() {
        let _runtime = crate::testing::hold_runtime();
        with_main_thread(|ts| unsafe {
            let slots_per_chunk = DATA_STACK_CHUNK_SIZE / size_of::<*mut PyObject>();
            let mut bases = Vec::new();
            // Fill the first chunk with frames of 100 slots until a second chunk is needed.
            while (*ts).datastack_chunk.is_null() || (*(*ts).datastack_chunk).previous.is_null() {
                bases.push(push(ts, 100));
                assert!(bases.len() < slots_per_chunk);
            }
            let second = (*ts).datastack_chunk;
            let first = (*second).previous;
            let last = *bases.last().unwrap();
            assert_eq!(last, chunk_data(second), "a later chunk's frame starts at data[0]");
            // The first chunk's top is where the stack stood before the push.
            assert_eq!(chunk_data(first).add((*first).top), bases[bases.len() - 2].add(100));
            pop(ts, last);
            assert_eq!((*ts).datastack_chunk, first);
            assert_eq!((*ts).datastack_top, bases[bases.len() - 2].add(100));
            assert_eq!((*ts).datastack_limit as usize, first as usize + DATA_STACK_CHUNK_SIZE);
            for &b in bases[..bases.len() - 1].iter().rev() {
                pop(ts, b);
            }
        })
    }

    #[test]
    fn big_frame_gets_a_doubled_chunk() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(chunk_size_for(10), DATA_STACK_CHUNK_SIZE);
        assert_eq!(chunk_size_for(2048 - MINIMUM_OVERHEAD), DATA_STACK_CHUNK_SIZE);
        assert_eq!(chunk_size_for(2049 - MINIMUM_OVERHEAD), 2 * DATA_STACK_CHUNK_SIZE);
        assert_eq!(chunk_size_for(5000), 4 * DATA_STACK_CHUNK_SIZE);
        with_main_thread(|ts| unsafe {
            let a = push(ts, 10);
            let big = push(ts, 5000);
            assert_eq!((*(*ts).datastack_chunk).size, 4 * DATA_STACK_CHUNK_SIZE);
            pop(ts, big);
            pop(ts, a);
        })
    }

    /// The thrash case of gh-142183: calls that keep crossing a chunk boundary allocate one
    /// chunk once, not once per call.
    #[test]
    fn boundary_crossing_reuses_a_cached_chunk() {
        let _runtime = crate::testing::hold_runtime();
        with_main_thread(|ts| unsafe {
            let mut bases = Vec::new();
            while (*ts).datastack_chunk.is_null() || (*(*ts).datastack_chunk).previous.is_null() {
                bases.push(push(ts, 64));
            }
            // Step back so that the next frame is the one that needs the new chunk.
            pop(ts, bases.pop().unwrap());
            let before = (*cache_of(ts)).allocated;
            for _ in 0..100_000 {
                let f = push(ts, 64);
                pop(ts, f);
            }
            assert_eq!((*cache_of(ts)).allocated, before, "no allocation per boundary crossing");
            assert!((*cache_of(ts)).cached_bytes() <= CACHE_MAX_BYTES);
            for b in bases.into_iter().rev() {
                pop(ts, b);
            }
        })
    }

    #[test]
    fn cache_is_bounded() {
        let _runtime = crate::testing::hold_runtime();
        with_main_thread(|ts| unsafe {
            // Ten chunks deep (two 1000-slot frames fit a 16 KiB chunk), then all the way back:
            // the cache keeps at most its bound.
            let mut bases = Vec::new();
            let mut chunks = 0;
            while chunks < 10 {
                let before = (*ts).datastack_chunk;
                bases.push(push(ts, 1000));
                if (*ts).datastack_chunk != before {
                    chunks += 1;
                }
            }
            for b in bases.into_iter().rev() {
                pop(ts, b);
            }
            let cache = &*cache_of(ts);
            assert!(cache.len <= CACHE_MAX_CHUNKS);
            assert!(cache.cached_bytes() <= CACHE_MAX_BYTES);
            assert_eq!(cache.cached_bytes(), CACHE_MAX_CHUNKS * DATA_STACK_CHUNK_SIZE);
        })
    }
}
