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
        obj::get_attr_str(self.module.as_ptr(), name).unwrap_or_else(|_| panic!("{name}: {}", err_text()))
    }

    /// `module.name(*args, **kwargs)`.
    unsafe fn call(&self, name: &str, args: &[V], kwargs: &[(&str, V)]) -> errors::PyResult<Ref> {
        let f = self.attr(name);
        call_obj(f.as_ptr(), args, kwargs)
    }
}

unsafe fn call_obj(f: *mut PyObject, args: &[V], kwargs: &[(&str, V)]) -> errors::PyResult<Ref> {
    let mut held: Vec<Ref> = args.iter().map(|a| val(a)).collect();
    let names: Vec<Ref> = kwargs.iter().map(|(k, _)| unicodeobject::new_str(k).unwrap()).collect();
    held.extend(kwargs.iter().map(|(_, v)| val(v)));
    let ptrs: Vec<*mut PyObject> = held.iter().map(|r| r.as_ptr()).collect();
    let kwnames = if names.is_empty() {
        None
    } else {
        Some(tupleobject::from_slice(&names.iter().map(|r| r.as_ptr()).collect::<Vec<_>>()).unwrap())
    };
    call::vectorcall(f, &ptrs, kwnames.as_ref().map_or(null_mut(), |k| k.as_ptr()))
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
    // One test: the runtime belongs to the thread that initialized it.
    crate::lifecycle::pylifecycle::initialize();
    unsafe {
        let module = Ref::from_result(super::init_module()).unwrap_or_else(|_| panic!("init: {}", err_text()));
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
    }
}

unsafe fn module_names(io: &Io) {
    assert_eq!(show(Ok(io.attr("DEFAULT_BUFFER_SIZE"))), "8192");
    let uo = io.attr("UnsupportedOperation");
    assert!(obj::is_subclass(uo.as_ptr(), PyExc_OSError).unwrap());
    assert!(obj::is_subclass(uo.as_ptr(), PyExc_ValueError).unwrap());
    let blocking = PyExc_BlockingIOError;
    assert_eq!(io.attr("BlockingIOError").as_ptr(), blocking);
    for name in ["FileIO", "BytesIO", "StringIO", "BufferedReader", "BufferedWriter", "BufferedRandom", "BufferedRWPair", "TextIOWrapper", "IncrementalNewlineDecoder", "_IOBase", "_RawIOBase", "_BufferedIOBase", "_TextIOBase"] {
        assert_eq!(show(Ok(io.attr(name))), format!("<class '_io.{name}'>"));
    }
    assert_eq!(show(io.call("text_encoding", &[V::S("latin-1")], &[])), "'latin-1'");
    assert_eq!(show(io.call("text_encoding", &[V::N], &[])), "'locale'");
}

use crate::objects::exceptions::*;

unsafe fn fileio(io: &Io, dir: &TempDir) {
    let p = dir.path("raw.bin");
    let f = io.call("FileIO", &[V::S(&p), V::S("w")], &[]).unwrap();
    assert_eq!(getattr_s(&f, "mode"), "'wb'");
    assert_eq!(ms(&f, "write", &[V::B(b"hello\nworld\n")]), "12");
    assert_eq!(ms(&f, "read", &[]), "UnsupportedOperation: File not open for reading");
    assert_eq!(ms(&f, "tell", &[]), "12");
    assert_eq!(ms(&f, "readable", &[]), "False");
    assert_eq!(ms(&f, "writable", &[]), "True");
    assert_eq!(ms(&f, "seekable", &[]), "True");
    assert_eq!(ms(&f, "isatty", &[]), "False");
    assert_eq!(ms(&f, "truncate", &[V::I(5)]), "5");
    assert_eq!(ms(&f, "close", &[]), "None");
    assert_eq!(getattr_s(&f, "closed"), "True");
    assert_eq!(show(obj::repr(f.as_ptr())), "'<_io.FileIO [closed]>'");
    assert_eq!(ms(&f, "write", &[V::B(b"x")]), "ValueError: I/O operation on closed file");
    assert_eq!(ms(&f, "fileno", &[]), "ValueError: I/O operation on closed file");

    let f = io.call("FileIO", &[V::S(&p)], &[]).unwrap();
    assert_eq!(show(obj::repr(f.as_ptr())), format!("\"<_io.FileIO name='{p}' mode='rb' closefd=True>\""));
    assert_eq!(ms(&f, "read", &[]), "b'hello'");
    assert_eq!(ms(&f, "read", &[]), "b''");
    assert_eq!(ms(&f, "seek", &[V::I(1)]), "1");
    assert_eq!(ms(&f, "read", &[V::I(2)]), "b'el'");
    assert_eq!(ms(&f, "readall", &[]), "b'lo'");
    assert_eq!(ms(&f, "seek", &[V::I(-2), V::I(2)]), "3");
    let ba = crate::objects::bytearrayobject::from_slice(b"......").unwrap();
    assert_eq!(ms(&f, "readinto", &[V::O(ba.as_ptr())]), "2");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'lo....')");
    assert_eq!(ms(&f, "readinto", &[V::B(b"abc")]), "TypeError: readinto() argument must be read-write bytes-like object, not bytes");
    assert_eq!(ms(&f, "write", &[V::B(b"x")]), "UnsupportedOperation: File not open for writing");
    assert_eq!(ms(&f, "read", &[V::S("x")]), "TypeError: argument should be integer or None, not 'str'");
    assert_eq!(ms(&f, "read", &[V::I(1), V::I(2)]), "TypeError: read expected at most 1 argument, got 2");
    assert_eq!(ms(&f, "readline", &[]), "b''");
    assert_eq!(ms(&f, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&f, "readlines", &[]), "[b'hello']");
    assert_eq!(ms(&f, "__enter__", &[]), format!("<_io.FileIO name='{p}' mode='rb' closefd=True>"));
    assert_eq!(ms(&f, "__exit__", &[V::N, V::N, V::N]), "None");
    assert_eq!(ms(&f, "__enter__", &[]), "ValueError: I/O operation on closed file.");

    // Mode and argument errors.
    assert_eq!(show(io.call("FileIO", &[V::S(&p), V::S("rw")], &[])), "ValueError: Must have exactly one of create/read/write/append mode and at most one plus");
    assert_eq!(show(io.call("FileIO", &[V::S(&p), V::S("rq")], &[])), "ValueError: invalid mode: rq");
    assert_eq!(show(io.call("FileIO", &[V::I(-3)], &[])), "ValueError: negative file descriptor");
    assert_eq!(show(io.call("FileIO", &[V::S(&p)], &[("closefd", V::F)])), "ValueError: Cannot use closefd=False with file name");
    assert_eq!(show(io.call("FileIO", &[V::S(&p), V::S("x")], &[])), format!("FileExistsError: [Errno 17] File exists: '{p}'"));
    let missing = dir.path("missing");
    assert_eq!(show(io.call("FileIO", &[V::S(&missing)], &[])), format!("FileNotFoundError: [Errno 2] No such file or directory: '{missing}'"));
    assert_eq!(show(io.call("FileIO", &[V::S(&dir.path(""))], &[])), format!("IsADirectoryError: [Errno 21] Is a directory: '{}'", dir.path("")));
    assert_eq!(show(io.call("FileIO", &[V::F], &[])).starts_with("<_io.FileIO"), true);

    // Appending, by descriptor, closefd=False.
    let f = io.call("FileIO", &[V::S(&p), V::S("a+")], &[]).unwrap();
    assert_eq!(getattr_s(&f, "mode"), "'ab+'");
    assert_eq!(ms(&f, "tell", &[]), "5");
    assert_eq!(ms(&f, "write", &[V::B(b"!")]), "1");
    let fd = m(&f, "fileno", &[]).unwrap();
    let g = io.call("FileIO", &[V::O(fd.as_ptr()), V::S("r")], &[("closefd", V::F)]).unwrap();
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
    assert_eq!(ms(&b, "getvalue", &[]), "b'abc\\ndef\\nghi\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00Z'");
    assert_eq!(ms(&b, "truncate", &[V::I(3)]), "3");
    assert_eq!(ms(&b, "getvalue", &[]), "b'abc'");
    assert_eq!(ms(&b, "tell", &[]), "21");
    assert_eq!(ms(&b, "seek", &[V::I(-1)]), "ValueError: negative seek value -1");
    assert_eq!(ms(&b, "seek", &[V::I(0), V::I(3)]), "ValueError: invalid whence (3, should be 0, 1 or 2)");
    assert_eq!(ms(&b, "seek", &[V::I(-1), V::I(2)]), "2");
    assert_eq!(ms(&b, "read", &[]), "b'c'");
    assert_eq!(ms(&b, "write", &[V::S("x")]), "TypeError: a bytes-like object is required, not 'str'");
    let view = m(&b, "getbuffer", &[]).unwrap();
    assert_eq!(show(crate::objects::r#abstract::mapping::size(view.as_ptr()).and_then(|n| longobject::from_isize(n))), "3");
    assert_eq!(ms(&b, "write", &[V::B(b"x")]), "BufferError: Existing exports of data: object cannot be re-sized");
    assert_eq!(ms(&b, "close", &[]), "BufferError: Existing exports of data: object cannot be re-sized");
    assert_eq!(ms(&view, "release", &[]), "None");
    assert_eq!(ms(&b, "write", &[V::B(b"x")]), "1");
    assert_eq!(ms(&b, "__getstate__", &[]), "(b'abcx', 4, None)");
    assert_eq!(ms(&b, "close", &[]), "None");
    assert_eq!(getattr_s(&b, "closed"), "True");
    assert_eq!(ms(&b, "read", &[]), "ValueError: I/O operation on closed file.");
    let b = io.call("BytesIO", &[], &[]).unwrap();
    assert_eq!(ms(&b, "__setstate__", &[V::I(1)]), "TypeError: _io.BytesIO.__setstate__ argument should be 3-tuple, got int");
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
    assert_eq!(ms(&s, "write", &[V::B(b"x")]), "TypeError: string argument expected, got 'bytes'");
    assert_eq!(ms(&s, "seek", &[V::I(1), V::I(1)]), "OSError: Can't do nonzero cur-relative seeks");
    assert_eq!(ms(&s, "seek", &[V::I(-1)]), "ValueError: Negative seek position -1");
    assert_eq!(ms(&s, "truncate", &[V::I(3)]), "3");
    assert_eq!(ms(&s, "getvalue", &[]), "'hél'");
    assert_eq!(getattr_s(&s, "newlines"), "None");
    assert_eq!(getattr_s(&s, "line_buffering"), "False");
    // Universal newlines: newline=None translates on input.
    let s = io.call("StringIO", &[V::S("a\r\nb\rc\n")], &[("newline", V::N)]).unwrap();
    assert_eq!(ms(&s, "getvalue", &[]), "'a\\nb\\nc\\n'");
    assert_eq!(getattr_s(&s, "newlines"), "('\\r', '\\n', '\\r\\n')");
    // newline='': lines end at any of them, nothing translated.
    let s = io.call("StringIO", &[V::S("a\r\nb\rc\n")], &[("newline", V::S(""))]).unwrap();
    assert_eq!(ms(&s, "readlines", &[]), "['a\\r\\n', 'b\\r', 'c\\n']");
    // newline='\r\n' translates "\n" on output.
    let s = io.call("StringIO", &[V::S("a\nb")], &[("newline", V::S("\r\n"))]).unwrap();
    assert_eq!(ms(&s, "getvalue", &[]), "'a\\r\\nb'");
    assert_eq!(show(io.call("StringIO", &[V::S("")], &[("newline", V::S("x"))])), "ValueError: illegal newline value: 'x'");
    assert_eq!(show(io.call("StringIO", &[V::I(1)], &[])), "TypeError: initial_value must be str or None, not int");
    assert_eq!(ms(&s, "__getstate__", &[]), "('a\\r\\nb', '\\r\\n', 0, None)");
    assert_eq!(ms(&s, "close", &[]), "None");
    assert_eq!(ms(&s, "read", &[]), "ValueError: I/O operation on closed file");
    let d = io.call("IncrementalNewlineDecoder", &[V::N, V::T], &[]).unwrap();
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
    let w = io.call("BufferedWriter", &[V::O(raw.as_ptr()), V::I(4)], &[]).unwrap();
    let size = || std::fs::metadata(&p).unwrap().len();
    assert_eq!(repr_in(&w, dir), "<_io.BufferedWriter name='D/buf.bin'>");
    assert_eq!(ms(&w, "write", &[V::B(b"ab")]), "2");
    assert_eq!(ms(&w, "tell", &[]), "2");
    assert_eq!(size(), 0);
    assert_eq!(ms(&w, "write", &[V::B(b"cdefgh")]), "6");
    assert_eq!(size(), 8);
    assert_eq!(ms(&w, "flush", &[]), "None");
    assert_eq!(obj::get_attr_str(w.as_ptr(), "raw").unwrap().as_ptr(), raw.as_ptr());
    assert_eq!(ms(&w, "read", &[]), "UnsupportedOperation: read");
    assert_eq!(ms(&w, "seek", &[V::I(2)]), "2");
    assert_eq!(ms(&w, "write", &[V::B(b"XY")]), "2");
    assert_eq!(ms(&w, "flush", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), b"abXYefgh");
    assert_eq!(getattr_s(&w, "mode"), "'wb'");
    assert_eq!(getattr_s(&w, "closed"), "False");
    assert_eq!(ms(&w, "readable", &[]), "False");
    assert_eq!(ms(&w, "close", &[]), "None");
    assert_eq!(ms(&w, "write", &[V::B(b"x")]), "ValueError: write to closed file");
    assert_eq!(ms(&w, "flush", &[]), "ValueError: flush of closed file");
    assert_eq!(ms(&w, "tell", &[]), "ValueError: I/O operation on closed file");

    let raw = io.call("FileIO", &[V::S(&p)], &[]).unwrap();
    let r = io.call("BufferedReader", &[V::O(raw.as_ptr()), V::I(4)], &[]).unwrap();
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
    assert_eq!(ms(&r, "write", &[V::B(b"x")]), "UnsupportedOperation: write");
    let ba = crate::objects::bytearrayobject::from_slice(&[0; 5]).unwrap();
    assert_eq!(ms(&r, "seek", &[V::I(0)]), "0");
    assert_eq!(ms(&r, "readinto", &[V::O(ba.as_ptr())]), "5");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'abXYe')");
    assert_eq!(ms(&r, "readinto1", &[V::O(ba.as_ptr())]), "3");
    assert_eq!(show(Ok(ba.clone())), "bytearray(b'fghYe')");
    assert_eq!(ms(&r, "read", &[V::I(-2)]), "ValueError: read length must be non-negative or -1");
    assert_eq!(ms(&r, "seek", &[V::I(0), V::I(5)]), "ValueError: whence value 5 unsupported");
    assert_eq!(repr_in(&r, dir), "<_io.BufferedReader name='D/buf.bin'>");

    let bio = io.call("BytesIO", &[V::B(b"l1\nl2\nl3")], &[]).unwrap();
    let r2 = io.call("BufferedReader", &[V::O(bio.as_ptr()), V::I(2)], &[]).unwrap();
    let lines = crate::objects::listobject::from_iterable(r2.as_ptr()).unwrap();
    assert_eq!(show(Ok(lines)), "[b'l1\\n', b'l2\\n', b'l3']");
    let empty = io.call("BytesIO", &[], &[]).unwrap();
    assert_eq!(show(io.call("BufferedReader", &[V::O(empty.as_ptr()), V::I(0)], &[])), "ValueError: buffer size must be strictly positive");
    let ro = io.call("FileIO", &[V::S(&p), V::S("r")], &[]).unwrap();
    assert_eq!(show(io.call("BufferedWriter", &[V::O(ro.as_ptr())], &[])), "UnsupportedOperation: File or stream is not writable.");

    let raw = io.call("FileIO", &[V::S(&p), V::S("r+")], &[]).unwrap();
    let rr = io.call("BufferedRandom", &[V::O(raw.as_ptr()), V::I(8)], &[]).unwrap();
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
    assert_eq!(show(m(&rr, "detach", &[]).map(|d| crate::objects::object::new_ref(d.ob_type().cast()))), "<class '_io.FileIO'>");
    assert_eq!(ms(&rr, "read", &[]), "ValueError: raw stream has been detached");
    assert_eq!(show(Ok(rr.clone())), "<_io.BufferedRandom>");

    let (i, o) = (io.call("BytesIO", &[V::B(b"in")], &[]).unwrap(), io.call("BytesIO", &[], &[]).unwrap());
    let pair = io.call("BufferedRWPair", &[V::O(i.as_ptr()), V::O(o.as_ptr())], &[]).unwrap();
    assert_eq!(ms(&pair, "read", &[]), "b'in'");
    assert_eq!(ms(&pair, "write", &[V::B(b"out")]), "3");
    assert_eq!(ms(&pair, "readable", &[]), "True");
    assert_eq!(ms(&pair, "writable", &[]), "True");
    assert_eq!(getattr_s(&pair, "closed"), "False");
    assert_eq!(ms(&pair, "isatty", &[]), "False");
    assert_eq!(ms(&pair, "flush", &[]), "None");
    assert_eq!(show(io.call("BufferedRWPair", &[V::O(i.as_ptr()), V::O(o.as_ptr())], &[("k", V::I(1))])), "TypeError: BufferedRWPair() takes no keyword arguments");
    assert_eq!(show(io.call("BufferedRWPair", &[V::I(1)], &[])), "TypeError: BufferedRWPair expected at least 2 arguments, got 1");
}

unsafe fn text(io: &Io, dir: &TempDir) {
    let p = dir.path("t.txt");
    let mk = |name: &str, args: &[V], kw: &[(&str, V)]| io.call(name, args, kw).unwrap();
    let raw = mk("FileIO", &[V::S(&p), V::S("w")], &[]);
    let buf = mk("BufferedWriter", &[V::O(raw.as_ptr())], &[]);
    let t = mk("TextIOWrapper", &[V::O(buf.as_ptr())], &[("encoding", V::S("utf-8")), ("newline", V::S("\r\n"))]);
    assert_eq!(ms(&t, "write", &[V::S("héllo\nwörld\n")]), "12");
    assert_eq!(ms(&t, "tell", &[]), "16");
    assert_eq!(getattr_s(&t, "encoding"), "'utf-8'");
    assert_eq!(getattr_s(&t, "errors"), "'strict'");
    assert_eq!(getattr_s(&t, "line_buffering"), "False");
    assert_eq!(getattr_s(&t, "newlines"), "None");
    assert_eq!(ms(&t, "read", &[]), "UnsupportedOperation: not readable");
    assert_eq!(repr_in(&t, dir), "<_io.TextIOWrapper name='D/t.txt' encoding='utf-8'>");
    assert_eq!(ms(&t, "close", &[]), "None");
    assert_eq!(std::fs::read(&p).unwrap(), "héllo\r\nwörld\r\n".as_bytes());
    assert_eq!(getattr_s(&t, "closed"), "True");
    assert_eq!(ms(&t, "write", &[V::S("x")]), "ValueError: I/O operation on closed file.");

    let reader = |enc: &str, newline: V| {
        let raw = mk("FileIO", &[V::S(&p)], &[]);
        let buf = mk("BufferedReader", &[V::O(raw.as_ptr())], &[]);
        mk("TextIOWrapper", &[V::O(buf.as_ptr())], &[("encoding", V::S(enc)), ("newline", newline)])
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
    assert_eq!(ms(&t, "seek", &[V::I(1), V::I(1)]), "UnsupportedOperation: can't do nonzero cur-relative seeks");
    assert_eq!(ms(&t, "seek", &[V::I(0), V::I(3)]), "ValueError: invalid whence (3, should be 0, 1 or 2)");
    assert_eq!(ms(&t, "seek", &[V::I(-1)]), "ValueError: negative seek position -1");
    assert_eq!(ms(&t, "seek", &[V::I(0), V::I(2)]), "16");
    assert_eq!(ms(&t, "write", &[V::S("x")]), "UnsupportedOperation: not writable");
    let t = reader("utf-8", V::S(""));
    assert_eq!(ms(&t, "readlines", &[]), "['héllo\\r\\n', 'wörld\\r\\n']");
    let t = reader("latin-1", V::S("\r\n"));
    assert_eq!(ms(&t, "readlines", &[]), "['hÃ©llo\\r\\n', 'wÃ¶rld\\r\\n']");
    assert_eq!(getattr_s(&t, "encoding"), "'latin-1'");

    let bio = mk("BytesIO", &[V::B(b"a\rb\r\nc\nd")], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("ascii")), ("newline", V::N)]);
    let lines: Vec<String> = (0..5).map(|_| ms(&t, "readline", &[])).collect();
    assert_eq!(lines, ["'a\\n'", "'b\\n'", "'c\\n'", "'d'", "''"]);
    assert_eq!(getattr_s(&t, "newlines"), "('\\r', '\\n', '\\r\\n')");
    let bio = mk("BytesIO", &[V::B(b"abc\xffdef")], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("ascii")), ("errors", V::S("replace"))]);
    assert_eq!(ms(&t, "read", &[]), "'abc\u{fffd}def'");
    let bio = mk("BytesIO", &[V::B(b"abc\xffdef")], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("ascii"))]);
    assert_eq!(ms(&t, "read", &[]), "UnicodeDecodeError: 'ascii' codec can't decode byte 0xff in position 3: ordinal not in range(128)");

    let bio = mk("BytesIO", &[], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8"))]);
    assert_eq!(ms(&t, "write", &[V::S("x€y")]), "3");
    assert_eq!(ms(&bio, "getvalue", &[]), "b''");
    assert_eq!(ms(&t, "flush", &[]), "None");
    assert_eq!(ms(&bio, "getvalue", &[]), "b'x\\xe2\\x82\\xacy'");
    assert_eq!(ms(&t, "tell", &[]), "5");
    assert_eq!(ms(&t, "write", &[V::B(b"x")]), "TypeError: write() argument must be str, not bytes");
    assert_eq!(show(io.call("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8")), ("newline", V::S("x"))])), "ValueError: illegal newline value: x");
    assert_eq!(show(io.call("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::I(5))])), "TypeError: TextIOWrapper() argument 'encoding' must be str or None, not int");
    assert_eq!(show(io.call("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8")), ("errors", V::I(5))])), "TypeError: TextIOWrapper() argument 'errors' must be str or None, not int");

    let bio = mk("BytesIO", &[V::B(b"x\ny")], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8"))]);
    assert_eq!(ms(&t, "read", &[V::I(1)]), "'x'");
    let reconf = obj::get_attr_str(t.as_ptr(), "reconfigure").unwrap();
    assert_eq!(show(call_obj(reconf.as_ptr(), &[], &[("encoding", V::S("latin-1"))])), "UnsupportedOperation: It is not possible to set the encoding or newline of stream after the first read");
    assert_eq!(show(call_obj(reconf.as_ptr(), &[], &[("line_buffering", V::T)])), "None");
    assert_eq!(getattr_s(&t, "line_buffering"), "True");
    assert_eq!(m(&t, "detach", &[]).unwrap().as_ptr(), bio.as_ptr());
    assert_eq!(ms(&t, "read", &[]), "ValueError: underlying buffer has been detached");
    assert_eq!(show(Ok(t.clone())), "<_io.TextIOWrapper encoding='utf-8'>");

    let bio = mk("BytesIO", &[], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8")), ("line_buffering", V::T)]);
    assert_eq!(ms(&t, "write", &[V::S("a")]), "1");
    assert_eq!(ms(&bio, "getvalue", &[]), "b''");
    assert_eq!(ms(&t, "write", &[V::S("b\n")]), "2");
    assert_eq!(ms(&bio, "getvalue", &[]), "b'ab\\n'");

    // Cookies across multi-byte characters.
    let bio = mk("BytesIO", &[V::B("Aé€😀\nxyz".as_bytes())], &[]);
    let t = mk("TextIOWrapper", &[V::O(bio.as_ptr())], &[("encoding", V::S("utf-8"))]);
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
    let f = io.call("open", &[V::S(&p), V::S("w")], &[("encoding", V::S("utf-8"))]).unwrap();
    assert_eq!(repr_in(&f, dir), "<_io.TextIOWrapper name='D/o.txt' mode='w' encoding='utf-8'>");
    assert_eq!(ms(&f, "write", &[V::S("one\ntwo\n")]), "8");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p)], &[("encoding", V::S("utf-8"))]).unwrap();
    let lines = crate::objects::listobject::from_iterable(f.as_ptr()).unwrap();
    assert_eq!(show(Ok(lines)), "['one\\n', 'two\\n']");
    assert_eq!(ms(&f, "tell", &[]), "8");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p), V::S("rb")], &[]).unwrap();
    assert_eq!(repr_in(&f, dir), "<_io.BufferedReader name='D/o.txt'>");
    assert_eq!(ms(&f, "read", &[]), "b'one\\ntwo\\n'");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p), V::S("ab")], &[("buffering", V::I(0))]).unwrap();
    assert_eq!(repr_in(&f, dir), "<_io.FileIO name='D/o.txt' mode='ab' closefd=True>");
    assert_eq!(ms(&f, "close", &[]), "None");
    let f = io.call("open", &[V::S(&p), V::S("r+b")], &[]).unwrap();
    assert_eq!(show(Ok(crate::objects::object::new_ref(f.ob_type().cast()))), "<class '_io.BufferedRandom'>");
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
        assert_eq!(show(io.call("open", &[V::S(&p), V::S(mode)], kw)), *expected, "mode {mode}");
    }
    assert_eq!(show(io.call("open", &[V::F, V::I(1)], &[])), "TypeError: open() argument 'mode' must be str, not int");
    assert_eq!(show(io.call("open", &[V::N], &[])), "TypeError: expected str, bytes or os.PathLike object, not NoneType");
    assert_eq!(show(io.call("open", &[V::S(&p)], &[("encoding", V::S("utf-8")), ("buffering", V::S("x"))])), "TypeError: 'str' object cannot be interpreted as an integer");
    assert_eq!(show(io.call("open", &[V::S(&p)], &[("bogus", V::I(1))])), "TypeError: 'bogus' is an invalid keyword argument for open()");
    assert_eq!(show(io.call("open_code", &[V::S(&p)], &[]).and_then(|f| m(&f, "read", &[]))), "b'one\\ntwo\\n'");
    assert_eq!(show(io.call("open_code", &[V::B(b"x")], &[])), "TypeError: open_code() argument 'path' must be str, not bytes");
}

unsafe fn file_c_api(io: &Io) {
    use crate::objects::fileobject as f;
    let b = io.call("BytesIO", &[V::B(b"ab\ncd")], &[]).unwrap();
    assert_eq!(show(f::get_line(b.as_ptr(), -1)), "b'ab'");
    assert_eq!(show(f::get_line(b.as_ptr(), -1)), "b'cd'");
    assert_eq!(show(f::get_line(b.as_ptr(), -1)), "EOFError: EOF when reading a line");
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
    assert_eq!(show(f::write_object(v.as_ptr(), null_mut(), 0).map(|_| obj::new_none())), "TypeError: writeobject with NULL file");
    let neg = longobject::from_i64(-1).unwrap();
    assert_eq!(show(f::as_file_descriptor(neg.as_ptr()).map(|_| obj::new_none())), "ValueError: file descriptor cannot be a negative integer (-1)");
    assert_eq!(show(f::as_file_descriptor(v.as_ptr()).map(|_| obj::new_none())), "TypeError: argument must be an int, or have a fileno() method.");
    let raw = io.call("FileIO", &[V::I(1), V::S("w")], &[("closefd", V::F)]).unwrap();
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
