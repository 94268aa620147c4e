//! The `_string` module (CPython's `_string` in Objects/unicodeobject.c and the
//! `formatteriterator` / `fieldnameiterator` types of stringlib/unicode_format.h): the pieces
//! of `str.format`'s parser that `string.Formatter` drives from Python. Parsing is lazy, as in
//! CPython: a malformed string raises when the iterator reaches the bad part.

use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::objects::object::{self, Ref};
use crate::objects::typeobject::static_type;
use crate::objects::unicode_format::{self as fmt, FieldNameIter};
use crate::objects::{longobject, tupleobject, unicodeobject};

/// `formatteriterator`: (literal, field_name, format_spec, conversion) per markup step.
#[repr(C)]
struct FormatterIter {
    ob_base: PyObject,
    /// The format string (kept alive; the code points below are its copy).
    text: *mut PyObject,
    scan: *mut ScanState,
}

struct ScanState {
    chars: Vec<u32>,
    pos: usize,
}

/// `fieldnameiterator`: (is_attribute, key) per `.attr` / `[key]` step.
#[repr(C)]
struct FieldNameIterObject {
    ob_base: PyObject,
    text: *mut PyObject,
    state: *mut FieldState,
}

struct FieldState {
    chars: Vec<u32>,
    iter: FieldNameIter,
}

static mut FORMATTER_ITER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(formatteriter_dealloc),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(formatteriter_next),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"formatteriterator",
        core::mem::size_of::<FormatterIter>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

static mut FIELDNAME_ITER_TYPE: PyTypeObject = PyTypeObject {
    tp_dealloc: Some(fieldnameiter_dealloc),
    tp_iter: Some(crate::objects::object::PyObject_SelfIter),
    tp_iternext: Some(fieldnameiter_next),
    ..static_type(
        &raw mut crate::objects::typeobject::PyType_Type,
        c"fieldnameiterator",
        core::mem::size_of::<FieldNameIterObject>() as Py_ssize_t,
        0,
        Py_TPFLAGS_DEFAULT,
    )
};

/// A str of `chars[span]`.
fn substring(chars: &[u32], span: fmt::Span) -> PyResult<Ref> {
    unicodeobject::from_ucs4(&chars[span.0..span.1])
}

unsafe extern "C" fn formatteriter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut FormatterIter;
    let st = &mut *(*it).scan;
    errors::ptr_result((|| {
        let end = st.chars.len();
        let Some(m) = fmt::markup_next(&st.chars, &mut st.pos, end)? else {
            return Err(errors::ErrSet::assume_set());
        };
        let literal = substring(&st.chars, m.literal)?;
        let (name, spec, conv) = match m.field {
            None => (object::new_none(), object::new_none(), object::new_none()),
            Some(f) => (
                substring(&st.chars, f.name)?,
                substring(&st.chars, f.spec)?,
                match f.conversion {
                    Some(c) => unicodeobject::from_ucs4(&[c])?,
                    None => object::new_none(),
                },
            ),
        };
        tupleobject::pack(&[literal.as_ptr(), name.as_ptr(), spec.as_ptr(), conv.as_ptr()])
    })())
}

unsafe extern "C" fn formatteriter_dealloc(op: *mut PyObject) {
    let it = op as *mut FormatterIter;
    object::xdecref((*it).text);
    if !(*it).scan.is_null() {
        drop(Box::from_raw((*it).scan));
    }
    crate::mem::obj_free(op.cast());
}

unsafe extern "C" fn fieldnameiter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut FieldNameIterObject;
    let st = &mut *(*it).state;
    errors::ptr_result((|| {
        let Some(acc) = st.iter.next(&st.chars)? else {
            return Err(errors::ErrSet::assume_set());
        };
        let (is_attr, key) = match acc {
            fmt::Accessor::Attr(span) => (true, substring(&st.chars, span)?),
            fmt::Accessor::Item(span, Some(index)) => {
                let _ = span;
                (false, longobject::from_i64(index as i64)?)
            }
            fmt::Accessor::Item(span, None) => (false, substring(&st.chars, span)?),
        };
        let flag = object::new_bool(is_attr);
        tupleobject::pack(&[flag.as_ptr(), key.as_ptr()])
    })())
}

unsafe extern "C" fn fieldnameiter_dealloc(op: *mut PyObject) {
    let it = op as *mut FieldNameIterObject;
    object::xdecref((*it).text);
    if !(*it).state.is_null() {
        drop(Box::from_raw((*it).state));
    }
    crate::mem::obj_free(op.cast());
}

unsafe fn str_argument(name: &str, arg: *mut PyObject) -> PyResult<()> {
    if !unicodeobject::is_str(arg) {
        return Err(errors::type_error(&format!(
            "{name}() argument must be str, not {}",
            object::type_name(arg)
        )));
    }
    Ok(())
}

/// `_string.formatter_parser(str)`.
unsafe extern "C" fn formatter_parser(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        str_argument("formatter_parser", arg)?;
        let op = object::new_object(&raw mut FORMATTER_ITER_TYPE)?;
        let it = op as *mut FormatterIter;
        (*it).text = object::new_ref(arg).into_raw();
        (*it).scan = Box::into_raw(Box::new(ScanState { chars: fmt::code_points(arg), pos: 0 }));
        Ok(Ref::from_raw(op))
    })())
}

/// `_string.formatter_field_name_split(str)`: (first, iterator over the rest); `first` is an
/// int when it is all digits.
unsafe extern "C" fn formatter_field_name_split(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        str_argument("formatter_field_name_split", arg)?;
        let chars = fmt::code_points(arg);
        let (first, index, iter) = fmt::field_name_split(&chars, (0, chars.len()), None)?;
        let first_obj = match index {
            Some(i) => longobject::from_i64(i as i64)?,
            None => substring(&chars, first)?,
        };
        let op = object::new_object(&raw mut FIELDNAME_ITER_TYPE)?;
        let it = op as *mut FieldNameIterObject;
        (*it).text = object::new_ref(arg).into_raw();
        (*it).state = Box::into_raw(Box::new(FieldState { chars, iter }));
        let it = Ref::from_raw(op);
        tupleobject::pack(&[first_obj.as_ptr(), it.as_ptr()])
    })())
}

fn methods() -> Vec<PyMethodDef> {
    vec![
        PyMethodDef {
            ml_name: c"formatter_field_name_split".as_ptr(),
            ml_meth: Some(formatter_field_name_split),
            ml_flags: METH_O,
            ml_doc: c"split the argument as a field name".as_ptr(),
        },
        PyMethodDef {
            ml_name: c"formatter_parser".as_ptr(),
            ml_meth: Some(formatter_parser),
            ml_flags: METH_O,
            ml_doc: c"parse the argument as a format string".as_ptr(),
        },
    ]
}

/// `PyInit__string`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        crate::objects::typeobject::ready(&raw mut FORMATTER_ITER_TYPE)?;
        crate::objects::typeobject::ready(&raw mut FIELDNAME_ITER_TYPE)?;
        create_module(c"_string", c"string helper module", methods)
    })())
}
