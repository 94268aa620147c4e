//! The number protocol of Objects/abstract.c: `PyNumber_*`. Binary operators try the left
//! operand's slot, then the right's — the right first when its type is a proper subclass of
//! the left's — and NotImplemented passes the turn; `+` and `*` fall back to the sequence
//! protocol (`sq_concat`, `sq_repeat`); in-place forms try the `nb_inplace_*` slot first.
//! Also `PyNumber_Index`, `Long` (`int(x)`), `Float` (`float(x)`), `AsSsize_t`, `ToBase`.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::object::{self as obj, py_type, Ref};
use crate::objects::{floatobject, longobject};

/// Selects one binary slot of a `PyNumberMethods`.
pub type BinarySlot = fn(&PyNumberMethods) -> binaryfunc;
/// Selects one ternary slot.
pub type TernarySlot = fn(&PyNumberMethods) -> ternaryfunc;

fn binary_addr(f: binaryfunc) -> usize {
    f.map_or(0, |f| f as usize)
}

fn ternary_addr(f: ternaryfunc) -> usize {
    f.map_or(0, |f| f as usize)
}

/// The binary slot of an object's type, if it has number methods.
unsafe fn slot_of(op: *mut PyObject, slot: BinarySlot) -> binaryfunc {
    let nb = (*py_type(op)).tp_as_number;
    if nb.is_null() {
        None
    } else {
        slot(&*nb)
    }
}

unsafe fn is_not_implemented(r: &Ref) -> bool {
    r.as_ptr() == obj::not_implemented()
}

/// `binary_op1`: the slot dispatch; returns NotImplemented (a new reference) when neither
/// operand handles the operation.
///
/// # Safety
/// `v`, `w` are live objects.
pub unsafe fn binary_op1(v: *mut PyObject, w: *mut PyObject, slot: BinarySlot) -> PyResult<Ref> {
    let slotv = slot_of(v, slot);
    let mut slotw = None;
    if py_type(w) != py_type(v) {
        slotw = slot_of(w, slot);
        if binary_addr(slotw) == binary_addr(slotv) {
            slotw = None;
        }
    }
    if let Some(fv) = slotv {
        if let Some(fw) = slotw {
            if crate::objects::typeobject::is_subtype(py_type(w), py_type(v)) {
                let x = Ref::from_result(fw(v, w))?;
                if !is_not_implemented(&x) {
                    return Ok(x);
                }
                slotw = None;
            }
        }
        let x = Ref::from_result(fv(v, w))?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    if let Some(fw) = slotw {
        let x = Ref::from_result(fw(v, w))?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    Ok(obj::new_ref(obj::not_implemented()))
}

/// TypeError "unsupported operand type(s) for OP: 'V' and 'W'" (with the print hint for
/// `print >> x`).
unsafe fn binop_type_error(v: *mut PyObject, w: *mut PyObject, op_name: &str) -> errors::ErrSet {
    let (vn, wn) = (obj::type_name(v), obj::type_name(w));
    if op_name == ">>" && is_builtin_print(v) {
        return errors::type_error(&format!(
            "unsupported operand type(s) for {:.100}: '{:.100}' and '{:.100}'. Did you mean \"print(<message>, file=<output_stream>)\"?",
            op_name, vn, wn
        ));
    }
    errors::type_error(&format!(
        "unsupported operand type(s) for {:.100}: '{:.100}' and '{:.100}'",
        op_name, vn, wn
    ))
}

/// True for the built-in `print` function (a `builtin_function_or_method` named "print").
unsafe fn is_builtin_print(v: *mut PyObject) -> bool {
    if !obj::is_type(v, &raw mut crate::objects::methodobject::PyCFunction_Type) {
        return false;
    }
    let ml = (*(v as *mut crate::abi::methodobject::PyCFunctionObject)).m_ml;
    !ml.is_null()
        && !(*ml).ml_name.is_null()
        && core::ffi::CStr::from_ptr((*ml).ml_name).to_bytes() == b"print"
}

/// `binary_op`: dispatch, then TypeError when nobody handles it.
///
/// # Safety
/// `v`, `w` are live objects.
pub unsafe fn binary_op(
    v: *mut PyObject,
    w: *mut PyObject,
    slot: BinarySlot,
    op_name: &str,
) -> PyResult<Ref> {
    let r = binary_op1(v, w, slot)?;
    if is_not_implemented(&r) {
        return Err(binop_type_error(v, w, op_name));
    }
    Ok(r)
}

/// `binary_iop1`: the in-place slot of `v` first, then the plain binary dispatch.
unsafe fn binary_iop1(
    v: *mut PyObject,
    w: *mut PyObject,
    islot: BinarySlot,
    slot: BinarySlot,
) -> PyResult<Ref> {
    if let Some(f) = slot_of(v, islot) {
        let x = Ref::from_result(f(v, w))?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    binary_op1(v, w, slot)
}

/// `binary_iop`.
unsafe fn binary_iop(
    v: *mut PyObject,
    w: *mut PyObject,
    islot: BinarySlot,
    slot: BinarySlot,
    op_name: &str,
) -> PyResult<Ref> {
    let r = binary_iop1(v, w, islot, slot)?;
    if is_not_implemented(&r) {
        return Err(binop_type_error(v, w, op_name));
    }
    Ok(r)
}

/// NULL operands: SystemError "null argument to internal routine" unless an error is set.
fn null_error() -> errors::ErrSet {
    if errors::occurred().is_null() {
        errors::system_error("null argument to internal routine")
    } else {
        errors::ErrSet::assume_set()
    }
}

unsafe fn check_args(v: *mut PyObject, w: *mut PyObject) -> PyResult<()> {
    if v.is_null() || w.is_null() {
        return Err(null_error());
    }
    Ok(())
}

macro_rules! binary_functions {
    ($($(#[$doc:meta])* $name:ident, $slot:ident, $op:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `v`, `w` are NULL or live objects.
        pub unsafe fn $name(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
            check_args(v, w)?;
            binary_op(v, w, |nb| nb.$slot, $op)
        }
    )*};
}

binary_functions! {
    /// `PyNumber_Subtract`.
    subtract, nb_subtract, "-";
    /// `PyNumber_Remainder`.
    remainder, nb_remainder, "%";
    /// `PyNumber_Divmod`.
    divmod, nb_divmod, "divmod()";
    /// `PyNumber_Lshift`.
    lshift, nb_lshift, "<<";
    /// `PyNumber_Rshift`.
    rshift, nb_rshift, ">>";
    /// `PyNumber_And`.
    and, nb_and, "&";
    /// `PyNumber_Xor`.
    xor, nb_xor, "^";
    /// `PyNumber_Or`.
    or, nb_or, "|";
    /// `PyNumber_FloorDivide`.
    floor_divide, nb_floor_divide, "//";
    /// `PyNumber_TrueDivide`.
    true_divide, nb_true_divide, "/";
    /// `PyNumber_MatrixMultiply`.
    matrix_multiply, nb_matrix_multiply, "@";
}

macro_rules! inplace_functions {
    ($($(#[$doc:meta])* $name:ident, $islot:ident, $slot:ident, $op:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `v`, `w` are NULL or live objects.
        pub unsafe fn $name(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
            check_args(v, w)?;
            binary_iop(v, w, |nb| nb.$islot, |nb| nb.$slot, $op)
        }
    )*};
}

inplace_functions! {
    /// `PyNumber_InPlaceSubtract`.
    inplace_subtract, nb_inplace_subtract, nb_subtract, "-=";
    /// `PyNumber_InPlaceRemainder`.
    inplace_remainder, nb_inplace_remainder, nb_remainder, "%=";
    /// `PyNumber_InPlaceLshift`.
    inplace_lshift, nb_inplace_lshift, nb_lshift, "<<=";
    /// `PyNumber_InPlaceRshift`.
    inplace_rshift, nb_inplace_rshift, nb_rshift, ">>=";
    /// `PyNumber_InPlaceAnd`.
    inplace_and, nb_inplace_and, nb_and, "&=";
    /// `PyNumber_InPlaceXor`.
    inplace_xor, nb_inplace_xor, nb_xor, "^=";
    /// `PyNumber_InPlaceOr`.
    inplace_or, nb_inplace_or, nb_or, "|=";
    /// `PyNumber_InPlaceFloorDivide`.
    inplace_floor_divide, nb_inplace_floor_divide, nb_floor_divide, "//=";
    /// `PyNumber_InPlaceTrueDivide`.
    inplace_true_divide, nb_inplace_true_divide, nb_true_divide, "/=";
    /// `PyNumber_InPlaceMatrixMultiply`.
    inplace_matrix_multiply, nb_inplace_matrix_multiply, nb_matrix_multiply, "@=";
}

unsafe fn sequence_methods(op: *mut PyObject) -> *mut PySequenceMethods {
    (*py_type(op)).tp_as_sequence
}

/// `PyNumber_Add`: numbers, then `sq_concat` of the left operand.
///
/// # Safety
/// `v`, `w` are NULL or live objects.
pub unsafe fn add(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    let r = binary_op1(v, w, |nb| nb.nb_add)?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    drop(r);
    let sq = sequence_methods(v);
    if !sq.is_null() {
        if let Some(concat) = (*sq).sq_concat {
            return Ref::from_result(concat(v, w));
        }
    }
    Err(binop_type_error(v, w, "+"))
}

/// `sequence_repeat`: `seq * n` through a repeat slot; `n` must have `__index__`.
unsafe fn sequence_repeat(
    repeat: unsafe extern "C" fn(*mut PyObject, Py_ssize_t) -> *mut PyObject,
    seq: *mut PyObject,
    n: *mut PyObject,
) -> PyResult<Ref> {
    if !index_check(n) {
        return Err(errors::type_error(&format!(
            "can't multiply sequence by non-int of type '{:.200}'",
            obj::type_name(n)
        )));
    }
    let count = longobject::as_ssize_index(n, crate::objects::exceptions::PyExc_OverflowError)?;
    Ref::from_result(repeat(seq, count))
}

/// `PyNumber_Multiply`: numbers, then `sq_repeat` of either operand.
///
/// # Safety
/// `v`, `w` are NULL or live objects.
pub unsafe fn multiply(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    let r = binary_op1(v, w, |nb| nb.nb_multiply)?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    drop(r);
    let (mv, mw) = (sequence_methods(v), sequence_methods(w));
    if !mv.is_null() {
        if let Some(repeat) = (*mv).sq_repeat {
            return sequence_repeat(repeat, v, w);
        }
    }
    if !mw.is_null() {
        if let Some(repeat) = (*mw).sq_repeat {
            return sequence_repeat(repeat, w, v);
        }
    }
    Err(binop_type_error(v, w, "*"))
}

/// `PyNumber_InPlaceAdd`: in-place slot, numbers, then `sq_inplace_concat`/`sq_concat`.
///
/// # Safety
/// `v`, `w` are NULL or live objects.
pub unsafe fn inplace_add(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    let r = binary_iop1(v, w, |nb| nb.nb_inplace_add, |nb| nb.nb_add)?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    drop(r);
    let sq = sequence_methods(v);
    if !sq.is_null() {
        let f = (*sq).sq_inplace_concat.or((*sq).sq_concat);
        if let Some(f) = f {
            return Ref::from_result(f(v, w));
        }
    }
    Err(binop_type_error(v, w, "+="))
}

/// `PyNumber_InPlaceMultiply`: in-place slot, numbers, then the repeat slots.
///
/// # Safety
/// `v`, `w` are NULL or live objects.
pub unsafe fn inplace_multiply(v: *mut PyObject, w: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    let r = binary_iop1(v, w, |nb| nb.nb_inplace_multiply, |nb| nb.nb_multiply)?;
    if !is_not_implemented(&r) {
        return Ok(r);
    }
    drop(r);
    let (mv, mw) = (sequence_methods(v), sequence_methods(w));
    if !mv.is_null() {
        if let Some(f) = (*mv).sq_inplace_repeat.or((*mv).sq_repeat) {
            return sequence_repeat(f, v, w);
        }
    }
    if !mw.is_null() {
        // Note that the right hand operand should not be mutated in this case so
        // sq_inplace_repeat is not used.
        if let Some(f) = (*mw).sq_repeat {
            return sequence_repeat(f, w, v);
        }
    }
    Err(binop_type_error(v, w, "*="))
}

/// `ternary_op`: pow's dispatch over all three operands' slots.
unsafe fn ternary_op(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
    slot: TernarySlot,
    op_name: &str,
) -> PyResult<Ref> {
    let nbv = (*py_type(v)).tp_as_number;
    let nbw = (*py_type(w)).tp_as_number;
    let slotv = if nbv.is_null() { None } else { slot(&*nbv) };
    let mut slotw = None;
    if py_type(w) != py_type(v) && !nbw.is_null() {
        slotw = slot(&*nbw);
        if ternary_addr(slotw) == ternary_addr(slotv) {
            slotw = None;
        }
    }
    if let Some(fv) = slotv {
        if let Some(fw) = slotw {
            if crate::objects::typeobject::is_subtype(py_type(w), py_type(v)) {
                let x = Ref::from_result(fw(v, w, z))?;
                if !is_not_implemented(&x) {
                    return Ok(x);
                }
                slotw = None;
            }
        }
        let x = Ref::from_result(fv(v, w, z))?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    if let Some(fw) = slotw {
        let x = Ref::from_result(fw(v, w, z))?;
        if !is_not_implemented(&x) {
            return Ok(x);
        }
    }
    let nbz = (*py_type(z)).tp_as_number;
    if !nbz.is_null() {
        let slotz = slot(&*nbz);
        let az = ternary_addr(slotz);
        if let Some(fz) = slotz {
            if az != ternary_addr(slotv) && az != ternary_addr(slotw) {
                let x = Ref::from_result(fz(v, w, z))?;
                if !is_not_implemented(&x) {
                    return Ok(x);
                }
            }
        }
    }
    let (vn, wn) = (obj::type_name(v), obj::type_name(w));
    if z == obj::none() {
        Err(errors::type_error(&format!(
            "unsupported operand type(s) for {:.100}: '{:.100}' and '{:.100}'",
            op_name, vn, wn
        )))
    } else {
        Err(errors::type_error(&format!(
            "unsupported operand type(s) for {:.100}: '{:.100}', '{:.100}', '{:.100}'",
            op_name,
            vn,
            wn,
            obj::type_name(z)
        )))
    }
}

/// `PyNumber_Power(v, w, z)` (`z` None for two-argument pow).
///
/// # Safety
/// All are NULL or live objects.
pub unsafe fn power(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    if z.is_null() {
        return Err(null_error());
    }
    ternary_op(v, w, z, |nb| nb.nb_power, "** or pow()")
}

/// `PyNumber_InPlacePower`.
///
/// # Safety
/// All are NULL or live objects.
pub unsafe fn inplace_power(v: *mut PyObject, w: *mut PyObject, z: *mut PyObject) -> PyResult<Ref> {
    check_args(v, w)?;
    if z.is_null() {
        return Err(null_error());
    }
    let nbv = (*py_type(v)).tp_as_number;
    if !nbv.is_null() {
        if let Some(f) = (*nbv).nb_inplace_power {
            let x = Ref::from_result(f(v, w, z))?;
            if !is_not_implemented(&x) {
                return Ok(x);
            }
        }
    }
    ternary_op(v, w, z, |nb| nb.nb_power, "**=")
}

macro_rules! unary_functions {
    ($($(#[$doc:meta])* $name:ident, $slot:ident, $msg:expr;)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        /// `o` is NULL or a live object.
        pub unsafe fn $name(o: *mut PyObject) -> PyResult<Ref> {
            if o.is_null() {
                return Err(null_error());
            }
            let nb = (*py_type(o)).tp_as_number;
            if !nb.is_null() {
                if let Some(f) = (*nb).$slot {
                    return Ref::from_result(f(o));
                }
            }
            Err(errors::type_error(&format!(concat!($msg, " '{:.200}'"), obj::type_name(o))))
        }
    )*};
}

unary_functions! {
    /// `PyNumber_Negative`.
    negative, nb_negative, "bad operand type for unary -:";
    /// `PyNumber_Positive`.
    positive, nb_positive, "bad operand type for unary +:";
    /// `PyNumber_Invert`.
    invert, nb_invert, "bad operand type for unary ~:";
    /// `PyNumber_Absolute`.
    absolute, nb_absolute, "bad operand type for abs():";
}

/// `PyIndex_Check`.
///
/// # Safety
/// `o` is a live object.
pub unsafe fn index_check(o: *mut PyObject) -> bool {
    let nb = (*py_type(o)).tp_as_number;
    !nb.is_null() && (*nb).nb_index.is_some()
}

/// `PyNumber_Check`: has `__index__`, `__int__` or `__float__`, or is a complex.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn check(o: *mut PyObject) -> bool {
    if o.is_null() {
        return false;
    }
    let nb = (*py_type(o)).tp_as_number;
    (!nb.is_null()
        && ((*nb).nb_index.is_some() || (*nb).nb_int.is_some() || (*nb).nb_float.is_some()))
        || crate::objects::complexobject::is_complex(o)
}

/// `PyNumber_Index`.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn index(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    longobject::index(o)
}

/// `_PyNumber_Index` (an int subclass is returned as is).
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn index_raw(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    longobject::index_raw(o)
}

/// `PyNumber_AsSsize_t(o, exc)`.
///
/// # Safety
/// `o` is NULL or a live object; `exc` is NULL or an exception class.
pub unsafe fn as_ssize_t(o: *mut PyObject, exc: *mut PyObject) -> PyResult<Py_ssize_t> {
    if o.is_null() {
        return Err(null_error());
    }
    longobject::as_ssize_index(o, exc)
}

/// `PyNumber_Long`: `int(o)` — `__int__`, `__index__`, `__trunc__`, then text and buffers.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn long(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    if longobject::is_exact_int(o) {
        return Ok(obj::new_ref(o));
    }
    let nb = (*py_type(o)).tp_as_number;
    if !nb.is_null() {
        if let Some(nb_int) = (*nb).nb_int {
            let r = Ref::from_result(nb_int(o))?;
            if longobject::is_exact_int(r.as_ptr()) {
                return Ok(r);
            }
            if !longobject::is_int(r.as_ptr()) {
                return Err(errors::type_error(&format!(
                    "__int__ returned non-int (type {:.200})",
                    obj::type_name(r.as_ptr())
                )));
            }
            return longobject::copy(r.as_ptr());
        }
        if (*nb).nb_index.is_some() {
            return longobject::index(o);
        }
    }
    if let Some(trunc) = obj::lookup_special(o, crate::_Py_ID!(__trunc__))? {
        let r = crate::objects::call::call_no_args(trunc.as_ptr())?;
        if longobject::is_exact_int(r.as_ptr()) {
            return Ok(r);
        }
        if longobject::is_int(r.as_ptr()) {
            return longobject::copy(r.as_ptr());
        }
        if !index_check(r.as_ptr()) {
            return Err(errors::type_error(&format!(
                "__trunc__ returned non-Integral (type {:.200})",
                obj::type_name(r.as_ptr())
            )));
        }
        return longobject::index(r.as_ptr());
    }
    if obj::has_feature(py_type(o), Py_TPFLAGS_UNICODE_SUBCLASS) {
        return longobject::from_unicode(o, 10);
    }
    if crate::objects::bytesobject::is_bytes(o) {
        return longobject::from_bytes_literal(crate::objects::bytesobject::as_slice(o), 10);
    }
    if crate::objects::bytearrayobject::is_bytearray(o) {
        return longobject::from_bytes_literal(crate::objects::bytearrayobject::as_slice(o), 10);
    }
    Err(errors::type_error(&format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{:.200}'",
        obj::type_name(o)
    )))
}

/// `PyNumber_Float`: `float(o)` — `__float__`, `__index__`, then text.
///
/// # Safety
/// `o` is NULL or a live object.
pub unsafe fn float(o: *mut PyObject) -> PyResult<Ref> {
    if o.is_null() {
        return Err(null_error());
    }
    if floatobject::is_exact_float(o) {
        return Ok(obj::new_ref(o));
    }
    let nb = (*py_type(o)).tp_as_number;
    if !nb.is_null() {
        if let Some(nb_float) = (*nb).nb_float {
            let r = Ref::from_result(nb_float(o))?;
            if floatobject::is_exact_float(r.as_ptr()) {
                return Ok(r);
            }
            if !floatobject::is_float(r.as_ptr()) {
                return Err(errors::type_error(&format!(
                    "{:.50}.__float__ returned non-float (type {:.50})",
                    obj::type_name(o),
                    obj::type_name(r.as_ptr())
                )));
            }
            return floatobject::from_f64(floatobject::value(r.as_ptr()));
        }
        if (*nb).nb_index.is_some() {
            let i = longobject::index(o)?;
            return floatobject::from_f64(longobject::as_f64(i.as_ptr())?);
        }
    }
    if floatobject::is_float(o) {
        return floatobject::from_f64(floatobject::value(o));
    }
    floatobject::from_string(o)
}

/// `PyNumber_ToBase(n, base)`: `bin`/`oct`/`hex`/`str` of an integer.
///
/// # Safety
/// `n` is NULL or a live object.
pub unsafe fn to_base(n: *mut PyObject, base: core::ffi::c_int) -> PyResult<Ref> {
    if !matches!(base, 2 | 8 | 10 | 16) {
        return Err(errors::system_error(
            "PyNumber_ToBase: base must be 2, 8, 10 or 16",
        ));
    }
    let i = index(n)?;
    longobject::format_object(i.as_ptr(), base)
}

/// `PyObject_Format(obj, spec)` (abstract.c, next to the number protocol because numbers
/// are its main users): `type(obj).__format__(obj, spec)`, with CPython's fast path for an
/// empty spec on exact str and int.
///
/// # Safety
/// `obj` is a live object; `spec` is NULL or a live object.
pub unsafe fn format(obj: *mut PyObject, spec: *mut PyObject) -> PyResult<Ref> {
    let is_str = |o: *mut PyObject| obj::has_feature(py_type(o), Py_TPFLAGS_UNICODE_SUBCLASS);
    if !spec.is_null() && !is_str(spec) {
        return Err(errors::system_error(&format!(
            "Format specifier must be a string, not {:.200}",
            obj::type_name(spec)
        )));
    }
    let empty = spec.is_null() || crate::objects::unicodeobject::length(spec) == 0;
    if empty {
        if obj::is_type(obj, &raw mut crate::objects::unicodeobject::PyUnicode_Type) {
            return Ok(obj::new_ref(obj));
        }
        if longobject::is_exact_int(obj) {
            return obj::str(obj);
        }
    }
    let empty_str;
    let spec = if spec.is_null() {
        empty_str = crate::objects::unicodeobject::new_str("")?;
        empty_str.as_ptr()
    } else {
        spec
    };
    let Some(meth) = obj::lookup_special(obj, crate::_Py_ID!(__format__))? else {
        if !errors::occurred().is_null() {
            return Err(errors::ErrSet::assume_set());
        }
        return Err(errors::type_error(&format!(
            "Type {:.100} doesn't define __format__",
            obj::type_name(obj)
        )));
    };
    let result = crate::objects::call::call_one_arg(meth.as_ptr(), spec)?;
    if !is_str(result.as_ptr()) {
        return Err(errors::type_error(&format!(
            "__format__ must return a str, not {:.200}",
            obj::type_name(result.as_ptr())
        )));
    }
    Ok(result)
}
