//! Memory statistics of the small-object allocator, for `ferrython.memory_stats()`: per size
//! class the pools and blocks in use / free, and the arenas with the bound of the one cache the
//! allocator keeps (wholly empty arenas).

use super::pagemap::POOL_SIZE;
use super::small::{self, class_capacity, class_size, SmallHeap, ARENA_SIZE, NB_SIZE_CLASSES};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SizeClassStats {
    /// Bytes in each block of the class.
    pub block_size: usize,
    /// Blocks in one pool of the class.
    pub blocks_per_pool: usize,
    /// Pools serving the class (partly used or full).
    pub pools: usize,
    pub blocks_in_use: usize,
    /// Free blocks in those pools (including blocks never handed out yet).
    pub blocks_free: usize,
}

#[derive(Clone, Debug, Default)]
pub struct MemoryStats {
    pub size_classes: Vec<SizeClassStats>,
    pub pool_size: usize,
    pub arena_size: usize,
    /// Pools of live arenas that hold no blocks (ready for any size class).
    pub pools_empty: usize,
    pub arenas_live: usize,
    pub arenas_peak: usize,
    pub arenas_allocated_total: u64,
    pub arenas_freed_total: u64,
    /// Wholly empty arenas kept instead of being returned, and the bound on them.
    pub arenas_retained_empty: usize,
    pub arenas_retained_empty_max: usize,
    /// MEM/OBJ blocks served by the RAW domain (zero-byte and > 512-byte requests).
    pub large_blocks: isize,
    /// The page map's leaves and reserved address space (resident only where touched).
    pub pagemap_leaves: usize,
    pub pagemap_reserved_bytes: usize,
}

impl MemoryStats {
    /// Blocks of the MEM/OBJ domains in use (`sys.getallocatedblocks()`).
    pub fn blocks_in_use(&self) -> isize {
        self.size_classes
            .iter()
            .map(|c| c.blocks_in_use)
            .sum::<usize>() as isize
            + self.large_blocks
    }

    /// Bytes of arena memory held (mapped) by the allocator.
    pub fn arena_bytes(&self) -> usize {
        self.arenas_live * self.arena_size
    }
}

/// Statistics of one heap.
pub fn heap_stats(heap: &SmallHeap) -> MemoryStats {
    let census = heap.census();
    MemoryStats {
        size_classes: (0..NB_SIZE_CLASSES)
            .map(|c| SizeClassStats {
                block_size: class_size(c),
                blocks_per_pool: class_capacity(c),
                pools: census.classes[c].pools,
                blocks_in_use: census.classes[c].used_blocks,
                blocks_free: census.classes[c].free_blocks,
            })
            .collect(),
        pool_size: POOL_SIZE,
        arena_size: ARENA_SIZE,
        pools_empty: census.empty_pools,
        arenas_live: census.arenas.live,
        arenas_peak: census.arenas.peak,
        arenas_allocated_total: census.arenas.allocated_total,
        arenas_freed_total: census.arenas.freed_total,
        arenas_retained_empty: census.retained_empty_arenas,
        arenas_retained_empty_max: census.retained_empty_arenas_max,
        large_blocks: census.large_blocks,
        pagemap_leaves: census.pagemap_leaves,
        pagemap_reserved_bytes: census.pagemap_reserved_bytes,
    }
}

/// Statistics of the process-wide MEM/OBJ allocator.
///
/// # Safety
/// The caller holds the GIL.
pub unsafe fn memory_stats() -> MemoryStats {
    // SAFETY: GIL held: no other access to the heap meanwhile.
    heap_stats(unsafe { &*small::heap() })
}
