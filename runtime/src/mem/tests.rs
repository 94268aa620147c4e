//! Unit tests of the allocators. Heap mechanics run on private heaps with their own arena
//! allocators (deterministic, parallel-safe); tests of the process-wide domains take
//! `DOMAINS_LOCK`, since cargo runs tests on several threads and there is no GIL yet.

use std::ffi::c_void;
use std::process::Command;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::debug::{self, Violation, CLEANBYTE, FORBIDDENBYTE};
use super::domains::{self, AllocatorName, Domain, PyMemAllocatorEx, PyObjectArenaAllocator};
use super::small::{
    class_capacity, ArenaSource, SmallHeap, ARENA_SIZE, MAX_POOLS_IN_ARENA,
    RETAINED_EMPTY_ARENAS_MAX,
};
use super::stats::heap_stats;
use super::*;

static DOMAINS_LOCK: Mutex<()> = Mutex::new(());

fn lock_domains() -> std::sync::MutexGuard<'static, ()> {
    DOMAINS_LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

// ----- a counting arena allocator for private heaps ------------------------------------------

#[derive(Default)]
struct ArenaLog {
    allocs: AtomicUsize,
    frees: AtomicUsize,
    /// Bytes to offset each arena by (to test arenas that are not page-aligned).
    misalign: usize,
}

unsafe extern "C" fn log_alloc(ctx: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: ctx is the ArenaLog the test created and keeps alive.
    let log = unsafe { &*(ctx as *const ArenaLog) };
    log.allocs.fetch_add(1, Ordering::Relaxed);
    // Page-aligned memory plus the requested offset, so the pool count is known.
    let mut base: *mut c_void = null_mut();
    // SAFETY: plain libc allocation; the extra page absorbs the offset.
    if unsafe { libc::posix_memalign(&mut base, 4096, size + 4096) } != 0 {
        return null_mut();
    }
    // SAFETY: within the allocation.
    unsafe { (base as *mut u8).add(log.misalign) as *mut c_void }
}

unsafe extern "C" fn log_free(ctx: *mut c_void, ptr: *mut c_void, size: usize) {
    // SAFETY: ctx is the test's ArenaLog.
    let log = unsafe { &*(ctx as *const ArenaLog) };
    assert_eq!(size, ARENA_SIZE);
    log.frees.fetch_add(1, Ordering::Relaxed);
    // SAFETY: undo the offset of log_alloc.
    unsafe { libc::free((ptr as *mut u8).sub(log.misalign) as *mut c_void) };
}

fn logged_heap(log: &ArenaLog) -> SmallHeap {
    SmallHeap::new(ArenaSource::Custom(PyObjectArenaAllocator {
        ctx: log as *const ArenaLog as *mut c_void,
        alloc: Some(log_alloc),
        free: Some(log_free),
    }))
}

fn mmap_heap() -> SmallHeap {
    SmallHeap::new(ArenaSource::Custom(domains::MMAP_ARENA_ALLOC))
}

// ----- the small-object heap ---------------------------------------------------------------

#[test]
fn blocks_are_16_aligned_and_sized_by_class() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    let mut blocks = Vec::new();
    for n in 1..=512usize {
        // SAFETY: 1 <= n <= 512; private heap.
        let p = unsafe { heap.alloc(n) };
        assert!(!p.is_null());
        assert_eq!(p as usize % 16, 0, "size {n}");
        assert_eq!(heap.block_size(p), Some(n.div_ceil(16) * 16), "size {n}");
        // SAFETY: the block has at least n bytes.
        unsafe { std::ptr::write_bytes(p, n as u8, n) };
        blocks.push((p, n));
    }
    for &(p, n) in &blocks {
        // SAFETY: live blocks of n bytes.
        assert!(unsafe { std::slice::from_raw_parts(p, n) }
            .iter()
            .all(|&b| b == n as u8));
        // SAFETY: a live block of this heap.
        assert!(unsafe { heap.free(p) });
    }
}

#[test]
fn freed_block_is_reused_first() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    // SAFETY: valid sizes; private heap.
    unsafe {
        let keep = heap.alloc(40);
        let p = heap.alloc(40);
        assert!(heap.free(p));
        assert_eq!(heap.alloc(40), p);
        let q = heap.alloc(40);
        assert_ne!(q, p);
        assert_ne!(q, keep);
        // Another class never gets the freed block.
        assert!(heap.free(q));
        let r = heap.alloc(100);
        assert_ne!(r, q);
    }
}

#[test]
fn foreign_pointers_are_not_ours() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    // SAFETY: valid size; private heap.
    let ours = unsafe { heap.alloc(8) };
    // SAFETY: plain libc allocation, freed below.
    let theirs = unsafe { libc::malloc(32) } as *mut u8;
    let on_stack = 0u64;
    assert!(heap.block_size(ours).is_some());
    assert!(heap.block_size(theirs).is_none());
    assert!(heap
        .block_size(&on_stack as *const u64 as *const u8)
        .is_none());
    assert!(heap.block_size(usize::MAX as *const u8).is_none());
    // SAFETY: a block not from the heap is left alone.
    assert!(!unsafe { heap.free(theirs) });
    // SAFETY: theirs is still a live malloc block.
    unsafe { libc::free(theirs as *mut c_void) };
}

#[test]
fn pools_carve_lazily_and_fill_up() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    let c = 31; // 512-byte blocks: 8 to a pool
    assert_eq!(class_capacity(c), 8);
    // SAFETY: valid size; private heap.
    let blocks: Vec<_> = (0..9).map(|_| unsafe { heap.alloc(512) }).collect();
    let stats = heap_stats(&heap);
    assert_eq!(stats.size_classes[c].pools, 2);
    assert_eq!(stats.size_classes[c].blocks_in_use, 9);
    assert_eq!(stats.size_classes[c].blocks_free, 7);
    // The first pool's eight blocks are consecutive: carved in order.
    for w in blocks[..8].windows(2) {
        assert_eq!(w[1] as usize - w[0] as usize, 512);
    }
    assert_eq!(stats.pools_empty, MAX_POOLS_IN_ARENA - 2);
}

#[test]
fn empty_arenas_go_back_except_the_retained_one() {
    let _runtime = crate::testing::hold_runtime();
    let log = ArenaLog::default();
    let mut heap = logged_heap(&log);
    heap.set_retained_empty_arenas(1);
    let per_arena = 64 * 8; // page-aligned arenas: 64 pools of 8 blocks
    let n = per_arena * 3 + 10;
    // SAFETY: valid size; private heap.
    let mut blocks: Vec<_> = (0..n).map(|_| unsafe { heap.alloc(512) }).collect();
    assert!(blocks.iter().all(|p| !p.is_null()));
    assert_eq!(log.allocs.load(Ordering::Relaxed), 4);
    let stats = heap_stats(&heap);
    assert_eq!(stats.arenas_live, 4);
    assert_eq!(stats.size_classes[31].blocks_in_use, n);

    let mut rng = Rng(7);
    for i in (1..blocks.len()).rev() {
        blocks.swap(i, rng.below(i + 1));
    }
    for p in blocks {
        // SAFETY: live blocks of this heap.
        assert!(unsafe { heap.free(p) });
    }
    let stats = heap_stats(&heap);
    assert_eq!(log.frees.load(Ordering::Relaxed), 3);
    assert_eq!(stats.arenas_live, 1);
    assert_eq!(stats.arenas_freed_total, 3);
    assert_eq!(stats.arenas_allocated_total, 4);
    assert_eq!(stats.arenas_retained_empty, 1);
    assert_eq!(stats.arenas_retained_empty_max, 1);
    assert_eq!(stats.blocks_in_use(), 0);

    // The retained arena serves the next allocations without asking the arena allocator.
    // SAFETY: valid size; private heap.
    let p = unsafe { heap.alloc(64) };
    assert_eq!(log.allocs.load(Ordering::Relaxed), 4);
    assert_eq!(heap_stats(&heap).arenas_retained_empty, 0);
    // SAFETY: live block.
    assert!(unsafe { heap.free(p) });
    drop(heap);
    assert_eq!(log.frees.load(Ordering::Relaxed), 4);
}

#[test]
fn the_default_bound_keeps_one_mebibyte_of_empty_arenas() {
    let _runtime = crate::testing::hold_runtime();
    let log = ArenaLog::default();
    let mut heap = logged_heap(&log);
    // SAFETY: valid size; private heap.
    let blocks: Vec<_> = (0..7 * 64 * 8)
        .map(|_| unsafe { heap.alloc(512) })
        .collect();
    assert_eq!(log.allocs.load(Ordering::Relaxed), 7);
    for p in blocks {
        // SAFETY: live blocks of this heap.
        assert!(unsafe { heap.free(p) });
    }
    let stats = heap_stats(&heap);
    assert_eq!(stats.arenas_retained_empty_max, RETAINED_EMPTY_ARENAS_MAX);
    assert_eq!(stats.arenas_retained_empty, RETAINED_EMPTY_ARENAS_MAX);
    assert_eq!(stats.arenas_live * ARENA_SIZE, 1 << 20);
    assert_eq!(
        log.frees.load(Ordering::Relaxed),
        7 - RETAINED_EMPTY_ARENAS_MAX
    );
    // Allocating again reuses them before mapping anything.
    // SAFETY: valid size; private heap.
    let again: Vec<_> = (0..4 * 64 * 8)
        .map(|_| unsafe { heap.alloc(512) })
        .collect();
    assert_eq!(log.allocs.load(Ordering::Relaxed), 7);
    assert_eq!(heap_stats(&heap).arenas_retained_empty, 0);
    for p in again {
        // SAFETY: live blocks of this heap.
        assert!(unsafe { heap.free(p) });
    }
}

#[test]
fn a_bound_of_zero_retains_nothing() {
    let _runtime = crate::testing::hold_runtime();
    let log = ArenaLog::default();
    let mut heap = logged_heap(&log);
    heap.set_retained_empty_arenas(0);
    for _ in 0..3 {
        // SAFETY: valid size; private heap.
        let p = unsafe { heap.alloc(16) };
        // SAFETY: live block.
        assert!(unsafe { heap.free(p) });
    }
    assert_eq!(log.allocs.load(Ordering::Relaxed), 3);
    assert_eq!(log.frees.load(Ordering::Relaxed), 3);
    assert_eq!(heap_stats(&heap).arenas_live, 0);
}

#[test]
fn unaligned_arenas_use_only_their_whole_pages() {
    let _runtime = crate::testing::hold_runtime();
    let log = ArenaLog {
        misalign: 48,
        ..Default::default()
    };
    let mut heap = logged_heap(&log);
    // SAFETY: valid size; private heap.
    let blocks: Vec<_> = (0..63 * 8).map(|_| unsafe { heap.alloc(512) }).collect();
    assert_eq!(
        log.allocs.load(Ordering::Relaxed),
        1,
        "63 pools of 8 fit one unaligned arena"
    );
    let lo = blocks.iter().min().copied().unwrap() as usize;
    let hi = blocks.iter().max().copied().unwrap() as usize + 512;
    assert!(hi - lo <= ARENA_SIZE);
    // SAFETY: valid size; private heap.
    let one_more = unsafe { heap.alloc(512) };
    assert_eq!(log.allocs.load(Ordering::Relaxed), 2);
    // SAFETY: live blocks.
    unsafe {
        assert!(heap.free(one_more));
        for p in blocks {
            assert!(heap.free(p));
        }
    }
}

#[test]
fn fullest_arena_is_preferred_for_new_pools() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    // Two arenas' worth of 512-byte blocks, in two groups.
    // SAFETY: valid sizes; private heap.
    let first: Vec<_> = (0..64 * 8).map(|_| unsafe { heap.alloc(512) }).collect();
    // SAFETY: as above.
    let second: Vec<_> = (0..64 * 8).map(|_| unsafe { heap.alloc(512) }).collect();
    // Empty 60 pools of the second arena and 2 of the first.
    // SAFETY: live blocks.
    unsafe {
        for &p in &second[..60 * 8] {
            heap.free(p);
        }
        for &p in &first[..2 * 8] {
            heap.free(p);
        }
    }
    // New pools come from the first arena (2 free pools) before the second (60 free).
    let lo = first.iter().min().copied().unwrap() as usize;
    let hi = first.iter().max().copied().unwrap() as usize;
    // SAFETY: valid size; private heap.
    let p = unsafe { heap.alloc(16) };
    assert!((lo..=hi).contains(&(p as usize)));
}

#[test]
fn random_churn_never_overlaps_blocks() {
    let _runtime = crate::testing::hold_runtime();
    let mut heap = mmap_heap();
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let mut live: Vec<(*mut u8, usize, u8)> = Vec::new();
    for step in 0..200_000usize {
        if live.len() < 5000 && (live.is_empty() || rng.below(3) != 0) {
            let n = 1 + rng.below(512);
            // SAFETY: 1 <= n <= 512; private heap.
            let p = unsafe { heap.alloc(n) };
            assert!(!p.is_null());
            let tag = step as u8;
            // SAFETY: the block has n bytes.
            unsafe { std::ptr::write_bytes(p, tag, n) };
            live.push((p, n, tag));
        } else {
            let (p, n, tag) = live.swap_remove(rng.below(live.len()));
            // SAFETY: a live block of n bytes.
            assert!(unsafe { std::slice::from_raw_parts(p, n) }
                .iter()
                .all(|&b| b == tag));
            // SAFETY: a live block of this heap.
            assert!(unsafe { heap.free(p) });
        }
    }
    let stats = heap_stats(&heap);
    assert_eq!(stats.blocks_in_use(), live.len() as isize);
    for (p, _, _) in live {
        // SAFETY: live blocks.
        assert!(unsafe { heap.free(p) });
    }
    let stats = heap_stats(&heap);
    assert_eq!(stats.blocks_in_use(), 0);
    assert!(
        stats.arenas_live <= RETAINED_EMPTY_ARENAS_MAX,
        "only retained arenas may remain"
    );
}

// ----- the process-wide domains ------------------------------------------------------------

#[test]
fn zero_sizes_give_distinct_non_null_blocks() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    // SAFETY: domain calls; every block is freed through its own domain.
    unsafe {
        type Pair = (unsafe fn(usize) -> *mut c_void, unsafe fn(*mut c_void));
        let families: [Pair; 3] = [
            (raw_malloc, raw_free),
            (mem_malloc, mem_free),
            (obj_malloc, obj_free),
        ];
        for (malloc, free) in families {
            let (a, b) = (malloc(0), malloc(0));
            assert!(!a.is_null() && !b.is_null());
            assert_ne!(a, b);
            free(a);
            free(b);
        }
        for (calloc, free) in [
            (
                raw_calloc as unsafe fn(usize, usize) -> *mut c_void,
                raw_free as unsafe fn(*mut c_void),
            ),
            (mem_calloc, mem_free),
            (obj_calloc, obj_free),
        ] {
            let (a, b, c) = (calloc(0, 0), calloc(0, 5), calloc(5, 0));
            assert!(!a.is_null() && !b.is_null() && !c.is_null());
            assert!(a != b && b != c && a != c);
            free(a);
            free(b);
            free(c);
        }
        let r = obj_realloc(null_mut(), 0);
        assert!(!r.is_null());
        obj_free(r);
    }
}

#[test]
fn oversized_requests_fail_cleanly() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    let too_big = PY_SSIZE_T_MAX + 1;
    // SAFETY: failing requests allocate nothing; p is freed through its domain.
    unsafe {
        assert!(raw_malloc(too_big).is_null());
        assert!(mem_malloc(too_big).is_null());
        assert!(obj_malloc(usize::MAX).is_null());
        assert!(raw_calloc(2, PY_SSIZE_T_MAX / 2 + 1).is_null());
        assert!(mem_calloc(PY_SSIZE_T_MAX, 2).is_null());
        assert!(obj_calloc(usize::MAX, usize::MAX).is_null());
        let p = obj_malloc(10) as *mut u8;
        *p = 42;
        assert!(obj_realloc(p as *mut c_void, too_big).is_null());
        assert!(mem_realloc(p as *mut c_void, usize::MAX).is_null());
        assert_eq!(*p, 42, "a failed realloc leaves the block alone");
        obj_free(p as *mut c_void);
    }
}

#[test]
fn calloc_zeroes_small_and_large_blocks() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    // SAFETY: blocks written, read and freed within their sizes and domains.
    unsafe {
        for &(nelem, elsize) in &[(1usize, 16usize), (3, 100), (10, 51), (7, 1000)] {
            // Dirty a block of the same size first so that reuse would show.
            let dirty = obj_malloc(nelem * elsize) as *mut u8;
            std::ptr::write_bytes(dirty, 0xAB, nelem * elsize);
            obj_free(dirty as *mut c_void);
            let p = obj_calloc(nelem, elsize) as *mut u8;
            assert!(std::slice::from_raw_parts(p, nelem * elsize)
                .iter()
                .all(|&b| b == 0));
            obj_free(p as *mut c_void);
        }
    }
}

fn in_small_heap(p: *mut c_void) -> bool {
    // SAFETY: the domains lock stands in for the GIL.
    unsafe { (*small::heap()).block_size(p as *const u8).is_some() }
}

#[test]
fn realloc_moves_between_small_and_large_preserving_data() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    // SAFETY: every block is used within its size and freed once.
    unsafe {
        let mut p = obj_malloc(100) as *mut u8;
        for i in 0..100 {
            *p.add(i) = i as u8;
        }
        assert!(in_small_heap(p as *mut c_void));
        let check = |p: *mut u8, n: usize| (0..n).all(|i| *p.add(i) == i as u8);

        // Growing within the class keeps the block; growing past it moves it.
        assert_eq!(obj_realloc(p as *mut c_void, 112) as *mut u8, p);
        p = obj_realloc(p as *mut c_void, 400) as *mut u8;
        assert!(in_small_heap(p as *mut c_void) && check(p, 100));
        for i in 100..400 {
            *p.add(i) = i as u8;
        }
        // Small to large.
        p = obj_realloc(p as *mut c_void, 3000) as *mut u8;
        assert!(!in_small_heap(p as *mut c_void) && check(p, 400));
        for i in 400..3000 {
            *p.add(i) = i as u8;
        }
        p = obj_realloc(p as *mut c_void, 100_000) as *mut u8;
        assert!(check(p, 3000));
        // A large block stays with the RAW domain even when shrunk to a small size.
        p = obj_realloc(p as *mut c_void, 200) as *mut u8;
        assert!(!in_small_heap(p as *mut c_void) && check(p, 200));
        obj_free(p as *mut c_void);

        // Large to small happens through a fresh small allocation.
        let big = mem_malloc(2000) as *mut u8;
        for i in 0..2000 {
            *big.add(i) = i as u8;
        }
        let small_again = mem_malloc(300) as *mut u8;
        std::ptr::copy_nonoverlapping(big, small_again, 300);
        mem_free(big as *mut c_void);
        assert!(in_small_heap(small_again as *mut c_void) && check(small_again, 300));

        // Shrinking by less than a quarter stays; by more moves to a smaller class.
        let q = mem_malloc(512) as *mut u8;
        std::ptr::copy_nonoverlapping(small_again, q, 300);
        mem_free(small_again as *mut c_void);
        assert_eq!(mem_realloc(q as *mut c_void, 400) as *mut u8, q);
        let r = mem_realloc(q as *mut c_void, 100) as *mut u8;
        assert_ne!(r, q);
        assert!(check(r, 100));
        // Shrinking to zero still gives a usable, distinct block.
        let z = mem_realloc(r as *mut c_void, 0);
        assert!(!z.is_null());
        mem_free(z);
    }
}

/// One domain's malloc, calloc, realloc and free entry points.
type Family = (
    unsafe fn(usize) -> *mut c_void,
    unsafe fn(usize, usize) -> *mut c_void,
    unsafe fn(*mut c_void, usize) -> *mut c_void,
    unsafe fn(*mut c_void),
);

/// A hook that counts calls and forwards to the allocator it replaced.
struct CountingHook {
    wrapped: PyMemAllocatorEx,
    calls: [AtomicUsize; 4],
}

unsafe extern "C" fn count_malloc(ctx: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: ctx is the test's CountingHook.
    let h = unsafe { &*(ctx as *const CountingHook) };
    h.calls[0].fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the wrapped allocator.
    unsafe { h.wrapped.malloc.unwrap()(h.wrapped.ctx, n) }
}
unsafe extern "C" fn count_calloc(ctx: *mut c_void, a: usize, b: usize) -> *mut c_void {
    // SAFETY: ctx is the test's CountingHook.
    let h = unsafe { &*(ctx as *const CountingHook) };
    h.calls[1].fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the wrapped allocator.
    unsafe { h.wrapped.calloc.unwrap()(h.wrapped.ctx, a, b) }
}
unsafe extern "C" fn count_realloc(ctx: *mut c_void, p: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: ctx is the test's CountingHook.
    let h = unsafe { &*(ctx as *const CountingHook) };
    h.calls[2].fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the wrapped allocator.
    unsafe { h.wrapped.realloc.unwrap()(h.wrapped.ctx, p, n) }
}
unsafe extern "C" fn count_free(ctx: *mut c_void, p: *mut c_void) {
    // SAFETY: ctx is the test's CountingHook.
    let h = unsafe { &*(ctx as *const CountingHook) };
    h.calls[3].fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the wrapped allocator.
    unsafe { h.wrapped.free.unwrap()(h.wrapped.ctx, p) }
}

#[test]
fn custom_allocator_hooks_are_called_and_round_trip() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    for domain in [Domain::Raw, Domain::Mem, Domain::Obj] {
        let d = domain as i32;
        let original = get_allocator(d);
        let hook = CountingHook {
            wrapped: original,
            calls: Default::default(),
        };
        let table = PyMemAllocatorEx {
            ctx: &hook as *const CountingHook as *mut c_void,
            malloc: Some(count_malloc),
            calloc: Some(count_calloc),
            realloc: Some(count_realloc),
            free: Some(count_free),
        };
        set_allocator(d, &table);
        assert!(get_allocator(d).same_as(&table));
        // SAFETY: blocks used within size and freed through the same domain.
        unsafe {
            let (malloc, calloc, realloc, free): Family = match domain {
                Domain::Raw => (raw_malloc, raw_calloc, raw_realloc, raw_free),
                Domain::Mem => (mem_malloc, mem_calloc, mem_realloc, mem_free),
                Domain::Obj => (obj_malloc, obj_calloc, obj_realloc, obj_free),
            };
            let a = malloc(10);
            let b = calloc(4, 4);
            let a = realloc(a, 1000);
            free(a);
            free(b);
            free(null_mut());
            // Refused before any allocator is asked.
            assert!(malloc(usize::MAX).is_null());
        }
        let counts: Vec<_> = hook
            .calls
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        assert_eq!(counts, [1, 1, 1, 3], "{domain:?}");
        set_allocator(d, &original);
        assert!(get_allocator(d).same_as(&original));
    }
    // Unknown domains: get yields NULLs, set is ignored.
    let nulls = get_allocator(7);
    assert!(nulls.ctx.is_null() && nulls.malloc.is_none() && nulls.free.is_none());
    set_allocator(-1, &PyMemAllocatorEx::NULL);
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc"));
}

static GLOBAL_ARENA_LOG: ArenaLog = ArenaLog {
    allocs: AtomicUsize::new(0),
    frees: AtomicUsize::new(0),
    misalign: 0,
};

unsafe extern "C" fn global_log_alloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    GLOBAL_ARENA_LOG.allocs.fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the default arena allocator.
    unsafe { domains::MMAP_ARENA_ALLOC.alloc.unwrap()(null_mut(), size) }
}

unsafe extern "C" fn global_log_free(_ctx: *mut c_void, p: *mut c_void, size: usize) {
    GLOBAL_ARENA_LOG.frees.fetch_add(1, Ordering::Relaxed);
    // SAFETY: forwarding to the default arena allocator (which made every arena).
    unsafe { domains::MMAP_ARENA_ALLOC.free.unwrap()(null_mut(), p, size) }
}

#[test]
fn arena_allocator_get_set_drives_the_object_heap() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    let original = get_arena_allocator();
    assert_eq!(
        original.alloc.map(|f| f as usize),
        domains::MMAP_ARENA_ALLOC.alloc.map(|f| f as usize)
    );
    let counting = PyObjectArenaAllocator {
        ctx: null_mut(),
        alloc: Some(global_log_alloc),
        free: Some(global_log_free),
    };
    set_arena_allocator(&counting);
    let got = get_arena_allocator();
    assert_eq!(
        got.alloc.map(|f| f as usize),
        Some(global_log_alloc as *const () as usize)
    );
    let (allocs0, frees0) = (
        GLOBAL_ARENA_LOG.allocs.load(Ordering::Relaxed),
        GLOBAL_ARENA_LOG.frees.load(Ordering::Relaxed),
    );
    // Sixteen arenas' worth of 512-byte blocks needs at least twelve new arenas whatever the
    // heap already holds (a running interpreter's partly used pools, at most four empty
    // arenas); freeing them returns all but the four the heap keeps.
    // SAFETY: blocks freed through the same domain.
    unsafe {
        let blocks: Vec<_> = (0..16 * 64 * 8).map(|_| obj_malloc(512)).collect();
        assert!(GLOBAL_ARENA_LOG.allocs.load(Ordering::Relaxed) - allocs0 >= 12);
        for p in blocks {
            obj_free(p);
        }
    }
    assert!(GLOBAL_ARENA_LOG.frees.load(Ordering::Relaxed) - frees0 >= 4);
    // The frames' chunk allocator goes through the same table.
    let chunk = arena_alloc(16384);
    assert!(!chunk.is_null());
    // SAFETY: freeing what arena_alloc gave, with its size.
    unsafe { arena_free(chunk, 16384) };
    set_arena_allocator(&original);
    // SAFETY: the domains lock stands in for the GIL.
    let stats = unsafe { memory_stats() };
    assert!(stats.arenas_retained_empty <= stats.arenas_retained_empty_max);
}

#[test]
fn allocator_names_follow_the_installed_tables() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc"));
    assert_eq!(
        AllocatorName::parse(b"malloc_debug"),
        Some(AllocatorName::MallocDebug)
    );
    assert_eq!(AllocatorName::parse(b""), Some(AllocatorName::Default));
    assert_eq!(AllocatorName::parse(b"jemalloc"), None);
    assert!(domains::setup_allocators(AllocatorName::Malloc));
    assert_eq!(domains::current_allocator_name(), Some(c"malloc"));
    assert!(domains::setup_allocators(AllocatorName::MallocDebug));
    assert_eq!(domains::current_allocator_name(), Some(c"malloc_debug"));
    assert!(domains::setup_allocators(AllocatorName::PymallocDebug));
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc_debug"));
    assert!(domains::setup_allocators(AllocatorName::Default));
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc"));
    let old = domains::set_default_allocator(Domain::Mem as i32).unwrap();
    assert!(old.same_as(&domains::PYMALLOC_ALLOC));
    assert!(domains::set_default_allocator(3).is_none());
}

#[test]
fn debug_hooks_decorate_blocks_and_detect_violations() {
    let _runtime = crate::testing::hold_runtime();
    let _g = lock_domains();
    debug::setup_debug_hooks();
    debug::setup_debug_hooks(); // a second call changes nothing
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc_debug"));
    // SAFETY: blocks are used within size (except the deliberate, repaired overrun) and freed
    // through their own domain while the hooks are installed.
    unsafe {
        let p = obj_malloc(10) as *mut u8;
        assert_eq!(p as usize % 16, 0);
        let header = std::slice::from_raw_parts(p.sub(16), 16);
        assert_eq!(&header[..8], &10usize.to_be_bytes());
        assert_eq!(header[8], b'o');
        assert!(header[9..].iter().all(|&b| b == FORBIDDENBYTE));
        assert!(std::slice::from_raw_parts(p, 10)
            .iter()
            .all(|&b| b == CLEANBYTE));
        assert!(std::slice::from_raw_parts(p.add(10), 8)
            .iter()
            .all(|&b| b == FORBIDDENBYTE));
        assert_eq!(debug::check_block(b'o', p), Ok(()));
        assert_eq!(
            debug::check_block(b'm', p),
            Err(Violation::BadId {
                found: b'o',
                expected: b'm'
            })
        );
        *p.add(10) = 0;
        assert_eq!(debug::check_block(b'o', p), Err(Violation::BadTrailingPad));
        *p.add(10) = FORBIDDENBYTE;
        *p.sub(1) = 0;
        assert_eq!(debug::check_block(b'o', p), Err(Violation::BadLeadingPad));
        *p.sub(1) = FORBIDDENBYTE;

        // Realloc keeps the data, marks growth clean and re-decorates.
        std::ptr::write_bytes(p, 7, 10);
        let q = obj_realloc(p as *mut c_void, 300) as *mut u8;
        assert!(std::slice::from_raw_parts(q, 10).iter().all(|&b| b == 7));
        assert!(std::slice::from_raw_parts(q.add(10), 290)
            .iter()
            .all(|&b| b == CLEANBYTE));
        assert_eq!(debug::check_block(b'o', q), Ok(()));
        let big = obj_realloc(q as *mut c_void, 5000) as *mut u8;
        std::ptr::write_bytes(big.add(300), 9, 4700);
        let shrunk = obj_realloc(big as *mut c_void, 4000) as *mut u8;
        assert!(std::slice::from_raw_parts(shrunk, 10)
            .iter()
            .all(|&b| b == 7));
        assert!(std::slice::from_raw_parts(shrunk.add(300), 3700)
            .iter()
            .all(|&b| b == 9));
        assert_eq!(debug::check_block(b'o', shrunk), Ok(()));
        obj_free(shrunk as *mut c_void);

        let c = mem_calloc(3, 5) as *mut u8;
        assert!(std::slice::from_raw_parts(c, 15).iter().all(|&b| b == 0));
        assert_eq!(*c.sub(8), b'm');
        mem_free(c as *mut c_void);
        let r = raw_malloc(0) as *mut u8;
        assert_eq!(*r.sub(8), b'r');
        assert_eq!(debug::check_block(b'r', r), Ok(()));
        raw_free(r as *mut c_void);
    }
    assert!(domains::setup_allocators(AllocatorName::Default));
    assert_eq!(domains::current_allocator_name(), Some(c"pymalloc"));
}

/// Runs one scenario of `child_process_scenarios` in a child test process; returns its exit
/// signal and stderr.
fn run_child(scenario: &str) -> (Option<i32>, String) {
    use std::os::unix::process::ExitStatusExt;
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "mem::tests::child_process_scenarios",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FERRYTHON_MEM_CHILD", scenario)
        .output()
        .unwrap();
    (
        out.status.signal(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Not a test by itself: the body of the child processes the tests below start. In the normal
/// run (no FERRYTHON_MEM_CHILD) it checks that no scenario is requested.
#[test]
fn child_process_scenarios() {
    let _runtime = crate::testing::hold_runtime();
    let Ok(scenario) = std::env::var("FERRYTHON_MEM_CHILD") else {
        return;
    };
    debug::setup_debug_hooks();
    // SAFETY: deliberate misuse; the process is expected to die in the free.
    unsafe {
        match scenario.as_str() {
            "overrun" => {
                let p = raw_malloc(10) as *mut u8;
                *p.add(10) = 0;
                raw_free(p as *mut c_void);
            }
            "underrun" => {
                let p = mem_malloc(24) as *mut u8;
                *p.sub(3) = b'x';
                mem_free(p as *mut c_void);
            }
            "wrong-domain" => {
                let p = obj_malloc(10);
                mem_free(p);
            }
            other => panic!("unknown scenario {other}"),
        }
    }
    unreachable!("the misuse was not caught");
}

#[test]
fn debug_hooks_abort_on_buffer_overrun_at_free() {
    let _runtime = crate::testing::hold_runtime();
    let (signal, stderr) = run_child("overrun");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(
        stderr.contains("Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" API 'r'\n    10 bytes originally requested\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("        at tail+0: 0x00 *** OUCH\n        at tail+1: 0xfd\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("    Data at p: cd cd cd cd cd cd cd cd cd cd\n"),
        "{stderr}"
    );
}

#[test]
fn debug_hooks_abort_on_buffer_underrun_at_free() {
    let _runtime = crate::testing::hold_runtime();
    let (signal, stderr) = run_child("underrun");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(
        stderr.contains("Fatal Python error: _PyMem_DebugRawFree: bad leading pad byte\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("        at p-3: 0x78 *** OUCH\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("    Data at p: cd cd cd cd cd cd cd cd ... cd cd cd cd cd cd cd cd\n"),
        "{stderr}"
    );
}

#[test]
fn debug_hooks_abort_on_free_through_the_wrong_domain() {
    let _runtime = crate::testing::hold_runtime();
    let (signal, stderr) = run_child("wrong-domain");
    assert_eq!(signal, Some(libc::SIGABRT), "{stderr}");
    assert!(
        stderr.contains(
            "Fatal Python error: _PyMem_DebugRawFree: bad ID: Allocated using API 'o', verified using API 'm'\n"
        ),
        "{stderr}"
    );
}
