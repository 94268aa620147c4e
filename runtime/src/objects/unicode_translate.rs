//! `str.maketrans`, `str.translate` and `PyUnicode_Translate` (CPython's unicodeobject.c,
//! `unicode_maketrans_impl` / `_PyUnicode_TranslateCharmap`): a table maps code points (ints)
//! to a code point, a str, or None (delete); a code point the table lacks (LookupError) is
//! kept.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::PyExc_LookupError;
use crate::objects::object::{self, Ref};
use crate::objects::unicodeobject::{self as ustr, StrBuilder};
use crate::objects::{dictobject, longobject};

/// `str.translate(table)` / `PyUnicode_Translate(str, table, errors)`.
///
/// # Safety
/// `op` is a live str, `table` a live object.
pub unsafe fn translate(op: *mut PyObject, table: *mut PyObject) -> PyResult<Ref> {
    let n = ustr::length(op) as usize;
    let (data, kind) = ustr::data_and_kind(op);
    let mut out = StrBuilder::with_capacity(n);
    // Small per-call cache of lookups: translation tables are mostly consulted for a few
    // distinct characters (CPython caches ASCII lookups the same way).
    let mut ascii_cache: [Option<Option<Ref>>; 128] = [const { None }; 128];
    for i in 0..n {
        let c = ustr::read_char(data, kind, i);
        if c < 128 {
            if ascii_cache[c as usize].is_none() {
                ascii_cache[c as usize] = Some(lookup(table, c)?);
            }
            emit(&mut out, c, ascii_cache[c as usize].as_ref().and_then(|v| v.as_ref()), true)?;
        } else {
            let v = lookup(table, c)?;
            emit(&mut out, c, v.as_ref(), true)?;
        }
    }
    out.finish()
}

/// The table's value for `c`: `Some(obj)` (possibly None), or `None` when the table lacks it.
/// A missing entry is encoded as an outer `None`; a mapping to Python None as `Some(None obj)`.
unsafe fn lookup(table: *mut PyObject, c: u32) -> PyResult<Option<Ref>> {
    let key = longobject::from_i64(c as i64)?;
    match crate::objects::r#abstract::mapping::get_item(table, key.as_ptr()) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            if errors::exception_matches(PyExc_LookupError) {
                errors::clear();
                Ok(None)
            } else {
                Err(e)
            }
        }
    }
}

/// Writes what `c` translates to.
unsafe fn emit(out: &mut StrBuilder, c: u32, v: Option<&Ref>, _strict: bool) -> PyResult<()> {
    let Some(v) = v else {
        out.push(c);
        return Ok(());
    };
    let v = v.as_ptr();
    if v == object::none() {
        return Ok(());
    }
    if longobject::is_int(v) {
        let x = longobject::as_i64(v);
        match x {
            Ok(x) if (0..0x110000).contains(&x) => {
                out.push(x as u32);
                Ok(())
            }
            Ok(_) => Err(errors::value_error("character mapping must be in range(0x110000)")),
            Err(e) => {
                if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
                    errors::clear();
                    Err(errors::value_error("character mapping must be in range(0x110000)"))
                } else {
                    Err(e)
                }
            }
        }
    } else if ustr::is_str(v) {
        out.push_substr(v, 0, ustr::length(v) as usize);
        Ok(())
    } else {
        Err(errors::type_error("character mapping must return integer, None or str"))
    }
}

/// `str.maketrans(x, y=<unrepresentable>, z=<unrepresentable>)`.
///
/// # Safety
/// `x` is live; `y`/`z` are NULL or live.
pub unsafe fn maketrans(x: *mut PyObject, y: *mut PyObject, z: *mut PyObject) -> PyResult<Ref> {
    let new = dictobject::new()?;
    if !y.is_null() {
        if !ustr::is_str(x) {
            return Err(errors::type_error("first maketrans argument must be a string if there is a second argument"));
        }
        if !ustr::is_str(y) {
            return Err(errors::type_error(&format!(
                "maketrans() argument 2 must be str, not {}",
                object::type_name(y)
            )));
        }
        if ustr::length(x) != ustr::length(y) {
            return Err(errors::value_error("the first two maketrans arguments must have equal length"));
        }
        let (xd, xk) = ustr::data_and_kind(x);
        let (yd, yk) = ustr::data_and_kind(y);
        for i in 0..ustr::length(x) as usize {
            let k = longobject::from_i64(ustr::read_char(xd, xk, i) as i64)?;
            let v = longobject::from_i64(ustr::read_char(yd, yk, i) as i64)?;
            dictobject::set_item(new.as_ptr(), k.as_ptr(), v.as_ptr())?;
        }
        if !z.is_null() {
            if !ustr::is_str(z) {
                return Err(errors::type_error(&format!(
                    "maketrans() argument 3 must be str, not {}",
                    object::type_name(z)
                )));
            }
            let (zd, zk) = ustr::data_and_kind(z);
            for i in 0..ustr::length(z) as usize {
                let k = longobject::from_i64(ustr::read_char(zd, zk, i) as i64)?;
                dictobject::set_item(new.as_ptr(), k.as_ptr(), object::none())?;
            }
        }
        return Ok(new);
    }
    if !dictobject::check(x) {
        return Err(errors::type_error("if you give only one argument to maketrans it must be a dict"));
    }
    let mut pos = 0;
    while let Some((key, value)) = dictobject::next(x, &mut pos) {
        if ustr::is_str(key) {
            if ustr::length(key) != 1 {
                return Err(errors::value_error("string keys in translate table must be of length 1"));
            }
            let (d, k) = ustr::data_and_kind(key);
            let n = longobject::from_i64(ustr::read_char(d, k, 0) as i64)?;
            dictobject::set_item(new.as_ptr(), n.as_ptr(), value)?;
        } else if longobject::is_int(key) {
            dictobject::set_item(new.as_ptr(), key, value)?;
        } else {
            return Err(errors::type_error("keys in translate table must be strings or integers"));
        }
    }
    Ok(new)
}

/// `str.translate` as a method (METH_O).
pub unsafe extern "C" fn str_translate(op: *mut PyObject, table: *mut PyObject) -> *mut PyObject {
    errors::ptr_result(translate(op, table))
}

/// `str.maketrans` as a static method (METH_FASTCALL | METH_STATIC).
pub unsafe extern "C" fn str_maketrans(_: *mut PyObject, args: *const *mut PyObject, nargs: Py_ssize_t) -> *mut PyObject {
    if crate::getargs::check_positional(Some("maketrans"), nargs as usize, 1, 3).is_err() {
        return core::ptr::null_mut();
    }
    let arg = |i: isize| if i < nargs { *args.offset(i) } else { core::ptr::null_mut() };
    errors::ptr_result(maketrans(arg(0), arg(1), arg(2)))
}
