//! Test support for the runtime's unit tests. The runtime is one process-wide heap whose
//! small-object allocator, like CPython's, requires the GIL; the test harness runs tests on
//! parallel threads, so every test holds this lock for its whole run.

use std::sync::{Mutex, MutexGuard};

static RUNTIME: Mutex<()> = Mutex::new(());

/// Serializes tests that touch the runtime. A test that failed (poisoned the lock) does not
/// stop the others: its panic is already reported.
pub fn hold_runtime() -> MutexGuard<'static, ()> {
    RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts the interpreter for a test, as `python3.11 -S -E` would (no site, no environment
/// variables), so results do not depend on what the machine's site-packages holds. The
/// first caller starts it; later calls do nothing.
pub fn init() {
    if crate::lifecycle::pylifecycle::is_initialized() {
        return;
    }
    // SAFETY: the configuration is a local initialized by the config API before use; start-up
    // runs under the test lock.
    unsafe {
        let mut config: crate::abi::initconfig::PyConfig = core::mem::zeroed();
        crate::lifecycle::initconfig::init_compat(&mut config);
        config.site_import = 0;
        config.use_environment = 0;
        config.install_signal_handlers = 0;
        let status = crate::lifecycle::pylifecycle::initialize_from_config(&config);
        crate::lifecycle::initconfig::clear(&mut config);
        assert!(
            status._type == crate::abi::initconfig::_PyStatus_TYPE_OK,
            "interpreter start-up failed in a test"
        );
    }
}

#[cfg(test)]
pub mod difftest {
    //! Differential harness shared by the built-in modules' tests: each
    //! snippet runs in a fresh namespace holding the built-in modules (made by their
    //! `init_module`) on our interpreter and on python3.11; the repr of `result`, or the
    //! exception's type and message, must be identical.

    use crate::errors;
    use crate::objects::object::{self, Ref};
    use crate::objects::{dictobject, unicodeobject};
    use ferrython_compiler::parser::Mode;

    /// The modules bound in every snippet's namespace.
    pub type Modules<'a> = &'a [(&'a str, unsafe extern "C" fn() -> *mut crate::abi::PyObject)];

    fn json_array(items: &[&str]) -> String {
        let mut s = String::from("[");
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push('"');
            for c in item.chars() {
                match c {
                    '"' => s.push_str("\\\""),
                    '\\' => s.push_str("\\\\"),
                    '\n' => s.push_str("\\n"),
                    c if (c as u32) < 0x20 => s.push_str(&format!("\\u{:04x}", c as u32)),
                    c => s.push(c),
                }
            }
            s.push('"');
        }
        s.push(']');
        s
    }

    /// python3.11's lines: `repr(result)` or `!Type: message`, one per snippet, with
    /// newlines escaped so each answer is one line.
    fn oracle(modules: Modules, snippets: &[&str]) -> Vec<String> {
        let names: Vec<&str> = modules.iter().map(|m| m.0).collect();
        let program = format!(
            r#"
import json, sys
mods = {{n: __import__(n) for n in {names:?}}}
for s in json.load(sys.stdin):
    ns = {{'__name__': '__main__', **mods}}
    try:
        exec(compile(s, '<snippet>', 'exec'), ns)
        out = repr(ns.get('result'))
    except BaseException as e:
        out = '!' + type(e).__name__ + ': ' + str(e)
    print(out.replace('\\', '\\\\').replace('\n', '\\n'))
"#
        );
        let mut child = std::process::Command::new("python3.11")
            .args(["-S", "-c", &program])
            .env_remove("LD_LIBRARY_PATH")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3.11 runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(json_array(snippets).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "oracle failed");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    unsafe fn exception_text() -> String {
        let Some((t, v, _tb)) = errors::fetch_normalized() else {
            return "no exception".into();
        };
        let name = object::type_name_of(t.as_ptr().cast()).to_string();
        let msg = object::str(v.as_ptr())
            .map(|s| object::str_text(s.as_ptr()))
            .unwrap_or_default();
        format!("{name}: {msg}")
    }

    unsafe fn ours(modules: &[(&str, Ref)], src: &str) -> String {
        let ns = dictobject::new().unwrap();
        let main = unicodeobject::new_str("__main__").unwrap();
        dictobject::set_item_str(ns.as_ptr(), "__name__", main.as_ptr()).unwrap();
        for (name, m) in modules {
            dictobject::set_item_str(ns.as_ptr(), name, m.as_ptr()).unwrap();
        }
        let r = crate::compile::compile_str(src, "<snippet>", Mode::Exec).and_then(|code| {
            crate::eval::ceval::eval_code(code.as_ptr(), ns.as_ptr(), ns.as_ptr())
        });
        let out = match r {
            Ok(_) => {
                let v = dictobject::get_item_str(ns.as_ptr(), "result")
                    .unwrap()
                    .unwrap_or(object::none());
                match object::repr(v) {
                    Ok(s) => object::str_text(s.as_ptr()),
                    Err(_) => format!("!repr failed: {}", exception_text()),
                }
            }
            Err(_) => format!("!{}", exception_text()),
        };
        out.replace('\\', "\\\\").replace('\n', "\\n")
    }

    /// `repr(result)` of a snippet run on our interpreter alone (or `!Type: message`), for
    /// Ferrython's own modules, which python3.11 lacks.
    pub fn run_ours(src: &str) -> String {
        // SAFETY: the caller holds the runtime lock; start-up runs first.
        unsafe {
            super::init();
            ours(&[], src)
        }
    }

    /// Runs every snippet on both interpreters; panics listing the ones that differ.
    pub fn check(modules: Modules, snippets: &[&str]) {
        let want = oracle(modules, snippets);
        assert_eq!(
            want.len(),
            snippets.len(),
            "oracle printed {} lines",
            want.len()
        );
        let mut failures = Vec::new();
        // SAFETY: the test holds the runtime lock; start-up runs first.
        unsafe {
            super::init();
            let made: Vec<(&str, Ref)> = modules
                .iter()
                .map(|(n, init)| (*n, Ref::from_result(init()).expect("module init")))
                .collect();
            for (i, src) in snippets.iter().enumerate() {
                let got = ours(&made, src);
                if got != want[i] {
                    failures.push(format!(
                        "--- snippet {i}:\n{src}\n  python3.11: {}\n  ferrython:  {got}",
                        want[i]
                    ));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} snippets differ:\n{}",
            failures.len(),
            snippets.len(),
            failures.join("\n")
        );
    }
}
