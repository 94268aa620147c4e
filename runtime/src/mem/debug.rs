//! The debug hooks of `PyMem_SetupDebugHooks` (and `PYTHONMALLOC=debug`), with CPython 3.11's
//! block layout, byte patterns and messages, so tools and tests that know them keep working.
//!
//! Each hooked domain wraps the allocator it replaced. A block of `n` bytes is asked of that
//! allocator as `n + 3 * S` bytes (S = sizeof(size_t)) and laid out as
//!
//! ```text
//! [ n: S bytes, big-endian | API id: 1 byte | S-1 FORBIDDENBYTEs | n data bytes | S FORBIDDENBYTEs ]
//!                                                                ^ returned pointer
//! ```
//!
//! New data bytes are CLEANBYTE (0xCD), freed blocks are overwritten with DEADBYTE (0xDD), the
//! pads are FORBIDDENBYTE (0xFD). The API id ('r', 'm', 'o') catches a block freed or resized
//! through another domain; the pads catch writes before and after the data. A violation dumps
//! the block to stderr and ends in `Fatal Python error`.
//!
//! This module also owns the fatal-error exit used by the allocators.

use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::domains::{self, AllocatorCell, Domain, PyMemAllocatorEx, MALLOC_ALLOC, PYMALLOC_ALLOC};
use super::PY_SSIZE_T_MAX;

pub const CLEANBYTE: u8 = 0xCD;
pub const DEADBYTE: u8 = 0xDD;
pub const FORBIDDENBYTE: u8 = 0xFD;

const SST: usize = std::mem::size_of::<usize>();
/// Header (size, id, pad) plus trailer (pad).
pub const EXTRA_BYTES: usize = 3 * SST;
/// Bytes saved at each end of a block around a debug realloc.
const ERASED_SIZE: usize = 64;

/// One hooked domain: its API id and the allocator it wraps. A pointer to it is the `ctx` of
/// the hook table, as in CPython.
pub struct DebugApi {
    pub api_id: u8,
    inner: AllocatorCell,
}

pub static DEBUG_RAW: DebugApi = DebugApi {
    api_id: b'r',
    inner: AllocatorCell::new(MALLOC_ALLOC),
};
pub static DEBUG_MEM: DebugApi = DebugApi {
    api_id: b'm',
    inner: AllocatorCell::new(PYMALLOC_ALLOC),
};
pub static DEBUG_OBJ: DebugApi = DebugApi {
    api_id: b'o',
    inner: AllocatorCell::new(PYMALLOC_ALLOC),
};

fn api_of(domain: Domain) -> &'static DebugApi {
    match domain {
        Domain::Raw => &DEBUG_RAW,
        Domain::Mem => &DEBUG_MEM,
        Domain::Obj => &DEBUG_OBJ,
    }
}

/// The table that routes `domain` through the hooks.
fn hook_table(domain: Domain) -> PyMemAllocatorEx {
    let ctx = api_of(domain) as *const DebugApi as *mut c_void;
    match domain {
        Domain::Raw => PyMemAllocatorEx {
            ctx,
            malloc: Some(debug_raw_malloc),
            calloc: Some(debug_raw_calloc),
            realloc: Some(debug_raw_realloc),
            free: Some(debug_raw_free),
        },
        Domain::Mem | Domain::Obj => PyMemAllocatorEx {
            ctx,
            malloc: Some(debug_malloc),
            calloc: Some(debug_calloc),
            realloc: Some(debug_realloc),
            free: Some(debug_free),
        },
    }
}

/// The hook tables of RAW, MEM, OBJ (to recognise them in allocator names).
pub(crate) fn debug_tables() -> (PyMemAllocatorEx, PyMemAllocatorEx, PyMemAllocatorEx) {
    (
        hook_table(Domain::Raw),
        hook_table(Domain::Mem),
        hook_table(Domain::Obj),
    )
}

/// The allocators the hooks of RAW, MEM, OBJ wrap.
pub(crate) fn wrapped_tables() -> (PyMemAllocatorEx, PyMemAllocatorEx, PyMemAllocatorEx) {
    (
        DEBUG_RAW.inner.get(),
        DEBUG_MEM.inner.get(),
        DEBUG_OBJ.inner.get(),
    )
}

/// Installs the hooks on `domain` unless they are already there.
pub fn setup_domain(domain: Domain) {
    let current = domains::table(domain);
    let hooks = hook_table(domain);
    if addr_of_malloc(&current) == addr_of_malloc(&hooks) {
        return;
    }
    api_of(domain).inner.set(&current);
    domains::install(domain, &hooks);
}

fn addr_of_malloc(a: &PyMemAllocatorEx) -> usize {
    a.malloc.map_or(0, |f| f as usize)
}

/// `PyMem_SetupDebugHooks`: hooks all three domains.
pub fn setup_debug_hooks() {
    setup_domain(Domain::Raw);
    setup_domain(Domain::Mem);
    setup_domain(Domain::Obj);
}

// ---------------------------------------------------------------------------------------------
// Fatal errors: the one mechanism lives in lifecycle::fatal; the names stay here for the
// allocator code and its callers.

pub use crate::lifecycle::fatal::{fatal_error, fatal_on_panic, set_fatal_error_handler};
use crate::lifecycle::fatal::write_stderr;

static GIL_CHECK: AtomicPtr<()> = AtomicPtr::new(null_mut());

/// Lets the lifecycle code install `PyGILState_Check` for the MEM/OBJ hooks. Without one the
/// GIL counts as held, which is what CPython answers before `Py_Initialize`.
pub fn set_gil_check(check: fn() -> bool) {
    GIL_CHECK.store(check as *mut (), Ordering::Release);
}

// ---------------------------------------------------------------------------------------------
// Block layout.

/// Reads the big-endian size stored at `p`.
///
/// # Safety
/// `p` must be readable for SST bytes.
unsafe fn read_size(p: *const u8) -> usize {
    let mut bytes = [0u8; SST];
    // SAFETY: the caller's contract.
    unsafe { std::ptr::copy_nonoverlapping(p, bytes.as_mut_ptr(), SST) };
    usize::from_be_bytes(bytes)
}

/// Writes the header and trailer of a block of `n` data bytes whose allocation starts at
/// `head`, and returns the data pointer.
///
/// # Safety
/// `head` must be writable for `n + EXTRA_BYTES` bytes.
unsafe fn decorate(head: *mut u8, n: usize, api_id: u8) -> *mut u8 {
    // SAFETY: the caller's contract covers header, data and trailer.
    unsafe {
        std::ptr::copy_nonoverlapping(n.to_be_bytes().as_ptr(), head, SST);
        *head.add(SST) = api_id;
        std::ptr::write_bytes(head.add(SST + 1), FORBIDDENBYTE, SST - 1);
        let data = head.add(2 * SST);
        std::ptr::write_bytes(data.add(n), FORBIDDENBYTE, SST);
        data
    }
}

/// What is wrong with a debug block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// Allocated through the domain with id `found`, released or resized through `expected`.
    BadId { found: u8, expected: u8 },
    /// Something wrote over the pad before the data.
    BadLeadingPad,
    /// Something wrote over the pad after the data.
    BadTrailingPad,
}

impl Violation {
    /// CPython's message (bytes: an id read from a corrupted header need not be ASCII).
    pub fn message(&self) -> Vec<u8> {
        match *self {
            Violation::BadId { found, expected } => {
                let mut m = b"bad ID: Allocated using API '".to_vec();
                m.push(found);
                m.extend_from_slice(b"', verified using API '");
                m.push(expected);
                m.push(b'\'');
                m
            }
            Violation::BadLeadingPad => b"bad leading pad byte".to_vec(),
            Violation::BadTrailingPad => b"bad trailing pad byte".to_vec(),
        }
    }
}

/// Checks the API id and both pads of the debug block at `p`, in CPython's order (the id, then
/// the leading pad, and the trailing pad only when the size field can be trusted).
///
/// # Safety
/// `p` must be a pointer returned by a debug hook (possibly corrupted around it).
pub unsafe fn check_block(api_id: u8, p: *const u8) -> Result<(), Violation> {
    // SAFETY: the header precedes p (the caller's contract).
    unsafe {
        let found = *p.sub(SST);
        if found != api_id {
            return Err(Violation::BadId {
                found,
                expected: api_id,
            });
        }
        if (1..SST).any(|i| *p.sub(i) != FORBIDDENBYTE) {
            return Err(Violation::BadLeadingPad);
        }
        let tail = p.add(read_size(p.sub(2 * SST)));
        if (0..SST).any(|i| *tail.add(i) != FORBIDDENBYTE) {
            return Err(Violation::BadTrailingPad);
        }
    }
    Ok(())
}

/// `_PyObject_DebugDumpAddress`: describes the block at `p` on stderr, in CPython's words.
///
/// # Safety
/// As for [`check_block`].
pub unsafe fn dump_block(p: *const u8) {
    use std::io::Write;
    let mut out: Vec<u8> = Vec::with_capacity(1024);
    // SAFETY: the header and trailer surround p (the caller's contract).
    unsafe {
        let _ = write!(out, "Debug memory block at address p={:p}:", p);
        let id = *p.sub(SST);
        out.extend_from_slice(b" API '");
        out.push(id);
        out.extend_from_slice(b"'\n");
        let n = read_size(p.sub(2 * SST));
        let _ = writeln!(out, "    {n} bytes originally requested");

        let _ = write!(out, "    The {} pad bytes at p-{} are ", SST - 1, SST - 1);
        if (1..SST).all(|i| *p.sub(i) == FORBIDDENBYTE) {
            out.extend_from_slice(b"FORBIDDENBYTE, as expected.\n");
        } else {
            let _ = writeln!(out, "not all FORBIDDENBYTE (0x{FORBIDDENBYTE:02x}):");
            for i in (1..SST).rev() {
                let byte = *p.sub(i);
                let _ = write!(out, "        at p-{i}: 0x{byte:02x}");
                if byte != FORBIDDENBYTE {
                    out.extend_from_slice(b" *** OUCH");
                }
                out.push(b'\n');
            }
            out.extend_from_slice(
                b"    Because memory is corrupted at the start, the count of bytes requested\n       \
                  may be bogus, and checking the trailing pad bytes may segfault.\n",
            );
        }

        let tail = p.add(n);
        let _ = write!(out, "    The {SST} pad bytes at tail={:p} are ", tail);
        if (0..SST).all(|i| *tail.add(i) == FORBIDDENBYTE) {
            out.extend_from_slice(b"FORBIDDENBYTE, as expected.\n");
        } else {
            let _ = writeln!(out, "not all FORBIDDENBYTE (0x{FORBIDDENBYTE:02x}):");
            for i in 0..SST {
                let byte = *tail.add(i);
                let _ = write!(out, "        at tail+{i}: 0x{byte:02x}");
                if byte != FORBIDDENBYTE {
                    out.extend_from_slice(b" *** OUCH");
                }
                out.push(b'\n');
            }
        }

        if n > 0 {
            // Up to 8 bytes from the start and up to 8 before the end.
            out.extend_from_slice(b"    Data at p:");
            let head = n.min(8);
            for i in 0..head {
                let _ = write!(out, " {:02x}", *p.add(i));
            }
            let mut from = head;
            if n - from > 8 {
                out.extend_from_slice(b" ...");
                from = n - 8;
            }
            for i in from..n {
                let _ = write!(out, " {:02x}", *p.add(i));
            }
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    // Allocation tracebacks belong to tracemalloc, which is not tracing here.
    out.extend_from_slice(b"Enable tracemalloc to get the memory block allocation traceback\n\n");
    write_stderr(&out);
}

/// Checks the block, and on a violation dumps it and ends the process.
unsafe fn check_or_die(func: &str, api_id: u8, p: *const u8) {
    // SAFETY: forwarded contract.
    if let Err(v) = unsafe { check_block(api_id, p) } {
        // SAFETY: forwarded contract.
        unsafe { dump_block(p) };
        fatal_error(func, &v.message());
    }
}

// ---------------------------------------------------------------------------------------------
// The hooks.

/// # Safety
/// `ctx` must be one of the DebugApi statics.
unsafe fn api<'a>(ctx: *mut c_void) -> &'a DebugApi {
    // SAFETY: the hook tables carry a DebugApi as their ctx.
    unsafe { &*(ctx as *const DebugApi) }
}

unsafe fn debug_alloc(use_calloc: bool, ctx: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: ctx comes from a hook table.
    let api = unsafe { api(ctx) };
    if n > PY_SSIZE_T_MAX - EXTRA_BYTES {
        return null_mut();
    }
    let total = n + EXTRA_BYTES;
    let inner = api.inner.get();
    // SAFETY: the wrapped allocator, with its own context.
    let head = unsafe {
        if use_calloc {
            match inner.calloc {
                Some(f) => f(inner.ctx, 1, total),
                None => fatal_error(
                    "_PyMem_DebugRawCalloc",
                    b"the wrapped allocator has no calloc function",
                ),
            }
        } else {
            match inner.malloc {
                Some(f) => f(inner.ctx, total),
                None => fatal_error(
                    "_PyMem_DebugRawMalloc",
                    b"the wrapped allocator has no malloc function",
                ),
            }
        }
    } as *mut u8;
    if head.is_null() {
        return null_mut();
    }
    // SAFETY: head has total bytes.
    unsafe {
        let data = decorate(head, n, api.api_id);
        if n > 0 && !use_calloc {
            std::ptr::write_bytes(data, CLEANBYTE, n);
        }
        data as *mut c_void
    }
}

unsafe extern "C" fn debug_raw_malloc(ctx: *mut c_void, n: usize) -> *mut c_void {
    // SAFETY: called through the hook table.
    unsafe { debug_alloc(false, ctx, n) }
}

unsafe extern "C" fn debug_raw_calloc(
    ctx: *mut c_void,
    nelem: usize,
    elsize: usize,
) -> *mut c_void {
    let Some(n) = nelem.checked_mul(elsize) else {
        return null_mut();
    };
    // SAFETY: called through the hook table.
    unsafe { debug_alloc(true, ctx, n) }
}

unsafe extern "C" fn debug_raw_free(ctx: *mut c_void, p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: ctx comes from a hook table; p is a debug block of this domain (checked).
    unsafe {
        let api = api(ctx);
        let p = p as *mut u8;
        check_or_die("_PyMem_DebugRawFree", api.api_id, p);
        let head = p.sub(2 * SST);
        let n = read_size(head);
        std::ptr::write_bytes(head, DEADBYTE, n + EXTRA_BYTES);
        let inner = api.inner.get();
        match inner.free {
            Some(f) => f(inner.ctx, head as *mut c_void),
            None => fatal_error(
                "_PyMem_DebugRawFree",
                b"the wrapped allocator has no free function",
            ),
        }
    }
}

unsafe extern "C" fn debug_raw_realloc(ctx: *mut c_void, p: *mut c_void, n: usize) -> *mut c_void {
    if p.is_null() {
        // SAFETY: called through the hook table.
        return unsafe { debug_alloc(false, ctx, n) };
    }
    // SAFETY: ctx comes from a hook table; p is a debug block of this domain (checked first).
    unsafe {
        let api = api(ctx);
        let data = p as *mut u8;
        check_or_die("_PyMem_DebugRawRealloc", api.api_id, data);
        let mut head = data.sub(2 * SST);
        let old_n = read_size(head);
        if n > PY_SSIZE_T_MAX - EXTRA_BYTES {
            return null_mut();
        }

        // Kill the header, the trailer and the data near both ends before the move, so a stale
        // pointer into the old block reads DEADBYTE; keep copies to restore into the new one.
        let mut saved = [0u8; 2 * ERASED_SIZE];
        let whole = old_n <= saved.len();
        if whole {
            std::ptr::copy_nonoverlapping(data, saved.as_mut_ptr(), old_n);
            std::ptr::write_bytes(head, DEADBYTE, old_n + EXTRA_BYTES);
        } else {
            let tail = data.add(old_n);
            std::ptr::copy_nonoverlapping(data, saved.as_mut_ptr(), ERASED_SIZE);
            std::ptr::write_bytes(head, DEADBYTE, 2 * SST + ERASED_SIZE);
            std::ptr::copy_nonoverlapping(
                tail.sub(ERASED_SIZE),
                saved.as_mut_ptr().add(ERASED_SIZE),
                ERASED_SIZE,
            );
            std::ptr::write_bytes(tail.sub(ERASED_SIZE), DEADBYTE, ERASED_SIZE + SST);
        }

        let inner = api.inner.get();
        let moved = match inner.realloc {
            Some(f) => f(inner.ctx, head as *mut c_void, n + EXTRA_BYTES) as *mut u8,
            None => fatal_error(
                "_PyMem_DebugRawRealloc",
                b"the wrapped allocator has no realloc function",
            ),
        };
        // On failure the old block is still there: redecorate it at its old size.
        let new_n = if moved.is_null() { old_n } else { n };
        if !moved.is_null() {
            head = moved;
        }
        let data = decorate(head, new_n, api.api_id);

        if whole {
            std::ptr::copy_nonoverlapping(saved.as_ptr(), data, new_n.min(old_n));
        } else {
            std::ptr::copy_nonoverlapping(saved.as_ptr(), data, new_n.min(ERASED_SIZE));
            let end_start = old_n - ERASED_SIZE;
            if new_n > end_start {
                std::ptr::copy_nonoverlapping(
                    saved.as_ptr().add(ERASED_SIZE),
                    data.add(end_start),
                    (new_n - end_start).min(ERASED_SIZE),
                );
            }
        }
        if moved.is_null() {
            return null_mut();
        }
        if new_n > old_n {
            std::ptr::write_bytes(data.add(old_n), CLEANBYTE, new_n - old_n);
        }
        data as *mut c_void
    }
}

fn check_gil(func: &str) {
    let check = GIL_CHECK.load(Ordering::Acquire);
    if check.is_null() {
        return;
    }
    // SAFETY: stored from a `fn() -> bool` by set_gil_check.
    let check = unsafe { std::mem::transmute::<*mut (), fn() -> bool>(check) };
    if !check() {
        fatal_error(
            func,
            b"Python memory allocator called without holding the GIL",
        );
    }
}

unsafe extern "C" fn debug_malloc(ctx: *mut c_void, n: usize) -> *mut c_void {
    check_gil("_PyMem_DebugMalloc");
    // SAFETY: called through the hook table.
    unsafe { debug_raw_malloc(ctx, n) }
}

unsafe extern "C" fn debug_calloc(ctx: *mut c_void, nelem: usize, elsize: usize) -> *mut c_void {
    check_gil("_PyMem_DebugCalloc");
    // SAFETY: called through the hook table.
    unsafe { debug_raw_calloc(ctx, nelem, elsize) }
}

unsafe extern "C" fn debug_realloc(ctx: *mut c_void, p: *mut c_void, n: usize) -> *mut c_void {
    check_gil("_PyMem_DebugRealloc");
    // SAFETY: called through the hook table.
    unsafe { debug_raw_realloc(ctx, p, n) }
}

unsafe extern "C" fn debug_free(ctx: *mut c_void, p: *mut c_void) {
    check_gil("_PyMem_DebugFree");
    // SAFETY: called through the hook table.
    unsafe { debug_raw_free(ctx, p) }
}
