//! The `_io` module driven through the C-level call API on temporary files. Expected values
//! (results, reprs, exception types and messages) were produced by running the same
//! operations on python3.11.

use crate::abi::*;
use crate::errors;
use crate::objects::object::{self as obj, Ref};
use crate::objects::{bytesobject, call, longobject, tupleobject, unicodeobject};
use core::ptr::null_mut;

/// The pending exception as "TypeName: message", cleared.
unsafe fn err_text() -> String {
    let Some((t, v, _tb)) = errors::fetch_normalized() else {
        return "<no exception>".into();
    };
    let name = obj::type_name_of(t.as_ptr().cast()).into_owned();
    let msg = match obj::str(v.as_ptr()) {
        Ok(s) => obj::str_text(s.as_ptr()),
        Err(_) => {
            errors::clear();
            "<unprintable>".into()
        }
    };
    format!("{name}: {msg}")
}

/// `repr(result)` or "Type: message".
unsafe fn show(r: errors::PyResult<Ref>) -> String {
    match r {
        Ok(v) => match obj::repr(v.as_ptr()) {
            Ok(s) => obj::str_text(s.as_ptr()),
            Err(_) => err_text(),
        },
        Err(_) => err_text(),
    }
}

/// Python values written compactly in tests.
enum V<'a> {
    I(i64),
    S(&'a str),
    B(&'a [u8]),
    N,
    T,
    F,
    O(*mut PyObject),
}

unsafe fn val(v: &V) -> Ref {
    match v {
        V::I(i) => longobject::from_i64(*i).unwrap(),
        V::S(s) => unicodeobject::new_str(s).unwrap(),
        V::B(b) => bytesobject::from_slice(b).unwrap(),
        V::N => obj::new_none(),
        V::T => crate::objects::boolobject::from_bool(true),
        V::F => crate::objects::boolobject::from_bool(false),
        V::O(p) => obj::new_ref(*p),
    }
}

struct Io {
    module: Ref,
}

impl Io {
    unsafe fn attr(&self, name: &str) -> Ref {
        obj::get_attr_str(self.module.as_ptr(), name)
            .unwrap_or_else(|_| panic!("{name}: {}", err_text()))
    }

    /// `module.name(*args, **kwargs)`.
    unsafe fn call(&self, name: &str, args: &[V], kwargs: &[(&str, V)]) -> errors::PyResult<Ref> {
        let f = self.attr(name);
        call_obj(f.as_ptr(), args, kwargs)
    }
}

unsafe fn call_obj(f: *mut PyObject, args: &[V], kwargs: &[(&str, V)]) -> errors::PyResult<Ref> {
    let mut held: Vec<Ref> = args.iter().map(|a| val(a)).collect();
    let names: Vec<Ref> = kwargs
        .iter()
        .map(|(k, _)| unicodeobject::new_str(k).unwrap())
        .collect();
    held.extend(kwargs.iter().map(|(_, v)| val(v)));
    let ptrs: Vec<*mut PyObject> = held.iter().map(|r| r.as_ptr()).collect();
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(
            tupleobject::from_slice(&names.iter().map(|r| r.as_ptr()).collect::<Vec<_>>()).unwrap(),
        )
    };
    call::vectorcall(
        f,
        &ptrs,
        kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()),
    )
}

/// `o.name(*args)`.
unsafe fn m(o: &Ref, name: &str, args: &[V]) -> errors::PyResult<Ref> {
    let f = obj::get_attr_str(o.as_ptr(), name)?;
    call_obj(f.as_ptr(), args, &[])
}

/// `repr(o.name(*args))` or the error.
unsafe fn ms(o: &Ref, name: &str, args: &[V]) -> String {
    show(m(o, name, args))
}

unsafe fn getattr_s(o: &Ref, name: &str) -> String {
    show(obj::get_attr_str(o.as_ptr(), name))
}

struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let d = std::env::temp_dir().join(format!("ferrython-io-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn io_module_matches_python311() {
    let _runtime = crate::testing::hold_runtime();
    // One test: the runtime belongs to the thread that initialized it.
    crate::testing::init();
    // SAFETY: this thread initialized the runtime and holds the GIL for the whole test.
    unsafe {
        let module = Ref::from_result(super::init_module())
            .unwrap_or_else(|_| panic!("init: {}", err_text()));
        let io = Io { module };
        let dir = TempDir::new();
        module_names(&io);
        fileio(&io, &dir);
        bytesio(&io);
        stringio(&io);
        buffered(&io, &dir);
        text(&io, &dir);
        open_checks(&io, &dir);
        file_c_api(&io);
        text_chunks(&io);
        reentrancy(&io, &dir);
        random_buffered_ops(&io, &dir);
        random_text_ops(&io);
    }
}

unsafe fn module_names(io: &Io) {
    assert_eq!(show(Ok(io.attr("DEFAULT_BUFFER_SIZE"))), "8192");
    let uo = io.attr("UnsupportedOperation");
    assert!(obj::is_subclass(uo.as_ptr(), PyExc_OSError).unwrap());
    assert!(obj::is_subclass(uo.as_ptr(), PyExc_ValueError).unwrap());
    let blocking = PyExc_BlockingIOError;
    assert_eq!(io.attr("BlockingIOError").as_ptr(), blocking);
    for name in [
        "FileIO",
        "BytesIO",
        "StringIO",
        "BufferedReader",
        "BufferedWriter",
        "BufferedRandom",
        "BufferedRWPair",
        "TextIOWrapper",
        "IncrementalNewlineDecoder",
        "_IOBase",
        "_RawIOBase",
        "_BufferedIOBase",
        "_TextIOBase",
    ] {
        assert_eq!(show(Ok(io.attr(name))), format!("<class '_io.{name}'>"));
    }
    assert_eq!(
        show(io.call("text_encoding", &[V::S("latin-1")], &[])),
        "'latin-1'"
    );
    assert_eq!(show(io.call("text_encoding", &[V::N], &[])), "'locale'");
}

use crate::objects::exceptions::*;

unsafe fn fileio(io: &Io, dir: &TempDir) {
    let p = dir.path("raw.bin");
    let f = io.call("FileIO", &[V::S(&p), V::S("w")], &[]).unwrap();
    assert_eq!(getattr_s(&f, "mode"), "'wb'");
    assert_eq!(ms(&f, "write", &[V::B(b"hello\nworld\n")]), "12");
    assert_eq!(
        ms(&f, "read", &[]),
        "UnsupportedOperation: File not open for reading"
    );
    assert_eq!(ms(&f, "tell", &[]), "12");
    assert_eq!(ms(&f, "readable", &[]), "False");
    assert_eq!(ms(&f, "writable", &[]), "True");
    assert_eq!(ms(&f, "seekable", &[]), "True");
    assert_eq!(ms(&f, "isatty", &[]), "False");
    assert_eq!(ms(&f, "truncate", &[V::I(5)]), "5");
    assert_eq!(ms(&f, "close", &[]), "None");
    assert_eq!(getattr_s(&f, "closed"), "True");
    assert_eq!(show(obj::repr(f.as_ptr())), "'<_io.FileIO [closed]>'");
    assert_eq!(
        ms(&f, "write", &[V::B(b"x")]),
        "ValueError: I/O operation on closed file"
    );
    assert_eq!(
        ms(&f, "fileno", &[]),
        "ValueError: I/O operation on closed file"
    );

    let f = io.call("FileIO", &[V::S(&p)], &[]).unwrap();
    assert_eq!(
        show(obj::repr(f.as_ptr())),
        format!("\"<_io.FileIO name='{p}' mode='rb' closefd=True>\"")
    );
    assert_eq!(ms(&f, "read", &[]), "b'hello'");
    assert_eq!(ms(&f, "read", &[]), "b''");
    assert_eq!(ms(&f, "seek", &[V::I(1)]), "1");
    assert_eq!(ms(&f, "read", &[V::I(2)]), "b'el'");
    assert_eq!(ms(&f, "readall", &[]), "b'lo'");
    assert_eq!(ms(&f, "seek", &[V::I(-2), V::I(2)]), "3");
    let ba = crate::objects::bytearrayobject::from_slice(b"......").unwrap();
    assert_eq!(ms(&f, "readinto", &[V::O(ba.as_ptr())]), "2");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'lo....')");
    assert_eq!(
        ms(&f, "readinto", &[V::B(b"abc")]),
        "TypeError: readinto() argument must be read-write bytes-like object, not bytes"
    );
    assert_eq!(
        ms(&f, "write", &[V::B(b"x")]),
        "UnsupportedOperation: File not open for writing"
    );
    assert_eq!(
        ms(&f, "read", &[V::S("x")]),
        "TypeError: argument should be integer or None, not 'str'"
    );
    assert_eq!(
        ms(&f, "read", &[V::I(1), V::I(2)]),
        "TypeError: read expected at most 1 argument, got 2"
    );
    assert_eq!(ms(&f, "readline", &[]), "b''");
    assert_eq!(ms(&f, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&f, "readlines", &[]), "[b'hello']");
    assert_eq!(
        ms(&f, "__enter__", &[]),
        format!("<_io.FileIO name='{p}' mode='rb' closefd=True>")
    );
    assert_eq!(ms(&f, "__exit__", &[V::N, V::N, V::N]), "None");
    assert_eq!(
        ms(&f, "__enter__", &[]),
        "ValueError: I/O operation on closed file."
    );

    // Mode and argument errors.
    assert_eq!(
        show(io.call("FileIO", &[V::S(&p), V::S("rw")], &[])),
        "ValueError: Must have exactly one of create/read/write/append mode and at most one plus"
    );
    assert_eq!(
        show(io.call("FileIO", &[V::S(&p), V::S("rq")], &[])),
        "ValueError: invalid mode: rq"
    );
    assert_eq!(
        show(io.call("FileIO", &[V::I(-3)], &[])),
        "ValueError: negative file descriptor"
    );
    assert_eq!(
        show(io.call("FileIO", &[V::S(&p)], &[("closefd", V::F)])),
        "ValueError: Cannot use closefd=False with file name"
    );
    assert_eq!(
        show(io.call("FileIO", &[V::S(&p), V::S("x")], &[])),
        format!("FileExistsError: [Errno 17] File exists: '{p}'")
    );
    let missing = dir.path("missing");
    assert_eq!(
        show(io.call("FileIO", &[V::S(&missing)], &[])),
        format!("FileNotFoundError: [Errno 2] No such file or directory: '{missing}'")
    );
    assert_eq!(
        show(io.call("FileIO", &[V::S(&dir.path(""))], &[])),
        format!(
            "IsADirectoryError: [Errno 21] Is a directory: '{}'",
            dir.path("")
        )
    );
    assert_eq!(
        show(io.call("FileIO", &[V::F], &[])).starts_with("<_io.FileIO"),
        true
    );

    // Appending, by descriptor, closefd=False.
    let f = io.call("FileIO", &[V::S(&p), V::S("a+")], &[]).unwrap();
    assert_eq!(getattr_s(&f, "mode"), "'ab+'");
    assert_eq!(ms(&f, "tell", &[]), "5");
    assert_eq!(ms(&f, "write", &[V::B(b"!")]), "1");
    let fd = m(&f, "fileno", &[]).unwrap();
    let g = io
        .call(
            "FileIO",
            &[V::O(fd.as_ptr()), V::S("r")],
            &[("closefd", V::F)],
        )
        .unwrap();
    assert_eq!(getattr_s(&g, "closefd"), "False");
    assert_eq!(ms(&g, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&g, "read", &[]), "b'hello!'");
    assert_eq!(ms(&g, "close", &[]), "None");
    assert_eq!(ms(&f, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&f, "read", &[V::I(2)]), "b'he'");
    assert_eq!(ms(&f, "close", &[]), "None");
}

unsafe fn bytesio(io: &Io) {
    let b = io.call("BytesIO", &[V::B(b"abc\ndef\nghi")], &[]).unwrap();
    assert_eq!(ms(&b, "read", &[V::I(2)]), "b'ab'");
    assert_eq!(ms(&b, "readline", &[]), "b'c\\n'");
    assert_eq!(ms(&b, "tell", &[]), "4");
    assert_eq!(ms(&b, "readlines", &[]), "[b'def\\n', b'ghi']");
    assert_eq!(ms(&b, "seek", &[V::I(20)]), "20");
    assert_eq!(ms(&b, "write", &[V::B(b"Z")]), "1");
    assert_eq!(
        ms(&b, "getvalue", &[]),
        "b'abc\\ndef\\nghi\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00Z'"
    );
    assert_eq!(ms(&b, "truncate", &[V::I(3)]), "3");
    assert_eq!(ms(&b, "getvalue", &[]), "b'abc'");
    assert_eq!(ms(&b, "tell", &[]), "21");
    assert_eq!(
        ms(&b, "seek", &[V::I(-1)]),
        "ValueError: negative seek value -1"
    );
    assert_eq!(
        ms(&b, "seek", &[V::I(0), V::I(3)]),
        "ValueError: invalid whence (3, should be 0, 1 or 2)"
    );
    assert_eq!(ms(&b, "seek", &[V::I(-1), V::I(2)]), "2");
    assert_eq!(ms(&b, "read", &[]), "b'c'");
    assert_eq!(
        ms(&b, "write", &[V::S("x")]),
        "TypeError: a bytes-like object is required, not 'str'"
    );
    let view = m(&b, "getbuffer", &[]).unwrap();
    assert_eq!(
        show(
            crate::objects::r#abstract::mapping::size(view.as_ptr())
                .and_then(|n| longobject::from_isize(n))
        ),
        "3"
    );
    assert_eq!(
        ms(&b, "write", &[V::B(b"x")]),
        "BufferError: Existing exports of data: object cannot be re-sized"
    );
    assert_eq!(
        ms(&b, "close", &[]),
        "BufferError: Existing exports of data: object cannot be re-sized"
    );
    assert_eq!(ms(&view, "release", &[]), "None");
    assert_eq!(ms(&b, "write", &[V::B(b"x")]), "1");
    assert_eq!(ms(&b, "__getstate__", &[]), "(b'abcx', 4, None)");
    assert_eq!(ms(&b, "close", &[]), "None");
    assert_eq!(getattr_s(&b, "closed"), "True");
    assert_eq!(
        ms(&b, "read", &[]),
        "ValueError: I/O operation on closed file."
    );
    let b = io.call("BytesIO", &[], &[]).unwrap();
    assert_eq!(
        ms(&b, "__setstate__", &[V::I(1)]),
        "TypeError: _io.BytesIO.__setstate__ argument should be 3-tuple, got int"
    );
    let ba = crate::objects::bytearrayobject::from_slice(b"....").unwrap();
    assert_eq!(ms(&b, "write", &[V::B(b"xy")]), "2");
    assert_eq!(ms(&b, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&b, "readinto", &[V::O(ba.as_ptr())]), "2");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'xy..')");
    assert_eq!(ms(&b, "readable", &[]), "True");
}

unsafe fn stringio(io: &Io) {
    let s = io.call("StringIO", &[], &[]).unwrap();
    assert_eq!(ms(&s, "write", &[V::S("héllo\n")]), "6");
    assert_eq!(ms(&s, "write", &[V::S("wörld\r\nx")]), "8");
    assert_eq!(ms(&s, "tell", &[]), "14");
    assert_eq!(ms(&s, "getvalue", &[]), "'héllo\\nwörld\\r\\nx'");
    assert_eq!(ms(&s, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&s, "readline", &[]), "'héllo\\n'");
    assert_eq!(ms(&s, "readline", &[]), "'wörld\\r\\n'");
    assert_eq!(ms(&s, "read", &[]), "'x'");
    assert_eq!(
        ms(&s, "write", &[V::B(b"x")]),
        "TypeError: string argument expected, got 'bytes'"
    );
    assert_eq!(
        ms(&s, "seek", &[V::I(1), V::I(1)]),
        "OSError: Can't do nonzero cur-relative seeks"
    );
    assert_eq!(
        ms(&s, "seek", &[V::I(-1)]),
        "ValueError: Negative seek position -1"
    );
    assert_eq!(ms(&s, "truncate", &[V::I(3)]), "3");
    assert_eq!(ms(&s, "getvalue", &[]), "'hél'");
    assert_eq!(getattr_s(&s, "newlines"), "None");
    assert_eq!(getattr_s(&s, "line_buffering"), "False");
    // Universal newlines: newline=None translates on input.
    let s = io
        .call("StringIO", &[V::S("a\r\nb\rc\n")], &[("newline", V::N)])
        .unwrap();
    assert_eq!(ms(&s, "getvalue", &[]), "'a\\nb\\nc\\n'");
    assert_eq!(getattr_s(&s, "newlines"), "('\\r', '\\n', '\\r\\n')");
    // newline='': lines end at any of them, nothing translated.
    let s = io
        .call("StringIO", &[V::S("a\r\nb\rc\n")], &[("newline", V::S(""))])
        .unwrap();
    assert_eq!(ms(&s, "readlines", &[]), "['a\\r\\n', 'b\\r', 'c\\n']");
    // newline='\r\n' translates "\n" on output.
    let s = io
        .call("StringIO", &[V::S("a\nb")], &[("newline", V::S("\r\n"))])
        .unwrap();
    assert_eq!(ms(&s, "getvalue", &[]), "'a\\r\\nb'");
    assert_eq!(
        show(io.call("StringIO", &[V::S("")], &[("newline", V::S("x"))])),
        "ValueError: illegal newline value: 'x'"
    );
    assert_eq!(
        show(io.call("StringIO", &[V::I(1)], &[])),
        "TypeError: initial_value must be str or None, not int"
    );
    assert_eq!(
        ms(&s, "__getstate__", &[]),
        "('a\\r\\nb', '\\r\\n', 0, None)"
    );
    assert_eq!(ms(&s, "close", &[]), "None");
    assert_eq!(
        ms(&s, "read", &[]),
        "ValueError: I/O operation on closed file"
    );
    let d = io
        .call("IncrementalNewlineDecoder", &[V::N, V::T], &[])
        .unwrap();
    assert_eq!(ms(&d, "decode", &[V::S("a\r")]), "'a'");
    assert_eq!(ms(&d, "getstate", &[]), "(b'', 1)");
    assert_eq!(ms(&d, "decode", &[V::S("\nb\r")]), "'\\nb'");
    assert_eq!(ms(&d, "decode", &[V::S(""), V::T]), "'\\n'");
    assert_eq!(getattr_s(&d, "newlines"), "('\\r', '\\r\\n')");
}

/// `str(o)` with the temporary directory replaced by "D".
unsafe fn repr_in(o: &Ref, dir: &TempDir) -> String {
    show(Ok(o.clone())).replace(dir.0.to_str().unwrap(), "D")
}

unsafe fn buffered(io: &Io, dir: &TempDir) {
    let p = dir.path("buf.bin");
    let raw = io.call("FileIO", &[V::S(&p), V::S("w")], &[]).unwrap();
    let w = io
        .call("BufferedWriter", &[V::O(raw.as_ptr()), V::I(4)], &[])
        .unwrap();
    let size = || std::fs::metadata(&p).unwrap().len();
    assert_eq!(repr_in(&w, dir), "<_io.BufferedWriter name='D/buf.bin'>");
    assert_eq!(ms(&w, "write", &[V::B(b"ab")]), "2");
    assert_eq!(ms(&w, "tell", &[]), "2");
    assert_eq!(size(), 0);
    assert_eq!(ms(&w, "write", &[V::B(b"cdefgh")]), "6");
    assert_eq!(size(), 8);
    assert_eq!(ms(&w, "flush", &[]), "None");
    assert_eq!(
        obj::get_attr_str(w.as_ptr(), "raw").unwrap().as_ptr(),
        raw.as_ptr()
    );
    assert_eq!(ms(&w, "read", &[]), "UnsupportedOperation: read");
    assert_eq!(ms(&w, "seek", &[V::I(2)]), "2");
    assert_eq!(ms(&w, "write", &[V::B(b"XY")]), "2");
    assert_eq!(ms(&w, "flush", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), b"abXYefgh");
    assert_eq!(getattr_s(&w, "mode"), "'wb'");
    assert_eq!(getattr_s(&w, "closed"), "False");
    assert_eq!(ms(&w, "readable", &[]), "False");
    assert_eq!(ms(&w, "close", &[]), "None");
    assert_eq!(
        ms(&w, "write", &[V::B(b"x")]),
        "ValueError: write to closed file"
    );
    assert_eq!(ms(&w, "flush", &[]), "ValueError: flush of closed file");
    assert_eq!(
        ms(&w, "tell", &[]),
        "ValueError: I/O operation on closed file"
    );

    let raw = io.call("FileIO", &[V::S(&p)], &[]).unwrap();
    let r = io
        .call("BufferedReader", &[V::O(raw.as_ptr()), V::I(4)], &[])
        .unwrap();
    assert_eq!(ms(&r, "peek", &[V::I(1)]), "b'abXY'");
    assert_eq!(ms(&r, "read", &[V::I(1)]), "b'a'");
    assert_eq!(ms(&r, "read1", &[V::I(10)]), "b'bXY'");
    assert_eq!(ms(&r, "tell", &[]), "4");
    assert_eq!(ms(&r, "read", &[V::I(3)]), "b'efg'");
    assert_eq!(ms(&r, "tell", &[]), "7");
    assert_eq!(ms(&r, "seek", &[V::I(1)]), "1");
    assert_eq!(ms(&r, "read", &[V::I(2)]), "b'bX'");
    assert_eq!(ms(&r, "seek", &[V::I(-1), V::I(1)]), "2");
    assert_eq!(ms(&r, "read", &[]), "b'XYefgh'");
    assert_eq!(ms(&r, "read", &[]), "b''");
    assert_eq!(ms(&r, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&r, "readline", &[]), "b'abXYefgh'");
    assert_eq!(
        ms(&r, "write", &[V::B(b"x")]),
        "UnsupportedOperation: write"
    );
    let ba = crate::objects::bytearrayobject::from_slice(&[0; 5]).unwrap();
    assert_eq!(ms(&r, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&r, "readinto", &[V::O(ba.as_ptr())]), "5");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'abXYe')");
    assert_eq!(ms(&r, "readinto1", &[V::O(ba.as_ptr())]), "3");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'fghYe')");
    assert_eq!(
        ms(&r, "read", &[V::I(-2)]),
        "ValueError: read length must be non-negative or -1"
    );
    assert_eq!(
        ms(&r, "seek", &[V::I(0), V::I(5)]),
        "ValueError: whence value 5 unsupported"
    );
    assert_eq!(repr_in(&r, dir), "<_io.BufferedReader name='D/buf.bin'>");

    let bio = io.call("BytesIO", &[V::B(b"l1\nl2\nl3")], &[]).unwrap();
    let r2 = io
        .call("BufferedReader", &[V::O(bio.as_ptr()), V::I(2)], &[])
        .unwrap();
    let lines = crate::objects::listobject::from_iterable(r2.as_ptr()).unwrap();
    assert_eq!(show(Ok(lines)), "[b'l1\\n', b'l2\\n', b'l3']");
    let empty = io.call("BytesIO", &[], &[]).unwrap();
    assert_eq!(
        show(io.call("BufferedReader", &[V::O(empty.as_ptr()), V::I(0)], &[])),
        "ValueError: buffer size must be strictly positive"
    );
    let ro = io.call("FileIO", &[V::S(&p), V::S("r")], &[]).unwrap();
    assert_eq!(
        show(io.call("BufferedWriter", &[V::O(ro.as_ptr())], &[])),
        "UnsupportedOperation: File or stream is not writable."
    );

    let raw = io.call("FileIO", &[V::S(&p), V::S("r+")], &[]).unwrap();
    let rr = io
        .call("BufferedRandom", &[V::O(raw.as_ptr()), V::I(8)], &[])
        .unwrap();
    assert_eq!(ms(&rr, "read", &[V::I(2)]), "b'ab'");
    assert_eq!(ms(&rr, "write", &[V::B(b"--")]), "2");
    assert_eq!(ms(&rr, "tell", &[]), "4");
    assert_eq!(ms(&rr, "read", &[V::I(1)]), "b'e'");
    assert_eq!(ms(&rr, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&rr, "read", &[]), "b'ab--efgh'");
    assert_eq!(ms(&rr, "seek", &[V::I(0), V::I(2)]), "8");
    assert_eq!(ms(&rr, "write", &[V::B(b"END")]), "3");
    assert_eq!(ms(&rr, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&rr, "read", &[]), "b'ab--efghEND'");
    assert_eq!(ms(&rr, "truncate", &[V::I(4)]), "4");
    assert_eq!(ms(&rr, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&rr, "read", &[]), "b'ab--'");
    assert_eq!(ms(&rr, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&rr, "read1", &[V::I(2)]), "b'ab'");
    assert_eq!(ms(&rr, "readline", &[]), "b'--'");
    assert_eq!(
        show(m(&rr, "detach", &[]).map(|d| crate::objects::object::new_ref(d.ob_type().cast()))),
        "<class '_io.FileIO'>"
    );
    assert_eq!(
        ms(&rr, "read", &[]),
        "ValueError: raw stream has been detached"
    );
    assert_eq!(show(Ok(rr.clone())), "<_io.BufferedRandom>");

    let (i, o) = (
        io.call("BytesIO", &[V::B(b"in")], &[]).unwrap(),
        io.call("BytesIO", &[], &[]).unwrap(),
    );
    let pair = io
        .call("BufferedRWPair", &[V::O(i.as_ptr()), V::O(o.as_ptr())], &[])
        .unwrap();
    assert_eq!(ms(&pair, "read", &[]), "b'in'");
    assert_eq!(ms(&pair, "write", &[V::B(b"out")]), "3");
    assert_eq!(ms(&pair, "readable", &[]), "True");
    assert_eq!(ms(&pair, "writable", &[]), "True");
    assert_eq!(getattr_s(&pair, "closed"), "False");
    assert_eq!(ms(&pair, "isatty", &[]), "False");
    assert_eq!(ms(&pair, "flush", &[]), "None");
    assert_eq!(
        show(io.call(
            "BufferedRWPair",
            &[V::O(i.as_ptr()), V::O(o.as_ptr())],
            &[("k", V::I(1))]
        )),
        "TypeError: BufferedRWPair() takes no keyword arguments"
    );
    assert_eq!(
        show(io.call("BufferedRWPair", &[V::I(1)], &[])),
        "TypeError: BufferedRWPair expected at least 2 arguments, got 1"
    );
}

unsafe fn text(io: &Io, dir: &TempDir) {
    let p = dir.path("t.txt");
    let mk = |name: &str, args: &[V], kw: &[(&str, V)]| io.call(name, args, kw).unwrap();
    let raw = mk("FileIO", &[V::S(&p), V::S("w")], &[]);
    let buf = mk("BufferedWriter", &[V::O(raw.as_ptr())], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(buf.as_ptr())],
        &[("encoding", V::S("utf-8")), ("newline", V::S("\r\n"))],
    );
    assert_eq!(ms(&t, "write", &[V::S("héllo\nwörld\n")]), "12");
    assert_eq!(ms(&t, "tell", &[]), "16");
    assert_eq!(getattr_s(&t, "encoding"), "'utf-8'");
    assert_eq!(getattr_s(&t, "errors"), "'strict'");
    assert_eq!(getattr_s(&t, "line_buffering"), "False");
    assert_eq!(getattr_s(&t, "newlines"), "None");
    assert_eq!(ms(&t, "read", &[]), "UnsupportedOperation: not readable");
    assert_eq!(
        repr_in(&t, dir),
        "<_io.TextIOWrapper name='D/t.txt' encoding='utf-8'>"
    );
    assert_eq!(ms(&t, "close", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), "héllo\r\nwörld\r\n".as_bytes());
    assert_eq!(getattr_s(&t, "closed"), "True");
    assert_eq!(
        ms(&t, "write", &[V::S("x")]),
        "ValueError: I/O operation on closed file."
    );

    let reader = |enc: &str, newline: V| {
        let raw = mk("FileIO", &[V::S(&p)], &[]);
        let buf = mk("BufferedReader", &[V::O(raw.as_ptr())], &[]);
        mk(
            "TextIOWrapper",
            &[V::O(buf.as_ptr())],
            &[("encoding", V::S(enc)), ("newline", newline)],
        )
    };
    let t = reader("utf-8", V::N);
    assert_eq!(ms(&t, "readline", &[]), "'héllo\\n'");
    assert_eq!(getattr_s(&t, "newlines"), "'\\r\\n'");
    assert_eq!(ms(&t, "tell", &[]), "8");
    assert_eq!(ms(&t, "read", &[V::I(3)]), "'wör'");
    assert_eq!(ms(&t, "tell", &[]), "12");
    assert_eq!(ms(&t, "read", &[]), "'ld\\n'");
    assert_eq!(ms(&t, "tell", &[]), "16");
    assert_eq!(ms(&t, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&t, "readline", &[]), "'héllo\\n'");
    let pos = m(&t, "tell", &[]).unwrap();
    assert_eq!(show(Ok(pos.clone())), "8");
    assert_eq!(ms(&t, "read", &[V::I(2)]), "'wö'");
    assert_eq!(ms(&t, "seek", &[V::O(pos.as_ptr())]), "8");
    assert_eq!(ms(&t, "read", &[V::I(2)]), "'wö'");
    assert_eq!(
        ms(&t, "seek", &[V::I(1), V::I(1)]),
        "UnsupportedOperation: can't do nonzero cur-relative seeks"
    );
    assert_eq!(
        ms(&t, "seek", &[V::I(0), V::I(3)]),
        "ValueError: invalid whence (3, should be 0, 1 or 2)"
    );
    assert_eq!(
        ms(&t, "seek", &[V::I(-1)]),
        "ValueError: negative seek position -1"
    );
    assert_eq!(ms(&t, "seek", &[V::I(0), V::I(2)]), "16");
    assert_eq!(
        ms(&t, "write", &[V::S("x")]),
        "UnsupportedOperation: not writable"
    );
    let t = reader("utf-8", V::S(""));
    assert_eq!(ms(&t, "readlines", &[]), "['héllo\\r\\n', 'wörld\\r\\n']");
    let t = reader("latin-1", V::S("\r\n"));
    assert_eq!(ms(&t, "readlines", &[]), "['hÃ©llo\\r\\n', 'wÃ¶rld\\r\\n']");
    assert_eq!(getattr_s(&t, "encoding"), "'latin-1'");

    let bio = mk("BytesIO", &[V::B(b"a\rb\r\nc\nd")], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("ascii")), ("newline", V::N)],
    );
    let lines: Vec<String> = (0..5).map(|_| ms(&t, "readline", &[])).collect();
    assert_eq!(lines, ["'a\\n'", "'b\\n'", "'c\\n'", "'d'", "''"]);
    assert_eq!(getattr_s(&t, "newlines"), "('\\r', '\\n', '\\r\\n')");
    let bio = mk("BytesIO", &[V::B(b"abc\xffdef")], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("ascii")), ("errors", V::S("replace"))],
    );
    assert_eq!(ms(&t, "read", &[]), "'abc\u{fffd}def'");
    let bio = mk("BytesIO", &[V::B(b"abc\xffdef")], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("ascii"))],
    );
    assert_eq!(ms(&t, "read", &[]), "UnicodeDecodeError: 'ascii' codec can't decode byte 0xff in position 3: ordinal not in range(128)");

    let bio = mk("BytesIO", &[], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("utf-8"))],
    );
    assert_eq!(ms(&t, "write", &[V::S("x€y")]), "3");
    assert_eq!(ms(&bio, "getvalue", &[]), "b''");
    assert_eq!(ms(&t, "flush", &[]), "None");
    assert_eq!(ms(&bio, "getvalue", &[]), "b'x\\xe2\\x82\\xacy'");
    assert_eq!(ms(&t, "tell", &[]), "5");
    assert_eq!(
        ms(&t, "write", &[V::B(b"x")]),
        "TypeError: write() argument must be str, not bytes"
    );
    assert_eq!(
        show(io.call(
            "TextIOWrapper",
            &[V::O(bio.as_ptr())],
            &[("encoding", V::S("utf-8")), ("newline", V::S("x"))]
        )),
        "ValueError: illegal newline value: x"
    );
    assert_eq!(
        show(io.call(
            "TextIOWrapper",
            &[V::O(bio.as_ptr())],
            &[("encoding", V::I(5))]
        )),
        "TypeError: TextIOWrapper() argument 'encoding' must be str or None, not int"
    );
    assert_eq!(
        show(io.call(
            "TextIOWrapper",
            &[V::O(bio.as_ptr())],
            &[("encoding", V::S("utf-8")), ("errors", V::I(5))]
        )),
        "TypeError: TextIOWrapper() argument 'errors' must be str or None, not int"
    );

    let bio = mk("BytesIO", &[V::B(b"x\ny")], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("utf-8"))],
    );
    assert_eq!(ms(&t, "read", &[V::I(1)]), "'x'");
    let reconf = obj::get_attr_str(t.as_ptr(), "reconfigure").unwrap();
    assert_eq!(show(call_obj(reconf.as_ptr(), &[], &[("encoding", V::S("latin-1"))])), "UnsupportedOperation: It is not possible to set the encoding or newline of stream after the first read");
    assert_eq!(
        show(call_obj(reconf.as_ptr(), &[], &[("line_buffering", V::T)])),
        "None"
    );
    assert_eq!(getattr_s(&t, "line_buffering"), "True");
    assert_eq!(m(&t, "detach", &[]).unwrap().as_ptr(), bio.as_ptr());
    assert_eq!(
        ms(&t, "read", &[]),
        "ValueError: underlying buffer has been detached"
    );
    assert_eq!(show(Ok(t.clone())), "<_io.TextIOWrapper encoding='utf-8'>");

    let bio = mk("BytesIO", &[], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("utf-8")), ("line_buffering", V::T)],
    );
    assert_eq!(ms(&t, "write", &[V::S("a")]), "1");
    assert_eq!(ms(&bio, "getvalue", &[]), "b''");
    assert_eq!(ms(&t, "write", &[V::S("b\n")]), "2");
    assert_eq!(ms(&bio, "getvalue", &[]), "b'ab\\n'");

    // Cookies across multi-byte characters.
    let bio = mk("BytesIO", &[V::B("Aé€😀\nxyz".as_bytes())], &[]);
    let t = mk(
        "TextIOWrapper",
        &[V::O(bio.as_ptr())],
        &[("encoding", V::S("utf-8"))],
    );
    assert_eq!(ms(&t, "read", &[V::I(2)]), "'Aé'");
    assert_eq!(ms(&t, "tell", &[]), "3");
    assert_eq!(ms(&t, "read", &[V::I(2)]), "'€😀'");
    assert_eq!(ms(&t, "tell", &[]), "10");
    assert_eq!(ms(&t, "readline", &[]), "'\\n'");
    assert_eq!(ms(&t, "tell", &[]), "11");
    assert_eq!(ms(&t, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&t, "read", &[V::I(1)]), "'A'");
    let c = m(&t, "tell", &[]).unwrap();
    assert_eq!(show(Ok(c.clone())), "1");
    assert_eq!(ms(&t, "read", &[V::I(3)]), "'é€😀'");
    assert_eq!(ms(&t, "seek", &[V::O(c.as_ptr())]), "1");
    assert_eq!(ms(&t, "read", &[]), "'é€😀\\nxyz'");
}

unsafe fn open_checks(io: &Io, dir: &TempDir) {
    let p = dir.path("o.txt");
    let f = io
        .call(
            "open",
            &[V::S(&p), V::S("w")],
            &[("encoding", V::S("utf-8"))],
        )
        .unwrap();
    assert_eq!(
        repr_in(&f, dir),
        "<_io.TextIOWrapper name='D/o.txt' mode='w' encoding='utf-8'>"
    );
    assert_eq!(ms(&f, "write", &[V::S("one\ntwo\n")]), "8");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io
        .call("open", &[V::S(&p)], &[("encoding", V::S("utf-8"))])
        .unwrap();
    let lines = crate::objects::listobject::from_iterable(f.as_ptr()).unwrap();
    assert_eq!(show(Ok(lines)), "['one\\n', 'two\\n']");
    assert_eq!(ms(&f, "tell", &[]), "8");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p), V::S("rb")], &[]).unwrap();
    assert_eq!(repr_in(&f, dir), "<_io.BufferedReader name='D/o.txt'>");
    assert_eq!(ms(&f, "read", &[]), "b'one\\ntwo\\n'");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io
        .call("open", &[V::S(&p), V::S("ab")], &[("buffering", V::I(0))])
        .unwrap();
    assert_eq!(
        repr_in(&f, dir),
        "<_io.FileIO name='D/o.txt' mode='ab' closefd=True>"
    );
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p), V::S("r+b")], &[]).unwrap();
    assert_eq!(
        show(Ok(crate::objects::object::new_ref(f.ob_type().cast()))),
        "<class '_io.BufferedRandom'>"
    );
    assert_eq!(ms(&f, "close", &[]), "None");
    let cases: &[(&str, &[(&str, V)], &str)] = &[
        ("rw", &[], "ValueError: must have exactly one of create/read/write/append mode"),
        ("rr", &[], "ValueError: invalid mode: 'rr'"),
        ("rq", &[], "ValueError: invalid mode: 'rq'"),
        ("rtb", &[], "ValueError: can't have text and binary mode at once"),
        ("rb", &[("encoding", V::S("utf-8"))], "ValueError: binary mode doesn't take an encoding argument"),
        ("rb", &[("errors", V::S("strict"))], "ValueError: binary mode doesn't take an errors argument"),
        ("rb", &[("newline", V::S("\n"))], "ValueError: binary mode doesn't take a newline argument"),
        ("r", &[("buffering", V::I(0))], "ValueError: can't have unbuffered text I/O"),
        ("r", &[("newline", V::S("z"))], "ValueError: illegal newline value: z"),
        ("+", &[], "ValueError: Must have exactly one of create/read/write/append mode and at most one plus"),
    ];
    for (mode, kw, expected) in cases {
        assert_eq!(
            show(io.call("open", &[V::S(&p), V::S(mode)], kw)),
            *expected,
            "mode {mode}"
        );
    }
    assert_eq!(
        show(io.call("open", &[V::F, V::I(1)], &[])),
        "TypeError: open() argument 'mode' must be str, not int"
    );
    assert_eq!(
        show(io.call("open", &[V::N], &[])),
        "TypeError: expected str, bytes or os.PathLike object, not NoneType"
    );
    assert_eq!(
        show(io.call(
            "open",
            &[V::S(&p)],
            &[("encoding", V::S("utf-8")), ("buffering", V::S("x"))]
        )),
        "TypeError: 'str' object cannot be interpreted as an integer"
    );
    assert_eq!(
        show(io.call("open", &[V::S(&p)], &[("bogus", V::I(1))])),
        "TypeError: 'bogus' is an invalid keyword argument for open()"
    );
    assert_eq!(
        show(
            io.call("open_code", &[V::S(&p)], &[])
                .and_then(|f| m(&f, "read", &[]))
        ),
        "b'one\\ntwo\\n'"
    );
    assert_eq!(
        show(io.call("open_code", &[V::B(b"x")], &[])),
        "TypeError: open_code() argument 'path' must be str, not bytes"
    );
}

unsafe fn file_c_api(io: &Io) {
    use crate::objects::fileobject as f;
    let b = io.call("BytesIO", &[V::B(b"ab\ncd")], &[]).unwrap();
    assert_eq!(show(f::get_line(b.as_ptr(), -1)), "b'ab'");
    assert_eq!(show(f::get_line(b.as_ptr(), -1)), "b'cd'");
    assert_eq!(
        show(f::get_line(b.as_ptr(), -1)),
        "EOFError: EOF when reading a line"
    );
    let s = io.call("StringIO", &[V::S("x\nyz\n")], &[]).unwrap();
    assert_eq!(show(f::get_line(s.as_ptr(), 0)), "'x\\n'");
    assert_eq!(show(f::get_line(s.as_ptr(), 1)), "'y'");
    assert_eq!(show(f::get_line(s.as_ptr(), -1)), "'z'");
    let out = io.call("StringIO", &[], &[]).unwrap();
    let v = unicodeobject::new_str("q").unwrap();
    f::write_object(v.as_ptr(), out.as_ptr(), 0).unwrap();
    f::write_object(v.as_ptr(), out.as_ptr(), f::PY_PRINT_RAW).unwrap();
    f::write_string(b" end", out.as_ptr()).unwrap();
    assert_eq!(ms(&out, "getvalue", &[]), "\"'q'q end\"");
    assert_eq!(
        show(f::write_object(v.as_ptr(), null_mut(), 0).map(|_| obj::new_none())),
        "TypeError: writeobject with NULL file"
    );
    let neg = longobject::from_i64(-1).unwrap();
    assert_eq!(
        show(f::as_file_descriptor(neg.as_ptr()).map(|_| obj::new_none())),
        "ValueError: file descriptor cannot be a negative integer (-1)"
    );
    assert_eq!(
        show(f::as_file_descriptor(v.as_ptr()).map(|_| obj::new_none())),
        "TypeError: argument must be an int, or have a fileno() method."
    );
    let raw = io
        .call("FileIO", &[V::I(1), V::S("w")], &[("closefd", V::F)])
        .unwrap();
    assert_eq!(f::as_file_descriptor(raw.as_ptr()).unwrap(), 1);
    assert!(f::new_std_printer(5).is_null());
    let p = Ref::from_raw(f::new_std_printer(2));
    assert!(show(Ok(p.clone())).starts_with("<stdprinter(fd=2) object at 0x"));
    assert_eq!(ms(&p, "write", &[V::S("")]), "0");
    assert_eq!(ms(&p, "fileno", &[]), "2");
    assert_eq!(getattr_s(&p, "closed"), "False");
    assert_eq!(getattr_s(&p, "mode"), "'w'");
    assert_eq!(getattr_s(&p, "encoding"), "None");
    assert_eq!(ms(&p, "flush", &[]), "None");
}

#[test]
fn line_endings_as_cpython_finds_them() {
    let _runtime = crate::testing::hold_runtime();
    let t = |s: &str| s.chars().map(|c| c as u32).collect::<Vec<u32>>();
    use super::find_line_ending as f;
    assert_eq!(f(true, false, &[], &t("ab\ncd")), Ok(3));
    assert_eq!(f(true, false, &[], &t("ab\rcd")), Err(5));
    assert_eq!(f(false, true, &[], &t("ab\r\ncd")), Ok(4));
    assert_eq!(f(false, true, &[], &t("ab\rcd")), Ok(3));
    assert_eq!(f(false, true, &[], &t("ab\r")), Ok(3));
    assert_eq!(f(false, true, &[], &t("a\tb")), Err(3));
    assert_eq!(f(false, false, &t("\r\n"), &t("ab\r\ncd")), Ok(4));
    assert_eq!(f(false, false, &t("\r\n"), &t("ab\rcd\r")), Err(5));
    assert_eq!(f(false, false, &t("\r\n"), &t("abcd")), Err(4));
    assert_eq!(f(false, false, &t("\r"), &t("a\nb\rc")), Ok(4));
}

/// Lines spanning decoder chunks (a tiny `_CHUNK_SIZE` over a tiny buffer), in every newline
/// mode, with a size limit, and tell/seek cookies between them.
unsafe fn text_chunks(io: &Io) {
    let run = |data: &[u8], nl: V, chunk: i64, limit: i64| -> String {
        let bio = io.call("BytesIO", &[V::B(data)], &[]).unwrap();
        let br = io
            .call("BufferedReader", &[V::O(bio.as_ptr()), V::I(3)], &[])
            .unwrap();
        let t = io
            .call(
                "TextIOWrapper",
                &[V::O(br.as_ptr())],
                &[("encoding", V::S("utf-8")), ("newline", nl)],
            )
            .unwrap();
        let size = longobject::from_i64(chunk).unwrap();
        obj::set_attr_str(t.as_ptr(), "_CHUNK_SIZE", size.as_ptr()).unwrap();
        let mut out = Vec::new();
        loop {
            let l = m(&t, "readline", &[V::I(limit)]).unwrap_or_else(|_| panic!("{}", err_text()));
            if unicodeobject::length(l.as_ptr()) == 0 {
                break;
            }
            out.push(show(Ok(l)));
        }
        format!("[{}]", out.join(", "))
    };
    let data = b"abcdefgh\r\nij\rkl\n";
    assert_eq!(run(data, V::N, 2, -1), "['abcdefgh\\n', 'ij\\n', 'kl\\n']");
    assert_eq!(
        run(data, V::S(""), 2, -1),
        "['abcdefgh\\r\\n', 'ij\\r', 'kl\\n']"
    );
    assert_eq!(
        run(data, V::S("\r\n"), 2, -1),
        "['abcdefgh\\r\\n', 'ij\\rkl\\n']"
    );
    assert_eq!(
        run(data, V::S("\r"), 3, -1),
        "['abcdefgh\\r', '\\nij\\r', 'kl\\n']"
    );
    assert_eq!(
        run(data, V::N, 2, 3),
        "['abc', 'def', 'gh\\n', 'ij\\n', 'kl\\n']"
    );
    assert_eq!(
        run("hé€llo\nwörld".as_bytes(), V::N, 1, -1),
        "['hé€llo\\n', 'wörld']"
    );

    let bio = io
        .call("BytesIO", &[V::B("aé\nb€\nc".as_bytes())], &[])
        .unwrap();
    let t = io
        .call(
            "TextIOWrapper",
            &[V::O(bio.as_ptr())],
            &[("encoding", V::S("utf-8"))],
        )
        .unwrap();
    let two = longobject::from_i64(2).unwrap();
    obj::set_attr_str(t.as_ptr(), "_CHUNK_SIZE", two.as_ptr()).unwrap();
    let mut seen = Vec::new();
    let mut cookies = Vec::new();
    for _ in 0..3 {
        let c = m(&t, "tell", &[]).unwrap();
        seen.push(show(Ok(c.clone())));
        cookies.push(c);
        seen.push(ms(&t, "readline", &[]));
    }
    assert_eq!(seen, ["0", "'aé\\n'", "4", "'b€\\n'", "9", "'c'"]);
    assert_eq!(ms(&t, "seek", &[V::O(cookies[1].as_ptr())]), "4");
    assert_eq!(ms(&t, "read", &[]), "'b€\\nc'");
}

/// `raw.write` calling back into the BufferedWriter that is writing: CPython's "reentrant
/// call" RuntimeError, and the writer still usable afterwards.
unsafe extern "C" fn reenter_write_c(writer: *mut PyObject, data: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(call::call_method(
        writer,
        unicodeobject::intern_str("write"),
        &[data],
    ))
}

static mut REENTER_DEF: crate::abi::methodobject::PyMethodDef =
    crate::abi::methodobject::PyMethodDef {
        ml_name: c"write".as_ptr(),
        ml_meth: Some(reenter_write_c),
        ml_flags: crate::abi::methodobject::METH_O,
        ml_doc: core::ptr::null(),
    };

unsafe fn reentrancy(io: &Io, dir: &TempDir) {
    let p = dir.path("r.bin");
    let raw = io.call("FileIO", &[V::S(&p), V::S("w")], &[]).unwrap();
    let bw = io
        .call("BufferedWriter", &[V::O(raw.as_ptr()), V::I(4)], &[])
        .unwrap();
    let f = crate::objects::methodobject::new_cfunction(
        &raw mut REENTER_DEF,
        bw.as_ptr(),
        null_mut(),
        null_mut(),
    )
    .unwrap();
    obj::set_attr_str(raw.as_ptr(), "write", f.as_ptr()).unwrap();
    assert_eq!(
        show(m(&bw, "write", &[V::B(b"abcdefgh")])).replace(dir.0.to_str().unwrap(), "D"),
        "RuntimeError: reentrant call inside <_io.BufferedWriter name='D/r.bin'>"
    );
    obj::set_attr_str(raw.as_ptr(), "write", null_mut()).unwrap();
    assert_eq!(ms(&bw, "write", &[V::B(b"xy")]), "2");
    assert_eq!(ms(&bw, "flush", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), b"xy");
}

// 300 seeded random operations on a BufferedRandom (buffer size 7) over a FileIO, and their
// results and the final file as python3.11 gives them (generated by replaying the same
// operations on CPython's _io).
const RANDOM_OPS: &[&str] = &["l", "r:6", "w:646863686363670a", "w:6466646264626865610a6663676364", "r:7", "w:616865680a6368656665", "s:1:2", "f", "s:1:1", "t", "l", "f", "w:66626264620a66686666616467", "l", "s:5:0", "l", "t", "f", "l", "T:27", "T:21", "t", "t", "T:29", "w:61", "w:64686862636863650a62666561", "T:29", "s:1:1", "s:24:0", "s:21:0", "l", "f", "T:15", "s:11:0", "r:4", "p", "t", "l", "w:67646368616665", "R:1", "s:-2:2", "s:-1:2", "R:8", "s:17:0", "l", "r:2", "w:6564", "r:3", "l", "f", "s:1:0", "w:", "t", "p", "R:3", "R:6", "f", "s:14:0", "w:670a676268640a", "w:65630a636866", "T:29", "w:656166", "r:9", "s:18:0", "r:12", "r:9", "R:0", "r:7", "p", "s:2:1", "l", "T:10", "r:7", "t", "R:2", "w:640a646366676267660a68", "p", "w:6568686865630a6167686163610a", "p", "f", "T:10", "R:2", "l", "w:0a6366626563616864", "p", "w:65616268", "T:5", "r:10", "T:13", "r:5", "s:-4:2", "l", "t", "w:646462616363", "p", "T:30", "f", "w:676161", "w:630a68656867656868", "r:1", "R:3", "T:9", "R:9", "w:65", "R:1", "t", "r:6", "r:1", "s:27:0", "s:40:0", "T:9", "w:65636265666668626866666262", "T:3", "l", "t", "t", "s:29:0", "T:3", "w:646162616566", "l", "s:5:0", "s:2:1", "s:-2:2", "l", "s:3:2", "T:28", "w:6761616768640a66680a6863", "t", "l", "r:0", "s:2:2", "s:1:2", "s:15:0", "s:1:2", "r:0", "f", "r:3", "r:6", "R:6", "w:64626464686866610a636864666667", "r:12", "p", "T:10", "f", "w:6263670a656367", "l", "R:6", "f", "R:4", "w:656264660a66626465", "r:4", "f", "R:1", "l", "t", "r:6", "p", "s:5:2", "R:9", "s:-4:2", "l", "l", "R:4", "w:66656263", "f", "p", "r:5", "w:62", "p", "f", "s:5:2", "r:10", "l", "f", "r:4", "f", "s:-1:2", "l", "s:-3:2", "s:14:0", "T:29", "r:10", "r:8", "R:2", "t", "R:1", "w:62640a6861636463", "r:10", "p", "R:2", "T:30", "R:5", "t", "T:13", "T:18", "r:12", "r:0", "w:6164", "s:14:0", "T:4", "R:7", "r:11", "f", "T:2", "s:13:0", "T:24", "r:9", "w:67676168670a6566", "r:1", "r:12", "r:3", "p", "p", "R:7", "r:2", "T:18", "r:-1", "T:25", "t", "l", "s:16:0", "s:5:2", "s:23:0", "s:14:0", "s:-3:1", "R:0", "w:636366676164630a6562", "s:0:2", "R:0", "f", "t", "l", "r:3", "s:0:2", "s:23:0", "R:8", "r:2", "r:7", "r:3", "f", "s:12:0", "r:11", "p", "p", "p", "R:9", "r:2", "T:19", "R:5", "p", "p", "T:5", "f", "p", "s:-1:2", "r:4", "s:20:0", "w:610a620a6566656666", "r:1", "l", "l", "t", "w:65646868", "w:0a646263", "r:7", "r:9", "f", "s:-5:1", "p", "w:64636768676165646261", "w:6863646461616565", "r:2", "t", "s:0:2", "t", "r:0", "s:39:0", "w:646467636161626264", "w:68", "s:0:2", "s:3:0", "l", "w:6362610a6268", "T:4", "r:11", "p", "s:16:0", "r:10", "l", "l", "w:0a66616361", "p", "f", "l", "w:62680a0a0a64636762616864", "p", "s:-2:2", "s:-2:2", "w:6866626662636363640a6562", "w:6364646466650a646263626566"];
const RANDOM_RESULTS: &[&str] = &["b'0123456789\\n'", "b'abcdef'", "8", "15", "b''", "10", "51", "None", "52", "52", "b''", "None", "13", "b''", "5", "b'56789\\n'", "11", "None", "b'abcdefdhchccg\\n'", "27", "21", "25", "25", "29", "1", "13", "29", "40", "24", "21", "b'\\x00\\x00\\x00\\x00adhh'", "None", "15", "11", "b'abcd'", "False", "15", "b''", "7", "b''", "20", "21", "b'e'", "17", "b'chafe'", "b''", "2", "b''", "b''", "None", "1", "0", "1", "True", "b'123'", "b'4567'", "None", "14", "7", "6", "29", "3", "b''", "18", "b'hd\\nec\\nchfeaf'", "b''", "b''", "b''", "False", "32", "b''", "10", "b''", "32", "b''", "11", "False", "14", "False", "None", "10", "b''", "b''", "9", "False", "4", "5", "b''", "13", "b''", "9", "b'\\x00\\x00\\x00\\x00'", "13", "6", "False", "30", "None", "3", "9", "b''", "b''", "9", "b''", "1", "b''", "32", "b''", "b''", "27", "40", "9", "13", "3", "b''", "53", "53", "29", "3", "6", "b''", "5", "7", "33", "b'ef'", "38", "28", "12", "50", "b''", "b''", "52", "51", "15", "51", "b''", "None", "b''", "b''", "b''", "15", "b''", "False", "10", "None", "7", "b''", "b''", "None", "b''", "9", "b''", "None", "b''", "b''", "82", "b''", "False", "87", "b''", "78", "b'fbde'", "b''", "b''", "4", "None", "False", "b''", "1", "False", "None", "92", "b''", "b''", "None", "b''", "None", "86", "b'b'", "84", "14", "29", "b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "b'\\x00\\x00\\x00\\x00\\x00'", "b''", "29", "b''", "8", "b''", "False", "b''", "30", "b''", "37", "13", "18", "b''", "b''", "2", "14", "4", "b''", "b''", "None", "2", "13", "24", "b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'", "8", "b''", "b''", "b''", "False", "False", "b''", "b''", "18", "b''", "25", "30", "b''", "16", "30", "23", "14", "11", "b''", "10", "25", "b''", "None", "25", "b''", "b''", "25", "23", "b'\\x00\\x00'", "b''", "b''", "b''", "None", "12", "b'cfgadc\\neb\\x00\\x00'", "True", "True", "True", "b'\\x00\\x00'", "b''", "19", "b''", "False", "False", "5", "None", "False", "4", "b'\\x00'", "20", "9", "b''", "b''", "b''", "29", "4", "4", "b''", "b''", "None", "32", "True", "10", "8", "b''", "50", "50", "50", "b''", "39", "9", "1", "50", "3", "b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00a\\n'", "6", "4", "b''", "False", "16", "b''", "b''", "b''", "5", "False", "None", "b''", "12", "False", "31", "31", "12", "13"];
const RANDOM_FINAL: &str = "303100000000000000000000000000000a6661636162680a0a0a64636762616866626662636363640a65626364646466650a646263626566";

unsafe fn random_buffered_ops(io: &Io, dir: &TempDir) {
    let p = dir.path("rand.bin");
    std::fs::write(&p, b"0123456789\nabcdefghij\n").unwrap();
    let raw = io.call("FileIO", &[V::S(&p), V::S("r+")], &[]).unwrap();
    let f = io.call("BufferedRandom", &[V::O(raw.as_ptr()), V::I(7)], &[]).unwrap();
    let hex = |h: &str| (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect::<Vec<u8>>();
    for (i, (op, expected)) in RANDOM_OPS.iter().zip(RANDOM_RESULTS).enumerate() {
        let parts: Vec<&str> = op.split(':').collect();
        let n = |k: usize| parts[k].parse::<i64>().unwrap();
        let got = match parts[0] {
            "r" => ms(&f, "read", &[V::I(n(1))]),
            "w" => ms(&f, "write", &[V::B(&hex(parts.get(1).copied().unwrap_or("")))]),
            "s" => ms(&f, "seek", &[V::I(n(1)), V::I(n(2))]),
            "t" => ms(&f, "tell", &[]),
            "l" => ms(&f, "readline", &[]),
            "p" => show(m(&f, "peek", &[V::I(1)]).map(|b| crate::objects::boolobject::from_bool(bytesobject::size(b.as_ptr()) > 0))),
            "f" => ms(&f, "flush", &[]),
            "R" => ms(&f, "read1", &[V::I(n(1))]),
            "T" => ms(&f, "truncate", &[V::I(n(1))]),
            other => panic!("op {other}"),
        };
        assert_eq!(&got, expected, "operation {i}: {op}");
    }
    assert_eq!(ms(&f, "close", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), hex(RANDOM_FINAL));
}

// Seeded random reads, readlines (with and without a limit), tells and seeks back to earlier
// cookies on a TextIOWrapper (UTF-8 with multi-byte characters and mixed line endings, a
// 4-byte buffer and a 5-byte chunk size) in each newline mode; results and cookies as
// python3.11 gives them.
const TEXT_DATA: &str = "😀😀b\r\n\ré😀xyzaxyz\r\n€\n😀bé😀😀b€😀\n😀\r\ra😀baxyzb\r€éa\r😀a€ba€xyz\ra😀b\nxyzaxyz\n\r😀é€bbxyzéab😀xyz\n€€\n😀€\n€😀\r\nxyzxyz\r\na😀\r€\n€aa\n\r\n😀ab\r€a\rxyza\n\r\n😀€é😀\r\nba\r\nbxyz\rbxyz\na\n\n€\nbbb";
const TEXT_CASES: &[(&str, &[&str], &[&str])] = &[
    ("N", &["t", "r:7", "l:3", "r:6", "l:-1", "l:3", "t", "t", "t", "l:-1", "l:-1", "t", "l:3", "S:0", "r:6", "S:18", "l:3", "S:19", "t", "l:-1", "l:3", "t", "r:-1", "t", "S:8", "l:-1", "r:-1", "r:-1", "t", "t", "r:0", "r:0", "r:-1", "t", "S:0", "l:-1", "r:5", "l:-1", "r:1", "l:-1", "t", "r:7", "r:7", "t", "S:12", "r:5", "l:3", "r:5", "t", "l:3", "t", "r:-1", "t", "l:-1", "t", "l:-1", "r:4", "S:10", "S:0", "t", "r:2", "r:-1", "r:1", "t", "t", "t", "l:-1", "l:3", "t", "S:16", "t", "l:3", "l:3", "t", "r:0", "l:3", "t", "S:4", "t", "r:3", "l:3", "r:0", "r:3", "S:19", "t", "l:-1", "l:3", "l:3", "r:7", "t", "r:3", "S:1", "S:12", "r:5", "l:3", "r:-1", "l:-1", "t", "r:6", "l:3", "r:4", "r:4", "l:-1", "S:16", "l:-1", "t", "S:12", "l:-1", "l:-1", "t", "l:-1", "r:2", "l:3", "t", "t", "r:5", "l:3", "t", "t", "l:-1"], &["0", "'😀😀b\\n\\né😀'", "'xyz'", "'axyz\\n€'", "'\\n'", "'😀bé'", "38", "38", "38", "'😀😀b€😀\\n'", "'😀\\n'", "18446744073709551677", "'\\n'", "0", "'😀😀b\\n\\né'", "0", "'😀😀b'", "0", "0", "'😀😀b\\n'", "'\\n'", "340282367079394788510350026692565663756", "'é😀xyzaxyz\\n€\\n😀bé😀😀b€😀\\n😀\\n\\na😀baxyzb\\n€éa\\n😀a€ba€xyz\\na😀b\\nxyzaxyz\\n\\n😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\nxyzxyz\\na😀\\n€\\n€aa\\n\\n😀ab\\n€a\\nxyza\\n\\n😀€é😀\\nba\\nbxyz\\nbxyz\\na\\n\\n€\\nbbb'", "247", "247", "''", "''", "''", "247", "247", "''", "''", "''", "247", "0", "'😀😀b\\n'", "'\\né😀xy'", "'zaxyz\\n'", "'€'", "'\\n'", "31", "'😀bé😀😀b€'", "'😀\\n😀\\n\\na😀'", "66", "31", "'😀bé😀😀'", "'b€😀'", "'\\n😀\\n\\na'", "62", "'😀ba'", "68", "'xyzb\\n€éa\\n😀a€ba€xyz\\na😀b\\nxyzaxyz\\n\\n😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\nxyzxyz\\na😀\\n€\\n€aa\\n\\n😀ab\\n€a\\nxyza\\n\\n😀€é😀\\nba\\nbxyz\\nbxyz\\na\\n\\n€\\nbbb'", "247", "''", "247", "''", "''", "247", "0", "0", "'😀😀'", "'b\\n\\né😀xyzaxyz\\n€\\n😀bé😀😀b€😀\\n😀\\n\\na😀baxyzb\\n€éa\\n😀a€ba€xyz\\na😀b\\nxyzaxyz\\n\\n😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\nxyzxyz\\na😀\\n€\\n€aa\\n\\n😀ab\\n€a\\nxyza\\n\\n😀€é😀\\nba\\nbxyz\\nbxyz\\na\\n\\n€\\nbbb'", "''", "247", "247", "247", "''", "''", "247", "247", "247", "''", "''", "247", "''", "''", "247", "38", "38", "'😀😀b'", "'€😀\\n'", "''", "'😀\\n\\n'", "247", "247", "''", "''", "''", "''", "247", "''", "0", "31", "'😀bé😀😀'", "'b€😀'", "'\\n😀\\n\\na😀baxyzb\\n€éa\\n😀a€ba€xyz\\na😀b\\nxyzaxyz\\n\\n😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\nxyzxyz\\na😀\\n€\\n€aa\\n\\n😀ab\\n€a\\nxyza\\n\\n😀€é😀\\nba\\nbxyz\\nbxyz\\na\\n\\n€\\nbbb'", "''", "247", "''", "''", "''", "''", "''", "247", "''", "247", "31", "'😀bé😀😀b€😀\\n'", "'😀\\n'", "18446744073709551677", "'\\n'", "'a😀'", "'bax'", "69", "69", "'yzb\\n€'", "'éa\\n'", "340282367237851113538878701879653564496", "340282367237851113538878701879653564496", "'😀a€ba€xyz\\n'"]),
    ("E", &["l:-1", "S:17", "t", "t", "t", "l:-1", "t", "l:3", "l:3", "r:7", "r:-1", "l:-1", "t", "S:13", "l:-1", "l:-1", "l:-1", "l:-1", "l:-1", "S:19", "t", "S:10", "t", "l:-1", "t", "l:3", "r:0", "l:-1", "l:-1", "t", "S:16", "l:-1", "l:-1", "r:5", "r:3", "t", "S:17", "r:7", "r:4", "r:0", "t", "r:-1", "l:-1", "r:6", "l:-1", "r:-1", "r:5", "t", "l:3", "t", "l:-1", "r:0", "r:5", "t", "r:7", "t", "t", "r:2", "t", "t", "l:-1", "r:4", "l:3", "t", "t", "r:2", "r:3", "r:7", "r:1", "l:-1", "r:4", "l:-1", "r:7", "t", "S:5", "t", "r:2", "l:3", "r:7", "r:2", "r:7", "S:4", "t", "l:3", "t", "l:-1", "r:2", "r:1", "r:3", "S:14", "t", "t", "r:1", "r:1", "S:3", "t", "r:-1", "l:3", "r:2", "S:4", "r:-1", "t", "l:3", "r:-1", "l:3", "S:19", "S:1", "t", "t", "l:-1", "S:15", "r:6", "r:7", "l:-1", "l:-1", "r:5", "l:3", "r:-1", "l:-1", "t"], &["'😀😀b\\r\\n'", "0", "0", "0", "0", "'😀😀b\\r\\n'", "18446744073709551628", "'\\r'", "'é😀x'", "'yzaxyz\\r'", "'\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "247", "0", "'😀😀b\\r\\n'", "'\\r'", "'é😀xyzaxyz\\r\\n'", "'€\\n'", "'😀bé😀😀b€😀\\n'", "0", "0", "0", "0", "'😀😀b\\r\\n'", "18446744073709551628", "'\\r'", "''", "'é😀xyzaxyz\\r\\n'", "'€\\n'", "31", "0", "'😀😀b\\r\\n'", "'\\r'", "'é😀xyz'", "'axy'", "24", "0", "'😀😀b\\r\\n\\ré'", "'😀xyz'", "''", "21", "'axyz\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "''", "''", "''", "''", "247", "''", "247", "''", "''", "''", "247", "''", "247", "247", "''", "247", "247", "''", "''", "''", "247", "247", "''", "''", "''", "''", "''", "''", "''", "''", "247", "247", "247", "''", "''", "''", "''", "''", "18446744073709551628", "18446744073709551628", "'\\r'", "340282367079394788510350026692565663756", "'é😀xyzaxyz\\r\\n'", "'€\\n'", "'😀'", "'bé😀'", "247", "247", "247", "''", "''", "0", "0", "'😀😀b\\r\\n\\ré😀xyzaxyz\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "''", "18446744073709551628", "'\\ré😀xyzaxyz\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "247", "''", "''", "''", "247", "0", "0", "0", "'😀😀b\\r\\n'", "247", "''", "''", "''", "''", "''", "''", "''", "''", "247"]),
    ("L", &["l:-1", "r:7", "l:3", "t", "t", "S:4", "r:-1", "r:0", "l:-1", "t", "r:1", "r:5", "t", "r:7", "l:-1", "r:4", "S:1", "r:0", "r:4", "l:-1", "l:3", "l:3", "S:9", "S:14", "l:-1", "r:3", "r:6", "r:1", "r:-1", "t", "S:13", "r:-1", "l:-1", "l:-1", "t", "l:-1", "t", "S:2", "l:3", "S:19", "r:2", "t", "t", "r:4", "S:18", "l:-1", "S:19", "l:-1", "l:3", "l:3", "l:3", "S:0", "r:7", "S:20", "r:3", "S:7", "t", "r:5", "t", "r:1", "t", "l:-1", "S:15", "r:6", "t", "t", "r:7", "l:-1", "r:2", "t", "l:3", "t", "r:4", "l:-1", "t", "l:3", "r:0", "t", "l:-1", "r:7", "l:-1", "l:-1", "r:0", "l:3", "r:0", "r:6", "S:3", "r:2", "t", "S:9", "l:-1", "t", "r:-1", "S:8", "S:16", "r:4", "l:3", "l:-1", "t", "l:-1", "r:2", "l:-1", "S:17", "r:5", "t", "l:-1", "t", "l:3", "t", "r:0", "r:6", "r:-1", "S:6", "r:7", "l:-1", "r:4", "l:3", "r:2", "t", "l:-1"], &["'😀😀b\\r\\n'", "'\\ré😀xyza'", "'xyz'", "25", "25", "25", "'\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "''", "247", "''", "''", "247", "''", "''", "''", "25", "''", "'\\r\\n€\\n'", "'😀bé😀😀b€😀\\n'", "'😀\\r\\r'", "'a😀b'", "247", "247", "''", "''", "''", "''", "''", "247", "25", "'\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "''", "247", "''", "247", "25", "'\\r\\n'", "247", "''", "247", "247", "''", "247", "''", "247", "''", "''", "''", "''", "0", "'😀😀b\\r\\n\\ré'", "0", "'😀😀b'", "247", "247", "''", "247", "''", "247", "''", "25", "'\\r\\n€\\n😀b'", "36", "36", "'é😀😀b€😀\\n'", "'😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\n'", "'xy'", "106", "'zax'", "109", "'yz\\n\\r'", "'😀é€bbxyzéab😀xyz\\n'", "139", "'€€\\n'", "''", "146", "'😀€\\n'", "'€😀\\r\\nxyz'", "'xyz\\r\\n'", "'a😀\\r€\\n'", "''", "'€aa'", "''", "'\\n\\r\\n😀ab'", "247", "''", "247", "247", "''", "247", "''", "247", "109", "'yz\\n\\r'", "'😀é€'", "'bbxyzéab😀xyz\\n'", "139", "'€€\\n'", "'😀€'", "'\\n'", "139", "'€€\\n😀€'", "153", "'\\n'", "154", "'€😀\\r'", "162", "''", "'\\nxyzxy'", "'z\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "247", "''", "''", "''", "''", "''", "247", "''"]),
    ("C", &["t", "l:3", "r:0", "l:3", "t", "r:-1", "t", "l:3", "t", "S:20", "r:5", "r:-1", "t", "r:5", "l:-1", "r:-1", "r:-1", "t", "l:3", "l:-1", "r:7", "l:-1", "t", "l:-1", "l:3", "l:-1", "l:-1", "t", "r:4", "r:3", "l:-1", "t", "l:-1", "t", "t", "r:3", "l:-1", "S:9", "l:3", "t", "l:-1", "l:-1", "S:19", "t", "S:8", "t", "t", "t", "r:0", "t", "t", "r:-1", "l:-1", "l:-1", "l:-1", "l:3", "l:-1", "S:1", "S:10", "r:0", "r:-1", "S:11", "r:0", "r:6", "l:-1", "S:1", "S:6", "r:3", "r:-1", "l:3", "r:2", "t", "r:6", "l:3", "r:6", "t", "S:15", "r:3", "l:-1", "r:6", "t", "l:-1", "S:3", "r:4", "t", "t", "S:3", "t", "S:10", "r:6", "r:-1", "l:-1", "r:-1", "l:-1", "l:-1", "S:4", "r:1", "S:0", "l:-1", "t", "S:8", "S:5", "t", "S:5", "t", "l:-1", "l:3", "r:6", "l:3", "r:6", "l:-1", "S:0", "l:3", "l:3", "r:6", "l:-1", "r:4", "l:-1", "t", "r:7"], &["0", "'😀😀b'", "''", "'\\r'", "10", "'\\n\\ré😀xyzaxyz\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "247", "''", "247", "0", "'😀😀b\\r\\n'", "'\\ré😀xyzaxyz\\r\\n€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\nxyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "247", "''", "''", "''", "''", "247", "''", "''", "''", "''", "247", "''", "''", "''", "''", "247", "''", "''", "''", "247", "''", "247", "247", "''", "''", "247", "''", "247", "''", "''", "247", "247", "247", "247", "247", "247", "''", "247", "247", "''", "''", "''", "''", "''", "''", "0", "247", "''", "''", "247", "''", "''", "''", "0", "247", "''", "''", "''", "''", "247", "''", "''", "''", "247", "247", "''", "''", "''", "247", "''", "247", "''", "247", "247", "247", "247", "247", "''", "''", "''", "''", "''", "''", "247", "''", "0", "'😀😀b\\r'", "10", "247", "247", "247", "247", "247", "''", "''", "''", "''", "''", "''", "0", "'😀😀b'", "'\\r'", "'\\n\\ré😀xy'", "'zaxyz\\r'", "'\\n€\\n😀'", "'bé😀😀b€😀\\n😀\\r'", "60", "'\\ra😀baxy'"]),
    ("W", &["r:4", "t", "S:13", "l:-1", "t", "S:10", "S:15", "S:20", "r:3", "l:-1", "t", "l:-1", "l:-1", "l:-1", "r:6", "r:-1", "r:7", "r:-1", "t", "r:7", "l:-1", "r:6", "r:4", "r:2", "t", "l:-1", "r:5", "t", "l:-1", "l:3", "t", "r:3", "S:1", "l:-1", "S:13", "l:-1", "r:4", "r:4", "r:7", "r:0", "S:11", "t", "r:5", "t", "l:-1", "l:-1", "l:-1", "r:5", "r:5", "S:5", "r:2", "t", "l:3", "r:3", "t", "S:5", "l:3", "l:-1", "r:2", "t", "l:3", "t", "S:12", "r:2", "r:6", "r:3", "S:4", "r:7", "S:20", "t", "S:2", "r:4", "r:2", "S:8", "r:6", "t", "l:3", "t", "l:-1", "S:2", "t", "r:0", "l:-1", "r:1", "r:4", "S:1", "t", "l:-1", "t", "t", "l:3", "r:2", "S:5", "r:6", "S:11", "r:2", "S:2", "l:-1", "S:20", "l:-1", "r:-1", "l:-1", "S:7", "t", "l:-1", "S:16", "l:-1", "t", "r:4", "t", "r:6", "r:2", "t", "r:0", "l:-1", "t", "r:0", "t", "r:7", "r:5"], &["'😀😀b\\r'", "10", "10", "'\\n\\ré😀xyzaxyz\\r\\n'", "27", "10", "0", "27", "'€\\n😀'", "'bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\n'", "163", "'xyzxyz\\r\\n'", "'a😀\\r€\\n€aa\\n\\r\\n'", "'😀ab\\r€a\\rxyza\\n\\r\\n'", "'😀€é😀\\r\\n'", "'ba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "''", "247", "''", "''", "''", "''", "''", "247", "''", "''", "247", "''", "''", "247", "''", "10", "'\\n\\ré😀xyzaxyz\\r\\n'", "247", "''", "''", "''", "''", "''", "163", "163", "'xyzxy'", "168", "'z\\r\\n'", "'a😀\\r€\\n€aa\\n\\r\\n'", "'😀ab\\r€a\\rxyza\\n\\r\\n'", "'😀€é😀\\r'", "'\\nba\\r\\n'", "247", "''", "247", "''", "''", "247", "247", "''", "''", "''", "247", "''", "247", "247", "''", "''", "''", "247", "''", "247", "247", "27", "'€\\n😀b'", "'é😀'", "163", "'xyzxyz'", "169", "'\\r\\n'", "171", "'a😀\\r€\\n€aa\\n\\r\\n'", "27", "27", "''", "'€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\n'", "'x'", "'yzxy'", "10", "10", "'\\n\\ré😀xyzaxyz\\r\\n'", "27", "27", "'€\\n😀'", "'bé'", "247", "''", "247", "''", "27", "'€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\n'", "27", "'€\\n😀bé😀😀b€😀\\n😀\\r\\ra😀baxyzb\\r€éa\\r😀a€ba€xyz\\ra😀b\\nxyzaxyz\\n\\r😀é€bbxyzéab😀xyz\\n€€\\n😀€\\n€😀\\r\\n'", "'xyzxyz\\r\\na😀\\r€\\n€aa\\n\\r\\n😀ab\\r€a\\rxyza\\n\\r\\n😀€é😀\\r\\nba\\r\\nbxyz\\rbxyz\\na\\n\\n€\\nbbb'", "''", "247", "247", "''", "171", "'a😀\\r€\\n€aa\\n\\r\\n'", "189", "'😀ab\\r'", "196", "'€a\\rxyz'", "'a\\n'", "206", "''", "'\\r\\n'", "208", "''", "208", "'😀€é😀\\r\\nb'", "'a\\r\\nbx'"]),
];

unsafe fn random_text_ops(io: &Io) {
    for (nl, ops, results) in TEXT_CASES {
        let newline = match *nl {
            "N" => V::N,
            "E" => V::S(""),
            "L" => V::S("\n"),
            "C" => V::S("\r"),
            _ => V::S("\r\n"),
        };
        let bio = io.call("BytesIO", &[V::B(TEXT_DATA.as_bytes())], &[]).unwrap();
        let br = io.call("BufferedReader", &[V::O(bio.as_ptr()), V::I(4)], &[]).unwrap();
        let t = io.call("TextIOWrapper", &[V::O(br.as_ptr())], &[("encoding", V::S("utf-8")), ("newline", newline)]).unwrap();
        let five = longobject::from_i64(5).unwrap();
        obj::set_attr_str(t.as_ptr(), "_CHUNK_SIZE", five.as_ptr()).unwrap();
        let mut cookies: Vec<Ref> = vec![longobject::from_i64(0).unwrap()];
        for (i, (op, expected)) in ops.iter().zip(results.iter()).enumerate() {
            let parts: Vec<&str> = op.split(':').collect();
            let n = |k: usize| parts[k].parse::<i64>().unwrap();
            let got = match parts[0] {
                "r" => ms(&t, "read", &[V::I(n(1))]),
                "l" => ms(&t, "readline", &[V::I(n(1))]),
                "t" => {
                    let c = m(&t, "tell", &[]);
                    if let Ok(c) = &c {
                        cookies.push(c.clone());
                    }
                    show(c)
                }
                _ => {
                    let c = cookies[n(1) as usize % cookies.len()].clone();
                    ms(&t, "seek", &[V::O(c.as_ptr())])
                }
            };
            assert_eq!(&got, expected, "newline {nl}, operation {i}: {op}");
        }
    }
}
