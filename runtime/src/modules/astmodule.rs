//! The `_ast` built-in module (CPython's Python/Python-ast.c): the node classes of
//! Python.asdl and the conversion of syntax trees between the compiler's Rust AST and
//! Python objects, both ways (`ast.parse` and `compile(tree, ...)`).
//!
//! Everything is driven by the ASDL table `ferrython_compiler::ast::schema`, so no node or
//! field is written out by hand here:
//! - classes: `ast.AST` (a heap type with an instance dict, 3.11's `__init__` and
//!   `__reduce__`), then one class per sum type, constructor and product made by calling
//!   `type(name, bases, dict)` as CPython's `make_type` does, with `_fields`,
//!   `__match_args__`, `_attributes`, a class-level None for every `?` field and attribute,
//!   and the ASDL docstring; the field-less constructors (Load, Add, ...) have one shared
//!   instance each;
//! - Rust -> objects: the tree as `ast.dump` text (the compiler's generated dumper), read back
//!   as a generic value tree, turned into instances;
//! - objects -> Rust: instances read field by field with CPython's conversion errors into
//!   the same generic value tree, which the compiler's generated reader types.

use crate::abi::methodobject::{PyMethodDef, METH_NOARGS};
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::PyExc_RuntimeError;
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::{dictobject, listobject, longobject, tupleobject, unicodeobject};
use core::ffi::{c_int, c_void};
use core::ptr::null_mut;
use ferrython_compiler::ast::read::{DumpArg, DumpValue, FromDump};
use ferrython_compiler::ast::schema::{self, Definition, DefinitionKind, Field, Quantifier};
use ferrython_compiler::ast::{ConstantValue, Int, PyStr};
use std::collections::HashMap;
use std::sync::Mutex;

/// `PyCF_ONLY_AST`, `PyCF_TYPE_COMMENTS`, `PyCF_ALLOW_TOP_LEVEL_AWAIT`.
const MODULE_FLAGS: [(&str, i64); 3] =
    [("PyCF_ALLOW_TOP_LEVEL_AWAIT", 0x2000), ("PyCF_ONLY_AST", 0x400), ("PyCF_TYPE_COMMENTS", 0x1000)];

/// The classes of the current `_ast` module by name ("AST", "expr", "Name", ...) and the
/// shared instances of the field-less constructors, as strong references. Replaced when the
/// module is made again (after a re-initialization).
struct AstState {
    classes: HashMap<&'static str, usize>,
    singletons: HashMap<&'static str, usize>,
}

static STATE: Mutex<Option<AstState>> = Mutex::new(None);

fn with_state<R>(f: impl FnOnce(&AstState) -> R) -> Option<R> {
    let guard = STATE.lock().unwrap_or_else(|p| p.into_inner());
    guard.as_ref().map(f)
}

/// The class named `name` (borrowed), made by [`init_module`].
unsafe fn class(name: &str) -> PyResult<*mut PyObject> {
    with_state(|s| s.classes.get(name).copied())
        .flatten()
        .map(|p| p as *mut PyObject)
        .ok_or_else(|| errors::system_error("the _ast module is not initialized"))
}

// ---------------------------------------------------------------------------------------------
// ast.AST

/// `AST_object`: the object header and the instance dict.
#[repr(C)]
struct AstObject {
    ob_base: PyObject,
    dict: *mut PyObject,
}

unsafe extern "C" fn ast_dealloc(op: *mut PyObject) {
    crate::mem::gc::untrack(op);
    object::xdecref(core::mem::replace(&mut (*(op as *mut AstObject)).dict, null_mut()));
    let tp = object::py_type(op);
    match (*tp).tp_free {
        Some(free) => free(op.cast()),
        None => crate::mem::gc::free(op),
    }
    object::decref(tp.cast());
}

unsafe extern "C" fn ast_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let Some(visit) = visit else { return 0 };
    for p in [object::py_type(op).cast(), (*(op as *mut AstObject)).dict] {
        if !p.is_null() {
            let r = visit(p, arg);
            if r != 0 {
                return r;
            }
        }
    }
    0
}

unsafe extern "C" fn ast_clear(op: *mut PyObject) -> c_int {
    object::xdecref(core::mem::replace(&mut (*(op as *mut AstObject)).dict, null_mut()));
    0
}

/// `ast_type_init`: positional arguments fill `_fields` in order, keywords set any
/// attribute; more positionals than fields and a field given twice are TypeErrors.
unsafe extern "C" fn ast_init(op: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> c_int {
    errors::int_result((|| {
        let tp = object::py_type(op);
        let fields = object::lookup_attr_str(tp.cast(), "_fields")?;
        let numfields = match &fields {
            Some(f) => crate::objects::r#abstract::sequence::size(f.as_ptr())?,
            None => 0,
        };
        let nargs = tupleobject::len(args);
        if numfields < nargs {
            return Err(errors::type_error(&format!(
                "{} constructor takes at most {numfields} positional argument{}",
                crate::objects::typeobject::type_short_name(tp),
                if numfields == 1 { "" } else { "s" }
            )));
        }
        for i in 0..nargs {
            let fields = fields.as_ref().expect("checked: nargs <= numfields");
            let name = crate::objects::r#abstract::sequence::get_item(fields.as_ptr(), i)?;
            object::set_attr(op, name.as_ptr(), *tupleobject::items(args).add(i as usize))?;
        }
        if !kw.is_null() {
            let mut pos: Py_ssize_t = 0;
            let mut entries = Vec::new();
            while let Some((k, v)) = dictobject::next(kw, &mut pos) {
                entries.push((new_ref(k), new_ref(v)));
            }
            for (key, value) in entries {
                if let Some(f) = &fields {
                    if crate::objects::r#abstract::sequence::contains(f.as_ptr(), key.as_ptr())? {
                        let p = crate::objects::r#abstract::sequence::iter_search(
                            f.as_ptr(),
                            key.as_ptr(),
                            crate::objects::r#abstract::sequence::IterSearch::Index,
                        )?;
                        if p < nargs {
                            return Err(errors::type_error(&format!(
                                "{} got multiple values for argument '{}'",
                                object::type_name_of(tp),
                                unicodeobject::to_string_lossy(key.as_ptr())
                            )));
                        }
                    }
                }
                object::set_attr(op, key.as_ptr(), value.as_ptr())?;
            }
        }
        Ok(())
    })())
}

/// `ast_type_reduce`: `(type, (), __dict__)`, or `(type, ())` without a dict.
unsafe extern "C" fn ast_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    errors::ptr_result((|| {
        let tp = object::py_type(op).cast::<PyObject>();
        let empty = tupleobject::pack(&[])?;
        match object::lookup_attr_str(op, "__dict__")? {
            Some(d) => tupleobject::pack(&[tp, empty.as_ptr(), d.as_ptr()]),
            None => tupleobject::pack(&[tp, empty.as_ptr()]),
        }
    })())
}

unsafe extern "C" fn ast_get_dict(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    errors::ptr_result(object::generic_get_dict(op))
}

unsafe extern "C" fn ast_set_dict(op: *mut PyObject, value: *mut PyObject, _: *mut c_void) -> c_int {
    errors::int_result(object::generic_set_dict(op, value))
}

static mut AST_METHODS: [PyMethodDef; 2] = [
    PyMethodDef { ml_name: c"__reduce__".as_ptr(), ml_meth: Some(ast_reduce), ml_flags: METH_NOARGS, ml_doc: core::ptr::null() },
    PyMethodDef { ml_name: core::ptr::null(), ml_meth: None, ml_flags: 0, ml_doc: core::ptr::null() },
];

static mut AST_MEMBERS: [crate::abi::structmember::PyMemberDef; 2] = [
    crate::abi::structmember::PyMemberDef {
        name: c"__dictoffset__".as_ptr(),
        type_: crate::abi::structmember::T_PYSSIZET,
        offset: core::mem::offset_of!(AstObject, dict) as Py_ssize_t,
        flags: crate::abi::structmember::READONLY,
        doc: core::ptr::null(),
    },
    crate::abi::structmember::PyMemberDef { name: core::ptr::null(), type_: 0, offset: 0, flags: 0, doc: core::ptr::null() },
];

static mut AST_GETSET: [crate::abi::descrobject::PyGetSetDef; 2] = [
    crate::abi::descrobject::PyGetSetDef {
        name: c"__dict__".as_ptr(),
        get: Some(ast_get_dict),
        set: Some(ast_set_dict),
        doc: core::ptr::null(),
        closure: null_mut(),
    },
    crate::abi::descrobject::PyGetSetDef { name: core::ptr::null(), get: None, set: None, doc: core::ptr::null(), closure: null_mut() },
];

/// `ast.AST`, from a spec as CPython makes it.
unsafe fn make_ast_type() -> PyResult<Ref> {
    use crate::abi::object::{PyType_Slot, PyType_Spec};
    let slot = |slot: c_int, p: *mut c_void| PyType_Slot { slot, pfunc: p };
    let mut slots = [
        slot(52, ast_dealloc as *mut c_void),
        slot(58, object::PyObject_GenericGetAttr as *mut c_void),
        slot(69, object::PyObject_GenericSetAttr as *mut c_void),
        slot(71, ast_traverse as *mut c_void),
        slot(51, ast_clear as *mut c_void),
        slot(72, (&raw mut AST_MEMBERS).cast()),
        slot(64, (&raw mut AST_METHODS).cast()),
        slot(73, (&raw mut AST_GETSET).cast()),
        slot(60, ast_init as *mut c_void),
        slot(47, crate::objects::typeobject::PyType_GenericAlloc as *mut c_void),
        slot(65, crate::objects::typeobject::PyType_GenericNew as *mut c_void),
        slot(74, crate::mem::gc::free as *mut c_void),
        PyType_Slot { slot: 0, pfunc: null_mut() },
    ];
    let mut spec = PyType_Spec {
        name: c"ast.AST".as_ptr(),
        basicsize: core::mem::size_of::<AstObject>() as c_int,
        itemsize: 0,
        flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC) as core::ffi::c_uint,
        slots: slots.as_mut_ptr(),
    };
    let tp = crate::objects::typeobject::from_module_and_spec(null_mut(), &mut spec, null_mut())?;
    let empty = tupleobject::pack(&[])?;
    for name in ["_fields", "_attributes", "__match_args__"] {
        object::set_attr_str(tp.as_ptr(), name, empty.as_ptr())?;
    }
    Ok(tp)
}

// ---------------------------------------------------------------------------------------------
// The node classes

fn field_doc(f: &Field) -> String {
    format!("{}{} {}", f.type_name, f.quantifier.marker(), f.name)
}

fn constructor_doc(name: &str, fields: &[Field]) -> String {
    if fields.is_empty() {
        return name.to_string();
    }
    let list: Vec<String> = fields.iter().map(field_doc).collect();
    format!("{name}({})", list.join(", "))
}

/// The docstring of a sum type: `expr = BoolOp(...)\n     | NamedExpr(...)`, one line per
/// constructor aligned under the first, or on one line when no constructor has fields.
fn sum_doc(def: &Definition, cons: &[schema::Constructor]) -> String {
    let simple = cons.iter().all(|c| c.fields.is_empty());
    let mut out = format!("{} = ", def.name);
    let pad = " ".repeat(def.name.len() + 1);
    for (i, c) in cons.iter().enumerate() {
        if i > 0 {
            if simple {
                out.push_str(" | ");
            } else {
                out.push('\n');
                out.push_str(&pad);
                out.push_str("| ");
            }
        }
        out.push_str(&constructor_doc(c.name, c.fields));
    }
    out
}

unsafe fn str_tuple(names: &[&str]) -> PyResult<Ref> {
    let items = names.iter().map(|n| unicodeobject::new_str(n)).collect::<PyResult<Vec<_>>>()?;
    tupleobject::from_refs(items)
}

/// `make_type`: `type(name, (base,), {"_fields": ..., "__match_args__": ..., "__module__":
/// "ast", "__doc__": doc})`, then `_attributes` and the class-level None of `?` members.
unsafe fn make_class(
    name: &str,
    base: *mut PyObject,
    fields: Option<&[Field]>,
    attributes: Option<&[Field]>,
    doc: &str,
) -> PyResult<Ref> {
    let dict = dictobject::new()?;
    let field_names: Vec<&str> = fields.unwrap_or(&[]).iter().map(|f| f.name).collect();
    let names = str_tuple(&field_names)?;
    dictobject::set_item_str(dict.as_ptr(), "_fields", names.as_ptr())?;
    dictobject::set_item_str(dict.as_ptr(), "__match_args__", names.as_ptr())?;
    let module = unicodeobject::new_str("ast")?;
    dictobject::set_item_str(dict.as_ptr(), "__module__", module.as_ptr())?;
    let doc = unicodeobject::new_str(doc)?;
    dictobject::set_item_str(dict.as_ptr(), "__doc__", doc.as_ptr())?;
    let bases = tupleobject::pack(&[base])?;
    let type_name = unicodeobject::new_str(name)?;
    let args = tupleobject::pack(&[type_name.as_ptr(), bases.as_ptr(), dict.as_ptr()])?;
    let cls = crate::objects::call::call((&raw mut crate::objects::typeobject::PyType_Type).cast(), args.as_ptr(), null_mut())?;
    if let Some(attrs) = attributes {
        let attr_names: Vec<&str> = attrs.iter().map(|f| f.name).collect();
        let t = str_tuple(&attr_names)?;
        object::set_attr_str(cls.as_ptr(), "_attributes", t.as_ptr())?;
    }
    for f in fields.unwrap_or(&[]).iter().chain(attributes.unwrap_or(&[])) {
        if f.quantifier == Quantifier::Optional {
            object::set_attr_str(cls.as_ptr(), f.name, object::none())?;
        }
    }
    Ok(cls)
}

/// Makes every class (and singleton) of Python.asdl into `module`, recording them in STATE.
unsafe fn make_classes(module: *mut PyObject) -> PyResult<()> {
    let ast = make_ast_type()?;
    let mut classes: HashMap<&'static str, usize> = HashMap::new();
    let mut singletons: HashMap<&'static str, usize> = HashMap::new();
    let mut keep = |name: &'static str, cls: &Ref| -> PyResult<()> {
        crate::modules::posixmodule::args::add(module, name, cls.as_ptr())?;
        classes.insert(name, object::new_ref(cls.as_ptr()).into_raw() as usize);
        Ok(())
    };
    keep("AST", &ast)?;
    for def in schema::DEFINITIONS {
        match def.kind {
            DefinitionKind::Sum(cons) => {
                let base = make_class(def.name, ast.as_ptr(), None, Some(def.attributes), &sum_doc(def, cons))?;
                keep(def.name, &base)?;
                for c in cons {
                    let cls = make_class(c.name, base.as_ptr(), Some(c.fields), None, &constructor_doc(c.name, c.fields))?;
                    keep(c.name, &cls)?;
                    if def.is_simple_sum() {
                        let tp = cls.as_ptr() as *mut PyTypeObject;
                        let one = Ref::from_result(crate::objects::typeobject::PyType_GenericNew(tp, null_mut(), null_mut()))?;
                        singletons.insert(c.name, one.into_raw() as usize);
                    }
                }
            }
            DefinitionKind::Product(fields) => {
                let cls = make_class(def.name, ast.as_ptr(), Some(fields), Some(def.attributes), &constructor_doc(def.name, fields))?;
                keep(def.name, &cls)?;
            }
        }
    }
    let old = STATE.lock().unwrap_or_else(|p| p.into_inner()).replace(AstState { classes, singletons });
    if let Some(old) = old {
        for p in old.classes.values().chain(old.singletons.values()) {
            object::decref(*p as *mut PyObject);
        }
    }
    Ok(())
}

fn methods() -> Vec<PyMethodDef> {
    Vec::new()
}

/// `PyInit__ast`.
///
/// # Safety
/// GIL held.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    errors::ptr_result((|| {
        let m = crate::modules::posixmodule::args::create_module(c"_ast", c"", methods)?;
        // CPython's _ast has no docstring.
        object::set_attr_str(m.as_ptr(), "__doc__", object::none())?;
        make_classes(m.as_ptr())?;
        for (name, value) in MODULE_FLAGS {
            let v = longobject::from_i64(value)?;
            crate::modules::posixmodule::args::add(m.as_ptr(), name, v.as_ptr())?;
        }
        Ok(m)
    })())
}

/// `PyAST_Check`: whether `obj` is an `ast.AST` instance (false before `_ast` is imported).
///
/// # Safety
/// `obj` is live; GIL held.
pub unsafe fn is_ast(obj: *mut PyObject) -> PyResult<bool> {
    let Some(ast) = with_state(|s| s.classes.get("AST").copied()).flatten() else {
        return Ok(false);
    };
    object::is_instance(obj, ast as *mut PyObject)
}

/// Makes sure `_ast` was imported (`ast.parse` may run before anything imported it).
unsafe fn ensure_module() -> PyResult<()> {
    if with_state(|_| ()).is_none() {
        drop(crate::lifecycle::import::import_module("_ast")?);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Rust AST -> objects

/// A constant as the object the parser would have made.
unsafe fn constant_object(c: &ConstantValue) -> PyResult<Ref> {
    crate::objects::codeobject::from_marshal(&ferrython_compiler::codegen::consts::lit_to_value(c))
}

/// The `_ast` instance tree for `tree` (`ast.parse`'s result).
///
/// # Safety
/// GIL held.
pub unsafe fn to_object(tree: &ferrython_compiler::ast::Mod) -> PyResult<Ref> {
    ensure_module()?;
    let text = ferrython_compiler::ast::dump_with_attributes(tree);
    let value = ferrython_compiler::ast::read::parse_dump(&text)
        .map_err(|e| errors::system_error(&format!("_ast: cannot read the tree back: {}", e.message)))?;
    value_to_object(&value)
}

unsafe fn value_to_object(v: &DumpValue) -> PyResult<Ref> {
    match v {
        DumpValue::Const(c) => constant_object(c),
        DumpValue::List(items) => {
            let list = listobject::new(0)?;
            for item in items {
                let o = value_to_object(item)?;
                listobject::append(list.as_ptr(), o.as_ptr())?;
            }
            Ok(list)
        }
        DumpValue::Node { name, args } => {
            if let Some(one) = with_state(|s| s.singletons.get(name.as_str()).copied()).flatten() {
                return Ok(new_ref(one as *mut PyObject));
            }
            let (def, cons) = schema::class(name)
                .ok_or_else(|| errors::system_error(&format!("_ast: unknown node {name}")))?;
            let cls = class(name)? as *mut PyTypeObject;
            let node = Ref::from_result(crate::objects::typeobject::PyType_GenericAlloc(cls, 0))?;
            let fields = match (def.kind, cons) {
                (_, Some(c)) => c.fields,
                (DefinitionKind::Product(f), None) => f,
                (DefinitionKind::Sum(_), None) => &[],
            };
            for f in fields.iter().chain(def.attributes) {
                let value = match args.iter().find(|a| a.name.as_deref() == Some(f.name)) {
                    Some(a) => value_to_object(&a.value)?,
                    None if f.quantifier == Quantifier::Sequence => listobject::new(0)?,
                    None => object::new_none(),
                };
                object::set_attr_str(node.as_ptr(), f.name, value.as_ptr())?;
            }
            Ok(node)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// objects -> Rust AST

/// What `compile(tree, filename, mode)` requires at the top, by mode.
pub fn required_top(mode: ferrython_compiler::parser::Mode) -> &'static str {
    use ferrython_compiler::parser::Mode;
    match mode {
        Mode::Exec => "Module",
        Mode::Eval => "Expression",
        Mode::Single => "Interactive",
        Mode::FuncType => "FunctionType",
    }
}

/// `PyAST_obj2mod`: the Rust tree of an `_ast` instance tree, with CPython's conversion
/// errors (TypeError, ValueError, RuntimeError, RecursionError).
///
/// # Safety
/// `obj` is live; GIL held.
pub unsafe fn from_object(obj: *mut PyObject, mode: ferrython_compiler::parser::Mode) -> PyResult<ferrython_compiler::ast::Mod> {
    ensure_module()?;
    let top = required_top(mode);
    if !object::is_instance(obj, class(top)?)? {
        return Err(errors::type_error(&format!("expected {top} node, got {}", object::type_name(obj))));
    }
    let value = node_value(obj, schema::definition("mod").expect("mod is in the ASDL"))?;
    ferrython_compiler::ast::Mod::from_dump(value).map_err(|e| errors::type_error(&e.message))
}

fn is_builtin_type(name: &str) -> bool {
    matches!(name, "identifier" | "string" | "int" | "constant")
}

/// One value of ASDL type `type_name` (a builtin type or a definition).
unsafe fn value_of(obj: *mut PyObject, type_name: &str) -> PyResult<DumpValue> {
    match type_name {
        "identifier" => {
            if obj == object::none() {
                Ok(DumpValue::Const(ConstantValue::None))
            } else if unicodeobject::is_exact_str(obj) {
                Ok(DumpValue::Const(ConstantValue::Str(py_str(obj))))
            } else {
                Err(errors::type_error("AST identifier must be of type str"))
            }
        }
        "string" => {
            if obj == object::none() {
                Ok(DumpValue::Const(ConstantValue::None))
            } else if unicodeobject::is_exact_str(obj) {
                Ok(DumpValue::Const(ConstantValue::Str(py_str(obj))))
            } else if object::py_type(obj) == &raw mut crate::objects::bytesobject::PyBytes_Type {
                // Type comments and tags as bytes: the compiler keeps text.
                let b = crate::objects::bytesobject::as_slice(obj);
                Ok(DumpValue::Const(ConstantValue::Str(PyStr::from(String::from_utf8_lossy(b).as_ref()))))
            } else {
                Err(errors::type_error("AST string must be of type str"))
            }
        }
        "int" => {
            if !longobject::is_int(obj) {
                let r = object::repr(obj)?;
                return Err(errors::value_error(&format!("invalid integer value: {}", unicodeobject::to_string_lossy(r.as_ptr()))));
            }
            let v = longobject::as_c_int(obj)?;
            Ok(DumpValue::Const(ConstantValue::int(v as i64)))
        }
        "constant" => Ok(DumpValue::Const(constant_value(obj)?)),
        name => {
            if obj == object::none() {
                return Ok(DumpValue::Const(ConstantValue::None));
            }
            let def = schema::definition(name).ok_or_else(|| errors::system_error(&format!("_ast: unknown type {name}")))?;
            node_value(obj, def)
        }
    }
}

unsafe fn py_str(obj: *mut PyObject) -> PyStr {
    let (data, kind) = unicodeobject::data_and_kind(obj);
    let n = unicodeobject::length(obj) as usize;
    PyStr::from_code_points((0..n).map(|i| unicodeobject::read_char(data, kind, i))).unwrap_or_else(|| PyStr::from(""))
}

/// The constants `compile()` accepts in a tree (`validate_constant`).
unsafe fn constant_value(obj: *mut PyObject) -> PyResult<ConstantValue> {
    use crate::objects::{boolobject, bytesobject, complexobject, floatobject};
    let tp = object::py_type(obj);
    let invalid = || errors::type_error(&format!("got an invalid type in Constant: {}", object::type_name(obj)));
    if obj == object::none() {
        return Ok(ConstantValue::None);
    }
    if obj == crate::objects::sliceobject::ellipsis() {
        return Ok(ConstantValue::Ellipsis);
    }
    if tp == &raw mut boolobject::PyBool_Type {
        return Ok(ConstantValue::Bool(obj == boolobject::from_bool(true).as_ptr()));
    }
    if tp == &raw mut longobject::PyLong_Type {
        let text = longobject::to_decimal_string(obj)?;
        let i: Int = text.parse().map_err(|_| errors::system_error("_ast: bad int"))?;
        return Ok(ConstantValue::Int(i));
    }
    if tp == &raw mut floatobject::PyFloat_Type {
        return Ok(ConstantValue::Float(floatobject::as_f64(obj)?));
    }
    if tp == &raw mut complexobject::PyComplex_Type {
        let c = complexobject::value(obj);
        return Ok(ConstantValue::Complex { real: c.real, imag: c.imag });
    }
    if tp == &raw mut unicodeobject::PyUnicode_Type {
        return Ok(ConstantValue::Str(py_str(obj)));
    }
    if tp == &raw mut bytesobject::PyBytes_Type {
        return Ok(ConstantValue::Bytes(bytesobject::as_slice(obj).to_vec()));
    }
    if tp == &raw mut tupleobject::PyTuple_Type || tp == &raw mut crate::objects::setobject::PyFrozenSet_Type {
        let items = crate::objects::listobject::from_iterable(obj)?;
        let mut out = Vec::new();
        for i in 0..listobject::len(items.as_ptr()) {
            out.push(constant_value(*listobject::items(items.as_ptr()).add(i as usize))?);
        }
        return Ok(if tp == &raw mut tupleobject::PyTuple_Type { ConstantValue::Tuple(out) } else { ConstantValue::FrozenSet(out) });
    }
    Err(invalid())
}

/// Reads attribute `name` of `obj`, None when absent.
unsafe fn attr(obj: *mut PyObject, name: &str) -> PyResult<Option<Ref>> {
    object::lookup_attr_str(obj, name)
}

/// One field (or attribute) of node class `owner` read from `obj`.
unsafe fn field_value(obj: *mut PyObject, owner: &str, f: &Field) -> PyResult<Option<DumpValue>> {
    let Some(v) = attr(obj, f.name)? else {
        if f.quantifier == Quantifier::Optional {
            return Ok(None);
        }
        return Err(errors::type_error(&format!("required field \"{}\" missing from {owner}", f.name)));
    };
    let v = v.as_ptr();
    let where_ = format!(" while traversing '{owner}' node");
    object::enter_recursive_call(&where_)?;
    let r = (|| -> PyResult<Option<DumpValue>> {
        match f.quantifier {
            Quantifier::Optional => {
                if v == object::none() {
                    return Ok(None);
                }
                Ok(Some(value_of(v, f.type_name)?))
            }
            Quantifier::One => {
                let value = value_of(v, f.type_name)?;
                if matches!(value, DumpValue::Const(ConstantValue::None)) && f.type_name != "constant" {
                    return Err(errors::value_error(&format!("field '{}' is required for {owner}", f.name)));
                }
                Ok(Some(value))
            }
            Quantifier::Sequence => {
                if !listobject::check(v) {
                    return Err(errors::type_error(&format!(
                        "{owner} field \"{}\" must be a list, not a {}",
                        f.name,
                        object::type_name(v)
                    )));
                }
                let n = listobject::len(v);
                let mut items = Vec::with_capacity(n as usize);
                for i in 0..n {
                    let item = new_ref(*listobject::items(v).add(i as usize));
                    let value = value_of(item.as_ptr(), f.type_name)?;
                    if listobject::len(v) != n {
                        return Err(errors::set_string(
                            PyExc_RuntimeError,
                            &format!("{owner} field \"{}\" changed size during iteration", f.name),
                        ));
                    }
                    if matches!(value, DumpValue::Const(ConstantValue::None)) && !f.null_elements && !is_builtin_type(f.type_name) {
                        let what = if f.type_name == "stmt" { "statement" } else { "expression" };
                        return Err(errors::value_error(&format!("None disallowed in {what} list")));
                    }
                    items.push(value);
                }
                Ok(Some(DumpValue::List(items)))
            }
        }
    })();
    object::leave_recursive_call();
    r
}

/// The position attributes of a node of a type with attributes: `lineno` and `col_offset`
/// required, the ends defaulting to them.
unsafe fn attribute_values(obj: *mut PyObject, def: &Definition) -> PyResult<Vec<DumpArg>> {
    let mut out: Vec<DumpArg> = Vec::new();
    for f in def.attributes {
        let value = match field_value(obj, def.name, f)? {
            Some(v) => v,
            None => {
                // end_lineno / end_col_offset: absent or None take lineno / col_offset.
                let start = if f.name == "end_lineno" { "lineno" } else { "col_offset" };
                match out.iter().find(|a| a.name.as_deref() == Some(start)) {
                    Some(a) => a.value.clone(),
                    None => DumpValue::Const(ConstantValue::None),
                }
            }
        };
        if matches!(value, DumpValue::Const(ConstantValue::None)) {
            continue;
        }
        out.push(DumpArg { name: Some(f.name.to_string()), value });
    }
    Ok(out)
}

/// A node of definition `def` (a sum: the constructor found by isinstance; a product).
unsafe fn node_value(obj: *mut PyObject, def: &'static Definition) -> PyResult<DumpValue> {
    let (class_name, fields): (&str, &[Field]) = match def.kind {
        DefinitionKind::Product(fields) => {
            if !object::is_instance(obj, class(def.name)?)? {
                let r = object::repr(obj)?;
                return Err(errors::type_error(&format!(
                    "expected some sort of {}, but got {}",
                    def.name,
                    unicodeobject::to_string_lossy(r.as_ptr())
                )));
            }
            (def.name, fields)
        }
        DefinitionKind::Sum(cons) => {
            let mut found = None;
            // Positions are read first, as CPython's obj2ast_<sum> does.
            let attrs = attribute_values(obj, def)?;
            for c in cons {
                if object::is_instance(obj, class(c.name)?)? {
                    found = Some(c);
                    break;
                }
            }
            let Some(c) = found else {
                let r = object::repr(obj)?;
                return Err(errors::type_error(&format!(
                    "expected some sort of {}, but got {}",
                    def.name,
                    unicodeobject::to_string_lossy(r.as_ptr())
                )));
            };
            let mut args = Vec::new();
            for f in c.fields {
                if let Some(v) = field_value(obj, c.name, f)? {
                    args.push(DumpArg { name: Some(f.name.to_string()), value: v });
                }
            }
            args.extend(attrs);
            return Ok(DumpValue::Node { name: c.name.to_string(), args });
        }
    };
    let mut args = Vec::new();
    for f in fields {
        if let Some(v) = field_value(obj, class_name, f)? {
            args.push(DumpArg { name: Some(f.name.to_string()), value: v });
        }
    }
    args.extend(attribute_values(obj, def)?);
    Ok(DumpValue::Node { name: class_name.to_string(), args })
}

#[cfg(test)]
mod tests {
    /// `ast.parse`, `compile(tree)`, the classes and their constructor, pickling and copying,
    /// and compile()'s conversion and validation errors, on our interpreter and python3.11.
    const SNIPPETS: &[&str] = &[
        "import ast\nt = ast.parse(\"x = 1 + 2\\nprint(f'{x!r:>4}')\\nasync def f(a, /, b=2, *c, d, **e) -> int:\\n    'doc'\\n    return [i async for i in b if i]\\n\")\nresult = (ast.dump(t, include_attributes=True), ast.dump(t, indent=2), ast.unparse(t))",
        "import ast\nns = {}\nexec(compile(ast.parse('def g(x):\\n    return x * 2\\nclass C:\\n    def m(self): return super().__class__\\n'), '<t>', 'exec'), ns)\nresult = (eval(compile(ast.parse('1+2', mode='eval'), '<s>', 'eval')), ns['g'](21), ns['C']().m())",
        "import ast, _ast\nt = ast.parse('a = b')\nresult = (type(t).__mro__, sorted(t.body[0].__dict__), ast.Load() is ast.Load(), t.body[0].targets[0].ctx is ast.Store(), ast.Name.__doc__, _ast.expr.__doc__, _ast.operator.__doc__, ast.arguments.__doc__, sorted(n for n in dir(_ast) if not n.startswith('__')), _ast.AST._fields, _ast.Name._attributes, ast.Name.__match_args__, ast.Constant.kind, ast.arg.end_lineno, sorted(ast.expr.__dict__), sorted(ast.Name.__dict__), ast.AST.__flags__ & 0x4600, ast.PyCF_ONLY_AST, ast.PyCF_TYPE_COMMENTS)",
        "import ast\ndef err(f):\n    try: return f()\n    except Exception as e: return (type(e).__name__, str(e))\nn = ast.Name('x', ast.Load())\nresult = (n.id, type(n.ctx).__name__, err(lambda: ast.Name(1, 2, 3)), err(lambda: ast.Name('x', id='y')), err(lambda: ast.AST(1)), ast.Name(id='q', extra=5).extra, err(lambda: compile(ast.Module([ast.Expr(ast.Name('x', ast.Load()))], []), 's', 'exec')), err(lambda: compile(ast.Expression(body=ast.Constant([1])), 's', 'eval')), err(lambda: compile(ast.Module(body=(), type_ignores=[]), 's', 'exec')), err(lambda: compile(ast.Module(body=[None], type_ignores=[]), 's', 'exec')), err(lambda: compile(ast.Expression(body=ast.Load()), 's', 'eval')), err(lambda: compile(ast.Expr(), 's', 'exec')), err(lambda: compile(ast.Expression(ast.Constant(1, lineno='a', col_offset=0)), 's', 'eval')))",
        "import ast, copy\nt = ast.parse('for i in range(3):\\n    print(i, end=\"\")\\nelse:\\n    pass\\nmatch x:\\n    case [1, *r] | {\"k\": _}: pass\\n    case C(a=1) if a: pass\\n')\nresult = (ast.dump(copy.deepcopy(t)) == ast.dump(t), (lambda r: ast.dump(r[0](*r[1], **{}) if len(r) < 3 else (lambda o: (o.__dict__.update(r[2]), o)[1])(r[0](*r[1])))) (t.__reduce__()) == ast.dump(t), t.body[0].__reduce__()[0].__name__, ast.dump(t.body[1]))",
        "import ast\nm = ast.parse('def f(x):\\n    # type: (int) -> int\\n    return x  # type: ignore\\n', type_comments=True)\nresult = (ast.dump(m), ast.dump(ast.parse('(a, b) = c', feature_version=(3, 8))), ast.literal_eval(\"{'a': [1, 2.5, -3j, (True, None), b'x', ...]}\"), ast.dump(ast.parse('x: int = 1\\nlambda: (yield)\\n')), ast.dump(ast.parse('def f(*, a=1, b): pass')), ast.get_docstring(ast.parse('\"\"\"doc\"\"\"\\nx')))",
        "import ast\nsrc = open(ast.__file__).read()\nt = ast.parse(src)\nns = {'__name__': 'astcopy'}\nexec(compile(t, ast.__file__, 'exec'), ns)\nresult = (len(ast.dump(t)), ast.unparse(t) == ast.unparse(ast.parse(ast.unparse(t))), sorted(ns)[:5], ast.dump(ast.fix_missing_locations(ast.Module([ast.Expr(ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2)))], []))), eval(compile(ast.fix_missing_locations(ast.Expression(ast.BinOp(ast.Constant(1), ast.Add(), ast.Constant(2)))), 's', 'eval')))",
        "import ast\nL = dict(lineno=1, col_offset=0, end_lineno=1, end_col_offset=1)\ndef N(id, ctx=None): return ast.Name(id=id, ctx=ctx or ast.Load(), **L)\ndef C(v): return ast.Constant(value=v, **L)\ndef E(e): return ast.Expression(body=e)\ndef M(*stmts): return ast.Module(body=list(stmts), type_ignores=[])\ndef S(cls, **kw): return cls(**kw, **L)\ncases = {\n 'store ctx in load': E(N('x', ast.Store())),\n 'del ctx': E(N('x', ast.Del())),\n 'assign load target': M(S(ast.Assign, targets=[N('x')], value=C(1))),\n 'empty targets': M(S(ast.Assign, targets=[], value=C(1))),\n 'empty func body': M(S(ast.FunctionDef, name='f', args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[], decorator_list=[])),\n 'dict mismatch': E(S(ast.Dict, keys=[C(1)], values=[])),\n 'compare no comparators': E(S(ast.Compare, left=C(1), ops=[], comparators=[])),\n 'compare mismatch': E(S(ast.Compare, left=C(1), ops=[ast.Lt()], comparators=[])),\n 'boolop 1': E(S(ast.BoolOp, op=ast.And(), values=[C(1)])),\n 'defaults': M(S(ast.FunctionDef, name='f', args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[C(1)]), body=[S(ast.Pass)], decorator_list=[])),\n 'kw_defaults': M(S(ast.FunctionDef, name='f', args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[ast.arg('a', **L)], kw_defaults=[], defaults=[]), body=[S(ast.Pass)], decorator_list=[])),\n 'importfrom level': M(S(ast.ImportFrom, module='x', names=[ast.alias('y', **L)], level=-1)),\n 'import empty': M(S(ast.Import, names=[])),\n 'constant list': E(C([1])),\n 'name None': E(N('None')),\n 'name True': E(N('True')),\n 'raise cause no exc': M(S(ast.Raise, exc=None, cause=C(1))),\n 'try empty': M(S(ast.Try, body=[S(ast.Pass)], handlers=[], orelse=[], finalbody=[])),\n 'try orelse': M(S(ast.Try, body=[S(ast.Pass)], handlers=[], orelse=[S(ast.Pass)], finalbody=[S(ast.Pass)])),\n 'comp no gens': E(S(ast.ListComp, elt=C(1), generators=[])),\n 'starred load': E(S(ast.Starred, value=N('x'), ctx=ast.Load())),\n 'annassign simple non-name': M(S(ast.AnnAssign, target=S(ast.Attribute, value=N('a'), attr='b', ctx=ast.Store()), annotation=N('int'), simple=1)),\n 'line range': E(ast.Constant(value=1, lineno=2, col_offset=0, end_lineno=1, end_col_offset=0)),\n 'col range': E(ast.Constant(value=1, lineno=1, col_offset=5, end_lineno=1, end_col_offset=2)),\n 'match empty': M(S(ast.Match, subject=N('x'), cases=[])),\n 'matchsingleton': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchSingleton, value=1), body=[S(ast.Pass)])])),\n 'matchas pattern no name': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchAs, pattern=S(ast.MatchAs, name='y'), name=None), body=[S(ast.Pass)])])),\n 'matchor 1': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchOr, patterns=[S(ast.MatchAs, name='y')]), body=[S(ast.Pass)])])),\n 'capture _': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchAs, name='_'), body=[S(ast.Pass)])])),\n 'matchvalue name': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchValue, value=N('y')), body=[S(ast.Pass)])])),\n 'matchstar top': M(S(ast.Match, subject=N('x'), cases=[ast.match_case(pattern=S(ast.MatchStar, name='y'), body=[S(ast.Pass)])])),\n 'with empty': M(S(ast.With, items=[], body=[S(ast.Pass)])),\n 'global empty': M(S(ast.Global, names=[])),\n 'classdef empty body': M(S(ast.ClassDef, name='C', bases=[], keywords=[], body=[], decorator_list=[])),\n 'lambda': E(S(ast.Lambda, args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=N('x', ast.Store()))),\n 'yield outside': M(S(ast.Expr, value=S(ast.Yield, value=None))),\n 'await module': M(S(ast.Expr, value=S(ast.Await, value=C(1)))),\n 'formatted bad conv': E(S(ast.JoinedStr, values=[S(ast.FormattedValue, value=C(1), conversion=200, format_spec=None)])),\n 'subscript ctx': E(S(ast.Subscript, value=N('a'), slice=C(1), ctx=ast.Store())),\n 'attr store in load': M(S(ast.Expr, value=S(ast.Attribute, value=N('a', ast.Store()), attr='b', ctx=ast.Load()))),\n 'augassign load': M(S(ast.AugAssign, target=N('x'), op=ast.Add(), value=C(1))),\n 'delete load': M(S(ast.Delete, targets=[N('x')])),\n 'for target load': M(S(ast.For, target=N('x'), iter=N('y'), body=[S(ast.Pass)], orelse=[])),\n 'while empty': M(S(ast.While, test=C(1), body=[], orelse=[])),\n 'if empty': M(S(ast.If, test=C(1), body=[], orelse=[])),\n 'huge int lineno': E(ast.Constant(value=1, lineno=2**40, col_offset=0)),\n 'neg lineno ok?': E(ast.Constant(value=1, lineno=-5, col_offset=0)),\n}\nresult = []\nfor name, tree in cases.items():\n    mode = 'eval' if isinstance(tree, ast.Expression) else 'exec'\n    try:\n        compile(tree, '<t>', mode); result.append((name, 'OK'))\n    except Exception as e:\n        result.append((name, type(e).__name__, str(e)))\n",
    ];

    #[test]
    fn ast_matches_python311() {
        let _runtime = crate::testing::hold_runtime();
        crate::testing::difftest::check(&[], SNIPPETS);
    }
}
