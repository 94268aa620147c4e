//! Running code (CPython's Python/pythonrun.c and the running part of Modules/main.c): the
//! `PyRun_*` family (strings, files, `.pyc` files, the interactive loop), and `Py_RunMain`'s
//! choice between `-c`, `-m`, a script, a directory/zip with `__main__`, and stdin, with
//! CPython's `sys.path[0]`, messages and exit statuses.

use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::objects::exceptions::*;
use crate::objects::object::{self, Ref};
use crate::objects::{call, dictobject, moduleobject, unicodeobject};
use core::ffi::c_int;
use core::ptr::null_mut;
use ferrython_compiler::parser::Mode;

/// `Py_single_input`, `Py_file_input`, `Py_eval_input`, `Py_func_type_input` (compile.h).
pub const PY_SINGLE_INPUT: c_int = 256;
pub const PY_FILE_INPUT: c_int = 257;
pub const PY_EVAL_INPUT: c_int = 258;
pub const PY_FUNC_TYPE_INPUT: c_int = 345;

/// `PyCompilerFlags` (cpython/compile.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct PyCompilerFlags {
    pub cf_flags: c_int,
    pub cf_feature_version: c_int,
}

/// `PyCF_MASK`: the future-feature bits a compiler flag word may carry on to the next compile.
pub const PYCF_MASK: c_int = 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000;

/// The compiler mode of a `start` token, or SystemError as CPython's `_PyParser_ASTFromString`
/// gives for an unknown one.
pub fn mode_of(start: c_int) -> PyResult<Mode> {
    match start {
        PY_SINGLE_INPUT => Ok(Mode::Single),
        PY_FILE_INPUT => Ok(Mode::Exec),
        PY_EVAL_INPUT => Ok(Mode::Eval),
        PY_FUNC_TYPE_INPUT => Ok(Mode::FuncType),
        _ => Err(errors::system_error("invalid input type")),
    }
}

unsafe fn flags_of(flags: *const PyCompilerFlags) -> c_int {
    if flags.is_null() { 0 } else { (*flags).cf_flags }
}

/// `run_eval_code_obj`: `globals['__builtins__']` is set when missing, then the code runs.
pub unsafe fn run_code(code: *mut PyObject, globals: *mut PyObject, locals: *mut PyObject) -> PyResult<Ref> {
    if dictobject::check(globals) && dictobject::get_item_str(globals, "__builtins__")?.is_none() {
        let b = (*crate::lifecycle::pystate::current_interpreter()).builtins;
        if !b.is_null() {
            dictobject::set_item_str(globals, "__builtins__", b)?;
        }
    }
    crate::eval::ceval::eval_code(code, globals, locals)
}

/// Source bytes compiled under `filename` with `start`, then run (`run_mod`).
pub unsafe fn run_source(
    source: &[u8],
    filename: *mut PyObject,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    flags: *const PyCompilerFlags,
) -> PyResult<Ref> {
    let mode = mode_of(start)?;
    let optimize = -1;
    let code = crate::compile::compile_source(source, filename, mode, flags_of(flags), optimize)?;
    run_code(code.as_ptr(), globals, locals)
}

/// `PyRun_StringFlags(str, start, globals, locals, flags)`: "<string>" as the file name.
pub unsafe fn run_string(
    source: &[u8],
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    flags: *const PyCompilerFlags,
) -> PyResult<Ref> {
    let filename = unicodeobject::intern_str("<string>");
    run_source(source, filename, start, globals, locals, flags)
}

/// `__main__`'s dict (the module is made when missing).
pub unsafe fn main_dict() -> PyResult<*mut PyObject> {
    let name = unicodeobject::intern_str("__main__");
    let m = crate::lifecycle::import::add_module(name)?;
    moduleobject::get_dict(m)
}

/// Prints the pending exception the way the top level does (`PyErr_Print`), which exits the
/// process for SystemExit.
pub unsafe fn print_error() {
    crate::lifecycle::errdisplay::print_ex(true);
}

/// `PyRun_SimpleStringFlags(command, flags)`: runs in `__main__`; 0, or -1 after printing the
/// exception.
pub unsafe fn run_simple_string(source: &[u8], flags: *const PyCompilerFlags) -> c_int {
    let r = (|| -> PyResult<Ref> {
        let d = main_dict()?;
        run_string(source, PY_FILE_INPUT, d, d, flags)
    })();
    match r {
        Ok(_) => 0,
        Err(_) => {
            print_error();
            -1
        }
    }
}

/// `flush_io`: flushes sys.stderr and sys.stdout, keeping any pending exception.
pub unsafe fn flush_io() {
    errors::preserving(|| {
        for name in ["stderr", "stdout"] {
            let f = crate::modules::sysmodule::get_object(name);
            if !f.is_null() && f != object::none() {
                if call::call_method_str(f, "flush", &[]).is_err() {
                    errors::clear();
                }
            }
        }
    });
}

/// Does `path` hold compiled code (a `.pyc` name, or the 3.11 magic number at its start)?
fn is_pyc(path: &std::path::Path, head: &[u8]) -> bool {
    path.extension().is_some_and(|e| e == "pyc")
        || (head.len() >= 4 && head[..4] == (crate::lifecycle::import::MAGIC_NUMBER as u32).to_le_bytes())
}

/// `set_main_loader`: `__main__.__loader__` = `importlib._bootstrap_external.<loader>("__main__", filename)`.
unsafe fn set_main_loader(d: *mut PyObject, filename: *mut PyObject, loader_name: &str) -> PyResult<()> {
    let il = (*crate::lifecycle::pystate::current_interpreter()).importlib;
    if il.is_null() {
        return Ok(());
    }
    let external = object::get_attr_str(il, "_bootstrap_external")?;
    let cls = object::get_attr_str(external.as_ptr(), loader_name)?;
    let loader = call::vectorcall(cls.as_ptr(), &[unicodeobject::intern_str("__main__"), filename], null_mut())?;
    dictobject::set_item_str(d, "__loader__", loader.as_ptr())
}

/// A `.pyc` file's code object: the 16-byte header checked, the rest unmarshalled.
unsafe fn run_pyc(data: &[u8], globals: *mut PyObject, locals: *mut PyObject) -> PyResult<Ref> {
    let magic = (crate::lifecycle::import::MAGIC_NUMBER as u32).to_le_bytes();
    if data.len() < 16 || data[..4] != magic {
        return Err(errors::set_string(PyExc_RuntimeError, "Bad magic number in .pyc file"));
    }
    let code = crate::modules::marshal::loads(&data[16..])?;
    if !object::is_type(code.as_ptr(), &raw mut crate::objects::codeobject::PyCode_Type) {
        return Err(errors::set_string(PyExc_RuntimeError, "Bad code object in .pyc file"));
    }
    run_code(code.as_ptr(), globals, locals)
}

/// `_PyRun_SimpleFileObject`: runs a file's contents in `__main__` with `__file__`,
/// `__cached__` and `__loader__` set as CPython sets them; 0, or -1 after printing.
pub unsafe fn run_simple_file(data: &[u8], filename: *mut PyObject, flags: *const PyCompilerFlags) -> c_int {
    let r = (|| -> PyResult<()> {
        let d = main_dict()?;
        let set_file_name = dictobject::get_item_str(d, "__file__")?.is_none();
        if set_file_name {
            dictobject::set_item_str(d, "__file__", filename)?;
            dictobject::set_item_str(d, "__cached__", object::none())?;
        }
        let path = std::path::PathBuf::from(unicodeobject::to_string_lossy(filename));
        let result = (|| -> PyResult<Ref> {
            if is_pyc(&path, data) {
                set_main_loader(d, filename, "SourcelessFileLoader")?;
                run_pyc(data, d, d)
            } else {
                if !unicodeobject::eq_str(filename, "<stdin>") {
                    set_main_loader(d, filename, "SourceFileLoader")?;
                }
                run_source(data, filename, PY_FILE_INPUT, d, d, flags)
            }
        })();
        flush_io();
        if set_file_name {
            errors::preserving(|| {
                let _ = dictobject::del_item_str(d, "__file__");
                let _ = dictobject::del_item_str(d, "__cached__");
                errors::clear();
            });
        }
        result.map(drop)
    })();
    match r {
        Ok(()) => 0,
        Err(_) => {
            print_error();
            -1
        }
    }
}

/// Reads all of a C `FILE*` from its current position (closing it when asked).
pub unsafe fn read_c_file(fp: *mut libc::FILE, closeit: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = libc::fread(buf.as_mut_ptr().cast(), 1, buf.len(), fp);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    if closeit {
        libc::fclose(fp);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The interactive loop.

/// Where the REPL reads its lines from.
#[derive(Clone, Copy)]
pub enum LineSource {
    /// `sys.stdin.readline()` after writing the prompt to sys.stdout (the text CPython's
    /// PyOS_Readline shows on a terminal).
    Sys,
    /// A C stream (`PyRun_InteractiveLoop(fp, ...)`): lines with fgets; prompts shown only
    /// when it is the C stdin.
    File(*mut libc::FILE),
}

/// Reads one line with `prompt`; `None` at end of input.
unsafe fn read_line(src: LineSource, prompt: *mut PyObject) -> PyResult<Option<Vec<u8>>> {
    let show_prompt = match src {
        LineSource::Sys => true,
        LineSource::File(fp) => libc::fileno(fp) == 0,
    };
    let out = crate::modules::sysmodule::get_object("stdout");
    if show_prompt && !out.is_null() && out != object::none() && !prompt.is_null() {
        let p = object::str(prompt)?;
        call::call_method_str(out, "write", &[p.as_ptr()])?;
        call::call_method_str(out, "flush", &[])?;
    }
    match src {
        LineSource::Sys => {
            let input = crate::modules::sysmodule::get_object("stdin");
            if input.is_null() || input == object::none() {
                return Err(errors::set_string(PyExc_RuntimeError, "lost sys.stdin"));
            }
            let line = call::call_method_str(input, "readline", &[])?;
            let text = if unicodeobject::is_str(line.as_ptr()) {
                unicodeobject::as_utf8(line.as_ptr())?.to_vec()
            } else {
                crate::objects::bytesobject::as_slice(line.as_ptr()).to_vec()
            };
            Ok(if text.is_empty() { None } else { Some(text) })
        }
        LineSource::File(fp) => {
            let mut text = Vec::new();
            loop {
                let c = libc::fgetc(fp);
                if c == libc::EOF {
                    break;
                }
                text.push(c as u8);
                if c == b'\n' as c_int {
                    break;
                }
            }
            Ok(if text.is_empty() { None } else { Some(text) })
        }
    }
}

/// True when compiling `text` failed only because the input stopped early, so the REPL asks
/// for more with sys.ps2.
unsafe fn needs_more_input(text: &[u8]) -> bool {
    let Some((t, v, tb)) = errors::fetch_normalized() else { return false };
    let incomplete = object::is_type(t.as_ptr(), PyExc_SyntaxError.cast())
        && object::get_attr_str(v.as_ptr(), "msg")
            .map(|m| {
                let s = unicodeobject::to_string_lossy(m.as_ptr());
                s.starts_with("incomplete input") || s.starts_with("unexpected EOF") || s.contains("was never closed")
            })
            .unwrap_or(false);
    // A compound statement continues until an empty line, as CPython's interactive tokenizer.
    let last_blank = text.ends_with(b"\n\n") || text == b"\n";
    if incomplete && !last_blank {
        return true;
    }
    let _ = errors::restore(t.into_raw(), v.into_raw(), tb.map_or(null_mut(), Ref::into_raw));
    false
}

/// `PyRun_InteractiveOneObject`: one statement read with sys.ps1/ps2 and run in `__main__`
/// (results shown by sys.displayhook). 0 ran (or printed an error), -1 end of input (E_EOF).
pub unsafe fn interactive_one(src: LineSource, filename: *mut PyObject, flags: *const PyCompilerFlags) -> c_int {
    let d = match main_dict() {
        Ok(d) => d,
        Err(_) => {
            print_error();
            return -1;
        }
    };
    let ps1 = crate::modules::sysmodule::get_object("ps1");
    let ps2 = crate::modules::sysmodule::get_object("ps2");
    let mut text: Vec<u8> = Vec::new();
    loop {
        let prompt = if text.is_empty() { ps1 } else { ps2 };
        let line = match read_line(src, prompt) {
            Ok(Some(l)) => l,
            Ok(None) => {
                if text.is_empty() {
                    return -1;
                }
                text.push(b'\n');
                break;
            }
            Err(_) => {
                print_error();
                return 0;
            }
        };
        text.extend_from_slice(&line);
        if text.iter().all(|c| c.is_ascii_whitespace()) {
            text.clear();
            continue;
        }
        match crate::compile::compile_source(&text, filename, Mode::Single, flags_of(flags), -1) {
            Ok(code) => {
                if run_code(code.as_ptr(), d, d).is_err() {
                    print_error();
                }
                flush_io();
                return 0;
            }
            Err(_) => {
                if needs_more_input(&text) {
                    continue;
                }
                print_error();
                return 0;
            }
        }
    }
    match crate::compile::compile_source(&text, filename, Mode::Single, flags_of(flags), -1)
        .and_then(|code| run_code(code.as_ptr(), d, d))
    {
        Ok(_) => {}
        Err(_) => print_error(),
    }
    flush_io();
    0
}

/// `PyRun_InteractiveLoopFlags`: sys.ps1 ">>> " and sys.ps2 "... " are set when missing;
/// statements run until end of input.
pub unsafe fn interactive_loop(src: LineSource, filename: *mut PyObject, flags: *const PyCompilerFlags) -> c_int {
    for (name, value) in [("ps1", ">>> "), ("ps2", "... ")] {
        if crate::modules::sysmodule::get_object(name).is_null() {
            if let Ok(v) = unicodeobject::new_str(value) {
                let _ = crate::modules::sysmodule::set_object(name, v.as_ptr());
            }
        }
    }
    loop {
        if interactive_one(src, filename, flags) == -1 {
            return 0;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Py_RunMain.

/// A configuration wide string as Rust text (NULL -> None).
pub unsafe fn wide(p: *const libc::wchar_t) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut s = String::new();
    let mut q = p;
    while *q != 0 {
        let c = *q as u32;
        // Lone surrogates from surrogateescape decoding stand for undecodable bytes.
        s.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
        q = q.add(1);
    }
    Some(s)
}

/// `sys.path.insert(0, path)`.
unsafe fn sys_path_insert0(path: &str) -> PyResult<()> {
    let sys_path = crate::modules::sysmodule::get_object("path");
    if sys_path.is_null() || !crate::objects::listobject::check(sys_path) {
        return Err(errors::set_string(PyExc_RuntimeError, "unable to get sys.path"));
    }
    let p = unicodeobject::new_str(path)?;
    crate::objects::listobject::insert(sys_path, 0, p.as_ptr())
}

/// `_PyPathConfig_ComputeSysPath0`: what goes first on sys.path: '' for -c and the REPL,
/// the current directory for -m, the script's directory (symlinks resolved) for a script.
fn sys_path0(run_command: bool, run_module: bool, filename: Option<&str>) -> Option<String> {
    if run_command {
        return Some(String::new());
    }
    if run_module {
        return std::env::current_dir().ok().map(|p| p.to_string_lossy().into_owned());
    }
    let Some(f) = filename else { return Some(String::new()) };
    if f == "-" {
        return Some(String::new());
    }
    let mut path = std::path::PathBuf::from(f);
    // Follow the script's symlinks, as CPython does with readlink in a loop.
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            Ok(target) => {
                path = if target.is_absolute() {
                    target
                } else {
                    path.parent().map(|p| p.join(&target)).unwrap_or(target)
                };
            }
            Err(_) => break,
        }
    }
    let abs = if path.is_absolute() {
        path
    } else {
        std::env::current_dir().map(|c| c.join(&path)).unwrap_or(path)
    };
    let dir = abs.parent().map(|p| p.to_path_buf()).unwrap_or_default();
    // Normalise "a/./b" the way CPython's absolutize+dirname leaves it.
    let mut clean = std::path::PathBuf::new();
    for c in dir.components() {
        match c {
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Some(clean.to_string_lossy().into_owned())
}

/// `runpy._run_module_as_main(name, alter_argv)`; 0, or 1 after printing the exception.
unsafe fn run_module(name: &str, set_argv0: bool) -> c_int {
    let r = (|| -> PyResult<Ref> {
        let runpy = crate::lifecycle::import::import_module("runpy")?;
        let f = object::get_attr_str(runpy.as_ptr(), "_run_module_as_main")?;
        let n = unicodeobject::new_str(name)?;
        let alter = crate::objects::boolobject::from_bool(set_argv0);
        call::vectorcall(f.as_ptr(), &[n.as_ptr(), alter.as_ptr()], null_mut())
    })();
    match r {
        Ok(_) => 0,
        Err(_) => {
            print_error();
            1
        }
    }
}

/// Writes `msg` to the C stderr (messages of the launcher itself, before or without sys).
fn launcher_error(msg: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(msg.as_bytes());
}

/// `pymain_run_file`: the script, with CPython's messages for unreadable files and
/// directories; the exit status (0 ok, 1 exception, 2 cannot open).
unsafe fn run_file(filename: &str, skip_first_line: bool, flags: *const PyCompilerFlags) -> c_int {
    let program = wide((*crate::lifecycle::pystate::current_interpreter()).config.program_name)
        .unwrap_or_else(|| "python3.11".to_string());
    let meta = std::fs::metadata(filename);
    if let Ok(m) = &meta {
        if m.is_dir() {
            launcher_error(&format!("{program}: '{filename}' is a directory, cannot continue\n"));
            return 1;
        }
    }
    let mut data = match std::fs::read(filename) {
        Ok(d) => d,
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(0);
            let text = std::ffi::CStr::from_ptr(libc::strerror(errno)).to_string_lossy().into_owned();
            let repr = unicodeobject::new_str(filename)
                .and_then(|s| object::repr(s.as_ptr()))
                .map(|r| unicodeobject::to_string_lossy(r.as_ptr()))
                .unwrap_or_else(|_| format!("'{filename}'"));
            errors::clear();
            launcher_error(&format!("{program}: can't open file {repr}: [Errno {errno}] {text}\n"));
            return 2;
        }
    };
    if skip_first_line {
        // -x: the first line is dropped but its newline kept, so line numbers stay right.
        if let Some(pos) = data.iter().position(|&b| b == b'\n') {
            data.drain(..pos);
        } else {
            data.clear();
        }
    }
    let fname = match unicodeobject::new_str(filename) {
        Ok(f) => f,
        Err(_) => {
            print_error();
            return 1;
        }
    };
    (run_simple_file(&data, fname.as_ptr(), flags) != 0) as c_int
}

/// Is the C stdin a terminal?
fn stdin_is_tty() -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(0) != 0 }
}

/// `pymain_run_startup`: runs the file PYTHONSTARTUP names in `__main__` (interactive runs).
unsafe fn run_startup(flags: *const PyCompilerFlags) {
    let config = &(*crate::lifecycle::pystate::current_interpreter()).config;
    if config.use_environment == 0 || config.isolated != 0 {
        return;
    }
    let Ok(path) = std::env::var("PYTHONSTARTUP") else { return };
    if path.is_empty() {
        return;
    }
    match std::fs::read(&path) {
        Ok(data) => {
            if let Ok(f) = unicodeobject::new_str(&path) {
                run_simple_file(&data, f.as_ptr(), flags);
            }
        }
        Err(e) => {
            *libc::__errno_location() = e.raw_os_error().unwrap_or(0);
            let name = unicodeobject::new_str(&path).ok();
            let _ = crate::errors::set_from_errno_with_filenames(
                PyExc_OSError,
                name.as_ref().map_or(null_mut(), |n| n.as_ptr()),
                null_mut(),
            );
            print_error();
        }
    }
}

/// `pymain_run_stdin`: the REPL on a terminal, otherwise the whole of stdin as a script.
unsafe fn run_stdin(flags: *const PyCompilerFlags) -> c_int {
    if stdin_is_tty() {
        run_startup(flags);
        return (interactive_loop(LineSource::Sys, unicodeobject::intern_str("<stdin>"), flags) != 0) as c_int;
    }
    let mut data = Vec::new();
    {
        use std::io::Read;
        let _ = std::io::stdin().lock().read_to_end(&mut data);
    }
    let fname = unicodeobject::intern_str("<stdin>");
    (run_simple_file(&data, fname, flags) != 0) as c_int
}

/// `pymain_run_python`: sys.path[0], then the command / module / file / stdin, then `-i`.
/// Returns the exit status before finalization.
pub unsafe fn run_main_program() -> c_int {
    let config = &(*crate::lifecycle::pystate::current_interpreter()).config;
    let command = wide(config.run_command);
    let module = wide(config.run_module);
    let filename = wide(config.run_filename);
    let mut cf = PyCompilerFlags::default();
    let flags = &raw mut cf;

    // A directory or zip file with __main__.py runs as `-m __main__` with itself on sys.path.
    let mut main_importer_path: Option<String> = None;
    if let Some(f) = &filename {
        if let Ok(p) = unicodeobject::new_str(f) {
            match crate::lifecycle::import::get_importer(p.as_ptr()) {
                Ok(imp) if imp.as_ptr() != object::none() && !std::path::Path::new(f).is_file() => {
                    main_importer_path = Some(f.clone())
                }
                Ok(imp) if imp.as_ptr() != object::none() && is_zip(f) => main_importer_path = Some(f.clone()),
                Ok(_) => {}
                Err(_) => errors::clear(),
            }
        }
    }
    let path_result = if let Some(p) = &main_importer_path {
        sys_path_insert0(p)
    } else if config.safe_path == 0 {
        match sys_path0(command.is_some(), module.is_some(), filename.as_deref()) {
            Some(p0) => sys_path_insert0(&p0),
            None => Ok(()),
        }
    } else {
        Ok(())
    };
    if path_result.is_err() {
        print_error();
        return 1;
    }
    let interactive = config.interactive != 0 || (command.is_none() && module.is_none() && filename.is_none() && stdin_is_tty());
    if interactive && config.quiet == 0 && (command.is_none() && module.is_none() && filename.is_none()) {
        launcher_error(&format!(
            "Python {} on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n",
            crate::lifecycle::main::FULL_VERSION
        ));
    }
    let mut status = if let Some(c) = command {
        let mut src = c.into_bytes();
        src.push(b'\n');
        (run_simple_string(&src, flags) != 0) as c_int
    } else if let Some(m) = module {
        run_module(&m, true)
    } else if main_importer_path.is_some() {
        run_module("__main__", false)
    } else if let Some(f) = filename {
        run_file(&f, config.skip_source_first_line != 0, flags)
    } else {
        run_stdin(flags)
    };
    // -i / PYTHONINSPECT: the REPL after the program, even after an exception.
    let ran_program = !config.run_command.is_null() || !config.run_module.is_null() || !config.run_filename.is_null();
    let inspect = config.inspect != 0
        || (config.use_environment != 0 && std::env::var_os("PYTHONINSPECT").is_some_and(|v| !v.is_empty()));
    if inspect && ran_program {
        if stdin_is_tty() {
            run_startup(flags);
        }
        status = (interactive_loop(LineSource::Sys, unicodeobject::intern_str("<stdin>"), flags) != 0) as c_int;
    }
    status
}

fn is_zip(path: &str) -> bool {
    let mut head = [0u8; 4];
    use std::io::Read;
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"PK\x03\x04"
}

/// `PyRun_AnyFileExFlags`: the REPL when `fp` is a terminal and the name is "<stdin>" / "???"
/// / NULL, else the file as a script.
pub unsafe fn run_any_file(fp: *mut libc::FILE, filename: Option<&str>, closeit: bool, flags: *const PyCompilerFlags) -> c_int {
    let interactive_name = matches!(filename, None | Some("<stdin>") | Some("???"));
    if interactive_name && libc::isatty(libc::fileno(fp)) != 0 {
        let name = unicodeobject::new_str(filename.unwrap_or("???")).map(|n| n.into_raw()).unwrap_or(null_mut());
        let r = interactive_loop(LineSource::File(fp), name, flags);
        object::xdecref(name);
        if closeit {
            libc::fclose(fp);
        }
        return r;
    }
    let data = read_c_file(fp, closeit);
    let name = filename.unwrap_or("???");
    match unicodeobject::new_str(name) {
        Ok(n) => run_simple_file(&data, n.as_ptr(), flags),
        Err(_) => {
            print_error();
            -1
        }
    }
}

/// `PyRun_FileExFlags(fp, filename, start, globals, locals, closeit, flags)`.
pub unsafe fn run_file_ex(
    fp: *mut libc::FILE,
    filename: *mut PyObject,
    start: c_int,
    globals: *mut PyObject,
    locals: *mut PyObject,
    closeit: bool,
    flags: *const PyCompilerFlags,
) -> PyResult<Ref> {
    let data = read_c_file(fp, closeit);
    run_source(&data, filename, start, globals, locals, flags)
}
