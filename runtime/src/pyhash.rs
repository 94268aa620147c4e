//! Hashing as CPython 3.11 does it (Python/pyhash.c, Python/bootstrap_hash.c): the hash
//! secret `_Py_HashSecret` and its seeding from `PYTHONHASHSEED`, SipHash-1-3 over bytes
//! (`_Py_HashBytes`, used by str, bytes and memoryview), `_Py_HashDouble` and
//! `_Py_HashPointer`. For the same seed, our str and bytes hashes equal CPython's.

use crate::abi::object::{PyObject, Py_hash_t};
use core::sync::atomic::{AtomicBool, Ordering};

/// `_Py_HashSecret_t`: 24 bytes; SipHash reads its first 16 as the keys k0, k1.
#[repr(C)]
#[derive(Clone, Copy)]
pub union _Py_HashSecret_t {
    pub uc: [u8; 24],
    pub siphash: SipKeys,
}

/// The `siphash` member of `_Py_HashSecret_t`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SipKeys {
    pub k0: u64,
    pub k1: u64,
}

const _: () = assert!(core::mem::size_of::<_Py_HashSecret_t>() == 24);

/// `_Py_HashSecret`: exported (C code and `sys.hash_info` users may read it).
#[no_mangle]
pub static mut _Py_HashSecret: _Py_HashSecret_t = _Py_HashSecret_t { uc: [0; 24] };

static SECRET_READY: AtomicBool = AtomicBool::new(false);

/// `_PyHASH_MODULUS` and friends (pyhash.h), for the numeric hashes.
pub const PYHASH_BITS: u32 = 61;
pub const PYHASH_MODULUS: u64 = (1u64 << PYHASH_BITS) - 1;
pub const PYHASH_INF: Py_hash_t = 314159;
pub const PYHASH_IMAG: Py_hash_t = 1000003;

/// How the secret is chosen (CPython's `use_hash_seed` / `hash_seed` configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashSeed {
    /// `PYTHONHASHSEED` unset or `random`: bytes from the OS.
    Random,
    /// `PYTHONHASHSEED=n`: 0 disables randomization (all-zero secret); other values seed
    /// CPython's linear congruential generator.
    Fixed(u32),
}

/// Reads `PYTHONHASHSEED` as CPython's config does: `Err` carries CPython's fatal message.
pub fn seed_from_env() -> Result<HashSeed, &'static str> {
    match std::env::var_os("PYTHONHASHSEED") {
        None => Ok(HashSeed::Random),
        Some(v) => parse_seed(v.to_str().unwrap_or("?")),
    }
}

/// Parses a `PYTHONHASHSEED` value (empty counts as unset, as in CPython).
pub fn parse_seed(text: &str) -> Result<HashSeed, &'static str> {
    if text.is_empty() || text == "random" {
        return Ok(HashSeed::Random);
    }
    const MSG: &str = "PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]";
    let digits = text.trim_start_matches(|c: char| c.is_ascii_whitespace());
    match digits.parse::<u64>() {
        Ok(n) if n <= u32::MAX as u64 => Ok(HashSeed::Fixed(n as u32)),
        _ => Err(MSG),
    }
}

/// The 24 secret bytes CPython derives from a fixed seed (`lcg_urandom`).
pub fn lcg_secret(seed: u32) -> [u8; 24] {
    let mut out = [0u8; 24];
    let mut x = seed;
    for b in out.iter_mut() {
        x = x.wrapping_mul(214013).wrapping_add(2531011);
        *b = ((x >> 16) & 0xff) as u8;
    }
    out
}

/// `_Py_HashRandomization_Init`: sets the secret once per process (later calls keep it).
pub fn init_secret(seed: HashSeed) {
    if SECRET_READY.load(Ordering::Acquire) {
        return;
    }
    let bytes = match seed {
        HashSeed::Fixed(0) => [0u8; 24],
        HashSeed::Fixed(n) => lcg_secret(n),
        HashSeed::Random => {
            let mut b = [0u8; 24];
            let mut filled = 0;
            while filled < b.len() {
                // SAFETY: getrandom writes at most the given number of bytes into our buffer.
                let n =
                    unsafe { libc::getrandom(b[filled..].as_mut_ptr().cast(), b.len() - filled, libc::GRND_NONBLOCK) };
                if n <= 0 {
                    // No entropy yet (early boot): fall back to the time and pid, as a last resort.
                    let t = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos() as u64)
                        .unwrap_or(0);
                    let mixed = t ^ ((std::process::id() as u64) << 32);
                    for (i, byte) in b[filled..].iter_mut().enumerate() {
                        *byte = (mixed.rotate_left(8 * (i as u32 % 8)) & 0xff) as u8 ^ i as u8;
                    }
                    break;
                }
                filled += n as usize;
            }
            b
        }
    };
    // SAFETY: the secret is written once, before any hash is computed from it (start-up or the
    // first hash, under the GIL).
    unsafe { (*(&raw mut _Py_HashSecret)).uc = bytes };
    SECRET_READY.store(true, Ordering::Release);
}

/// The SipHash keys, seeding the secret from the environment on first use. A malformed
/// `PYTHONHASHSEED` is fatal, as in CPython.
#[inline]
fn keys() -> SipKeys {
    if !SECRET_READY.load(Ordering::Acquire) {
        match seed_from_env() {
            Ok(seed) => init_secret(seed),
            Err(msg) => crate::lifecycle::fatal::fatal_error("_Py_HashRandomization_Init", msg.as_bytes()),
        }
    }
    // SAFETY: the secret is initialized and no longer written.
    unsafe { (*(&raw const _Py_HashSecret)).siphash }
}

#[inline(always)]
fn sip_round(v: &mut [u64; 4]) {
    v[0] = v[0].wrapping_add(v[1]);
    v[2] = v[2].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(13) ^ v[0];
    v[3] = v[3].rotate_left(16) ^ v[2];
    v[0] = v[0].rotate_left(32);
    v[2] = v[2].wrapping_add(v[1]);
    v[0] = v[0].wrapping_add(v[3]);
    v[1] = v[1].rotate_left(17) ^ v[2];
    v[3] = v[3].rotate_left(21) ^ v[0];
    v[2] = v[2].rotate_left(32);
}

/// SipHash-1-3 with CPython's finalization (`v0 ^ v1 ^ v2 ^ v3`).
pub fn siphash13(k0: u64, k1: u64, src: &[u8]) -> u64 {
    let mut v = [
        k0 ^ 0x736f6d6570736575,
        k1 ^ 0x646f72616e646f6d,
        k0 ^ 0x6c7967656e657261,
        k1 ^ 0x7465646279746573,
    ];
    let mut chunks = src.chunks_exact(8);
    for c in &mut chunks {
        let mi = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        v[3] ^= mi;
        sip_round(&mut v);
        v[0] ^= mi;
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let b = ((src.len() as u64) << 56) | u64::from_le_bytes(tail);
    v[3] ^= b;
    sip_round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    sip_round(&mut v);
    sip_round(&mut v);
    sip_round(&mut v);
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// `_Py_HashBytes`: 0 for empty input, never -1.
pub fn hash_bytes(src: &[u8]) -> Py_hash_t {
    if src.is_empty() {
        return 0;
    }
    let k = keys();
    let x = siphash13(k.k0, k.k1, src) as Py_hash_t;
    if x == -1 {
        -2
    } else {
        x
    }
}

/// `_Py_KeyedHash`: SipHash-1-3 keyed by `key` alone (used by the pyc hash of sources).
pub fn keyed_hash(key: u64, src: &[u8]) -> u64 {
    siphash13(key, 0, src)
}

/// `_Py_HashPointerRaw`: the address rotated by 4 bits (the low bits are alignment zeros).
pub fn hash_pointer_raw(p: *const core::ffi::c_void) -> Py_hash_t {
    (p as usize).rotate_right(4) as Py_hash_t
}

/// `_Py_HashPointer`: never -1.
pub fn hash_pointer(p: *const core::ffi::c_void) -> Py_hash_t {
    match hash_pointer_raw(p) {
        -1 => -2,
        x => x,
    }
}

/// `_Py_HashDouble(inst, v)`: the numeric hash of a float (reduction modulo 2**61 - 1), so
/// that equal numbers of different types hash alike; NaN hashes by the object's address.
pub fn hash_double(inst: *mut PyObject, v: f64) -> Py_hash_t {
    if !v.is_finite() {
        if v.is_infinite() {
            return if v > 0.0 { PYHASH_INF } else { -PYHASH_INF };
        }
        return hash_pointer(inst as *const _);
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & PYHASH_MODULUS) | (x >> (PYHASH_BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= PYHASH_MODULUS {
            x -= PYHASH_MODULUS;
        }
    }
    // Multiply by 2**e: a rotation modulo 2**61 - 1.
    let e = if e >= 0 {
        e % PYHASH_BITS as i32
    } else {
        PYHASH_BITS as i32 - 1 - ((-1 - e) % PYHASH_BITS as i32)
    };
    x = ((x << e) & PYHASH_MODULUS) | (x >> (PYHASH_BITS as i32 - e));
    let r = (x as i64).wrapping_mul(sign);
    if r == -1 {
        -2
    } else {
        r as Py_hash_t
    }
}

/// C's `frexp`: `v == m * 2**e` with `0.5 <= |m| < 1` (or `m == 0`).
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 || !v.is_finite() {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * f64::from_bits(0x4350000000000000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

/// `PyHash_FuncDef` (pyhash.h): what `PyHash_GetFuncDef` describes.
#[repr(C)]
pub struct PyHash_FuncDef {
    pub hash: Option<unsafe extern "C" fn(*const core::ffi::c_void, isize) -> Py_hash_t>,
    pub name: *const core::ffi::c_char,
    pub hash_bits: core::ffi::c_int,
    pub seed_bits: core::ffi::c_int,
}

// SAFETY: the definition is immutable and its name is a static C string.
unsafe impl Sync for PyHash_FuncDef {}

/// The `hash` member of the function definition: SipHash-1-3 with the secret.
///
/// # Safety
/// `src` points to `len` readable bytes.
pub unsafe extern "C" fn pysiphash(src: *const core::ffi::c_void, len: isize) -> Py_hash_t {
    let bytes = if len <= 0 {
        &[][..]
    } else {
        core::slice::from_raw_parts(src as *const u8, len as usize)
    };
    let k = keys();
    siphash13(k.k0, k.k1, bytes) as Py_hash_t
}

/// The hash algorithm in use, as `sys.hash_info` reports it.
pub static HASH_FUNC_DEF: PyHash_FuncDef = PyHash_FuncDef {
    hash: Some(pysiphash),
    name: c"siphash13".as_ptr(),
    hash_bits: 64,
    seed_bits: 128,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siphash13_matches_cpython_zero_key() {
        let _runtime = crate::testing::hold_runtime();
        // hash('abc'.encode()) == hash(b'abc') under PYTHONHASHSEED=0 on CPython 3.11.
        assert_eq!(siphash13(0, 0, b"abc") as i64, -4594863902769663758);
        assert_eq!(siphash13(0, 0, &[b'a'; 100]) as i64, -2643860352045292050);
    }

    #[test]
    fn lcg_matches_cpython() {
        let _runtime = crate::testing::hold_runtime();
        // First bytes of the secret for PYTHONHASHSEED=1 (x = 1*214013+2531011 = 2745024 -> byte 0x29).
        assert_eq!(lcg_secret(1)[0], ((2_745_024u32 >> 16) & 0xff) as u8);
    }

    #[test]
    fn seed_parsing() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(parse_seed("0"), Ok(HashSeed::Fixed(0)));
        assert_eq!(parse_seed("random"), Ok(HashSeed::Random));
        assert_eq!(parse_seed("4294967295"), Ok(HashSeed::Fixed(u32::MAX)));
        assert!(parse_seed("4294967296").is_err());
        assert!(parse_seed("-1").is_err());
    }

    #[test]
    fn hash_double_matches_cpython() {
        let _runtime = crate::testing::hold_runtime();
        let none = core::ptr::null_mut();
        assert_eq!(hash_double(none, 1.5), 1152921504606846977);
        assert_eq!(hash_double(none, -1.0), -2);
        assert_eq!(hash_double(none, 0.1), 230584300921369408);
        assert_eq!(hash_double(none, 1e300), 1224995262755759164);
        assert_eq!(hash_double(none, 5e-324), 16777216);
        assert_eq!(hash_double(none, 1.5e-323), 50331648);
        assert_eq!(hash_double(none, f64::INFINITY), 314159);
    }
}
