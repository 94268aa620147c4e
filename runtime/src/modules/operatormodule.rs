//! The `_operator` module (CPython 3.11's Modules/_operator.c): the function form of every
//! operator (`add`, `iadd`, `getitem`, `not_`, `is_`, `concat`, `length_hint`, `call`, ...),
//! `_compare_digest` (timing-independent comparison of ASCII str or buffers) and the
//! `itemgetter`, `attrgetter` (dotted names) and `methodcaller` callables with their reprs and
//! pickling.

use crate::abi::methodobject::*;
use crate::abi::structmember::{PyMemberDef, READONLY, T_PYSSIZET};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args;
use crate::objects::dictobject::method;
use crate::objects::exceptions as exc;
use crate::objects::object::{self, incref, py_type, Ref};
use crate::objects::r#abstract::{mapping, number, sequence};
use crate::objects::typeobject::static_type;
use crate::objects::{call, dictobject, tupleobject, unicodeobject};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;

type BinFn = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
type FastFn =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
type FastKwFn = args::FastKwFn;

const METHOD_END: PyMethodDef = PyMethodDef {
    ml_name: core::ptr::null(),
    ml_meth: None,
    ml_flags: 0,
    ml_doc: core::ptr::null(),
};
const MEMBER_END: PyMemberDef = PyMemberDef {
    name: core::ptr::null(),
    type_: 0,
    offset: 0,
    flags: 0,
    doc: core::ptr::null(),
};

/// The positional arguments of a METH_FASTCALL function after Argument Clinic's count check.
unsafe fn positional<'a>(
    name: &str,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    min: usize,
    max: usize,
) -> PyResult<&'a [*mut PyObject]> {
    crate::getargs::check_positional(Some(name), n as usize, min, max)?;
    Ok(if n == 0 {
        &[]
    } else {
        core::slice::from_raw_parts(a, n as usize)
    })
}

/// `fn $f(module, a, b) -> operation(a, b)` with "name expected 2 arguments, got N".
macro_rules! binary {
    ($($f:ident, $name:literal, |$x:ident, $y:ident| $body:expr;)*) => {$(
        unsafe extern "C" fn $f(_m: *mut PyObject, a: *const *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
            errors::ptr_result((|| {
                let v = positional($name, a, n, 2, 2)?;
                let ($x, $y) = (v[0], v[1]);
                $body
            })())
        }
    )*};
}

/// `fn $f(module, a) -> operation(a)` (METH_O).
macro_rules! unary {
    ($($f:ident, |$x:ident| $body:expr;)*) => {$(
        unsafe extern "C" fn $f(_m: *mut PyObject, $x: *mut PyObject) -> *mut PyObject {
            errors::ptr_result((|| $body)())
        }
    )*};
}

fn boolean(b: bool) -> Ref {
    object::new_bool(b)
}

unsafe fn compare(x: *mut PyObject, y: *mut PyObject, op: c_int) -> PyResult<Ref> {
    object::rich_compare(x, y, op)
}

/// `PySequence_Concat`'s operand check as `concat` does it first.
unsafe fn check_concat(x: *mut PyObject) -> PyResult<()> {
    let sq = (*py_type(x)).tp_as_sequence;
    if sq.is_null() || (*sq).sq_concat.is_none() {
        return Err(errors::type_error(&format!(
            "'{}' object can't be concatenated",
            object::type_name_trunc(py_type(x), 200)
        )));
    }
    Ok(())
}

unary! {
    op_truth, |x| object::is_true(x).map(boolean);
    op_not, |x| object::not(x).map(boolean);
    op_neg, |x| number::negative(x);
    op_pos, |x| number::positive(x);
    op_abs, |x| number::absolute(x);
    op_inv, |x| number::invert(x);
    op_invert, |x| number::invert(x);
    op_index, |x| number::index(x);
}

binary! {
    op_add, "add", |x, y| number::add(x, y);
    op_sub, "sub", |x, y| number::subtract(x, y);
    op_mul, "mul", |x, y| number::multiply(x, y);
    op_matmul, "matmul", |x, y| number::matrix_multiply(x, y);
    op_floordiv, "floordiv", |x, y| number::floor_divide(x, y);
    op_truediv, "truediv", |x, y| number::true_divide(x, y);
    op_mod, "mod", |x, y| number::remainder(x, y);
    op_lshift, "lshift", |x, y| number::lshift(x, y);
    op_rshift, "rshift", |x, y| number::rshift(x, y);
    op_and, "and_", |x, y| number::and(x, y);
    op_xor, "xor", |x, y| number::xor(x, y);
    op_or, "or_", |x, y| number::or(x, y);
    op_pow, "pow", |x, y| number::power(x, y, object::none());
    op_iadd, "iadd", |x, y| number::inplace_add(x, y);
    op_isub, "isub", |x, y| number::inplace_subtract(x, y);
    op_imul, "imul", |x, y| number::inplace_multiply(x, y);
    op_imatmul, "imatmul", |x, y| number::inplace_matrix_multiply(x, y);
    op_ifloordiv, "ifloordiv", |x, y| number::inplace_floor_divide(x, y);
    op_itruediv, "itruediv", |x, y| number::inplace_true_divide(x, y);
    op_imod, "imod", |x, y| number::inplace_remainder(x, y);
    op_ilshift, "ilshift", |x, y| number::inplace_lshift(x, y);
    op_irshift, "irshift", |x, y| number::inplace_rshift(x, y);
    op_iand, "iand", |x, y| number::inplace_and(x, y);
    op_ixor, "ixor", |x, y| number::inplace_xor(x, y);
    op_ior, "ior", |x, y| number::inplace_or(x, y);
    op_ipow, "ipow", |x, y| number::inplace_power(x, y, object::none());
    op_concat, "concat", |x, y| { check_concat(x)?; sequence::concat(x, y) };
    op_iconcat, "iconcat", |x, y| { check_concat(x)?; sequence::inplace_concat(x, y) };
    op_contains, "contains", |x, y| sequence::contains(x, y).map(boolean);
    op_index_of, "indexOf", |x, y| sequence::iter_search(x, y, sequence::IterSearch::Index).and_then(crate::objects::longobject::from_isize);
    op_count_of, "countOf", |x, y| sequence::iter_search(x, y, sequence::IterSearch::Count).and_then(crate::objects::longobject::from_isize);
    op_getitem, "getitem", |x, y| mapping::get_item(x, y);
    op_delitem, "delitem", |x, y| mapping::del_item(x, y).map(|_| object::new_none());
    op_eq, "eq", |x, y| compare(x, y, object::Py_EQ);
    op_ne, "ne", |x, y| compare(x, y, object::Py_NE);
    op_lt, "lt", |x, y| compare(x, y, object::Py_LT);
    op_le, "le", |x, y| compare(x, y, object::Py_LE);
    op_gt, "gt", |x, y| compare(x, y, object::Py_GT);
    op_ge, "ge", |x, y| compare(x, y, object::Py_GE);
    op_is, "is_", |x, y| Ok(boolean(x == y));
    op_is_not, "is_not", |x, y| Ok(boolean(x != y));
    op_compare_digest, "_compare_digest", |x, y| compare_digest(x, y).map(boolean);
}

unsafe extern "C" fn op_setitem(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("setitem", a, n, 3, 3)?;
        mapping::set_item(v[0], v[1], v[2])?;
        Ok(object::new_none())
    })())
}

unsafe extern "C" fn op_length_hint(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let v = positional("length_hint", a, n, 1, 2)?;
        let default = if v.len() > 1 {
            let i = number::index(v[1])?;
            crate::objects::longobject::as_isize(i.as_ptr())?
        } else {
            0
        };
        let r = mapping::length_hint(v[0], default)?;
        crate::objects::longobject::from_isize(r)
    })())
}

unsafe extern "C" fn op_call(
    _m: *mut PyObject,
    a: *const *mut PyObject,
    n: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::check_positional(Some("call"), n as usize, 1, usize::MAX)?;
        call::vectorcall_raw(*a, a.add(1), (n - 1) as usize, kwnames)
    })())
}

/// Equality of two byte strings in time that depends only on `b`'s length.
fn timing_safe_eq(a: &[u8], b: &[u8]) -> bool {
    // Compare `b` with itself when the lengths differ, so the loop shape is the same.
    let left = if a.len() == b.len() { a } else { b };
    let mut diff = (a.len() != b.len()) as u8;
    for (x, y) in left.iter().zip(b.iter()) {
        diff |= x ^ y;
    }
    core::hint::black_box(diff) == 0
}

/// A buffer view released on drop.
struct View(Py_buffer);

impl View {
    unsafe fn get(o: *mut PyObject) -> PyResult<View> {
        let mut v = View(core::mem::zeroed());
        crate::objects::r#abstract::buffer::get_buffer(o, &mut v.0, 0)?;
        if v.0.ndim > 1 {
            return Err(errors::set_string(
                exc::PyExc_BufferError,
                "Buffer must be single dimension",
            ));
        }
        Ok(v)
    }
    fn bytes(&self) -> &[u8] {
        if self.0.len == 0 {
            return &[];
        }
        // SAFETY: an acquired simple buffer holds `len` readable bytes at `buf`.
        unsafe { core::slice::from_raw_parts(self.0.buf as *const u8, self.0.len as usize) }
    }
}

impl Drop for View {
    fn drop(&mut self) {
        // SAFETY: the view was filled by get_buffer and is released once.
        unsafe { crate::objects::r#abstract::buffer::release(&mut self.0) }
    }
}

unsafe fn compare_digest(a: *mut PyObject, b: *mut PyObject) -> PyResult<bool> {
    if object::is_str(a) && object::is_str(b) {
        let (x, y) = (unicodeobject::as_utf8(a)?, unicodeobject::as_utf8(b)?);
        if !x.is_ascii() || !y.is_ascii() {
            return Err(errors::type_error(
                "comparing strings with non-ASCII characters is not supported",
            ));
        }
        return Ok(timing_safe_eq(x, y));
    }
    if !crate::objects::r#abstract::buffer::check(a)
        && !crate::objects::r#abstract::buffer::check(b)
    {
        return Err(errors::type_error(&format!(
            "unsupported operand types(s) or combination of types: '{}' and '{}'",
            object::type_name_trunc(py_type(a), 100),
            object::type_name_trunc(py_type(b), 100)
        )));
    }
    let va = View::get(a)?;
    let vb = View::get(b)?;
    Ok(timing_safe_eq(va.bytes(), vb.bytes()))
}

fn module_methods() -> Vec<PyMethodDef> {
    vec![
        method!(c"truth", op_truth as BinFn, METH_O, c"truth($module, a, /)\n--\n\nReturn True if a is true, False otherwise."),
        method!(c"add", op_add as FastFn, METH_FASTCALL, c"add($module, a, b, /)\n--\n\nSame as a + b."),
        method!(c"sub", op_sub as FastFn, METH_FASTCALL, c"sub($module, a, b, /)\n--\n\nSame as a - b."),
        method!(c"mul", op_mul as FastFn, METH_FASTCALL, c"mul($module, a, b, /)\n--\n\nSame as a * b."),
        method!(c"matmul", op_matmul as FastFn, METH_FASTCALL, c"matmul($module, a, b, /)\n--\n\nSame as a @ b."),
        method!(c"floordiv", op_floordiv as FastFn, METH_FASTCALL, c"floordiv($module, a, b, /)\n--\n\nSame as a // b."),
        method!(c"truediv", op_truediv as FastFn, METH_FASTCALL, c"truediv($module, a, b, /)\n--\n\nSame as a / b."),
        method!(c"mod", op_mod as FastFn, METH_FASTCALL, c"mod($module, a, b, /)\n--\n\nSame as a % b."),
        method!(c"neg", op_neg as BinFn, METH_O, c"neg($module, a, /)\n--\n\nSame as -a."),
        method!(c"pos", op_pos as BinFn, METH_O, c"pos($module, a, /)\n--\n\nSame as +a."),
        method!(c"abs", op_abs as BinFn, METH_O, c"abs($module, a, /)\n--\n\nSame as abs(a)."),
        method!(c"inv", op_inv as BinFn, METH_O, c"inv($module, a, /)\n--\n\nSame as ~a."),
        method!(c"invert", op_invert as BinFn, METH_O, c"invert($module, a, /)\n--\n\nSame as ~a."),
        method!(c"lshift", op_lshift as FastFn, METH_FASTCALL, c"lshift($module, a, b, /)\n--\n\nSame as a << b."),
        method!(c"rshift", op_rshift as FastFn, METH_FASTCALL, c"rshift($module, a, b, /)\n--\n\nSame as a >> b."),
        method!(c"not_", op_not as BinFn, METH_O, c"not_($module, a, /)\n--\n\nSame as not a."),
        method!(c"and_", op_and as FastFn, METH_FASTCALL, c"and_($module, a, b, /)\n--\n\nSame as a & b."),
        method!(c"xor", op_xor as FastFn, METH_FASTCALL, c"xor($module, a, b, /)\n--\n\nSame as a ^ b."),
        method!(c"or_", op_or as FastFn, METH_FASTCALL, c"or_($module, a, b, /)\n--\n\nSame as a | b."),
        method!(c"iadd", op_iadd as FastFn, METH_FASTCALL, c"iadd($module, a, b, /)\n--\n\nSame as a += b."),
        method!(c"isub", op_isub as FastFn, METH_FASTCALL, c"isub($module, a, b, /)\n--\n\nSame as a -= b."),
        method!(c"imul", op_imul as FastFn, METH_FASTCALL, c"imul($module, a, b, /)\n--\n\nSame as a *= b."),
        method!(c"imatmul", op_imatmul as FastFn, METH_FASTCALL, c"imatmul($module, a, b, /)\n--\n\nSame as a @= b."),
        method!(c"ifloordiv", op_ifloordiv as FastFn, METH_FASTCALL, c"ifloordiv($module, a, b, /)\n--\n\nSame as a //= b."),
        method!(c"itruediv", op_itruediv as FastFn, METH_FASTCALL, c"itruediv($module, a, b, /)\n--\n\nSame as a /= b."),
        method!(c"imod", op_imod as FastFn, METH_FASTCALL, c"imod($module, a, b, /)\n--\n\nSame as a %= b."),
        method!(c"ilshift", op_ilshift as FastFn, METH_FASTCALL, c"ilshift($module, a, b, /)\n--\n\nSame as a <<= b."),
        method!(c"irshift", op_irshift as FastFn, METH_FASTCALL, c"irshift($module, a, b, /)\n--\n\nSame as a >>= b."),
        method!(c"iand", op_iand as FastFn, METH_FASTCALL, c"iand($module, a, b, /)\n--\n\nSame as a &= b."),
        method!(c"ixor", op_ixor as FastFn, METH_FASTCALL, c"ixor($module, a, b, /)\n--\n\nSame as a ^= b."),
        method!(c"ior", op_ior as FastFn, METH_FASTCALL, c"ior($module, a, b, /)\n--\n\nSame as a |= b."),
        method!(c"concat", op_concat as FastFn, METH_FASTCALL, c"concat($module, a, b, /)\n--\n\nSame as a + b, for a and b sequences."),
        method!(c"iconcat", op_iconcat as FastFn, METH_FASTCALL, c"iconcat($module, a, b, /)\n--\n\nSame as a += b, for a and b sequences."),
        method!(c"contains", op_contains as FastFn, METH_FASTCALL, c"contains($module, a, b, /)\n--\n\nSame as b in a (note reversed operands)."),
        method!(c"indexOf", op_index_of as FastFn, METH_FASTCALL, c"indexOf($module, a, b, /)\n--\n\nReturn the first index of b in a."),
        method!(c"countOf", op_count_of as FastFn, METH_FASTCALL, c"countOf($module, a, b, /)\n--\n\nReturn the number of items in a which are, or which equal, b."),
        method!(c"getitem", op_getitem as FastFn, METH_FASTCALL, c"getitem($module, a, b, /)\n--\n\nSame as a[b]."),
        method!(c"setitem", op_setitem as FastFn, METH_FASTCALL, c"setitem($module, a, b, c, /)\n--\n\nSame as a[b] = c."),
        method!(c"delitem", op_delitem as FastFn, METH_FASTCALL, c"delitem($module, a, b, /)\n--\n\nSame as del a[b]."),
        method!(c"eq", op_eq as FastFn, METH_FASTCALL, c"eq($module, a, b, /)\n--\n\nSame as a == b."),
        method!(c"ne", op_ne as FastFn, METH_FASTCALL, c"ne($module, a, b, /)\n--\n\nSame as a != b."),
        method!(c"lt", op_lt as FastFn, METH_FASTCALL, c"lt($module, a, b, /)\n--\n\nSame as a < b."),
        method!(c"le", op_le as FastFn, METH_FASTCALL, c"le($module, a, b, /)\n--\n\nSame as a <= b."),
        method!(c"gt", op_gt as FastFn, METH_FASTCALL, c"gt($module, a, b, /)\n--\n\nSame as a > b."),
        method!(c"ge", op_ge as FastFn, METH_FASTCALL, c"ge($module, a, b, /)\n--\n\nSame as a >= b."),
        method!(c"pow", op_pow as FastFn, METH_FASTCALL, c"pow($module, a, b, /)\n--\n\nSame as a ** b."),
        method!(c"ipow", op_ipow as FastFn, METH_FASTCALL, c"ipow($module, a, b, /)\n--\n\nSame as a **= b."),
        method!(c"index", op_index as BinFn, METH_O, c"index($module, a, /)\n--\n\nSame as a.__index__()"),
        method!(c"is_", op_is as FastFn, METH_FASTCALL, c"is_($module, a, b, /)\n--\n\nSame as a is b."),
        method!(c"is_not", op_is_not as FastFn, METH_FASTCALL, c"is_not($module, a, b, /)\n--\n\nSame as a is not b."),
        method!(c"length_hint", op_length_hint as FastFn, METH_FASTCALL, c"length_hint($module, obj, default=0, /)\n--\n\nReturn an estimate of the number of items in obj.\n\nThis is useful for presizing containers when building from an iterable.\n\nIf the object supports len(), the result will be exact.\nOtherwise, it may over- or under-estimate by an arbitrary amount.\nThe result will be an integer >= 0."),
        method!(c"_compare_digest", op_compare_digest as FastFn, METH_FASTCALL, c"_compare_digest($module, a, b, /)\n--\n\nReturn 'a == b'.\n\nThis function uses an approach designed to prevent\ntiming analysis, making it appropriate for cryptography.\n\na and b must both be of the same type: either str (ASCII only),\nor any bytes-like object.\n\nNote: If a and b are of different lengths, or if an error occurs,\na timing attack could theoretically reveal information about the\ntypes and lengths of a and b--but not their values."),
        method!(c"call", op_call as FastKwFn, METH_FASTCALL | METH_KEYWORDS, c"call($module, obj, /, *args, **kwargs)\n--\n\nSame as obj(*args, **kwargs)."),
    ]
}

/// The type's full `tp_name` (reprs show `operator.itemgetter`, subclasses their own name).
unsafe fn tp_name(op: *mut PyObject) -> String {
    core::ffi::CStr::from_ptr((*py_type(op)).tp_name)
        .to_string_lossy()
        .into_owned()
}

unsafe fn free_instance(op: *mut PyObject) {
    let tp = py_type(op);
    match (*tp).tp_free {
        Some(f) => f(op.cast()),
        None => crate::mem::gc::free(op),
    }
}

unsafe fn visit_one(o: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    match visit {
        Some(v) if !o.is_null() => v(o, arg),
        _ => 0,
    }
}

/// `getter(...)` calls take exactly one positional argument and no keywords.
unsafe fn one_call_arg(
    name: &str,
    a: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> PyResult<*mut PyObject> {
    crate::getargs::no_kwnames(name, kwnames)?;
    let n = call::nargs_of(nargsf) as usize;
    crate::getargs::check_positional(Some(name), n, 1, 1)?;
    Ok(*a)
}

/// A getter's tp_call through its vectorcall.
unsafe fn call_via_vectorcall(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
    f: vectorcallfunc,
) -> *mut PyObject {
    let Some(f) = f else { return null_mut() };
    let n = tupleobject::len(a) as usize;
    if !kw.is_null() && dictobject::len(kw) != 0 {
        let name = tp_name(op);
        let short = name.rsplit('.').next().unwrap_or(&name).to_string();
        return errors::ptr_result(
            crate::getargs::no_keywords(&short, kw).map(|_| object::new_none()),
        );
    }
    f(op, tupleobject::items(a), n, null_mut())
}

// ---------------------------------------------------------------------------------------------
// itemgetter

#[repr(C)]
struct ItemGetter {
    ob_base: PyObject,
    nitems: Py_ssize_t,
    item: *mut PyObject,
    index: Py_ssize_t,
    vectorcall: vectorcallfunc,
}

unsafe extern "C" fn ig_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::no_keywords("itemgetter", kw)?;
        let n = tupleobject::len(a);
        let item = if n <= 1 {
            crate::getargs::check_positional(Some("itemgetter"), n as usize, 1, 1)?;
            *tupleobject::items(a)
        } else {
            a
        };
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let g = op.as_ptr() as *mut ItemGetter;
        incref(item);
        (*g).item = item;
        (*g).nitems = n;
        (*g).index = -1;
        // A non-negative exact int index lets tuples be indexed directly.
        if n == 1 && py_type(item) == &raw mut crate::objects::longobject::PyLong_Type {
            match crate::objects::longobject::as_isize(item) {
                Ok(i) if i >= 0 => (*g).index = i,
                Ok(_) => {}
                Err(_) => errors::clear(),
            }
        }
        (*g).vectorcall = Some(ig_vectorcall);
        Ok(op)
    })())
}

unsafe extern "C" fn ig_vectorcall(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let g = op as *mut ItemGetter;
    errors::ptr_result((|| {
        let obj = one_call_arg("itemgetter", a, nargsf, kwnames)?;
        if (*g).nitems == 1 {
            if (*g).index >= 0
                && py_type(obj) == &raw mut crate::objects::tupleobject::PyTuple_Type
                && (*g).index < tupleobject::len(obj)
            {
                return Ok(Ref::from_borrowed(
                    *tupleobject::items(obj).offset((*g).index),
                ));
            }
            return mapping::get_item(obj, (*g).item);
        }
        let mut out = Vec::with_capacity((*g).nitems as usize);
        for i in 0..(*g).nitems {
            out.push(mapping::get_item(
                obj,
                *tupleobject::items((*g).item).offset(i),
            )?);
        }
        let ptrs: Vec<*mut PyObject> = out.iter().map(|r| r.as_ptr()).collect();
        tupleobject::from_slice(&ptrs)
    })())
}

unsafe extern "C" fn ig_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    call_via_vectorcall(op, a, kw, Some(ig_vectorcall))
}

unsafe extern "C" fn ig_repr(op: *mut PyObject) -> *mut PyObject {
    let g = op as *mut ItemGetter;
    errors::ptr_result((|| {
        let name = tp_name(op);
        if object::repr_enter(op)? {
            return unicodeobject::new_str(&format!("{name}(...)"));
        }
        let r = object::repr((*g).item);
        object::repr_leave(op);
        let r = object::str_text(r?.as_ptr());
        if (*g).nitems == 1 {
            unicodeobject::new_str(&format!("{name}({r})"))
        } else {
            unicodeobject::new_str(&format!("{name}{r}"))
        }
    })())
}

unsafe extern "C" fn ig_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let g = op as *mut ItemGetter;
    errors::ptr_result((|| {
        let a = if (*g).nitems == 1 {
            tupleobject::pack(&[(*g).item])?
        } else {
            Ref::from_borrowed((*g).item)
        };
        tupleobject::pack(&[py_type(op).cast(), a.as_ptr()])
    })())
}

unsafe extern "C" fn ig_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::replace_slot(&raw mut (*(op as *mut ItemGetter)).item, null_mut());
    free_instance(op);
}

unsafe extern "C" fn ig_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    visit_one((*(op as *mut ItemGetter)).item, visit, arg)
}

unsafe extern "C" fn ig_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut ItemGetter)).item, null_mut());
    0
}

static mut IG_METHODS: [PyMethodDef; 2] = [
    method!(
        c"__reduce__",
        ig_reduce as BinFn,
        METH_NOARGS,
        c"Return state information for pickling"
    ),
    METHOD_END,
];

static mut IG_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__vectorcalloffset__".as_ptr(),
        type_: T_PYSSIZET,
        offset: core::mem::offset_of!(ItemGetter, vectorcall) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    MEMBER_END,
];

static mut ITEMGETTER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(ig_dealloc),
    tp_vectorcall_offset: core::mem::offset_of!(ItemGetter, vectorcall) as Py_ssize_t,
    tp_repr: Some(ig_repr),
    tp_call: Some(ig_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"itemgetter(item, ...) --> itemgetter object\n\nReturn a callable object that fetches the given item(s) from its operand.\nAfter f = itemgetter(2), the call f(r) returns r[2].\nAfter g = itemgetter(2, 5, 3), the call g(r) returns (r[2], r[5], r[3])".as_ptr(),
    tp_traverse: Some(ig_traverse),
    tp_clear: Some(ig_clear),
    tp_methods: (&raw mut IG_METHODS).cast(),
    tp_members: (&raw mut IG_MEMBERS).cast(),
    tp_new: Some(ig_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"operator.itemgetter",
        core::mem::size_of::<ItemGetter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

// ---------------------------------------------------------------------------------------------
// attrgetter

/// `attr` is a tuple with one entry per requested attribute: an interned str, or for a dotted
/// name the tuple of its interned parts.
#[repr(C)]
struct AttrGetter {
    ob_base: PyObject,
    nattrs: Py_ssize_t,
    attr: *mut PyObject,
    vectorcall: vectorcallfunc,
}

unsafe extern "C" fn ag_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        crate::getargs::no_keywords("attrgetter", kw)?;
        let n = tupleobject::len(a);
        if n <= 1 {
            crate::getargs::check_positional(Some("attrgetter"), n as usize, 1, 1)?;
        }
        let mut attrs = Vec::with_capacity(n as usize);
        for i in 0..n {
            let item = *tupleobject::items(a).offset(i);
            if !object::is_str(item) {
                return Err(errors::type_error("attribute name must be a string"));
            }
            let text = object::str_text(item);
            if text.contains('.') {
                let mut parts = Vec::new();
                for p in text.split('.') {
                    parts.push(unicodeobject::intern(unicodeobject::new_str(p)?));
                }
                let ptrs: Vec<*mut PyObject> = parts.iter().map(|r| r.as_ptr()).collect();
                attrs.push(tupleobject::from_slice(&ptrs)?);
            } else {
                attrs.push(unicodeobject::intern(Ref::from_borrowed(item)));
            }
        }
        let ptrs: Vec<*mut PyObject> = attrs.iter().map(|r| r.as_ptr()).collect();
        let attr = tupleobject::from_slice(&ptrs)?;
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let g = op.as_ptr() as *mut AttrGetter;
        (*g).attr = attr.into_raw();
        (*g).nattrs = n;
        (*g).vectorcall = Some(ag_vectorcall);
        Ok(op)
    })())
}

unsafe fn dotted_getattr(obj: *mut PyObject, attr: *mut PyObject) -> PyResult<Ref> {
    if tupleobject::check(attr) {
        let mut cur = Ref::from_borrowed(obj);
        for i in 0..tupleobject::len(attr) {
            cur = object::get_attr(cur.as_ptr(), *tupleobject::items(attr).offset(i))?;
        }
        return Ok(cur);
    }
    object::get_attr(obj, attr)
}

unsafe extern "C" fn ag_vectorcall(
    op: *mut PyObject,
    a: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let g = op as *mut AttrGetter;
    errors::ptr_result((|| {
        let obj = one_call_arg("attrgetter", a, nargsf, kwnames)?;
        let attrs = (*g).attr;
        if (*g).nattrs == 1 {
            return dotted_getattr(obj, *tupleobject::items(attrs));
        }
        let mut out = Vec::with_capacity((*g).nattrs as usize);
        for i in 0..(*g).nattrs {
            out.push(dotted_getattr(obj, *tupleobject::items(attrs).offset(i))?);
        }
        let ptrs: Vec<*mut PyObject> = out.iter().map(|r| r.as_ptr()).collect();
        tupleobject::from_slice(&ptrs)
    })())
}

unsafe extern "C" fn ag_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    call_via_vectorcall(op, a, kw, Some(ag_vectorcall))
}

/// The attribute names as given (dotted names joined again).
unsafe fn ag_names(g: *mut AttrGetter) -> PyResult<Ref> {
    let attrs = (*g).attr;
    let mut names = Vec::new();
    for i in 0..(*g).nattrs {
        let at = *tupleobject::items(attrs).offset(i);
        if tupleobject::check(at) {
            let dot = unicodeobject::new_str(".")?;
            let parts: Vec<*mut PyObject> =
                core::slice::from_raw_parts(tupleobject::items(at), tupleobject::len(at) as usize)
                    .to_vec();
            names.push(unicodeobject::join(dot.as_ptr(), &parts)?);
        } else {
            names.push(Ref::from_borrowed(at));
        }
    }
    let ptrs: Vec<*mut PyObject> = names.iter().map(|r| r.as_ptr()).collect();
    tupleobject::from_slice(&ptrs)
}

unsafe extern "C" fn ag_repr(op: *mut PyObject) -> *mut PyObject {
    let g = op as *mut AttrGetter;
    errors::ptr_result((|| {
        let name = tp_name(op);
        if object::repr_enter(op)? {
            return unicodeobject::new_str(&format!("{name}(...)"));
        }
        let r = (|| {
            let names = ag_names(g)?;
            if (*g).nattrs == 1 {
                let r = object::repr(*tupleobject::items(names.as_ptr()))?;
                unicodeobject::new_str(&format!("{name}({})", object::str_text(r.as_ptr())))
            } else {
                let r = object::repr(names.as_ptr())?;
                unicodeobject::new_str(&format!("{name}{}", object::str_text(r.as_ptr())))
            }
        })();
        object::repr_leave(op);
        r
    })())
}

unsafe extern "C" fn ag_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let g = op as *mut AttrGetter;
    errors::ptr_result((|| {
        let names = ag_names(g)?;
        tupleobject::pack(&[py_type(op).cast(), names.as_ptr()])
    })())
}

unsafe extern "C" fn ag_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::replace_slot(&raw mut (*(op as *mut AttrGetter)).attr, null_mut());
    free_instance(op);
}

unsafe extern "C" fn ag_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    visit_one((*(op as *mut AttrGetter)).attr, visit, arg)
}

unsafe extern "C" fn ag_clear(op: *mut PyObject) -> c_int {
    object::replace_slot(&raw mut (*(op as *mut AttrGetter)).attr, null_mut());
    0
}

static mut AG_METHODS: [PyMethodDef; 2] = [
    method!(
        c"__reduce__",
        ag_reduce as BinFn,
        METH_NOARGS,
        c"Return state information for pickling"
    ),
    METHOD_END,
];

static mut AG_MEMBERS: [PyMemberDef; 2] = [
    PyMemberDef {
        name: c"__vectorcalloffset__".as_ptr(),
        type_: T_PYSSIZET,
        offset: core::mem::offset_of!(AttrGetter, vectorcall) as Py_ssize_t,
        flags: READONLY,
        doc: core::ptr::null(),
    },
    MEMBER_END,
];

static mut ATTRGETTER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(ag_dealloc),
    tp_vectorcall_offset: core::mem::offset_of!(AttrGetter, vectorcall) as Py_ssize_t,
    tp_repr: Some(ag_repr),
    tp_call: Some(ag_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"attrgetter(attr, ...) --> attrgetter object\n\nReturn a callable object that fetches the given attribute(s) from its operand.\nAfter f = attrgetter('name'), the call f(r) returns r.name.\nAfter g = attrgetter('name', 'date'), the call g(r) returns (r.name, r.date).\nAfter h = attrgetter('name.first', 'name.last'), the call h(r) returns\n(r.name.first, r.name.last).".as_ptr(),
    tp_traverse: Some(ag_traverse),
    tp_clear: Some(ag_clear),
    tp_methods: (&raw mut AG_METHODS).cast(),
    tp_members: (&raw mut AG_MEMBERS).cast(),
    tp_new: Some(ag_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"operator.attrgetter",
        core::mem::size_of::<AttrGetter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

// ---------------------------------------------------------------------------------------------
// methodcaller

#[repr(C)]
struct MethodCaller {
    ob_base: PyObject,
    name: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
}

unsafe extern "C" fn mc_new(
    tp: *mut PyTypeObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    errors::ptr_result((|| {
        let n = tupleobject::len(a);
        if n < 1 {
            return Err(errors::type_error(
                "methodcaller needs at least one argument, the method name",
            ));
        }
        let name = *tupleobject::items(a);
        if !object::is_str(name) {
            return Err(errors::type_error("method name must be a string"));
        }
        let rest = core::slice::from_raw_parts(tupleobject::items(a).add(1), (n - 1) as usize);
        let args = tupleobject::from_slice(rest)?;
        let kwds = if kw.is_null() {
            dictobject::new()?
        } else {
            dictobject::copy(kw)?
        };
        let Some(alloc) = (*tp).tp_alloc else {
            return Err(errors::bad_internal_call());
        };
        let op = Ref::from_result(alloc(tp, 0))?;
        let m = op.as_ptr() as *mut MethodCaller;
        (*m).name = unicodeobject::intern(Ref::from_borrowed(name)).into_raw();
        (*m).args = args.into_raw();
        (*m).kwds = kwds.into_raw();
        Ok(op)
    })())
}

unsafe extern "C" fn mc_call(
    op: *mut PyObject,
    a: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    let m = op as *mut MethodCaller;
    errors::ptr_result((|| {
        crate::getargs::no_keywords("methodcaller", kw)?;
        crate::getargs::check_positional(Some("methodcaller"), tupleobject::len(a) as usize, 1, 1)?;
        let meth = object::get_attr(*tupleobject::items(a), (*m).name)?;
        call::call(meth.as_ptr(), (*m).args, (*m).kwds)
    })())
}

unsafe extern "C" fn mc_repr(op: *mut PyObject) -> *mut PyObject {
    let m = op as *mut MethodCaller;
    errors::ptr_result((|| {
        let name = tp_name(op);
        if object::repr_enter(op)? {
            return unicodeobject::new_str(&format!("{name}(...)"));
        }
        let r = (|| {
            let mut parts = vec![object::str_text(object::repr((*m).name)?.as_ptr())];
            let args = Ref::from_borrowed((*m).args);
            for i in 0..tupleobject::len(args.as_ptr()) {
                parts.push(object::str_text(
                    object::repr(*tupleobject::items(args.as_ptr()).offset(i))?.as_ptr(),
                ));
            }
            let kwds = Ref::from_borrowed((*m).kwds);
            let size = dictobject::len(kwds.as_ptr());
            let mut pos = 0;
            while let Some((k, v)) = dictobject::next(kwds.as_ptr(), &mut pos) {
                let (k, v) = (Ref::from_borrowed(k), Ref::from_borrowed(v));
                let vr = object::repr(v.as_ptr())?;
                if dictobject::len(kwds.as_ptr()) != size {
                    return Err(errors::set_string(
                        exc::PyExc_RuntimeError,
                        "keywords dict changed size during iteration",
                    ));
                }
                parts.push(format!(
                    "{}={}",
                    object::str_text(k.as_ptr()),
                    object::str_text(vr.as_ptr())
                ));
            }
            unicodeobject::new_str(&format!("{name}({})", parts.join(", ")))
        })();
        object::repr_leave(op);
        r
    })())
}

unsafe extern "C" fn mc_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let m = op as *mut MethodCaller;
    errors::ptr_result((|| {
        let tp: *mut PyObject = py_type(op).cast();
        if dictobject::len((*m).kwds) == 0 {
            let mut v = vec![(*m).name];
            v.extend_from_slice(core::slice::from_raw_parts(
                tupleobject::items((*m).args),
                tupleobject::len((*m).args) as usize,
            ));
            let a = tupleobject::from_slice(&v)?;
            return tupleobject::pack(&[tp, a.as_ptr()]);
        }
        // Keywords cannot go through __reduce__'s args: rebuild via partial(type, name, **kwds).
        let partial = crate::modules::functoolsmodule::partial_type()?;
        let pa = tupleobject::pack(&[tp, (*m).name])?;
        let ctor = call::call(partial.as_ptr(), pa.as_ptr(), (*m).kwds)?;
        tupleobject::pack(&[ctor.as_ptr(), (*m).args])
    })())
}

unsafe extern "C" fn mc_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    mc_clear(op);
    free_instance(op);
}

unsafe extern "C" fn mc_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let m = op as *mut MethodCaller;
    for o in [(*m).name, (*m).args, (*m).kwds] {
        let r = visit_one(o, visit, arg);
        if r != 0 {
            return r;
        }
    }
    0
}

unsafe extern "C" fn mc_clear(op: *mut PyObject) -> c_int {
    let m = op as *mut MethodCaller;
    for s in [&raw mut (*m).name, &raw mut (*m).args, &raw mut (*m).kwds] {
        object::replace_slot(s, null_mut());
    }
    0
}

static mut MC_METHODS: [PyMethodDef; 2] = [
    method!(
        c"__reduce__",
        mc_reduce as BinFn,
        METH_NOARGS,
        c"Return state information for pickling"
    ),
    METHOD_END,
];

static mut METHODCALLER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(mc_dealloc),
    tp_repr: Some(mc_repr),
    tp_call: Some(mc_call),
    tp_getattro: Some(object::PyObject_GenericGetAttr),
    tp_doc: c"methodcaller(name, ...) --> methodcaller object\n\nReturn a callable object that calls the given method on its operand.\nAfter f = methodcaller('name'), the call f(r) returns r.name().\nAfter g = methodcaller('name', 'date', foo=1), the call g(r) returns\nr.name('date', foo=1).".as_ptr(),
    tp_traverse: Some(mc_traverse),
    tp_clear: Some(mc_clear),
    tp_methods: (&raw mut MC_METHODS).cast(),
    tp_new: Some(mc_new),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"operator.methodcaller",
        core::mem::size_of::<MethodCaller>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    )
};

/// `PyInit__operator`. CPython's three callables are heap types with `__module__` in their
/// dicts; these static types get the same entry so `dir()` agrees.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        let types = [
            (&raw mut ITEMGETTER_TYPE, "itemgetter"),
            (&raw mut ATTRGETTER_TYPE, "attrgetter"),
            (&raw mut METHODCALLER_TYPE, "methodcaller"),
        ];
        for (tp, _) in types {
            if (*tp).tp_dict.is_null() {
                crate::objects::typeobject::ready(tp)?;
                let m = unicodeobject::new_str("operator")?;
                dictobject::set_item_str((*tp).tp_dict, "__module__", m.as_ptr())?;
            }
        }
        let m = args::create_module(
            c"_operator",
            c"Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the intrinsic operators of Python.  For example, operator.add(x, y)\nis equivalent to the expression x+y.  The function names are those\nused for special methods; variants without leading and trailing\n'__' are also provided for convenience.",
            module_methods,
        )?;
        for (tp, name) in types {
            args::add(m.as_ptr(), name, tp.cast())?;
        }
        Ok(m)
    })())
}

#[cfg(test)]
mod tests {
    const SNIPPETS: &[&str] = &[
        "o = _operator\nresult = (o.add(1, 2), o.sub(5, 3), o.mul('a', 3), o.matmul.__name__, o.floordiv(7, 2), o.truediv(7, 2), o.mod(7, 3), o.neg(3), o.pos(-3), o.abs(-4), o.inv(5), o.invert(5), o.lshift(1, 5), o.rshift(64, 2), o.and_(6, 3), o.xor(6, 3), o.or_(6, 3), o.pow(2, 10), o.index(7))",
        "o = _operator\nl = [1]\nr1 = o.iadd(l, [2])\nr2 = o.imul(l, 2)\nx = 5\nresult = (r1 is l, l, o.isub(x, 1), o.ifloordiv(7, 2), o.itruediv(7, 2), o.imod(7, 3), o.ilshift(1, 3), o.irshift(8, 1), o.iand(6, 3), o.ixor(6, 3), o.ior(6, 3), o.ipow(3, 2), o.iconcat([1], (2,)), o.concat('a', 'b'))",
        "o = _operator\nresult = (o.truth([]), o.truth(3), o.not_(0), o.is_(None, None), o.is_not(1, None), o.contains([1, 2], 2), o.indexOf([5, 6, 7], 7), o.countOf([1, 1, 2], 1), o.eq(1, 1.0), o.ne(1, 2), o.lt(1, 2), o.le(2, 2), o.gt(1, 2), o.ge(3, 2), o.lt([1], [2]))",
        "o = _operator\nd = {}\no.setitem(d, 'k', 1)\nr = o.getitem(d, 'k')\no.delitem(d, 'k')\nl = [1, 2, 3]\no.setitem(l, slice(0, 2), [9])\nresult = (r, d, l, o.getitem('abc', slice(1, None)))",
        "o = _operator\nclass H:\n    def __length_hint__(self): return 7\nresult = (o.length_hint([1, 2]), o.length_hint(iter(range(5))), o.length_hint(H()), o.length_hint(object(), 3), o.length_hint(5))",
        "o = _operator\nresult = (o.call(max, 1, 5), o.call(sorted, [3, 1], reverse=True), o.call(dict, a=1))",
        "o = _operator\nout = []\nfor f in (lambda: o.add(1), lambda: o.neg(), lambda: o.add(1, 2, 3), lambda: o.concat(1, 2), lambda: o.iconcat(1, [2]), lambda: o.indexOf([1], 5), lambda: o.index(1.5), lambda: o.length_hint([], 'x'), lambda: o.call(), lambda: o.setitem(1, 2), lambda: o.neg('a'), lambda: o.countOf(5, 1), lambda: o.add(1, 'a'), lambda: o.length_hint(1, 2, 3)):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "o = _operator\nclass B:\n    def __length_hint__(self): return -1\nclass C:\n    def __length_hint__(self): return 'x'\nout = []\nfor x in (B(), C()):\n    try:\n        o.length_hint(x)\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "o = _operator\ncd = o._compare_digest\nout = [cd('abc', 'abc'), cd('abc', 'abd'), cd('a', 'ab'), cd(b'x', b'x'), cd(b'x', bytearray(b'x')), cd(memoryview(b'xy'), b'xy'), cd(b'', b'')]\nfor a, b in (('\\u00e9', 'e'), ('a', b'a'), (1, 2), (1, b'a'), (b'a', 1)):\n    try:\n        cd(a, b)\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "o = _operator\nresult = (sorted(n for n in dir(o) if not n.startswith('__')), o.add.__doc__, o.add.__text_signature__, o.call.__text_signature__, o.__doc__[:30])",
        // itemgetter
        "ig = _operator.itemgetter\nresult = (ig(1)([1, 2, 3]), ig(1)((1, 2)), ig(-1)((1, 2)), ig(0, 2)('abc'), ig('k')({'k': 5}), ig(slice(1, None))([1, 2, 3]), repr(ig(1)), repr(ig(1, 'a')), repr(ig((1, 2))), ig(1, 2).__reduce__(), ig(1).__reduce__())",
        "ig = _operator.itemgetter\nout = []\nfor f in (lambda: ig(), lambda: ig(a=1), lambda: ig(1)(), lambda: ig(1)([1], [2]), lambda: ig(1)(x=1), lambda: ig(5)((1,)), lambda: ig(5)([1]), lambda: ig(2**70)((1,))):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "ig = _operator.itemgetter\nr = ig(0, 1).__reduce__()\nresult = (r[0](*r[1])(['a', 'b']), sorted(set(dir(ig)) - set(dir(object))), ig.__module__, ig.__doc__[:20], type(ig(1)).__name__)",
        // attrgetter
        "ag = _operator.attrgetter\nclass N: pass\nn = N(); n.a = N(); n.a.b = 5; n.c = 'x'\nresult = (ag('c')(n), ag('a.b')(n), ag('c', 'a.b')(n), repr(ag('a.b')), repr(ag('c', 'a.b')), ag('a.b', 'c').__reduce__()[1], ag('real')(3))",
        "ag = _operator.attrgetter\nclass N: pass\nout = []\nfor f in (lambda: ag(), lambda: ag(1), lambda: ag('a', 2), lambda: ag('x')(N()), lambda: ag('real.foo')(1), lambda: ag('a')(), lambda: ag('a')(1, 2), lambda: ag(a='x')):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out",
        "ag = _operator.attrgetter\nr = ag('imag', 'real.real').__reduce__()\nresult = (r[0](*r[1])(3), sorted(set(dir(ag)) - set(dir(object))))",
        // methodcaller
        "mc = _operator.methodcaller\nresult = (mc('upper')('ab'), mc('split', ',')('a,b'), mc('split', sep=',', maxsplit=1)('a,b,c'), repr(mc('split', ',', maxsplit=1)), repr(mc('x')), mc('split', ',').__reduce__())",
        "mc = _operator.methodcaller\nr = mc('split', ',', maxsplit=1).__reduce__()\nresult = (type(r[0]).__name__, r[0].func.__name__, r[0].args, r[0].keywords, r[1], r[0](*r[1])('a,b,c'))",
        "mc = _operator.methodcaller\nout = []\nfor f in (lambda: mc(), lambda: mc(5), lambda: mc('x')(), lambda: mc('x')(1, 2), lambda: mc('x')(a=1), lambda: mc('nope')(1)):\n    try:\n        f()\n    except Exception as e:\n        out.append((type(e).__name__, str(e)))\nresult = out + [sorted(set(dir(mc)) - set(dir(object)))]",
    ];

    const SUBCLASSES: &str = "import gc\nout = []\nfor i in range(3):\n    class I(_operator.itemgetter): pass\n    class A(_operator.attrgetter): pass\n    class M(_operator.methodcaller): pass\n    xs = [I(0) for _ in range(50)] + [A('real') for _ in range(50)] + [M('upper') for _ in range(50)]\n    del xs\n    gc.collect()\n    out.append((I(0)('ab'), A('real')(2), M('upper')('x')))\nresult = out";

    #[test]
    fn operator_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        crate::testing::difftest::check(
            &[
                ("_operator", super::init_module),
                ("_functools", crate::modules::functoolsmodule::init_module),
            ],
            &[SNIPPETS, &[SUBCLASSES]].concat(),
        );
    }
}
