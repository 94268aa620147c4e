//! `_PyRuntime`: the process-wide runtime state, exported under CPython's name and in its own
//! `.PyRuntime` section so that samplers (py-spy, austin) find it by symbol or by section, and
//! so that lib-dynload modules built with `Py_BUILD_CORE_MODULE` find the small ints, the
//! `_Py_ID` strings and the other global singletons at CPython 3.11.7's offsets.
//!
//! The static is built at compile time. Its global objects get the values CPython's
//! `_Py_global_objects_INIT` gives them (immortal refcount 999999999, hashes not computed,
//! strings compact/ready/not interned); everything else (interpreters, GIL, thread states, the
//! embedded main interpreter) starts zero and is filled in at start-up.

use crate::abi::object::PyObject;
use crate::abi::pycore_global_objects::{_Py_global_objects, GlobalObjectTypes, _PY_NSMALLNEGINTS, _PY_NSMALLPOSINTS};
use crate::abi::pycore_runtime::_PyRuntimeState;
use crate::objects::bytesobject::PyBytes_Type;
use crate::objects::longobject::PyLong_Type;
use crate::objects::tupleobject::PyTuple_Type;
use crate::objects::unicodeobject::PyUnicode_Type;
use core::ptr::addr_of_mut;

/// The runtime state as it is before start-up: global objects initialized, the rest zero.
const fn initial_runtime_state(types: GlobalObjectTypes) -> _PyRuntimeState {
    // SAFETY: all-zero bytes are a valid `_PyRuntimeState`: its fields are integers, raw
    // pointers, `Option`s of function pointers, atomics and glibc pthread objects, whose
    // static initializers (PTHREAD_MUTEX_INITIALIZER / PTHREAD_COND_INITIALIZER) are all zero.
    let mut state: _PyRuntimeState = unsafe { core::mem::zeroed() };
    state.global_objects = _Py_global_objects::new(types);
    state
}

/// CPython's `_PyRuntime` (166,688 bytes, section `.PyRuntime`).
#[no_mangle]
#[link_section = ".PyRuntime"]
pub static mut _PyRuntime: _PyRuntimeState = initial_runtime_state(GlobalObjectTypes {
    long_type: addr_of_mut!(PyLong_Type),
    bytes_type: addr_of_mut!(PyBytes_Type),
    unicode_type: addr_of_mut!(PyUnicode_Type),
    tuple_type: addr_of_mut!(PyTuple_Type),
});

/// The runtime state.
pub fn runtime() -> *mut _PyRuntimeState {
    addr_of_mut!(_PyRuntime)
}

/// The static int object for `value` if it is one of the small ints (-5 ..= 256).
pub fn small_int(value: i64) -> Option<*mut PyObject> {
    let index = usize::try_from(value.checked_add(_PY_NSMALLNEGINTS as i64)?).ok()?;
    if index >= _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS {
        return None;
    }
    // SAFETY: only an address inside the static is computed; the index is in bounds.
    Some(unsafe { addr_of_mut!(_PyRuntime.global_objects.singletons.small_ints[index]) }.cast())
}

/// `b""`.
pub fn bytes_empty() -> *mut PyObject {
    // SAFETY: only the address of a field of the static is taken.
    unsafe { addr_of_mut!(_PyRuntime.global_objects.singletons.bytes_empty) }.cast()
}

/// `bytes([c])`.
pub fn bytes_char(c: u8) -> *mut PyObject {
    // SAFETY: only the address of a field of the static is taken; `c` indexes 256 entries.
    unsafe { addr_of_mut!(_PyRuntime.global_objects.singletons.bytes_characters[c as usize].ob) }.cast()
}

/// The one-character str `chr(c)` for c < 256 (`LATIN1(c)` in CPython).
pub fn latin1_char(c: u8) -> *mut PyObject {
    // SAFETY: only the address of a field of the static is taken; both tables have 128 entries.
    unsafe {
        if c < 128 {
            addr_of_mut!(_PyRuntime.global_objects.singletons.strings.ascii[c as usize]._ascii).cast()
        } else {
            addr_of_mut!(_PyRuntime.global_objects.singletons.strings.latin1[c as usize - 128]._latin1).cast()
        }
    }
}

/// `()`.
pub fn tuple_empty() -> *mut PyObject {
    // SAFETY: only the address of a field of the static is taken.
    unsafe { addr_of_mut!(_PyRuntime.global_objects.singletons.tuple_empty) }.cast()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::object::PyTypeObject;
    use crate::abi::pycore_global_strings::{GlobalStringKind, GLOBAL_STRINGS};
    use core::mem::offset_of;
    use core::ptr::addr_of;

    /// Offset of the strings inside `_PyRuntime`.
    const STRINGS: usize = offset_of!(_PyRuntimeState, global_objects.singletons.strings);

    /// `_PyRuntime` as the program loaded it (relocated, before any code ran): other tests in
    /// this binary start the runtime and change reference counts and state concurrently.
    static mut PRISTINE: [u8; core::mem::size_of::<_PyRuntimeState>()] = [0; core::mem::size_of::<_PyRuntimeState>()];

    #[used]
    #[link_section = ".init_array"]
    static TAKE_PRISTINE: extern "C" fn() = {
        extern "C" fn take() {
            // SAFETY: runs at load time, before main and any test thread; copies the static.
            unsafe {
                core::ptr::copy_nonoverlapping(
                    addr_of!(_PyRuntime).cast::<u8>(),
                    (&raw mut PRISTINE).cast::<u8>(),
                    core::mem::size_of::<_PyRuntimeState>(),
                );
            }
        }
        take
    };

    fn bytes() -> &'static [u8] {
        // SAFETY: written once at load time, only read afterwards.
        unsafe { &*(&raw const PRISTINE) }
    }

    fn word(offset: usize) -> u64 {
        u64::from_le_bytes(bytes()[offset..offset + 8].try_into().unwrap())
    }

    fn u32_at(offset: usize) -> u32 {
        u32::from_le_bytes(bytes()[offset..offset + 4].try_into().unwrap())
    }

    fn addr(ty: *mut PyTypeObject) -> u64 {
        ty as usize as u64
    }

    #[test]
    fn static_has_cpythons_size() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: only the address is taken.
        let size = core::mem::size_of_val(unsafe { &*addr_of!(_PyRuntime) });
        assert_eq!(size, 166_688);
    }

    #[test]
    fn small_ints_sit_where_inlined_code_reads_them() {
        let _runtime = crate::testing::hold_runtime();
        let long_type = addr(addr_of_mut!(PyLong_Type));
        // 0 at 840 and 1 at 872, as `_PyLong_GetZero/One` inline them.
        assert_eq!(word(840), 999_999_999);
        assert_eq!(word(848), long_type);
        assert_eq!(word(856), 0, "ob_size of 0");
        assert_eq!(u32_at(864), 0, "digit of 0");
        assert_eq!((word(872 + 16), u32_at(872 + 24)), (1, 1));
        // -5 is first, 256 last.
        assert_eq!((word(680 + 16) as i64, u32_at(680 + 24)), (-1, 5));
        let last = 680 + 261 * 32;
        assert_eq!((word(last + 16), u32_at(last + 24)), (1, 256));
        assert_eq!(small_int(0).map(|p| p as usize - runtime() as usize), Some(840));
        assert_eq!(small_int(256).map(|p| p as usize - runtime() as usize), Some(last));
        assert_eq!(small_int(257), None);
        assert_eq!(small_int(-6), None);
        assert_eq!(small_int(i64::MAX), None);
        assert_eq!(small_int(i64::MIN), None);
    }

    #[test]
    fn bytes_singletons() {
        let _runtime = crate::testing::hold_runtime();
        let bytes_type = addr(addr_of_mut!(PyBytes_Type));
        assert_eq!(bytes_empty() as usize - runtime() as usize, 9064);
        assert_eq!((word(9064), word(9064 + 8), word(9064 + 16)), (999_999_999, bytes_type, 0));
        assert_eq!(word(9064 + 24) as i64, -1, "hash not computed");
        let a = bytes_char(b'a') as usize - runtime() as usize;
        assert_eq!(a, 9104 + 97 * 48);
        assert_eq!((word(a + 8), word(a + 16), word(a + 24) as i64), (bytes_type, 1, -1));
        assert_eq!(&bytes()[a + 32..a + 34], b"a\0");
        assert_eq!(bytes()[a + 40], 0, "eos");
    }

    #[test]
    fn id_strings_hold_their_text() {
        let _runtime = crate::testing::hold_runtime();
        let unicode_type = addr(addr_of_mut!(PyUnicode_Type));
        let name =
            GLOBAL_STRINGS.iter().find(|e| e.kind == GlobalStringKind::Identifier && e.name == "__name__").unwrap();
        let at = STRINGS + name.offset;
        assert_eq!(at, offset_of!(_PyRuntimeState, global_objects.singletons.strings.identifiers.___name__));
        assert_eq!((word(at), word(at + 8), word(at + 16), word(at + 24) as i64), (999_999_999, unicode_type, 8, -1));
        assert_eq!(u32_at(at + 32), 0xE4, "kind 1, compact, ascii, ready, not interned");
        assert_eq!(&bytes()[at + 48..at + 57], b"__name__\0");
        assert_eq!(crate::_Py_ID!(__name__) as usize - runtime() as usize, at);
        // Every literal and identifier: header, then its text and NUL.
        for e in GLOBAL_STRINGS.iter() {
            let at = STRINGS + e.offset;
            assert_eq!(word(at + 16) as usize, e.text.len(), "{}", e.name);
            assert_eq!(&bytes()[at + 48..at + 48 + e.text.len()], e.text.as_bytes(), "{}", e.name);
            assert_eq!(bytes()[at + 48 + e.text.len()], 0, "{}", e.name);
        }
        let empty = crate::_Py_STR!(empty) as usize - runtime() as usize;
        assert_eq!((word(empty + 16), bytes()[empty + 48]), (0, 0));
    }

    #[test]
    fn one_character_strings() {
        let _runtime = crate::testing::hold_runtime();
        let a = latin1_char(b'A') as usize - runtime() as usize;
        assert_eq!(a, 41_480 + 65 * 56);
        assert_eq!((word(a), word(a + 16), u32_at(a + 32)), (999_999_999, 1, 0xE4));
        assert_eq!(&bytes()[a + 48..a + 50], b"A\0");
        let e_acute = latin1_char(0xE9) as usize - runtime() as usize;
        assert_eq!(e_acute, 48_648 + (0xE9 - 128) * 80);
        assert_eq!((word(e_acute + 16), u32_at(e_acute + 32)), (1, 0xA4), "kind 1, compact, ready, not ascii");
        assert_eq!((word(e_acute + 48), word(e_acute + 56)), (0, 0), "no UTF-8 form yet");
        assert_eq!(&bytes()[e_acute + 72..e_acute + 74], &[0xE9, 0]);
    }

    #[test]
    fn empty_tuple_and_untouched_state() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(tuple_empty() as usize - runtime() as usize, 58_904);
        assert_eq!((word(58_904), word(58_912), word(58_920)), (999_999_999, addr(addr_of_mut!(PyTuple_Type)), 0));
        assert!(bytes()[..680].iter().all(|&b| b == 0), "runtime fields start zero");
        assert!(bytes()[58_936..].iter().all(|&b| b == 0), "the main interpreter starts zero");
    }

    /// The installed CPython's libpython3.11.so.1.0, if there is one to compare against.
    fn cpython_library() -> Option<Vec<u8>> {
        let out = std::process::Command::new("python3.11")
            .args(["-c", "import sysconfig; print(sysconfig.get_config_var('LIBDIR'))"])
            .output()
            .ok()?;
        let dir = String::from_utf8(out.stdout).ok()?;
        std::fs::read(std::path::Path::new(dir.trim()).join("libpython3.11.so.1.0")).ok()
    }

    /// The file contents of the ELF64 section called `name`.
    fn elf_section<'a>(elf: &'a [u8], name: &str) -> Option<&'a [u8]> {
        let u16_at = |o: usize| u16::from_le_bytes(elf[o..o + 2].try_into().unwrap()) as usize;
        let u32_at = |o: usize| u32::from_le_bytes(elf[o..o + 4].try_into().unwrap()) as usize;
        let u64_at = |o: usize| u64::from_le_bytes(elf[o..o + 8].try_into().unwrap()) as usize;
        if elf.get(..5)? != b"\x7fELF\x02" {
            return None;
        }
        let (shoff, shentsize, shnum, shstrndx) = (u64_at(0x28), u16_at(0x3A), u16_at(0x3C), u16_at(0x3E));
        let header = |i: usize| shoff + i * shentsize;
        let strtab = u64_at(header(shstrndx) + 0x18);
        (0..shnum).find_map(|i| {
            let h = header(i);
            let name_at = strtab + u32_at(h);
            let end = name_at + elf[name_at..].iter().position(|&b| b == 0)?;
            (&elf[name_at..end] == name.as_bytes()).then(|| &elf[u64_at(h + 0x18)..u64_at(h + 0x18) + u64_at(h + 0x20)])
        })
    }

    /// Differential test: the global objects are byte for byte what CPython's library holds in
    /// its `.PyRuntime` section, except the `ob_type` pointers (relocated at load time).
    #[test]
    fn global_objects_match_cpythons_library() {
        let _runtime = crate::testing::hold_runtime();
        let Some(lib) = cpython_library() else {
            eprintln!("CPython's libpython3.11.so.1.0 not found: comparison skipped");
            return;
        };
        let theirs = elf_section(&lib, ".PyRuntime").expect("CPython's library has a .PyRuntime section");
        assert_eq!(theirs.len(), 166_688);
        let singletons = offset_of!(_PyRuntimeState, global_objects.singletons);
        let mut type_fields = Vec::new();
        for i in 0..262 {
            type_fields.push(singletons + i * 32 + 8);
        }
        type_fields.push(offset_of!(_PyRuntimeState, global_objects.singletons.bytes_empty) + 8);
        for c in 0..256 {
            type_fields.push(9104 + c * 48 + 8);
        }
        for e in GLOBAL_STRINGS.iter() {
            type_fields.push(STRINGS + e.offset + 8);
        }
        for c in 0..128 {
            type_fields.push(41_480 + c * 56 + 8);
            type_fields.push(48_648 + c * 80 + 8);
        }
        type_fields.push(58_904 + 8);
        let ours = bytes();
        let mut masked = vec![false; ours.len()];
        for &f in &type_fields {
            masked[f..f + 8].fill(true);
        }
        let end = offset_of!(_PyRuntimeState, _main_interpreter);
        let differing: Vec<usize> = (singletons..end).filter(|&i| !masked[i] && ours[i] != theirs[i]).collect();
        assert!(differing.is_empty(), "{} bytes differ, first at offset {:?}", differing.len(), differing.first());
        // The masked words are exactly the type pointers: ours are all set.
        assert!(type_fields.iter().all(|&f| word(f) != 0));
    }
}
