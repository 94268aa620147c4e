//! The small-object allocator behind the MEM and OBJ domains (CPython's "pymalloc").
//!
//! Requests of 1..=512 bytes are rounded up to one of 32 size classes spaced 16 bytes apart
//! (so every block is 16-byte aligned). A pool is one 4 KiB page serving one size class; its
//! descriptor lives in the [`PageMap`], which is also how `free` and `realloc` recognise our
//! blocks. Pools come from 256 KiB arenas obtained from the arena allocator
//! (`PyObject_GetArenaAllocator`); an arena that becomes wholly empty goes back to it, except
//! that up to [`RETAINED_EMPTY_ARENAS_MAX`] empty arenas are kept so that a loop allocating and
//! freeing across an arena boundary does not map and unmap every time.
//!
//! * Each size class has a circular list of partly used pools; allocation pops the head pool's free
//!   list. A pool's blocks are carved lazily, one at a time, so untouched pages stay untouched.
//! * New pools are taken from the arena with the fewest free pools, so allocations concentrate
//!   and lightly used arenas can drain and be returned (CPython's policy). Arenas sit in buckets
//!   by free-pool count with a bitmap of non-empty buckets, so the choice is O(1).
//! * Zero-byte and larger requests go to the RAW domain, as in CPython.
//!
//! Not thread-safe: callers hold the GIL (see the module docs of `mem`).

use std::ffi::c_void;
use std::ptr::null_mut;

use super::debug;
use super::domains::{self, PyObjectArenaAllocator};
use super::pagemap::{FreeBlock, PageMap, PoolDesc, POOL_SIZE};

pub const ALIGNMENT: usize = 16;
const ALIGNMENT_SHIFT: u32 = 4;
/// Largest request served from pools.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;
pub const NB_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;
pub const ARENA_SIZE: usize = 256 << 10;
pub const MAX_POOLS_IN_ARENA: usize = ARENA_SIZE / POOL_SIZE;
/// Wholly empty arenas kept instead of being returned to the arena allocator: 1 MiB, the
/// memory CPython 3.11 keeps (one empty 1 MiB arena on 64-bit).
pub const RETAINED_EMPTY_ARENAS_MAX: usize = 4;

const NO_ARENA: u32 = u32::MAX;
/// Arena indices are stored in 24 bits of a pool descriptor's tag.
const MAX_ARENAS: usize = 1 << 24;

const _: () = assert!(MAX_POOLS_IN_ARENA == 64, "the free-pool mask is a u64");

/// Bytes in the blocks of size class `c`.
#[inline(always)]
pub const fn class_size(c: usize) -> usize {
    (c + 1) << ALIGNMENT_SHIFT
}

/// Blocks in one pool of size class `c`.
pub const fn class_capacity(c: usize) -> usize {
    POOL_SIZE / class_size(c)
}

struct Arena {
    /// As returned by the arena allocator; NULL when the slot is unused.
    base: *mut u8,
    /// First page-aligned address in the arena: pool i is at pool0 + i * POOL_SIZE.
    pool0: usize,
    /// Bit i set: pool i holds no blocks (empty, or never used).
    avail: u64,
    npools: u8,
    nfree: u8,
    /// Neighbours in the bucket of arenas with the same `nfree` (or, for an unused slot,
    /// `next` links the free slots).
    prev: u32,
    next: u32,
}

/// Where the heap gets its arenas.
#[derive(Clone, Copy)]
pub enum ArenaSource {
    /// The process-wide arena allocator, read at each call (so `PyObject_SetArenaAllocator`
    /// applies to later arenas, and an arena is freed through the allocator current then).
    Global,
    /// A fixed allocator (tests, private heaps).
    Custom(PyObjectArenaAllocator),
}

/// Counters kept by a heap, see [`super::stats::MemoryStats`].
#[derive(Clone, Copy, Default, Debug)]
pub struct ArenaCounters {
    pub allocated_total: u64,
    pub freed_total: u64,
    pub live: usize,
    pub peak: usize,
}

pub struct SmallHeap {
    /// Per size class, the head of the list of partly used pools (NULL: none).
    used_heads: [*mut PoolDesc; NB_SIZE_CLASSES],
    map: PageMap,
    arenas: Vec<Arena>,
    free_slot: u32,
    /// buckets[k]: first arena with exactly k free pools (k = 1..=64); bit k-1 of
    /// `bucket_bits` is set when that bucket is non-empty.
    buckets: [u32; MAX_POOLS_IN_ARENA + 1],
    bucket_bits: u64,
    /// Arenas all of whose pools are free (they sit in the buckets like the others).
    empty_arenas: usize,
    retain_max: usize,
    source: ArenaSource,
    counters: ArenaCounters,
    /// Blocks of the MEM/OBJ domains served by the RAW domain (zero-byte and large requests).
    pub(crate) large_blocks: isize,
    #[cfg(debug_assertions)]
    busy: std::sync::atomic::AtomicBool,
}

/// Detects two threads inside one heap at once (debug builds only; there is no GIL yet). Holds
/// a raw pointer so that the heap stays mutably borrowable while the guard lives.
struct BusyGuard(#[cfg(debug_assertions)] *const std::sync::atomic::AtomicBool);

impl BusyGuard {
    #[inline(always)]
    fn enter(_heap: &SmallHeap) -> BusyGuard {
        #[cfg(debug_assertions)]
        {
            if _heap.busy.swap(true, std::sync::atomic::Ordering::Acquire) {
                debug::fatal_error(
                    "PyObject_Malloc",
                    b"the small-object allocator was re-entered, or used by two threads at once (callers must hold the GIL)",
                );
            }
            BusyGuard(&_heap.busy)
        }
        #[cfg(not(debug_assertions))]
        BusyGuard()
    }
}

impl Drop for BusyGuard {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: the flag lives in the heap, which outlives every call on it.
        #[cfg(debug_assertions)]
        unsafe {
            (*self.0).store(false, std::sync::atomic::Ordering::Release)
        };
    }
}

impl SmallHeap {
    pub const fn new(source: ArenaSource) -> SmallHeap {
        SmallHeap {
            used_heads: [null_mut(); NB_SIZE_CLASSES],
            map: PageMap::new(),
            arenas: Vec::new(),
            free_slot: NO_ARENA,
            buckets: [NO_ARENA; MAX_POOLS_IN_ARENA + 1],
            bucket_bits: 0,
            empty_arenas: 0,
            retain_max: RETAINED_EMPTY_ARENAS_MAX,
            source,
            counters: ArenaCounters {
                allocated_total: 0,
                freed_total: 0,
                live: 0,
                peak: 0,
            },
            large_blocks: 0,
            #[cfg(debug_assertions)]
            busy: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Changes how many wholly empty arenas are kept (arenas kept beyond a lowered bound stay
    /// until they are used again).
    pub fn set_retained_empty_arenas(&mut self, bound: usize) {
        self.retain_max = bound;
    }

    /// A block of at least `n` bytes (1 <= n <= 512), 16-byte aligned; NULL when no arena can
    /// be obtained.
    ///
    /// # Safety
    /// `n` must be in 1..=512. The heap must not be used by another thread meanwhile.
    #[inline(always)]
    pub unsafe fn alloc(&mut self, n: usize) -> *mut u8 {
        debug_assert!((1..=SMALL_REQUEST_THRESHOLD).contains(&n));
        let _busy = BusyGuard::enter(self);
        let c = (n - 1) >> ALIGNMENT_SHIFT;
        // SAFETY: c < NB_SIZE_CLASSES because n <= 512.
        let pool = unsafe { *self.used_heads.get_unchecked(c) };
        if pool.is_null() {
            return self.alloc_from_new_pool(c);
        }
        // SAFETY: pools on a used list are live descriptors with a non-empty free list, and a
        // free block's first word links the list.
        unsafe {
            let block = (*pool).free;
            (*pool).used += 1;
            let next = (*block).next;
            (*pool).free = next;
            if next.is_null() {
                self.extend_or_retire(pool, block as usize, c);
            }
            block as *mut u8
        }
    }

    /// The pool's free list just ran out: carve its next untouched block, or, if none is left,
    /// take the (now full) pool off its size class's list.
    #[inline(always)]
    unsafe fn extend_or_retire(&mut self, pool: *mut PoolDesc, block: usize, c: usize) {
        let size = class_size(c);
        // SAFETY: pool is the live head of used_heads[c]; block lies in its page.
        unsafe {
            let carved = (*pool).carved as usize;
            if carved + size <= POOL_SIZE {
                let fresh = ((block & !(POOL_SIZE - 1)) + carved) as *mut FreeBlock;
                (*fresh).next = null_mut();
                (*pool).free = fresh;
                (*pool).carved = (carved + size) as u16;
            } else {
                self.list_remove(c, pool);
            }
        }
    }

    /// Frees `p` if it is one of our blocks; false (and nothing done) otherwise.
    ///
    /// # Safety
    /// `p` must be a live block of this heap, or not from this heap at all.
    #[inline(always)]
    pub unsafe fn free(&mut self, p: *mut u8) -> bool {
        let _busy = BusyGuard::enter(self);
        let pool = self.map.lookup(p as usize);
        if pool.is_null() {
            return false;
        }
        // SAFETY: pool describes the live pool holding p, which the caller owns.
        unsafe {
            let last = (*pool).free;
            (*(p as *mut FreeBlock)).next = last;
            (*pool).free = p as *mut FreeBlock;
            (*pool).used -= 1;
            if last.is_null() {
                // It was full (and so on no list); a pool has >= 8 blocks, so it is not empty.
                self.list_append((*pool).size_class(), pool);
            } else if (*pool).used == 0 {
                self.pool_emptied(pool, p as usize);
            }
        }
        true
    }

    /// The usable size of `p` if it is one of our blocks.
    #[inline]
    pub fn block_size(&self, p: *const u8) -> Option<usize> {
        let pool = self.map.lookup(p as usize);
        if pool.is_null() {
            None
        } else {
            // SAFETY: lookup returned a live descriptor.
            Some(class_size(unsafe { (*pool).size_class() }))
        }
    }

    // ----- the circular lists of partly used pools -------------------------------------------

    /// Appends `pool` at the tail of its class's list. The tail, not the head: allocation keeps
    /// filling the head pool, so blocks are handed out roughly in address order and a pool
    /// that regains one free block does not pull allocations back into old, cold memory.
    #[inline(always)]
    unsafe fn list_append(&mut self, c: usize, pool: *mut PoolDesc) {
        // SAFETY: pool and the list members are live descriptors (caller's contract).
        unsafe {
            let head = *self.used_heads.get_unchecked(c);
            if head.is_null() {
                (*pool).prev = pool;
                (*pool).next = pool;
                *self.used_heads.get_unchecked_mut(c) = pool;
            } else {
                let tail = (*head).prev;
                (*pool).prev = tail;
                (*pool).next = head;
                (*tail).next = pool;
                (*head).prev = pool;
            }
        }
    }

    /// Takes `pool` out of its class's list.
    #[inline(always)]
    unsafe fn list_remove(&mut self, c: usize, pool: *mut PoolDesc) {
        // SAFETY: pool is on list c (caller's contract); its neighbours are live.
        unsafe {
            let next = (*pool).next;
            if next == pool {
                *self.used_heads.get_unchecked_mut(c) = null_mut();
            } else {
                let prev = (*pool).prev;
                (*prev).next = next;
                (*next).prev = prev;
                if *self.used_heads.get_unchecked(c) == pool {
                    *self.used_heads.get_unchecked_mut(c) = next;
                }
            }
            (*pool).next = null_mut();
            (*pool).prev = null_mut();
        }
    }

    // ----- slow paths ------------------------------------------------------------------------

    #[cold]
    #[inline(never)]
    fn alloc_from_new_pool(&mut self, c: usize) -> *mut u8 {
        debug::fatal_on_panic("PyObject_Malloc", || {
            let ai = if self.bucket_bits != 0 {
                self.buckets[self.bucket_bits.trailing_zeros() as usize + 1] as usize
            } else {
                match self.new_arena() {
                    Some(ai) => ai,
                    None => return null_mut(),
                }
            };
            let (i, old_nfree, npools, pool0) = {
                let a = &mut self.arenas[ai];
                let i = a.avail.trailing_zeros() as usize;
                a.avail &= !(1u64 << i);
                let old = a.nfree as usize;
                a.nfree -= 1;
                (i, old, a.npools as usize, a.pool0)
            };
            if old_nfree == npools {
                self.empty_arenas -= 1;
            }
            self.rebucket(ai, old_nfree, old_nfree - 1);

            let page = pool0 + i * POOL_SIZE;
            let size = class_size(c);
            // SAFETY: the page belongs to arena ai, whose pages all have descriptors; the pool
            // holds no blocks, so its memory and descriptor are ours to initialise.
            unsafe {
                let pool = self.map.desc(page);
                (*pool).tag = PoolDesc::make_tag(c, ai);
                (*pool).used = 1;
                // The list was empty (that is why we are here), so the pool is the whole list.
                self.list_append(c, pool);
                // Block 0 goes to the caller; block 1 (every class has >= 8) starts the list.
                let second = (page + size) as *mut FreeBlock;
                (*second).next = null_mut();
                (*pool).free = second;
                (*pool).carved = (2 * size) as u16;
            }
            page as *mut u8
        })
    }

    /// The pool described by `pool`, which holds `p`, has just become empty.
    #[cold]
    #[inline(never)]
    fn pool_emptied(&mut self, pool: *mut PoolDesc, p: usize) {
        debug::fatal_on_panic("PyObject_Free", || {
            // SAFETY: pool is a live descriptor on the used list of its class.
            let ai = unsafe {
                self.list_remove((*pool).size_class(), pool);
                let ai = (*pool).arena_index();
                (*pool).tag = 0;
                ai
            };
            let (old, new, npools) = {
                let a = &mut self.arenas[ai];
                let i = ((p & !(POOL_SIZE - 1)) - a.pool0) / POOL_SIZE;
                a.avail |= 1u64 << i;
                let old = a.nfree as usize;
                a.nfree += 1;
                (old, old + 1, a.npools as usize)
            };
            if new == npools && self.empty_arenas >= self.retain_max {
                self.bucket_unlink(ai, old);
                self.release_arena(ai);
                return;
            }
            if new == npools {
                self.empty_arenas += 1;
            }
            self.rebucket(ai, old, new);
        })
    }

    fn bucket_unlink(&mut self, ai: usize, k: usize) {
        if k == 0 {
            return;
        }
        let (prev, next) = (self.arenas[ai].prev, self.arenas[ai].next);
        if prev == NO_ARENA {
            self.buckets[k] = next;
            if next == NO_ARENA {
                self.bucket_bits &= !(1u64 << (k - 1));
            }
        } else {
            self.arenas[prev as usize].next = next;
        }
        if next != NO_ARENA {
            self.arenas[next as usize].prev = prev;
        }
    }

    fn bucket_link(&mut self, ai: usize, k: usize) {
        if k == 0 {
            return;
        }
        let head = self.buckets[k];
        self.arenas[ai].prev = NO_ARENA;
        self.arenas[ai].next = head;
        if head != NO_ARENA {
            self.arenas[head as usize].prev = ai as u32;
        }
        self.buckets[k] = ai as u32;
        self.bucket_bits |= 1u64 << (k - 1);
    }

    fn rebucket(&mut self, ai: usize, old: usize, new: usize) {
        self.bucket_unlink(ai, old);
        self.bucket_link(ai, new);
    }

    fn source_alloc(&self, size: usize) -> *mut u8 {
        match self.source {
            ArenaSource::Global => domains::arena_alloc(size) as *mut u8,
            ArenaSource::Custom(a) => match a.alloc {
                // SAFETY: the heap's own arena allocator, with its context.
                Some(f) => unsafe { f(a.ctx, size) as *mut u8 },
                None => null_mut(),
            },
        }
    }

    fn source_free(&self, p: *mut u8, size: usize) {
        match self.source {
            // SAFETY: p came from the arena allocator with this size.
            ArenaSource::Global => unsafe { domains::arena_free(p as *mut c_void, size) },
            ArenaSource::Custom(a) => {
                if let Some(f) = a.free {
                    // SAFETY: p came from this allocator with this size.
                    unsafe { f(a.ctx, p as *mut c_void, size) }
                }
            }
        }
    }

    /// Maps a new arena and files it in the bucket of wholly free arenas.
    fn new_arena(&mut self) -> Option<usize> {
        let base = self.source_alloc(ARENA_SIZE);
        if base.is_null() {
            return None;
        }
        let b = base as usize;
        // A custom arena allocator need not align: use the whole pages inside the arena.
        let pool0 = (b + POOL_SIZE - 1) & !(POOL_SIZE - 1);
        let npools = (b.wrapping_add(ARENA_SIZE).wrapping_sub(pool0)) / POOL_SIZE;
        let slot_ok = self.free_slot != NO_ARENA
            || (self.arenas.len() < MAX_ARENAS && self.arenas.try_reserve(1).is_ok());
        if b.checked_add(ARENA_SIZE).is_none()
            || npools == 0
            || !slot_ok
            || !self.map.ensure(pool0, pool0 + npools * POOL_SIZE)
        {
            self.source_free(base, ARENA_SIZE);
            return None;
        }
        let arena = Arena {
            base,
            pool0,
            avail: if npools == 64 {
                u64::MAX
            } else {
                (1u64 << npools) - 1
            },
            npools: npools as u8,
            nfree: npools as u8,
            prev: NO_ARENA,
            next: NO_ARENA,
        };
        let ai = if self.free_slot != NO_ARENA {
            let ai = self.free_slot as usize;
            self.free_slot = self.arenas[ai].next;
            self.arenas[ai] = arena;
            ai
        } else {
            self.arenas.push(arena);
            self.arenas.len() - 1
        };
        self.bucket_link(ai, npools);
        self.empty_arenas += 1;
        self.counters.allocated_total += 1;
        self.counters.live += 1;
        self.counters.peak = self.counters.peak.max(self.counters.live);
        Some(ai)
    }

    /// Returns a wholly free arena (already out of its bucket) to the arena allocator.
    fn release_arena(&mut self, ai: usize) {
        let base = self.arenas[ai].base;
        self.arenas[ai].base = null_mut();
        self.arenas[ai].next = self.free_slot;
        self.free_slot = ai as u32;
        self.counters.freed_total += 1;
        self.counters.live -= 1;
        self.source_free(base, ARENA_SIZE);
    }

    // ----- statistics ------------------------------------------------------------------------

    /// Walks the live arenas: per size class (pools, blocks in use, free blocks), then empty
    /// pools. O(number of pools); nothing is counted on the fast paths.
    pub fn census(&self) -> HeapCensus {
        let mut census = HeapCensus::default();
        for a in self.arenas.iter().filter(|a| !a.base.is_null()) {
            for i in 0..a.npools as usize {
                if a.avail & (1u64 << i) != 0 {
                    census.empty_pools += 1;
                    continue;
                }
                // SAFETY: pages of a live arena have descriptors; a pool not marked available
                // holds blocks and so has a valid tag.
                let pool = unsafe { &*self.map.desc(a.pool0 + i * POOL_SIZE) };
                let c = pool.size_class();
                let class = &mut census.classes[c];
                class.pools += 1;
                class.used_blocks += pool.used as usize;
                class.free_blocks += class_capacity(c) - pool.used as usize;
            }
        }
        census.arenas = self.counters;
        census.retained_empty_arenas = self.empty_arenas;
        census.retained_empty_arenas_max = self.retain_max;
        census.large_blocks = self.large_blocks;
        census.pagemap_leaves = self.map.leaf_count();
        census.pagemap_reserved_bytes = self.map.reserved_bytes();
        census
    }
}

impl Drop for SmallHeap {
    /// A private heap gives all its arenas back (blocks still in use die with it).
    fn drop(&mut self) {
        for ai in 0..self.arenas.len() {
            let base = self.arenas[ai].base;
            if !base.is_null() {
                self.arenas[ai].base = null_mut();
                self.source_free(base, ARENA_SIZE);
            }
        }
    }
}

#[derive(Clone, Copy, Default, Debug)]
pub struct ClassCensus {
    pub pools: usize,
    pub used_blocks: usize,
    pub free_blocks: usize,
}

#[derive(Clone, Copy, Default, Debug)]
pub struct HeapCensus {
    pub classes: [ClassCensus; NB_SIZE_CLASSES],
    pub empty_pools: usize,
    pub arenas: ArenaCounters,
    pub retained_empty_arenas: usize,
    pub retained_empty_arenas_max: usize,
    pub large_blocks: isize,
    pub pagemap_leaves: usize,
    pub pagemap_reserved_bytes: usize,
}

// ---------------------------------------------------------------------------------------------
// The process-wide heap and the default MEM/OBJ allocator functions.

struct GlobalHeap(std::cell::UnsafeCell<SmallHeap>);

// SAFETY: callers of the MEM/OBJ domains hold the GIL, which serialises every access (debug
// builds check it with the busy guard).
unsafe impl Sync for GlobalHeap {}

static HEAP: GlobalHeap = GlobalHeap(std::cell::UnsafeCell::new(SmallHeap::new(
    ArenaSource::Global,
)));

/// The process-wide heap. Used through the raw pointer, one method call at a time, because a
/// RAW-domain hook may re-enter the allocator between two calls.
#[inline(always)]
pub(crate) fn heap() -> *mut SmallHeap {
    HEAP.0.get()
}

/// `_PyObject_Malloc`: the default `malloc` of the MEM and OBJ domains.
///
/// # Safety
/// The caller holds the GIL.
pub unsafe extern "C" fn pymalloc_malloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    let h = heap();
    if size.wrapping_sub(1) < SMALL_REQUEST_THRESHOLD {
        // SAFETY: GIL held; 1 <= size <= 512.
        let p = unsafe { (*h).alloc(size) };
        if !p.is_null() {
            return p as *mut c_void;
        }
    }
    // SAFETY: RAW-domain allocation.
    let p = unsafe { domains::raw_malloc(size) };
    if !p.is_null() {
        // SAFETY: GIL held.
        unsafe { (*h).large_blocks = (*h).large_blocks.wrapping_add(1) };
    }
    p
}

/// `_PyObject_Calloc`.
///
/// # Safety
/// The caller holds the GIL.
pub unsafe extern "C" fn pymalloc_calloc(
    _ctx: *mut c_void,
    nelem: usize,
    elsize: usize,
) -> *mut c_void {
    let h = heap();
    let Some(size) = nelem.checked_mul(elsize) else {
        return null_mut();
    };
    if size.wrapping_sub(1) < SMALL_REQUEST_THRESHOLD {
        // SAFETY: GIL held; 1 <= size <= 512.
        let p = unsafe { (*h).alloc(size) };
        if !p.is_null() {
            // SAFETY: the block has at least `size` bytes.
            unsafe { std::ptr::write_bytes(p, 0, size) };
            return p as *mut c_void;
        }
    }
    // SAFETY: RAW-domain allocation.
    let p = unsafe { domains::raw_calloc(nelem, elsize) };
    if !p.is_null() {
        // SAFETY: GIL held.
        unsafe { (*h).large_blocks = (*h).large_blocks.wrapping_add(1) };
    }
    p
}

/// `_PyObject_Realloc`. A block of ours stays in place when the new size fits its class and
/// does not shrink it by 25% or more; otherwise it moves (which may carry it between pools and
/// the RAW domain in either direction). A RAW-domain block stays with the RAW domain.
///
/// # Safety
/// The caller holds the GIL; `ptr` is NULL or a live block of this allocator.
pub unsafe extern "C" fn pymalloc_realloc(
    ctx: *mut c_void,
    ptr: *mut c_void,
    size: usize,
) -> *mut c_void {
    if ptr.is_null() {
        // SAFETY: forwarded contract.
        return unsafe { pymalloc_malloc(ctx, size) };
    }
    let h = heap();
    // SAFETY: GIL held.
    let Some(have) = (unsafe { (*h).block_size(ptr as *const u8) }) else {
        // SAFETY: not ours, so it belongs to the RAW domain.
        return unsafe { domains::raw_realloc(ptr, size) };
    };
    let keep = if size <= have {
        if 4 * size > 3 * have {
            return ptr;
        }
        size
    } else {
        have
    };
    // SAFETY: forwarded contract.
    let fresh = unsafe { pymalloc_malloc(ctx, size) };
    if !fresh.is_null() {
        // SAFETY: both blocks hold at least `keep` bytes and are distinct; ptr is ours; GIL.
        unsafe {
            std::ptr::copy_nonoverlapping(ptr as *const u8, fresh as *mut u8, keep);
            (*h).free(ptr as *mut u8);
        }
    }
    fresh
}

/// `_PyObject_Free`.
///
/// # Safety
/// The caller holds the GIL; `ptr` is NULL or a live block of this allocator.
pub unsafe extern "C" fn pymalloc_free(_ctx: *mut c_void, ptr: *mut c_void) {
    if ptr.is_null() {
        return;
    }
    let h = heap();
    // SAFETY: GIL held; ptr is a live block of ours or of the RAW domain.
    unsafe {
        if !(*h).free(ptr as *mut u8) {
            domains::raw_free(ptr);
            // A RAW block freed through this domain drives it negative, as in CPython.
            (*h).large_blocks = (*h).large_blocks.wrapping_sub(1);
        }
    }
}

/// `_Py_GetAllocatedBlocks`: blocks of the MEM/OBJ allocator currently in use.
///
/// # Safety
/// The caller holds the GIL.
pub unsafe fn allocated_blocks() -> isize {
    // SAFETY: GIL held.
    let census = unsafe { (*heap()).census() };
    census.classes.iter().map(|c| c.used_blocks).sum::<usize>() as isize + census.large_blocks
}
