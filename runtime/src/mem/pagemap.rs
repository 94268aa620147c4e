//! The page map: for any address, in O(1), the descriptor of the small-object pool that contains
//! it, or nothing when the address is not in one of our pools (a large block from the RAW
//! allocator, a foreign pointer).
//!
//! Pools are exactly one 4 KiB page, so the map is keyed by page number. It is a two-level radix
//! table over the 48-bit user address space: a root of 2^18 pointers (one per GiB) to leaves of
//! 2^18 pool descriptors (one per page of that GiB). Root and leaves are anonymous mappings made
//! on demand, so only the pages of the table that describe live pools become resident (64
//! descriptors of 32 bytes = 2 KiB per 256 KiB arena). Keeping the descriptors here, outside the
//! pools, leaves every byte of a pool to blocks: 8 blocks of 512 bytes fit where an in-pool header
//! would leave room for 7.
//!
//! A descriptor whose `tag` is 0 describes a page that holds no blocks of ours: pages outside
//! our arenas, and pools of our arenas that are empty or were never used.

use std::ptr::null_mut;

/// log2 of the pool size: a pool is one 4 KiB page.
pub const POOL_SHIFT: u32 = 12;
pub const POOL_SIZE: usize = 1 << POOL_SHIFT;
/// log2 of the address range one leaf covers (1 GiB).
const LEAF_SHIFT: u32 = 30;
/// Addresses at or above 2^48 are never ours (no Linux user mapping lives there unless asked).
const ADDRESS_BITS: u32 = 48;
const ROOT_LEN: usize = 1 << (ADDRESS_BITS - LEAF_SHIFT);
const LEAF_LEN: usize = 1 << (LEAF_SHIFT - POOL_SHIFT);
const ROOT_BYTES: usize = ROOT_LEN * std::mem::size_of::<*mut PoolDesc>();
const LEAF_BYTES: usize = LEAF_LEN * std::mem::size_of::<PoolDesc>();

/// A block on a pool's free list: its first word links to the next free block.
#[repr(C)]
pub struct FreeBlock {
    pub next: *mut FreeBlock,
}

/// What the small-object allocator knows about one pool (32 bytes).
#[repr(C)]
pub struct PoolDesc {
    /// Head of the free list; NULL exactly when the pool is full (a non-full pool always has
    /// at least one block on its list: the next untouched block is carved on demand).
    pub free: *mut FreeBlock,
    /// Neighbours in the circular list of partly used pools of this size class.
    pub next: *mut PoolDesc,
    pub prev: *mut PoolDesc,
    /// Blocks handed out and not yet freed.
    pub used: u16,
    /// Byte offset, from the pool's start, of the first block never handed out.
    pub carved: u16,
    /// Bits 0..8: size class + 1 (0: not a pool of ours); bits 8..32: index of its arena.
    pub tag: u32,
}

const _: () = assert!(std::mem::size_of::<PoolDesc>() == 32);

impl PoolDesc {
    #[inline(always)]
    pub fn size_class(&self) -> usize {
        (self.tag & 0xff) as usize - 1
    }

    #[inline(always)]
    pub fn arena_index(&self) -> usize {
        (self.tag >> 8) as usize
    }

    pub fn make_tag(size_class: usize, arena: usize) -> u32 {
        (size_class as u32 + 1) | ((arena as u32) << 8)
    }
}

pub struct PageMap {
    root: *mut *mut PoolDesc,
    /// Root slots whose leaf exists, to unmap them when the map is dropped.
    leaves: Vec<u32>,
}

fn map_zeroed(bytes: usize) -> *mut u8 {
    // SAFETY: an anonymous private mapping touches no existing memory; its pages read as zero.
    let p = unsafe {
        libc::mmap(
            null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        null_mut()
    } else {
        p as *mut u8
    }
}

impl PageMap {
    pub const fn new() -> PageMap {
        PageMap {
            root: null_mut(),
            leaves: Vec::new(),
        }
    }

    /// The descriptor of the pool holding `addr`, or NULL when no pool of ours holds it.
    #[inline(always)]
    pub fn lookup(&self, addr: usize) -> *mut PoolDesc {
        let slot = addr >> LEAF_SHIFT;
        if slot >= ROOT_LEN || self.root.is_null() {
            return null_mut();
        }
        // SAFETY: root has ROOT_LEN slots and slot < ROOT_LEN.
        let leaf = unsafe { *self.root.add(slot) };
        if leaf.is_null() {
            return null_mut();
        }
        // SAFETY: a leaf has LEAF_LEN descriptors and the index is masked below LEAF_LEN.
        let desc = unsafe { leaf.add((addr >> POOL_SHIFT) & (LEAF_LEN - 1)) };
        // SAFETY: desc points into a live, zero-initialised leaf.
        if unsafe { (*desc).tag } == 0 {
            null_mut()
        } else {
            desc
        }
    }

    /// The descriptor of the page at `page`, whose leaf must exist (see [`PageMap::ensure`]).
    ///
    /// # Safety
    /// `ensure` must have succeeded for a range containing `page`.
    #[inline]
    pub unsafe fn desc(&self, page: usize) -> *mut PoolDesc {
        // SAFETY: the caller's contract: the slot is in range and its leaf is mapped.
        unsafe { (*self.root.add(page >> LEAF_SHIFT)).add((page >> POOL_SHIFT) & (LEAF_LEN - 1)) }
    }

    /// Makes sure every page in `[start, end)` has a descriptor. False when the range lies
    /// beyond the 48-bit address space or a mapping failed.
    pub fn ensure(&mut self, start: usize, end: usize) -> bool {
        if start >= end || end > (1usize << ADDRESS_BITS) {
            return false;
        }
        if self.root.is_null() {
            self.root = map_zeroed(ROOT_BYTES) as *mut *mut PoolDesc;
            if self.root.is_null() {
                return false;
            }
        }
        for slot in (start >> LEAF_SHIFT)..=((end - 1) >> LEAF_SHIFT) {
            // SAFETY: slot < ROOT_LEN because end <= 2^48.
            let entry = unsafe { self.root.add(slot) };
            // SAFETY: entry is a valid root slot.
            if unsafe { (*entry).is_null() } {
                if self.leaves.try_reserve(1).is_err() {
                    return false;
                }
                let leaf = map_zeroed(LEAF_BYTES) as *mut PoolDesc;
                if leaf.is_null() {
                    return false;
                }
                // SAFETY: entry is a valid root slot.
                unsafe { *entry = leaf };
                self.leaves.push(slot as u32);
            }
        }
        true
    }

    /// Number of leaves mapped.
    pub fn leaf_count(&self) -> usize {
        self.leaves.len()
    }

    /// Address space the map has reserved (root and leaves; only touched pages are resident).
    pub fn reserved_bytes(&self) -> usize {
        if self.root.is_null() {
            0
        } else {
            ROOT_BYTES + self.leaves.len() * LEAF_BYTES
        }
    }
}

impl Default for PageMap {
    fn default() -> PageMap {
        PageMap::new()
    }
}

impl Drop for PageMap {
    fn drop(&mut self) {
        if self.root.is_null() {
            return;
        }
        for &slot in &self.leaves {
            // SAFETY: each listed slot holds a leaf mapped by `ensure` with LEAF_BYTES.
            unsafe {
                libc::munmap(
                    *self.root.add(slot as usize) as *mut libc::c_void,
                    LEAF_BYTES,
                )
            };
        }
        // SAFETY: root was mapped by `ensure` with ROOT_BYTES.
        unsafe { libc::munmap(self.root as *mut libc::c_void, ROOT_BYTES) };
    }
}
