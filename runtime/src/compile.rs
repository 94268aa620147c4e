//! Compiling source to code objects through the compiler crate (CPython's Python/compile.c and
//! pythonrun.c entry points): decoding, parsing, future features, AST optimization, symbol
//! table and code generation, with
//! - the errors raised as CPython raises them at each stage: parser and code generator errors
//!   as `SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset))` (and
//!   IndentationError/TabError), future-import and symbol-table errors as `SyntaxError(msg)`
//!   with the location set as attributes, `RecursionError`, `MemoryError`; `text` is read
//!   from the file (`PyErr_ProgramTextObject`) where CPython's compiler does that;
//! - the warnings (the tokenizer's SyntaxWarnings, the parser's DeprecationWarnings for
//!   invalid escapes, the code generator's SyntaxWarnings) issued through the `warnings`
//!   machinery, and a warning turned into an error by a filter becoming a SyntaxError.

use crate::abi::PyObject;
use crate::errors::{self, ErrSet, PyResult};
use crate::objects::object::{self, new_ref, Ref};
use crate::objects::unicodeobject;
use core::ffi::c_int;
use core::ptr::null_mut;
use ferrython_compiler::error::{ErrorType, SyntaxErrorInfo};
use ferrython_compiler::parser::{Mode, ParserFlags};
use ferrython_compiler::source::{decode_source, SourceKind};

/// `PyCF_IGNORE_COOKIE`: the source is text already (a `str` given to `compile()`).
pub const PYCF_IGNORE_COOKIE: c_int = 0x0800;
/// `PyCF_TYPE_COMMENTS`.
pub const PYCF_TYPE_COMMENTS: c_int = 0x1000;
/// `PyCF_ONLY_AST`.
pub const PYCF_ONLY_AST: c_int = 0x0400;
/// The `PyCF_*` bits `compile()` accepts (`PyCF_MASK | PyCF_MASK_OBSOLETE | PyCF_COMPILE_MASK`).
pub const PYCF_MASK: c_int = 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000;

/// What compilation went through: how `text` and the error shape are decided.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Tokenizer and parser: the error carries its own `text`.
    Parse,
    /// Future imports and the symbol table: `SyntaxError(msg)` with location attributes.
    Symtable,
    /// Code generation: the args tuple, `text` read from the file.
    Codegen,
}

/// `Py_CompileStringObject` on bytes: `source` compiled as `mode` to a code object, or the
/// SyntaxError (or IndentationError, TabError, RecursionError, MemoryError) CPython raises.
/// `flags` are `PyCF_*`/`CO_FUTURE_*` bits (`PyCF_IGNORE_COOKIE` means the bytes are the
/// UTF-8 of a `str`); `optimize` -1 takes the interpreter's `-O` level.
///
/// # Safety
/// `filename` is a live str (or any object whose `str()` names the source); a thread state
/// is current.
pub unsafe fn compile_source(source: &[u8], filename: *mut PyObject, mode: Mode, flags: c_int, optimize: c_int) -> PyResult<Ref> {
    let kind = if flags & PYCF_IGNORE_COOKIE != 0 { SourceKind::Text } else { SourceKind::Bytes };
    compile_source_kind(source, filename, mode, flags, optimize, kind)
}

/// [`compile_source`] for a script file read by the interpreter (CPython's file tokenizer:
/// stricter about undecodable bytes).
///
/// # Safety
/// As [`compile_source`].
pub unsafe fn compile_file_source(source: &[u8], filename: *mut PyObject, mode: Mode, flags: c_int, optimize: c_int) -> PyResult<Ref> {
    let name = filename_text(filename)?;
    compile_source_kind(source, filename, mode, flags, optimize, SourceKind::File { filename: name })
}

/// Convenience: compile Rust text under a file name given as text.
///
/// # Safety
/// A thread state is current.
pub unsafe fn compile_str(source: &str, filename: &str, mode: Mode) -> PyResult<Ref> {
    let name = unicodeobject::new_str(filename)?;
    compile_source(source.as_bytes(), name.as_ptr(), mode, PYCF_IGNORE_COOKIE, -1)
}

unsafe fn filename_text(filename: *mut PyObject) -> PyResult<String> {
    if unicodeobject::is_str(filename) {
        Ok(unicodeobject::to_string_lossy(filename))
    } else {
        Ok(unicodeobject::to_string_lossy(object::str(filename)?.as_ptr()))
    }
}

/// The `-O` level in effect (`config.optimization_level`).
fn configured_optimize() -> c_int {
    let interp = crate::lifecycle::pystate::current_interpreter();
    if interp.is_null() {
        return 0;
    }
    // SAFETY: a live interpreter's configuration.
    unsafe { (*interp).config.optimization_level }
}

/// The mode named by `compile()`'s `mode` argument.
pub fn mode_from_name(name: &str) -> Option<Mode> {
    match name {
        "exec" => Some(Mode::Exec),
        "eval" => Some(Mode::Eval),
        "single" => Some(Mode::Single),
        "func_type" => Some(Mode::FuncType),
        _ => None,
    }
}

/// The whole pipeline with an explicit decoding path.
///
/// # Safety
/// As [`compile_source`].
pub unsafe fn compile_source_kind(
    source: &[u8],
    filename: *mut PyObject,
    mode: Mode,
    flags: c_int,
    optimize: c_int,
    kind: SourceKind,
) -> PyResult<Ref> {
    compile_source_versioned(source, filename, mode, flags, optimize, kind, -1)
}

/// [`compile_source_kind`] with `compile()`'s `_feature_version` (the minor version of the
/// grammar `ast.parse(feature_version=...)` asks for; -1 for the current one).
///
/// # Safety
/// As [`compile_source`].
pub unsafe fn compile_source_versioned(
    source: &[u8],
    filename: *mut PyObject,
    mode: Mode,
    flags: c_int,
    optimize: c_int,
    kind: SourceKind,
    feature_version: c_int,
) -> PyResult<Ref> {
    let name = filename_text(filename)?;
    let optimize = if optimize < 0 { configured_optimize() } else { optimize };
    let decoded = match decode_source(source, kind, mode == Mode::Exec) {
        Ok(d) => d,
        Err(e) => return Err(raise_syntax_error(&e, filename, Stage::Parse)),
    };
    let mut parser_flags = ParserFlags { type_comments: flags & PYCF_TYPE_COMMENTS != 0, ..ParserFlags::default() };
    if feature_version >= 0 && flags & PYCF_ONLY_AST != 0 {
        parser_flags.feature_version = feature_version as _;
    }
    let (parsed, warnings) = ferrython_compiler::parser::parse_with_warnings(&decoded, &name, mode, parser_flags);
    for w in &warnings {
        let category = match w.category {
            "DeprecationWarning" => crate::objects::exceptions::PyExc_DeprecationWarning,
            _ => crate::objects::exceptions::PyExc_SyntaxWarning,
        };
        if let Err(err) = issue_warning(category, &w.message, filename, w.lineno as c_int) {
            if !errors::exception_matches(category) {
                return Err(err);
            }
            // A filter turned the warning into an error: CPython raises a SyntaxError at the
            // offending token instead. Parsing again with warnings as errors finds it.
            errors::clear();
            parser_flags.warnings_as_errors = true;
            let (again, _) = ferrython_compiler::parser::parse_with_warnings(&decoded, &name, mode, parser_flags);
            let e = match again {
                Err(e) => e,
                Ok(_) => SyntaxErrorInfo::at_start(w.message.clone()),
            };
            return Err(raise_syntax_error(&e, filename, Stage::Parse));
        }
    }
    let module = match parsed {
        Ok(m) => m,
        Err(e) => return Err(raise_syntax_error(&e, filename, Stage::Parse)),
    };
    if flags & PYCF_ONLY_AST != 0 {
        return crate::modules::astmodule::to_object(&module);
    }
    compile_tree(module, filename, flags, optimize)
}

/// `compile(tree, filename, mode)`: an `_ast` instance tree compiled (converted with CPython's
/// errors first).
///
/// # Safety
/// `tree` and `filename` are live; a thread state is current.
pub unsafe fn compile_ast_object(tree: *mut PyObject, filename: *mut PyObject, mode: Mode, flags: c_int, optimize: c_int) -> PyResult<Ref> {
    let module = crate::modules::astmodule::from_object(tree, mode)?;
    if flags & PYCF_ONLY_AST != 0 {
        // compile(tree, ..., PyCF_ONLY_AST) hands the tree back unchanged.
        return Ok(new_ref(tree));
    }
    let limit = crate::eval::ceval::recursion_limit().max(0) as usize;
    if let Err(e) = ferrython_compiler::ast::validate::validate(&module, limit) {
        use ferrython_compiler::ast::validate::ValidationErrorKind as K;
        let class = match e.kind {
            K::ValueError => crate::objects::exceptions::PyExc_ValueError,
            K::TypeError => crate::objects::exceptions::PyExc_TypeError,
            K::RecursionError => crate::objects::exceptions::PyExc_RecursionError,
        };
        return Err(errors::set_string(class, &e.message));
    }
    let optimize = if optimize < 0 { configured_optimize() } else { optimize };
    // A tree from objects can still be one the parser never makes; a compiler bug it hits
    // becomes a SystemError rather than a panic across the C boundary.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compile_tree(module, filename, flags, optimize))) {
        Ok(r) => r,
        Err(_) => Err(errors::system_error("the compiler failed on this AST")),
    }
}

/// The compiler's passes after parsing: future features, the AST optimizer, the symbol
/// table, code generation.
unsafe fn compile_tree(mut module: ferrython_compiler::ast::Mod, filename: *mut PyObject, flags: c_int, optimize: c_int) -> PyResult<Ref> {
    let name = filename_text(filename)?;
    let future = match ferrython_compiler::future::from_ast(&module) {
        Ok(f) => f,
        Err(e) => return Err(raise_syntax_error(&e, filename, Stage::Symtable)),
    };
    let merged = flags | future.features as c_int;
    if let Err(e) = ferrython_compiler::optimizer::optimize(&mut module, optimize, merged as u32) {
        return Err(errors::set_string(crate::objects::exceptions::PyExc_RecursionError, &e.to_string()));
    }
    let table = match ferrython_compiler::symtable::build(&module, &name, merged as u32) {
        Ok(t) => t,
        Err(ferrython_compiler::symtable::SymtableError::Syntax(e)) => {
            return Err(raise_syntax_error(&e, filename, Stage::Symtable))
        }
        Err(ferrython_compiler::symtable::SymtableError::Recursion) => {
            return Err(errors::set_string(
                crate::objects::exceptions::PyExc_RecursionError,
                "maximum recursion depth exceeded during compilation",
            ))
        }
        Err(ferrython_compiler::symtable::SymtableError::FunctionType) => {
            return Err(errors::runtime_error("this compiler does not handle FunctionTypes"))
        }
    };
    let mut compiler = ferrython_compiler::codegen::Compiler::new(&table, &name, merged, future.lineno, optimize);
    let code = compiler.compile_mod(&module);
    // The code generator's warnings come before its error, as CPython emits them.
    for w in &compiler.warnings {
        let category = crate::objects::exceptions::PyExc_SyntaxWarning;
        if let Err(err) = issue_warning(category, &w.msg, filename, w.lineno) {
            if !errors::exception_matches(category) {
                return Err(err);
            }
            errors::clear();
            let e = SyntaxErrorInfo {
                error_type: ErrorType::SyntaxError,
                msg: w.msg.clone(),
                lineno: Some(w.lineno as i64),
                offset: None,
                end_lineno: None,
                end_offset: None,
                text: None,
            };
            return Err(raise_syntax_error(&e, filename, Stage::Codegen));
        }
    }
    let code = match code {
        Ok(c) => c,
        Err(e) => return Err(raise_syntax_error(&e, filename, Stage::Codegen)),
    };
    crate::objects::codeobject::from_marshal_with_filename(&code, filename)
}

/// Issues one compile-time warning (`PyErr_WarnExplicitObject(category, msg, filename,
/// lineno, NULL, NULL)`).
unsafe fn issue_warning(category: *mut PyObject, msg: &str, filename: *mut PyObject, lineno: c_int) -> PyResult<()> {
    let message = unicodeobject::new_str(msg)?;
    crate::modules::warnings::warn_explicit_object(category, message.as_ptr(), filename, lineno, null_mut(), null_mut(), null_mut(), null_mut())
}

fn int_or_none(v: Option<i64>) -> PyResult<Ref> {
    match v {
        Some(n) => crate::objects::longobject::from_i64(n),
        None => Ok(object::new_none()),
    }
}

/// Raises the Python exception for a compiler error, shaped as CPython shapes it at `stage`.
///
/// # Safety
/// `filename` is live; a thread state is current.
unsafe fn raise_syntax_error(e: &SyntaxErrorInfo, filename: *mut PyObject, stage: Stage) -> ErrSet {
    match build_syntax_error(e, filename, stage) {
        Ok(set) => set,
        Err(set) => set,
    }
}

unsafe fn build_syntax_error(e: &SyntaxErrorInfo, filename: *mut PyObject, stage: Stage) -> PyResult<ErrSet> {
    use crate::objects::exceptions as exc;
    if e.error_type == ErrorType::MemoryError {
        return Ok(errors::no_memory());
    }
    if e.lineno.is_none() {
        if let Some(rest) = e.msg.strip_prefix("RecursionError: ") {
            return Ok(errors::set_string(exc::PyExc_RecursionError, rest));
        }
        if let Some(rest) = e.msg.strip_prefix("RuntimeError: ") {
            return Ok(errors::runtime_error(rest));
        }
        if let Some(rest) = e.msg.strip_prefix("SystemError: ") {
            return Ok(errors::system_error(rest));
        }
    }
    let class = match e.error_type {
        ErrorType::IndentationError => exc::PyExc_IndentationError,
        ErrorType::TabError => exc::PyExc_TabError,
        _ => exc::PyExc_SyntaxError,
    };
    let msg = unicodeobject::new_str(&e.msg)?;
    let Some(lineno) = e.lineno else {
        return Ok(errors::set_object(class, msg.as_ptr()));
    };
    if stage == Stage::Symtable {
        let _ = errors::set_object(class, msg.as_ptr());
        let col = e.offset.map_or(-1, |v| v as i32);
        let end_line = e.end_lineno.map_or(-1, |v| v as i32);
        let end_col = e.end_offset.map_or(-1, |v| v as i32);
        errors::syntax_location(filename, lineno as i32, col, end_line, end_col);
        return Ok(ErrSet::assume_set());
    }
    let text = match &e.text {
        Some(t) => unicodeobject::from_utf8(t.as_bytes(), Some("replace"))?,
        None if stage == Stage::Codegen => {
            errors::program_text_object(filename, lineno as i32).unwrap_or_else(object::new_none)
        }
        None => object::new_none(),
    };
    let mut fields = vec![new_ref(filename), int_or_none(Some(lineno))?, int_or_none(e.offset)?, text];
    // The tokenizer's start-up errors (decoding, cookies) carry a 4-tuple, as
    // `_PyPegen_raise_tokenizer_init_error` builds it.
    if !(stage == Stage::Parse && e.end_lineno.is_none() && e.end_offset.is_none()) {
        fields.push(int_or_none(e.end_lineno)?);
        fields.push(int_or_none(e.end_offset)?);
    }
    let location = crate::objects::tupleobject::from_refs(fields)?;
    let args = crate::objects::tupleobject::from_refs(vec![msg, location])?;
    Ok(errors::set_object(class, args.as_ptr()))
}

/// `Py_CompileStringObject(str, filename, start, flags, optimize)`: `start` is
/// `Py_file_input` (257), `Py_eval_input` (258), `Py_single_input` (256) or
/// `Py_func_type_input` (345). With `PyCF_ONLY_AST` the result is the `_ast` tree.
///
/// # Safety
/// `source` is NUL-free bytes; `filename` live; a thread state is current.
pub unsafe fn compile_string_object(source: &[u8], filename: *mut PyObject, start: c_int, flags: c_int, optimize: c_int) -> PyResult<Ref> {
    let mode = match start {
        257 => Mode::Exec,
        258 => Mode::Eval,
        256 => Mode::Single,
        345 => Mode::FuncType,
        _ => return Err(errors::value_error("invalid start argument")),
    };
    compile_source(source, filename, mode, flags, optimize)
}


#[cfg(test)]
mod tests {
    //! One test for everything the code helper owns (code objects, functions, compile,
    //! marshal): the runtime belongs to the thread that initialized it. Expected values are
    //! python3.11's.
    use super::*;
    use crate::abi::code::PyCodeObject;
    use crate::objects::{bytesobject, codeobject, dictobject, listobject, longobject, tupleobject};

    unsafe fn show(r: PyResult<Ref>) -> String {
        match r {
            Ok(v) => unicodeobject::to_string_lossy(object::repr(v.as_ptr()).unwrap().as_ptr()),
            Err(_) => {
                let (t, v, tb) = errors::fetch();
                let name = object::type_name_of(t as *mut crate::abi::PyTypeObject).to_string();
                let msg = unicodeobject::to_string_lossy(object::str(v).unwrap().as_ptr());
                object::xdecref(t);
                object::xdecref(v);
                object::xdecref(tb);
                format!("{name}: {msg}")
            }
        }
    }

    unsafe fn attr(o: *mut PyObject, name: &str) -> String {
        show(object::get_attr_str(o, name))
    }

    unsafe fn call_method(o: *mut PyObject, name: &str, args: &[*mut PyObject]) -> String {
        show(crate::objects::call::call_method_str(o, name, args))
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    unsafe fn s(text: &str) -> Ref {
        unicodeobject::new_str(text).unwrap()
    }

    unsafe fn int(v: i64) -> Ref {
        longobject::from_i64(v).unwrap()
    }

    /// The first code object among `co`'s constants.
    unsafe fn first_code_const(co: *mut PyObject) -> *mut PyObject {
        let consts = (*(co as *mut PyCodeObject)).co_consts;
        (0..tupleobject::len(consts) as usize)
            .map(|i| *tupleobject::items(consts).add(i))
            .find(|&c| codeobject::is_code(c))
            .unwrap()
    }

    const SAMPLE: &str = "def f(a, b=1, *args, c, **kw):\n    x = a + b\n    def g():\n        return x\n    return g\n\ny = [f(i, c=2) for i in range(3)]\n";

    unsafe fn code_objects() {
        let co = compile_str(SAMPLE, "t.py", Mode::Exec).unwrap();
        let f = first_code_const(co.as_ptr());
        let fields: Vec<String> = [
            "co_name", "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_flags",
            "co_stacksize", "co_varnames", "co_cellvars", "co_freevars", "co_firstlineno", "co_lnotab",
        ]
        .iter()
        .map(|n| attr(f, n))
        .collect();
        assert_eq!(
            fields.join(" "),
            "'f' 2 0 1 6 15 2 ('a', 'b', 'c', 'args', 'kw', 'g') ('x',) () 1 b'\\x04\\x01\\n\\x01\\n\\x02'"
        );
        assert_eq!(
            call_method(f, "co_lines", &[]).split(' ').next().unwrap(),
            "<line_iterator"
        );
        let lines = crate::objects::listobject::from_iterable(
            object::get_attr_str(f, "co_lines").and_then(|m| crate::objects::call::vectorcall(m.as_ptr(), &[], null_mut())).unwrap().as_ptr(),
        );
        assert_eq!(
            show(lines),
            "[(0, 2, None), (2, 4, 1), (4, 6, 2), (6, 8, 2), (8, 12, 2), (12, 14, 2), (14, 16, 3), (16, 18, 3), (18, 20, 3), (20, 22, 3), (22, 24, 3), (24, 26, 5), (26, 28, 5)]"
        );
        let positions = crate::objects::listobject::from_iterable(
            object::get_attr_str(f, "co_positions").and_then(|m| crate::objects::call::vectorcall(m.as_ptr(), &[], null_mut())).unwrap().as_ptr(),
        );
        assert_eq!(
            show(positions),
            "[(None, None, None, None), (1, 1, 0, 0), (2, 2, 8, 9), (2, 2, 12, 13), (2, 2, 8, 13), (2, 2, 8, 13), (2, 2, 4, 5), (3, 4, 4, 16), (3, 4, 4, 16), (3, 4, 4, 16), (3, 4, 4, 16), (3, 4, 4, 16), (5, 5, 11, 12), (5, 5, 4, 12)]"
        );
        let fc = f as *mut PyCodeObject;
        assert_eq!(codeobject::addr2line(fc, 4), 2);
        assert_eq!(codeobject::addr2line(fc, 0), -1);
        assert_eq!(codeobject::addr2line(fc, -1), 1);
        assert_eq!(codeobject::addr2location(fc, 14), (3, 4, 4, 16));
        assert_eq!(codeobject::addr2location(fc, 24), (5, 5, 11, 12));
        assert_eq!(codeobject::addr2location(fc, -1), (1, 1, 0, 0));
        assert_eq!((*fc)._co_firsttraceable, 1, "MAKE_CELL, then RESUME");
        assert_eq!(
            hex(bytesobject::as_slice(object::get_attr_str(f, "co_code").unwrap().as_ptr())),
            "870697007c007c017a0000008a0688066601640184087d057c055300"
        );
        assert_eq!(call_method(f, "_varname_from_oparg", &[int(0).as_ptr()]), "'a'");
        assert_eq!(call_method(f, "_varname_from_oparg", &[int(5).as_ptr()]), "'g'");
        assert_eq!(call_method(f, "_varname_from_oparg", &[int(9).as_ptr()]), "IndexError: tuple index out of range");
        assert_eq!(call_method(f, "__sizeof__", &[]), "216");
        assert_eq!(call_method(co.as_ptr(), "__sizeof__", &[]), "240");
        // replace(), == and hash.
        let replace = object::get_attr_str(f, "replace").unwrap();
        let kw = tupleobject::from_slice(&[s("co_name").as_ptr()]).unwrap();
        let h = crate::objects::call::vectorcall(replace.as_ptr(), &[s("h").as_ptr()], kw.as_ptr()).unwrap();
        assert_eq!(attr(h.as_ptr(), "co_name"), "'h'");
        assert!(!object::rich_compare_bool(h.as_ptr(), f, object::Py_EQ).unwrap());
        let same = crate::objects::call::vectorcall(replace.as_ptr(), &[], null_mut()).unwrap();
        assert!(object::rich_compare_bool(same.as_ptr(), f, object::Py_EQ).unwrap());
        assert_eq!(object::hash(same.as_ptr()).unwrap(), object::hash(f).unwrap());
        let neg = tupleobject::from_slice(&[s("co_argcount").as_ptr()]).unwrap();
        assert_eq!(
            show(crate::objects::call::vectorcall(replace.as_ptr(), &[int(-1).as_ptr()], neg.as_ptr())),
            "ValueError: co_argcount must be a positive integer"
        );
        assert!(show(Ok(new_ref(f))).starts_with("<code object f at 0x"));
        assert!(show(Ok(new_ref(f))).ends_with(", file \"t.py\", line 1>"));
        // The code constructor (types.CodeType), with its checks.
        let code_type = (&raw mut codeobject::PyCode_Type).cast::<PyObject>();
        let empty = tupleobject::from_slice(&[]).unwrap();
        let b = |x: &[u8]| bytesobject::from_slice(x).unwrap();
        let args = [
            int(0), int(0), int(0), int(0), int(1), int(0),
            b(&[151, 0, 100, 0, 83, 0]),
            tupleobject::from_slice(&[object::none()]).unwrap(),
            empty.clone(), empty.clone(), s("x.py"), s("m"), s("m"), int(3), b(&[]), b(&[]),
        ];
        let raw: Vec<*mut PyObject> = args.iter().map(|r| r.as_ptr()).collect();
        let made = crate::objects::call::vectorcall(code_type, &raw, null_mut()).unwrap();
        assert_eq!(attr(made.as_ptr(), "co_firstlineno"), "3");
        assert_eq!((*(made.as_ptr() as *mut PyCodeObject))._co_firsttraceable, 0);
        assert_eq!(
            show(crate::objects::call::vectorcall(code_type, &raw[..15], null_mut())),
            "TypeError: code expected at least 16 arguments, got 15"
        );
        let mut bad = raw.clone();
        let neg1 = int(-1);
        bad[0] = neg1.as_ptr();
        assert_eq!(
            show(crate::objects::call::vectorcall(code_type, &bad, null_mut())),
            "ValueError: code: argcount must not be negative"
        );
        let mut bad = raw.clone();
        let odd = b(&[151]);
        bad[6] = odd.as_ptr();
        assert_eq!(
            show(crate::objects::call::vectorcall(code_type, &bad, null_mut())),
            "ValueError: code: co_code is malformed"
        );
        let mut bad = raw.clone();
        let one = int(1);
        bad[3] = one.as_ptr();
        assert_eq!(
            show(crate::objects::call::vectorcall(code_type, &bad, null_mut())),
            "ValueError: code: co_nlocals != len(co_varnames)"
        );
        let mut bad = raw.clone();
        let t = tupleobject::from_slice(&[one.as_ptr()]).unwrap();
        bad[8] = t.as_ptr();
        assert_eq!(
            show(crate::objects::call::vectorcall(code_type, &bad, null_mut())),
            "TypeError: name tuples must contain only strings, not 'int'"
        );
        // PyCode_NewEmpty.
        let e = codeobject::new_empty(b"e.py", "fn", 7).unwrap();
        assert_eq!(attr(e.as_ptr(), "co_code"), "b'\\x97\\x00J\\x00\\x82\\x01'");
        assert_eq!(codeobject::addr2line(e.as_ptr() as *mut PyCodeObject, 2), 7);
    }

    unsafe fn functions() {
        let co = compile_str("def f(a, b=2):\n    'doc'\n    return a\n", "m.py", Mode::Exec).unwrap();
        let fcode = first_code_const(co.as_ptr());
        let globals = dictobject::new().unwrap();
        let builtins = dictobject::new().unwrap();
        dictobject::set_item_str(globals.as_ptr(), "__builtins__", builtins.as_ptr()).unwrap();
        dictobject::set_item_str(globals.as_ptr(), "__name__", s("mod").as_ptr()).unwrap();
        let f = crate::objects::funcobject::new_function(fcode, globals.as_ptr(), null_mut()).unwrap();
        let fp = f.as_ptr();
        assert_eq!(attr(fp, "__name__"), "'f'");
        assert_eq!(attr(fp, "__qualname__"), "'f'");
        assert_eq!(attr(fp, "__doc__"), "'doc'");
        assert_eq!(attr(fp, "__module__"), "'mod'");
        assert_eq!(attr(fp, "__defaults__"), "None");
        assert_eq!(attr(fp, "__kwdefaults__"), "None");
        assert_eq!(attr(fp, "__closure__"), "None");
        assert_eq!(attr(fp, "__annotations__"), "{}");
        assert_eq!(attr(fp, "__dict__"), "{}");
        assert_eq!(object::get_attr_str(fp, "__builtins__").unwrap().as_ptr(), builtins.as_ptr());
        assert_eq!(object::get_attr_str(fp, "__globals__").unwrap().as_ptr(), globals.as_ptr());
        assert!(show(Ok(f.clone())).starts_with("<function f at 0x"));
        let set = |name: &str, v: *mut PyObject| show(object::set_attr_str(fp, name, v).map(|_| object::new_none()));
        assert_eq!(set("__code__", int(1).as_ptr()), "TypeError: __code__ must be set to a code object");
        assert_eq!(set("__defaults__", int(1).as_ptr()), "TypeError: __defaults__ must be set to a tuple object");
        assert_eq!(set("__kwdefaults__", int(1).as_ptr()), "TypeError: __kwdefaults__ must be set to a dict object");
        assert_eq!(set("__annotations__", int(1).as_ptr()), "TypeError: __annotations__ must be set to a dict object");
        assert_eq!(set("__name__", int(1).as_ptr()), "TypeError: __name__ must be set to a string object");
        assert_eq!(set("__qualname__", int(1).as_ptr()), "TypeError: __qualname__ must be set to a string object");
        assert_eq!(set("__dict__", int(1).as_ptr()), "TypeError: __dict__ must be set to a dictionary, not a 'int'");
        assert_eq!(set("__globals__", int(1).as_ptr()), "AttributeError: readonly attribute");
        let d = tupleobject::from_slice(&[int(5).as_ptr()]).unwrap();
        assert_eq!(set("__defaults__", d.as_ptr()), "None");
        assert_eq!(attr(fp, "__defaults__"), "(5,)");
        assert_eq!(set("__defaults__", object::none()), "None");
        assert_eq!(attr(fp, "__defaults__"), "None");
        // A code object with a free variable needs a closure of that length.
        let outer = compile_str("def o():\n    x = 1\n    def i():\n        return x\n    return i\n", "m.py", Mode::Exec).unwrap();
        let inner = first_code_const(first_code_const(outer.as_ptr()));
        assert_eq!(set("__code__", inner), "ValueError: f() requires a code object with 0 free vars, not 1");
        // Binding.
        let holder = int(3);
        let bound = crate::objects::call::call_method_str(fp, "__get__", &[holder.as_ptr()]).unwrap();
        assert_eq!(object::type_name(bound.as_ptr()), "method");
        let unbound = crate::objects::call::call_method_str(fp, "__get__", &[object::none(), holder.as_ptr()]).unwrap();
        assert_eq!(unbound.as_ptr(), fp);
        // The function constructor.
        let ftype = (&raw mut crate::objects::funcobject::PyFunction_Type).cast::<PyObject>();
        let g = crate::objects::call::vectorcall(ftype, &[fcode, globals.as_ptr(), s("renamed").as_ptr()], null_mut()).unwrap();
        assert_eq!(attr(g.as_ptr(), "__name__"), "'renamed'");
        assert_eq!(attr(g.as_ptr(), "__qualname__"), "'f'");
        assert_eq!(
            show(crate::objects::call::vectorcall(ftype, &[fcode, globals.as_ptr(), int(1).as_ptr()], null_mut())),
            "TypeError: arg 3 (name) must be None or string"
        );
        assert_eq!(
            show(crate::objects::call::vectorcall(ftype, &[inner, globals.as_ptr()], null_mut())),
            "TypeError: arg 5 (closure) must be tuple"
        );
        assert_eq!(
            show(crate::objects::call::vectorcall(ftype, &[int(1).as_ptr(), globals.as_ptr()], null_mut())),
            "TypeError: function() argument 'code' must be code, not int"
        );
        let cl = tupleobject::from_slice(&[int(1).as_ptr()]).unwrap();
        assert_eq!(
            show(crate::objects::call::vectorcall(ftype, &[inner, globals.as_ptr(), object::none(), object::none(), cl.as_ptr()], null_mut())),
            "TypeError: arg 5 (closure) expected cell, found int"
        );
        let empty = tupleobject::from_slice(&[]).unwrap();
        assert_eq!(
            show(crate::objects::call::vectorcall(ftype, &[inner, globals.as_ptr(), object::none(), object::none(), empty.as_ptr()], null_mut())),
            "ValueError: i requires closure of length 1, not 0"
        );
        // Annotations given as the compiler's flat tuple become a dict on first access.
        let ann = tupleobject::from_slice(&[s("a").as_ptr(), int(1).as_ptr()]).unwrap();
        (*crate::objects::funcobject::func(fp)).func_annotations = ann.into_raw();
        assert_eq!(attr(fp, "__annotations__"), "{'a': 1}");
        assert_eq!(crate::objects::funcobject::set_kwdefaults(fp, int(1).as_ptr()).is_err(), true);
        assert_eq!(show(Err(ErrSet::assume_set())), "SystemError: non-dict keyword only default args");
    }

    /// Attributes and args of the SyntaxError raised for `src`.
    unsafe fn syntax_error(src: &[u8]) -> String {
        let name = s("<s>");
        match compile_source(src, name.as_ptr(), Mode::Exec, 0, 0) {
            Ok(_) => "ok".into(),
            Err(_) => {
                let (mut t, mut v, mut tb) = errors::fetch();
                errors::normalize(&mut t, &mut v, &mut tb);
                let out = format!(
                    "{} {} {} {} {} {} {}",
                    object::type_name_of(t as *mut crate::abi::PyTypeObject),
                    attr(v, "args"),
                    attr(v, "lineno"),
                    attr(v, "offset"),
                    attr(v, "end_lineno"),
                    attr(v, "end_offset"),
                    attr(v, "text"),
                );
                object::xdecref(t);
                object::xdecref(v);
                object::xdecref(tb);
                out
            }
        }
    }

    unsafe fn syntax_errors() {
        let cases: [(&[u8], &str); 12] = [
            (b"x = 1\nreturn 5\n", "SyntaxError (\"'return' outside function\", ('<s>', 2, 1, None, 2, 9)) 2 1 2 9 None"),
            (b"x = (1,\n", "SyntaxError (\"'(' was never closed\", ('<s>', 1, 5, 'x = (1,\\n', 1, 0)) 1 5 1 0 'x = (1,\\n'"),
            (b"  x=1\n", "IndentationError ('unexpected indent', ('<s>', 1, 2, '  x=1\\n', 1, -1)) 1 2 1 -1 '  x=1\\n'"),
            (b"if 1:\n\tx=1\n        y=2\n", "TabError ('inconsistent use of tabs and spaces in indentation', ('<s>', 3, 1, '        y=2\\n', 3, 0)) 3 1 3 0 '        y=2\\n'"),
            (b"a\0b", "SyntaxError ('source code string cannot contain null bytes',) None None None None None"),
            (b"nonlocal x\n", "SyntaxError ('nonlocal declaration not allowed at module level',) 1 1 1 11 None"),
            (b"from __future__ import braces\n", "SyntaxError ('not a chance',) 1 1 1 None None"),
            (b"def f():\n  x = 1\n  global x\n", "SyntaxError (\"name 'x' is assigned to before global declaration\",) 3 3 3 11 None"),
            (b"f(**x, *y)\n", "SyntaxError ('iterable argument unpacking follows keyword argument unpacking', ('<s>', 1, 8, 'f(**x, *y)\\n', 1, 9)) 1 8 1 9 'f(**x, *y)\\n'"),
            (b"\xef\xbb\xbf# coding: latin-1\nx=1\n", "SyntaxError ('encoding problem: iso-8859-1 with BOM', ('<s>', 0, -1, None)) 0 -1 None None None"),
            (b"# -*- coding: nope -*-\nx=1\n", "SyntaxError ('unknown encoding: nope', ('<s>', 0, -1, None)) 0 -1 None None None"),
            (b"x = b\"\xc3\xa9\"\n", "SyntaxError ('bytes can only contain ASCII literal characters', ('<s>', 1, 5, 'x = b\"\u{e9}\"\\n', 1, 10)) 1 5 1 10 'x = b\"\u{e9}\"\\n'"),
        ];
        for (src, expected) in cases {
            assert_eq!(syntax_error(src), expected, "source {:?}", String::from_utf8_lossy(src));
        }
        // A compile-time RecursionError.
        let deep = format!("x = {}1{}\n", "(".repeat(300), ")".repeat(300));
        let r = syntax_error(deep.as_bytes());
        assert!(r.starts_with("SyntaxError") || r.starts_with("RecursionError") || r == "ok", "{r}");
        // Modes and the C API start symbols.
        let name = s("<e>");
        let e = compile_string_object(b"1 + 2", name.as_ptr(), 258, 0, 0).unwrap();
        assert_eq!(attr(e.as_ptr(), "co_name"), "'<module>'");
        assert_eq!(show(compile_string_object(b"x", name.as_ptr(), 1, 0, 0)), "ValueError: invalid start argument");
        assert_eq!(attr(compile_str("x = 1", "<i>", Mode::Single).unwrap().as_ptr(), "co_names"), "('x',)");
        assert_eq!(
            syntax_error(b"x = 1 is 1\n"),
            "ok",
            "a SyntaxWarning is only a warning under the default filters"
        );
    }

    unsafe fn marshal_stdlib() {
        let path = "/root/.pyenv/versions/3.11.7/lib/python3.11/os.py";
        let Ok(src) = std::fs::read(path) else { return };
        let name = s(path);
        let co = compile_source(&src, name.as_ptr(), Mode::Exec, 0, 0).unwrap();
        let c = co.as_ptr() as *mut PyCodeObject;
        assert_eq!(attr(co.as_ptr(), "co_name"), "'<module>'");
        assert_eq!((*c).co_filename, name.as_ptr(), "co_filename is the object given");
        assert_eq!((*c).co_firstlineno, 1);
        assert!(attr(co.as_ptr(), "co_names").contains("'abc'"));
        assert!(attr(co.as_ptr(), "co_consts").starts_with("(\"OS routines for NT or Posix"));
        let nested = first_code_const(co.as_ptr()) as *mut PyCodeObject;
        assert_eq!((*nested).co_filename, name.as_ptr());
        // Our dumps of the runtime code object = the compiler crate's bytes for its value.
        let compiled = ferrython_compiler::codegen::compile_source(&src, path, Mode::Exec, 0, 0).unwrap();
        let expected = ferrython_compiler::marshal::dumps(&compiled.code, 4).unwrap();
        let ours = crate::modules::marshal::dump_bytes(co.as_ptr(), 4).unwrap();
        assert!(ours == expected, "marshal.dumps(os.py code) differs from the compiler's bytes");
        // And loading them back gives an equal code object.
        let back = crate::modules::marshal::loads(&ours).unwrap();
        assert!(object::rich_compare_bool(back.as_ptr(), co.as_ptr(), object::Py_EQ).unwrap());
        // python3.11: marshal.dumps(marshal.loads(marshal.dumps(code))) -- 48973 bytes with
        // this FNV-1a hash (not the original bytes: loaded objects have fresh references).
        let again = crate::modules::marshal::dump_bytes(back.as_ptr(), 4).unwrap();
        let fnv = again.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
        assert_eq!((again.len(), fnv), (48973, 0x7ea2_c36c_8e6e_bd95));
        for file in ["functools.py", "typing.py", "collections/__init__.py", "dataclasses.py"] {
            let path = format!("/root/.pyenv/versions/3.11.7/lib/python3.11/{file}");
            let src = std::fs::read(&path).unwrap();
            let name = s(&path);
            let co = compile_source(&src, name.as_ptr(), Mode::Exec, 0, 0).unwrap();
            let compiled = ferrython_compiler::codegen::compile_source(&src, &path, Mode::Exec, 0, 0).unwrap();
            let expected = ferrython_compiler::marshal::dumps(&compiled.code, 4).unwrap();
            assert!(crate::modules::marshal::dump_bytes(co.as_ptr(), 4).unwrap() == expected, "{file}");
        }
    }

    unsafe fn marshal_values() {
        use crate::modules::marshal::{dump_bytes, dumps, loads};
        let big = longobject::parse(b"1180591620717411303424", 10, &|| String::new()).unwrap();
        let negbig = longobject::negate(big.as_ptr()).unwrap();
        let ky = unicodeobject::intern(s("ky"));
        let d = dictobject::new().unwrap();
        dictobject::set_item(d.as_ptr(), ky.as_ptr(), int(1).as_ptr()).unwrap();
        let set = crate::objects::setobject::new_set(null_mut()).unwrap();
        crate::objects::setobject::add(set.as_ptr(), int(5).as_ptr()).unwrap();
        let fs_items = tupleobject::from_slice(&[int(6).as_ptr()]).unwrap();
        let fs = crate::objects::setobject::new_frozenset(fs_items.as_ptr()).unwrap();
        let singles = tupleobject::from_slice(&[
            object::none(),
            crate::objects::boolobject::py_true(),
            crate::objects::boolobject::py_false(),
            crate::objects::sliceobject::ellipsis(),
            crate::objects::exceptions::PyExc_StopIteration,
        ])
        .unwrap();
        // Python folds "\u00e9"+"x" and "\U0001f600"*2 into constants (held twice).
        let (e_x, emoji) = (s("\u{e9}x"), s("\u{1f600}\u{1f600}"));
        let items = [
            int(1),
            big,
            negbig,
            crate::objects::floatobject::from_f64(1.5).unwrap(),
            crate::objects::complexobject::from_doubles(1.0, -2.0).unwrap(),
            s("ab1"),
            e_x.clone(),
            emoji.clone(),
            bytesobject::from_slice(&[1, 2, 3]).unwrap(),
            singles,
            d,
            set,
            fs,
        ];
        let raw: Vec<*mut PyObject> = items.iter().map(|r| r.as_ptr()).collect();
        let list = listobject::from_slice(&raw).unwrap();
        drop(items);
        // python3.11: x = [...]; marshal.dumps(x) (x held by a variable too).
        let held = list.clone();
        assert_eq!(
            hex(&dump_bytes(list.as_ptr(), 4).unwrap()),
            "db0d000000e9010000006c05000000000000000000000000046cfbffffff0000000000000000000467000000000000f83f79000000000000f03f00000000000000c07a03616231f503000000c3a978f508000000f09f9880f09f9880730300000001020329054e54462e537bda026b797201000000303c01000000e9050000003e01000000e906000000"
        );
        assert_eq!(
            hex(&dump_bytes(list.as_ptr(), 2).unwrap()),
            "5b0d00000069010000006c05000000000000000000000000046cfbffffff0000000000000000000467000000000000f83f79000000000000f03f00000000000000c075030000006162317503000000c3a9787508000000f09f9880f09f9880730300000001020328050000004e54462e537b75020000006b796901000000303c0100000069050000003e010000006906000000"
        );
        drop((held, e_x, emoji));
        // Round trips.
        let bytes = dumps(list.as_ptr(), 4).unwrap();
        let back = loads(bytesobject::as_slice(bytes.as_ptr())).unwrap();
        assert!(object::rich_compare_bool(back.as_ptr(), list.as_ptr(), object::Py_EQ).unwrap());
        assert_eq!(show(Ok(back.clone())), show(Ok(list.clone())));
        assert_eq!(
            show(Ok(back)),
            "[1, 1180591620717411303424, -1180591620717411303424, 1.5, (1-2j), 'ab1', '\u{e9}x', '\u{1f600}\u{1f600}', b'\\x01\\x02\\x03', (None, True, False, Ellipsis, <class 'StopIteration'>), {'ky': 1}, {5}, frozenset({6})]"
        );
        // A self-containing list round-trips through a reference.
        let a = listobject::new(0).unwrap();
        listobject::append(a.as_ptr(), a.as_ptr()).unwrap();
        assert_eq!(hex(&dump_bytes(a.as_ptr(), 4).unwrap()), "db010000007200000000");
        let a2 = loads(&dump_bytes(a.as_ptr(), 4).unwrap()).unwrap();
        assert_eq!(*listobject::items(a2.as_ptr()), a2.as_ptr());
        assert_eq!(show(dumps(a.as_ptr(), 2)), "ValueError: object too deeply nested to marshal");
        listobject::ass_slice(a.as_ptr(), 0, 1, null_mut()).unwrap();
        listobject::ass_slice(a2.as_ptr(), 0, 1, null_mut()).unwrap();
        // Errors, as python3.11 raises them.
        assert_eq!(show(loads(b"")), "EOFError: EOF read where object expected");
        assert_eq!(show(loads(b"i\x01")), "EOFError: marshal data too short");
        assert_eq!(show(loads(b"\xff")), "ValueError: bad marshal data (unknown type code)");
        assert_eq!(show(loads(b"r\x00\x00\x00\x00")), "ValueError: bad marshal data (invalid reference)");
        let obj = crate::objects::call::vectorcall((&raw mut crate::objects::typeobject::PyBaseObject_Type).cast(), &[], null_mut()).unwrap();
        assert_eq!(show(dumps(obj.as_ptr(), 4)), "ValueError: unmarshallable object");
        let wrapped = listobject::from_slice(&[obj.as_ptr()]).unwrap();
        assert_eq!(show(dumps(wrapped.as_ptr(), 4)), "ValueError: unmarshallable object");
        let mut deep = listobject::new(0).unwrap();
        for _ in 0..3000 {
            deep = listobject::from_slice(&[deep.as_ptr()]).unwrap();
        }
        let mut ok = listobject::new(0).unwrap();
        for _ in 0..1990 {
            ok = listobject::from_slice(&[ok.as_ptr()]).unwrap();
        }
        assert_eq!(dump_bytes(ok.as_ptr(), 4).unwrap().len(), 1991 * 5);
        assert_eq!(show(dumps(deep.as_ptr(), 4)), "ValueError: object too deeply nested to marshal");
        drop(deep);
        let ba = crate::objects::bytearrayobject::from_slice(b"zz").unwrap();
        assert_eq!(hex(&dump_bytes(ba.as_ptr(), 4).unwrap()), "73020000007a7a");
        // Reading from a stream takes exactly one object's bytes.
        struct Chunks<'a>(&'a [u8], usize);
        impl crate::modules::marshal::ByteSource for Chunks<'_> {
            unsafe fn pull(&mut self, n: usize) -> PyResult<Vec<u8>> {
                if self.1 + n > self.0.len() {
                    return Err(errors::set_string(crate::objects::exceptions::PyExc_EOFError, "EOF read where not expected"));
                }
                self.1 += n;
                Ok(self.0[self.1 - n..self.1].to_vec())
            }
        }
        let mut stream = dump_bytes(list.as_ptr(), 4).unwrap();
        let second = dump_bytes(int(7).as_ptr(), 4).unwrap();
        stream.extend_from_slice(&second);
        let mut src = Chunks(&stream, 0);
        let first = crate::modules::marshal::read_one(&mut src).unwrap();
        assert!(object::rich_compare_bool(first.as_ptr(), list.as_ptr(), object::Py_EQ).unwrap());
        assert_eq!(show(crate::modules::marshal::read_one(&mut src)), "7");
        assert_eq!(show(crate::modules::marshal::read_one(&mut src)), "EOFError: EOF read where object expected");
        let code_stream = dump_bytes(compile_str(SAMPLE, "t.py", Mode::Exec).unwrap().as_ptr(), 4).unwrap();
        let mut src = Chunks(&code_stream, 0);
        assert!(show(crate::modules::marshal::read_one(&mut src)).starts_with("<code object <module>"));
        assert_eq!(src.1, code_stream.len());
        let mut truncated = Chunks(&code_stream[..code_stream.len() - 3], 0);
        assert_eq!(show(crate::modules::marshal::read_one(&mut truncated)), "EOFError: EOF read where not expected");
    }

    /// A filter turning warnings into errors: the warning becomes a SyntaxError.
    unsafe fn warnings_as_errors() {
        // The first compile creates the warnings state (the warning goes to stderr).
        assert_eq!(syntax_error(b"x = '\\d'\n"), "ok");
        let interp = crate::lifecycle::pystate::current_interpreter();
        let st = &raw mut (*interp).warnings;
        let error_filter = tupleobject::from_slice(&[
            s("error").as_ptr(),
            object::none(),
            crate::objects::exceptions::PyExc_Warning,
            object::none(),
            int(0).as_ptr(),
        ])
        .unwrap();
        listobject::insert((*st).filters, 0, error_filter.as_ptr()).unwrap();
        (*st).filters_version += 1;
        assert_eq!(
            syntax_error(b"x = \"\\d\"\n"),
            "SyntaxError (\"invalid escape sequence '\\\\d'\", ('<s>', 1, 5, 'x = \"\\\\d\"\\n', 1, 9)) 1 5 1 9 'x = \"\\\\d\"\\n'"
        );
        // The code generator's warnings carry only a line (python3.11 also reports columns 5
        // and 11 here).
        assert!(syntax_error(b"x = 1 is 1\n").starts_with("SyntaxError ('\"is\" with a literal. Did you mean \"==\"?', ('<s>', 1, "));
        listobject::ass_slice((*st).filters, 0, 1, null_mut()).unwrap();
        (*st).filters_version += 1;
        assert_eq!(syntax_error(b"x = 1 is 1\n"), "ok");
    }

    #[test]
    fn code_compile_function_marshal() {
        let _runtime = crate::testing::hold_runtime();
        // SAFETY: the runtime is initialized on this thread and used only here.
        unsafe {
            crate::testing::init();
            code_objects();
            functions();
            syntax_errors();
            warnings_as_errors();
            marshal_stdlib();
            marshal_values();
        }
    }
}

/// `PyCompile_OpcodeStackEffectWithJump`: the stack effect of `opcode` with `oparg`; `jump` > 0
/// takes the jump, 0 does not, < 0 asks for the larger effect (for FOR_ITER and SEND that is the
/// effect without the jump; every other opcode treats any non-zero `jump` as taken, as CPython
/// does). `None` (CPython's PY_INVALID_STACK_EFFECT) for an unknown opcode.
pub fn opcode_stack_effect(opcode: i32, oparg: i32, jump: i32) -> Option<i32> {
    use ferrython_compiler::codegen::opcode as op;
    let taken = match opcode {
        op::FOR_ITER | op::SEND => jump > 0,
        _ => jump != 0,
    };
    op::stack_effect(opcode, oparg as u32, taken)
}
