//! The allocator domains of PEP 445 as CPython 3.11 has them: one `PyMemAllocatorEx` table per
//! domain (RAW, MEM, OBJ) plus the arena allocator, the entry points that dispatch through them,
//! the default RAW allocator (libc, with size 0 turned into 1) and arena allocator (mmap/munmap),
//! and the allocator names of `PYTHONMALLOC`.
//!
//! The tables can be replaced at any time by `PyMem_SetAllocator`; every call reads one. Each
//! table sits behind a sequence lock so that a RAW call on one thread never sees half of a table
//! another thread is writing (the RAW domain is called without the GIL). MEM and OBJ calls skip
//! the check: their callers hold the GIL, as does whoever changes their tables.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::hint::spin_loop;
use std::ptr::null_mut;
use std::sync::atomic::{fence, AtomicPtr, AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{debug, small, PY_SSIZE_T_MAX};

pub use crate::abi::pymem::{
    ArenaAllocFn, ArenaFreeFn, CallocFn, FreeFn, MallocFn, PyMemAllocatorEx, PyObjectArenaAllocator, ReallocFn,
};

fn addr<T: Copy>(f: Option<T>) -> usize {
    // Function pointers are compared by address, as CPython's memcmp of the tables does.
    match f {
        // SAFETY: every T used here is a function pointer, which has the size of a usize.
        Some(f) => unsafe { std::mem::transmute_copy::<T, usize>(&f) },
        None => 0,
    }
}

impl PyMemAllocatorEx {
    pub const NULL: PyMemAllocatorEx = PyMemAllocatorEx {
        ctx: null_mut(),
        malloc: None,
        calloc: None,
        realloc: None,
        free: None,
    };

    /// Field-by-field identity, the way `pymemallocator_eq` compares tables.
    pub fn same_as(&self, other: &PyMemAllocatorEx) -> bool {
        self.ctx == other.ctx
            && addr(self.malloc) == addr(other.malloc)
            && addr(self.calloc) == addr(other.calloc)
            && addr(self.realloc) == addr(other.realloc)
            && addr(self.free) == addr(other.free)
    }
}

/// The three domains; the numbers are `PyMemAllocatorDomain`'s.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    Raw = 0,
    Mem = 1,
    Obj = 2,
}

impl Domain {
    pub fn from_c(domain: c_int) -> Option<Domain> {
        match domain {
            0 => Some(Domain::Raw),
            1 => Some(Domain::Mem),
            2 => Some(Domain::Obj),
            _ => None,
        }
    }
}

/// `PyMemAllocatorName`, the values of `PYTHONMALLOC`.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocatorName {
    NotSet = 0,
    Default = 1,
    Debug = 2,
    Malloc = 3,
    MallocDebug = 4,
    Pymalloc = 5,
    PymallocDebug = 6,
}

impl AllocatorName {
    pub fn from_c(value: c_int) -> Option<AllocatorName> {
        Some(match value {
            0 => AllocatorName::NotSet,
            1 => AllocatorName::Default,
            2 => AllocatorName::Debug,
            3 => AllocatorName::Malloc,
            4 => AllocatorName::MallocDebug,
            5 => AllocatorName::Pymalloc,
            6 => AllocatorName::PymallocDebug,
            _ => return None,
        })
    }

    /// The allocator a `PYTHONMALLOC` value names; empty means the default.
    pub fn parse(name: &[u8]) -> Option<AllocatorName> {
        Some(match name {
            b"" | b"default" => AllocatorName::Default,
            b"debug" => AllocatorName::Debug,
            b"pymalloc" => AllocatorName::Pymalloc,
            b"pymalloc_debug" => AllocatorName::PymallocDebug,
            b"malloc" => AllocatorName::Malloc,
            b"malloc_debug" => AllocatorName::MallocDebug,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Tables behind a sequence lock.

/// Up to five pointer-sized words read together; writers are serialised by `WRITERS`.
pub(crate) struct SeqTable {
    seq: AtomicUsize,
    words: [AtomicPtr<()>; 5],
}

static WRITERS: Mutex<()> = Mutex::new(());

impl SeqTable {
    const fn new(w: [*mut (); 5]) -> SeqTable {
        SeqTable {
            seq: AtomicUsize::new(0),
            words: [
                AtomicPtr::new(w[0]),
                AtomicPtr::new(w[1]),
                AtomicPtr::new(w[2]),
                AtomicPtr::new(w[3]),
                AtomicPtr::new(w[4]),
            ],
        }
    }

    #[inline(always)]
    fn read(&self) -> [*mut (); 5] {
        loop {
            let before = self.seq.load(Ordering::Acquire);
            if before & 1 == 0 {
                let w = [
                    self.words[0].load(Ordering::Relaxed),
                    self.words[1].load(Ordering::Relaxed),
                    self.words[2].load(Ordering::Relaxed),
                    self.words[3].load(Ordering::Relaxed),
                    self.words[4].load(Ordering::Relaxed),
                ];
                fence(Ordering::Acquire);
                if self.seq.load(Ordering::Relaxed) == before {
                    return w;
                }
            }
            spin_loop();
        }
    }

    /// Word 0 (the context) and word `i` (one function), consistently: the hot paths read
    /// only what they call.
    #[inline(always)]
    fn read_pair(&self, i: usize) -> (*mut (), *mut ()) {
        loop {
            let before = self.seq.load(Ordering::Acquire);
            if before & 1 == 0 {
                let pair = (
                    self.words[0].load(Ordering::Relaxed),
                    self.words[i].load(Ordering::Relaxed),
                );
                fence(Ordering::Acquire);
                if self.seq.load(Ordering::Relaxed) == before {
                    return pair;
                }
            }
            spin_loop();
        }
    }

    /// Word 0 and word `i` without the sequence check, for the MEM and OBJ domains: their
    /// tables change only under the GIL, which the caller holds, so no write can be in
    /// progress (the loads are atomic, so a contract breach tears a table but is not UB).
    #[inline(always)]
    fn read_pair_gil(&self, i: usize) -> (*mut (), *mut ()) {
        (
            self.words[0].load(Ordering::Relaxed),
            self.words[i].load(Ordering::Relaxed),
        )
    }

    fn write(&self, w: [*mut (); 5]) {
        let _serialised = WRITERS.lock().unwrap_or_else(|e| e.into_inner());
        self.seq.fetch_add(1, Ordering::Relaxed);
        fence(Ordering::Release);
        for (slot, value) in self.words.iter().zip(w) {
            slot.store(value, Ordering::Relaxed);
        }
        self.seq.fetch_add(1, Ordering::Release);
    }
}

/// A domain's `PyMemAllocatorEx`, readable from any thread.
pub(crate) struct AllocatorCell(SeqTable);

impl AllocatorCell {
    pub(crate) const fn new(a: PyMemAllocatorEx) -> AllocatorCell {
        AllocatorCell(SeqTable::new([
            a.ctx as *mut (),
            match a.malloc {
                Some(f) => f as *mut (),
                None => null_mut(),
            },
            match a.calloc {
                Some(f) => f as *mut (),
                None => null_mut(),
            },
            match a.realloc {
                Some(f) => f as *mut (),
                None => null_mut(),
            },
            match a.free {
                Some(f) => f as *mut (),
                None => null_mut(),
            },
        ]))
    }

    #[inline(always)]
    pub(crate) fn get(&self) -> PyMemAllocatorEx {
        let w = self.0.read();
        // SAFETY: the words were stored from `Option<fn>` values of exactly these types (null
        // for None), and `Option<fn>` has the layout of a nullable pointer.
        unsafe {
            PyMemAllocatorEx {
                ctx: w[0] as *mut c_void,
                malloc: std::mem::transmute::<*mut (), Option<MallocFn>>(w[1]),
                calloc: std::mem::transmute::<*mut (), Option<CallocFn>>(w[2]),
                realloc: std::mem::transmute::<*mut (), Option<ReallocFn>>(w[3]),
                free: std::mem::transmute::<*mut (), Option<FreeFn>>(w[4]),
            }
        }
    }

    #[inline(always)]
    fn malloc(&self, gil: bool) -> (*mut c_void, Option<MallocFn>) {
        let (ctx, f) = if gil {
            self.0.read_pair_gil(1)
        } else {
            self.0.read_pair(1)
        };
        // SAFETY: word 1 was stored from an Option<MallocFn>.
        (ctx as *mut c_void, unsafe {
            std::mem::transmute::<*mut (), Option<MallocFn>>(f)
        })
    }

    #[inline(always)]
    fn calloc(&self, gil: bool) -> (*mut c_void, Option<CallocFn>) {
        let (ctx, f) = if gil {
            self.0.read_pair_gil(2)
        } else {
            self.0.read_pair(2)
        };
        // SAFETY: word 2 was stored from an Option<CallocFn>.
        (ctx as *mut c_void, unsafe {
            std::mem::transmute::<*mut (), Option<CallocFn>>(f)
        })
    }

    #[inline(always)]
    fn realloc(&self, gil: bool) -> (*mut c_void, Option<ReallocFn>) {
        let (ctx, f) = if gil {
            self.0.read_pair_gil(3)
        } else {
            self.0.read_pair(3)
        };
        // SAFETY: word 3 was stored from an Option<ReallocFn>.
        (ctx as *mut c_void, unsafe {
            std::mem::transmute::<*mut (), Option<ReallocFn>>(f)
        })
    }

    #[inline(always)]
    fn free(&self, gil: bool) -> (*mut c_void, Option<FreeFn>) {
        let (ctx, f) = if gil {
            self.0.read_pair_gil(4)
        } else {
            self.0.read_pair(4)
        };
        // SAFETY: word 4 was stored from an Option<FreeFn>.
        (ctx as *mut c_void, unsafe {
            std::mem::transmute::<*mut (), Option<FreeFn>>(f)
        })
    }

    pub(crate) fn set(&self, a: &PyMemAllocatorEx) {
        self.0.write([
            a.ctx as *mut (),
            a.malloc.map_or(null_mut(), |f| f as *mut ()),
            a.calloc.map_or(null_mut(), |f| f as *mut ()),
            a.realloc.map_or(null_mut(), |f| f as *mut ()),
            a.free.map_or(null_mut(), |f| f as *mut ()),
        ]);
    }
}

struct ArenaCell(SeqTable);

impl ArenaCell {
    fn get(&self) -> PyObjectArenaAllocator {
        let w = self.0.read();
        // SAFETY: stored from `Option<fn>` values of these types (see AllocatorCell::get).
        unsafe {
            PyObjectArenaAllocator {
                ctx: w[0] as *mut c_void,
                alloc: std::mem::transmute::<*mut (), Option<ArenaAllocFn>>(w[1]),
                free: std::mem::transmute::<*mut (), Option<ArenaFreeFn>>(w[2]),
            }
        }
    }

    fn set(&self, a: &PyObjectArenaAllocator) {
        self.0.write([
            a.ctx as *mut (),
            a.alloc.map_or(null_mut(), |f| f as *mut ()),
            a.free.map_or(null_mut(), |f| f as *mut ()),
            null_mut(),
            null_mut(),
        ]);
    }
}

// ---------------------------------------------------------------------------------------------
// Default allocators.

/// libc's allocator, with a request for 0 bytes turned into 1 so that the result is a distinct
/// non-NULL pointer on every platform.
unsafe extern "C" fn libc_malloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: plain libc call.
    unsafe { libc::malloc(size.max(1)) }
}

unsafe extern "C" fn libc_calloc(_ctx: *mut c_void, nelem: usize, elsize: usize) -> *mut c_void {
    let (nelem, elsize) = if nelem == 0 || elsize == 0 {
        (1, 1)
    } else {
        (nelem, elsize)
    };
    // SAFETY: plain libc call.
    unsafe { libc::calloc(nelem, elsize) }
}

unsafe extern "C" fn libc_realloc(_ctx: *mut c_void, ptr: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: the caller passes NULL or a block of this allocator.
    unsafe { libc::realloc(ptr, size.max(1)) }
}

unsafe extern "C" fn libc_free(_ctx: *mut c_void, ptr: *mut c_void) {
    // SAFETY: the caller passes NULL or a block of this allocator.
    unsafe { libc::free(ptr) }
}

unsafe extern "C" fn mmap_arena_alloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: an anonymous private mapping touches no existing memory.
    let p = unsafe {
        libc::mmap(
            null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        null_mut()
    } else {
        p
    }
}

unsafe extern "C" fn mmap_arena_free(_ctx: *mut c_void, ptr: *mut c_void, size: usize) {
    // SAFETY: the caller passes a mapping made by mmap_arena_alloc with the same size.
    unsafe {
        libc::munmap(ptr, size);
    }
}

/// The default RAW allocator (CPython's `MALLOC_ALLOC`).
pub const MALLOC_ALLOC: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: null_mut(),
    malloc: Some(libc_malloc),
    calloc: Some(libc_calloc),
    realloc: Some(libc_realloc),
    free: Some(libc_free),
};

/// The default MEM and OBJ allocator: the small-object allocator (CPython's `PYMALLOC_ALLOC`).
pub const PYMALLOC_ALLOC: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: null_mut(),
    malloc: Some(small::pymalloc_malloc),
    calloc: Some(small::pymalloc_calloc),
    realloc: Some(small::pymalloc_realloc),
    free: Some(small::pymalloc_free),
};

/// The default arena allocator: anonymous mmap/munmap.
pub const MMAP_ARENA_ALLOC: PyObjectArenaAllocator = PyObjectArenaAllocator {
    ctx: null_mut(),
    alloc: Some(mmap_arena_alloc),
    free: Some(mmap_arena_free),
};

static RAW: AllocatorCell = AllocatorCell::new(MALLOC_ALLOC);
static MEM: AllocatorCell = AllocatorCell::new(PYMALLOC_ALLOC);
static OBJ: AllocatorCell = AllocatorCell::new(PYMALLOC_ALLOC);
static ARENA: ArenaCell = ArenaCell(SeqTable::new([
    null_mut(),
    mmap_arena_alloc as *mut (),
    mmap_arena_free as *mut (),
    null_mut(),
    null_mut(),
]));

fn cell(domain: Domain) -> &'static AllocatorCell {
    match domain {
        Domain::Raw => &RAW,
        Domain::Mem => &MEM,
        Domain::Obj => &OBJ,
    }
}

/// `PyMem_GetAllocator`: an unknown domain yields an all-NULL table.
pub fn get_allocator(domain: c_int) -> PyMemAllocatorEx {
    match Domain::from_c(domain) {
        Some(d) => cell(d).get(),
        None => PyMemAllocatorEx::NULL,
    }
}

/// `PyMem_SetAllocator`: an unknown domain is ignored.
pub fn set_allocator(domain: c_int, allocator: &PyMemAllocatorEx) {
    if let Some(d) = Domain::from_c(domain) {
        cell(d).set(allocator);
    }
}

pub fn get_arena_allocator() -> PyObjectArenaAllocator {
    ARENA.get()
}

pub fn set_arena_allocator(allocator: &PyObjectArenaAllocator) {
    ARENA.set(allocator);
}

/// `_PyObject_VirtualAlloc`: memory from the current arena allocator (frames' stack chunks).
pub fn arena_alloc(size: usize) -> *mut c_void {
    let a = ARENA.get();
    match a.alloc {
        // SAFETY: calling the installed arena allocator with its own context.
        Some(f) => unsafe { f(a.ctx, size) },
        None => null_mut(),
    }
}

/// `_PyObject_VirtualFree`: gives back `size` bytes at `ptr` to the current arena allocator.
///
/// # Safety
/// `ptr` must come from [`arena_alloc`] (or the arena allocator) with the same `size`.
pub unsafe fn arena_free(ptr: *mut c_void, size: usize) {
    let a = ARENA.get();
    if let Some(f) = a.free {
        // SAFETY: the caller's contract.
        unsafe { f(a.ctx, ptr, size) }
    }
}

// ---------------------------------------------------------------------------------------------
// Entry points. Sizes above PY_SSIZE_T_MAX fail before any allocator is asked, as in CPython
// (much of the interpreter keeps sizes in a signed Py_ssize_t).

/// A domain table without the function being called. `extern "C"` so that callers know it
/// cannot unwind (which keeps the entry points free of landing pads).
#[cold]
#[inline(never)]
#[allow(improper_ctypes_definitions)] // called from Rust only; "C" just makes it nounwind
extern "C" fn missing(func: &'static str, what: &'static str) -> ! {
    let mut msg = b"the installed allocator has no ".to_vec();
    msg.extend_from_slice(what.as_bytes());
    msg.extend_from_slice(b" function");
    debug::fatal_error(func, &msg)
}

macro_rules! domain_entry_points {
    ($cell:ident, $gil:literal, $malloc:ident, $calloc:ident, $realloc:ident, $free:ident,
     $cmalloc:literal, $ccalloc:literal, $crealloc:literal, $cfree:literal) => {
        #[doc = concat!("`", $cmalloc, "`")]
        ///
        /// # Safety
        /// Calls the installed allocator, which may be foreign code.
        #[inline]
        pub unsafe fn $malloc(size: usize) -> *mut c_void {
            if size > PY_SSIZE_T_MAX {
                return null_mut();
            }
            match $cell.malloc($gil) {
                // SAFETY: the installed allocator, called with its own context.
                (ctx, Some(f)) => unsafe { f(ctx, size) },
                (_, None) => missing($cmalloc, "malloc"),
            }
        }

        #[doc = concat!("`", $ccalloc, "`")]
        ///
        /// # Safety
        /// Calls the installed allocator, which may be foreign code.
        #[inline]
        pub unsafe fn $calloc(nelem: usize, elsize: usize) -> *mut c_void {
            if elsize != 0 && nelem > PY_SSIZE_T_MAX / elsize {
                return null_mut();
            }
            match $cell.calloc($gil) {
                // SAFETY: the installed allocator, called with its own context.
                (ctx, Some(f)) => unsafe { f(ctx, nelem, elsize) },
                (_, None) => missing($ccalloc, "calloc"),
            }
        }

        #[doc = concat!("`", $crealloc, "`")]
        ///
        /// # Safety
        /// `ptr` must be NULL or a live block of this domain.
        #[inline]
        pub unsafe fn $realloc(ptr: *mut c_void, size: usize) -> *mut c_void {
            if size > PY_SSIZE_T_MAX {
                return null_mut();
            }
            match $cell.realloc($gil) {
                // SAFETY: the installed allocator, called with its own context.
                (ctx, Some(f)) => unsafe { f(ctx, ptr, size) },
                (_, None) => missing($crealloc, "realloc"),
            }
        }

        #[doc = concat!("`", $cfree, "`")]
        ///
        /// # Safety
        /// `ptr` must be NULL or a live block of this domain.
        #[inline]
        pub unsafe fn $free(ptr: *mut c_void) {
            match $cell.free($gil) {
                // SAFETY: the installed allocator, called with its own context.
                (ctx, Some(f)) => unsafe { f(ctx, ptr) },
                (_, None) => missing($cfree, "free"),
            }
        }
    };
}

domain_entry_points!(
    RAW,
    false,
    raw_malloc,
    raw_calloc,
    raw_realloc,
    raw_free,
    "PyMem_RawMalloc",
    "PyMem_RawCalloc",
    "PyMem_RawRealloc",
    "PyMem_RawFree"
);
domain_entry_points!(
    MEM,
    true,
    mem_malloc,
    mem_calloc,
    mem_realloc,
    mem_free,
    "PyMem_Malloc",
    "PyMem_Calloc",
    "PyMem_Realloc",
    "PyMem_Free"
);
domain_entry_points!(
    OBJ,
    true,
    obj_malloc,
    obj_calloc,
    obj_realloc,
    obj_free,
    "PyObject_Malloc",
    "PyObject_Calloc",
    "PyObject_Realloc",
    "PyObject_Free"
);

// ---------------------------------------------------------------------------------------------
// Allocator selection (PYTHONMALLOC) and names.

fn default_table(domain: Domain) -> PyMemAllocatorEx {
    match domain {
        Domain::Raw => MALLOC_ALLOC,
        Domain::Mem | Domain::Obj => PYMALLOC_ALLOC,
    }
}

/// `_PyMem_SetDefaultAllocator`: installs the default allocator of `domain` (this is a release
/// build: without debug hooks), returning the previous table. `None` for an unknown domain.
pub fn set_default_allocator(domain: c_int) -> Option<PyMemAllocatorEx> {
    let d = Domain::from_c(domain)?;
    let old = cell(d).get();
    cell(d).set(&default_table(d));
    Some(old)
}

/// `_PyMem_SetupAllocators`: installs the allocators a `PYTHONMALLOC` name selects. Returns
/// false for an unknown name.
pub fn setup_allocators(name: AllocatorName) -> bool {
    match name {
        AllocatorName::NotSet => {}
        AllocatorName::Default | AllocatorName::Debug => {
            for d in [Domain::Raw, Domain::Mem, Domain::Obj] {
                cell(d).set(&default_table(d));
                if name == AllocatorName::Debug {
                    debug::setup_domain(d);
                }
            }
        }
        AllocatorName::Pymalloc | AllocatorName::PymallocDebug => {
            RAW.set(&MALLOC_ALLOC);
            MEM.set(&PYMALLOC_ALLOC);
            OBJ.set(&PYMALLOC_ALLOC);
            if name == AllocatorName::PymallocDebug {
                debug::setup_debug_hooks();
            }
        }
        AllocatorName::Malloc | AllocatorName::MallocDebug => {
            RAW.set(&MALLOC_ALLOC);
            MEM.set(&MALLOC_ALLOC);
            OBJ.set(&MALLOC_ALLOC);
            if name == AllocatorName::MallocDebug {
                debug::setup_debug_hooks();
            }
        }
    }
    true
}

/// `_PyMem_GetCurrentAllocatorName`: "malloc", "pymalloc", "malloc_debug", "pymalloc_debug",
/// or None when the tables match none of them.
pub fn current_allocator_name() -> Option<&'static CStr> {
    let (raw, mem, obj) = (RAW.get(), MEM.get(), OBJ.get());
    let all = |r: &PyMemAllocatorEx, m: &PyMemAllocatorEx, o: &PyMemAllocatorEx| {
        raw.same_as(r) && mem.same_as(m) && obj.same_as(o)
    };
    if all(&MALLOC_ALLOC, &MALLOC_ALLOC, &MALLOC_ALLOC) {
        return Some(c"malloc");
    }
    if all(&MALLOC_ALLOC, &PYMALLOC_ALLOC, &PYMALLOC_ALLOC) {
        return Some(c"pymalloc");
    }
    let (dr, dm, dob) = debug::debug_tables();
    if all(&dr, &dm, &dob) {
        let (ir, im, io) = debug::wrapped_tables();
        if ir.same_as(&MALLOC_ALLOC) && im.same_as(&MALLOC_ALLOC) && io.same_as(&MALLOC_ALLOC) {
            return Some(c"malloc_debug");
        }
        if ir.same_as(&MALLOC_ALLOC) && im.same_as(&PYMALLOC_ALLOC) && io.same_as(&PYMALLOC_ALLOC) {
            return Some(c"pymalloc_debug");
        }
    }
    None
}

/// Reads the current table of `domain` (for the debug hooks).
pub(crate) fn table(domain: Domain) -> PyMemAllocatorEx {
    cell(domain).get()
}

/// Replaces the table of `domain` (for the debug hooks).
pub(crate) fn install(domain: Domain, a: &PyMemAllocatorEx) {
    cell(domain).set(a)
}

/// `strdup` through `alloc` (for `_PyMem_RawStrdup` / `_PyMem_Strdup`).
///
/// # Safety
/// `s` must be a NUL-terminated string.
pub unsafe fn strdup_with(s: *const c_char, alloc: unsafe fn(usize) -> *mut c_void) -> *mut c_char {
    // SAFETY: the caller's contract.
    let len = unsafe { CStr::from_ptr(s) }.to_bytes_with_nul().len();
    // SAFETY: allocation through a domain entry point.
    let copy = unsafe { alloc(len) } as *mut c_char;
    if !copy.is_null() {
        // SAFETY: both ranges are `len` bytes long and distinct.
        unsafe { std::ptr::copy_nonoverlapping(s, copy, len) };
    }
    copy
}

/// `_PyMem_RawWcsdup`: wcsdup through PyMem_RawMalloc.
///
/// # Safety
/// `s` must be a NUL-terminated wide string.
pub unsafe fn raw_wcsdup(s: *const libc::wchar_t) -> *mut libc::wchar_t {
    let unit = std::mem::size_of::<libc::wchar_t>();
    // SAFETY: the caller's contract.
    let len = unsafe { libc::wcslen(s) };
    if len > PY_SSIZE_T_MAX / unit - 1 {
        return null_mut();
    }
    let size = (len + 1) * unit;
    // SAFETY: RAW-domain allocation.
    let copy = unsafe { raw_malloc(size) } as *mut libc::wchar_t;
    if !copy.is_null() {
        // SAFETY: both ranges are len + 1 units long and distinct.
        unsafe { std::ptr::copy_nonoverlapping(s, copy, len + 1) };
    }
    copy
}
