//! The `_locale` module (CPython's Modules/_localemodule.c): setlocale, localeconv,
//! nl_langinfo with its keys, wide-character strcoll/strxfrm, getencoding, the gettext
//! family, `locale.Error` and the LC_*/nl_langinfo constants.

use crate::abi::methodobject::*;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::objects::object::{self, Ref};
use crate::objects::{dictobject, unicodeobject};
use crate::{os_fn, os_sig};
use core::ffi::{c_char, c_int, CStr};
use core::ptr::null_mut;
use std::ffi::CString;

static mut LOCALE_ERROR: *mut PyObject = null_mut();

/// Releases `locale.Error` (Py_FinalizeEx).
pub fn fini() {
    // SAFETY: finalization with the GIL held; the slot owns one reference.
    unsafe {
        let e = &raw mut LOCALE_ERROR;
        object::xdecref(core::mem::replace(&mut *e, null_mut()));
    }
}

extern "C" {
    fn wcscoll(a: *const libc::wchar_t, b: *const libc::wchar_t) -> c_int;
    fn wcsxfrm(dest: *mut libc::wchar_t, src: *const libc::wchar_t, n: usize) -> usize;
    fn gettext(msgid: *const c_char) -> *mut c_char;
    fn dgettext(domain: *const c_char, msgid: *const c_char) -> *mut c_char;
    fn dcgettext(domain: *const c_char, msgid: *const c_char, category: c_int) -> *mut c_char;
    fn textdomain(domain: *const c_char) -> *mut c_char;
    fn bindtextdomain(domain: *const c_char, dir: *const c_char) -> *mut c_char;
    fn bind_textdomain_codeset(domain: *const c_char, codeset: *const c_char) -> *mut c_char;
}

fn decode(p: *const c_char) -> PyResult<Ref> {
    // SAFETY: callers pass NUL-terminated C library strings.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes();
    unicodeobject::decode_locale(b, Some("surrogateescape"))
}

/// A str argument as a C string (embedded NULs refused).
unsafe fn c_str_arg(func: &str, o: *mut PyObject, argname: &str) -> PyResult<CString> {
    if !unicodeobject::is_str(o) {
        return Err(crate::getargs::bad_argument(func, argname, "str", o));
    }
    let b = unicodeobject::as_utf8(o)?;
    CString::new(b).map_err(|_| errors::value_error("embedded null character"))
}

unsafe fn opt_c_str_arg(func: &str, o: *mut PyObject, argname: &str) -> PyResult<Option<CString>> {
    if o.is_null() || o == object::none() {
        return Ok(None);
    }
    if !unicodeobject::is_str(o) {
        return Err(crate::getargs::bad_argument(
            func,
            argname,
            "str or None",
            o,
        ));
    }
    c_str_arg(func, o, argname).map(Some)
}

fn wide(s: *mut PyObject) -> PyResult<Vec<libc::wchar_t>> {
    // SAFETY: `s` is a live str.
    unsafe {
        let n = unicodeobject::length(s) as usize;
        let (data, kind) = unicodeobject::data_and_kind(s);
        let mut v = Vec::with_capacity(n + 1);
        for i in 0..n {
            let c = unicodeobject::read_char(data, kind, i);
            if c == 0 {
                return Err(errors::value_error("embedded null character"));
            }
            v.push(c as libc::wchar_t);
        }
        v.push(0);
        Ok(v)
    }
}

os_fn!(
    setlocale,
    os_sig!("setlocale", ["category", "locale"], 2, 2, 1),
    |a| {
        let category = c_int_arg(a[0])?;
        let loc = opt_c_str_arg("setlocale", a[1], "argument 2")?;
        let p = libc::setlocale(
            category,
            loc.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()),
        );
        if p.is_null() {
            return Err(errors::set_string(
                LOCALE_ERROR,
                if loc.is_some() {
                    "unsupported locale setting"
                } else {
                    "locale query failed"
                },
            ));
        }
        decode(p)
    }
);

unsafe fn grouping_list(p: *const c_char) -> PyResult<Ref> {
    let list = crate::objects::listobject::new(0)?;
    if p.is_null() {
        return Ok(list);
    }
    let mut q = p;
    // The list ends after a CHAR_MAX (no more grouping) or at the terminating 0 (repeat).
    while *q != 0 {
        let v = *q as u8 as i64;
        crate::objects::listobject::append(list.as_ptr(), int(v)?.as_ptr())?;
        if v == 127 {
            break;
        }
        q = q.add(1);
    }
    Ok(list)
}

os_fn!(localeconv, os_sig!("localeconv", [], 0, 0, 0), |_a| {
    let lc = &*libc::localeconv();
    let d = dictobject::new()?;
    let set = |k: &str, v: Ref| dictobject::set_item_str(d.as_ptr(), k, v.as_ptr());
    set("int_curr_symbol", decode(lc.int_curr_symbol)?)?;
    set("currency_symbol", decode(lc.currency_symbol)?)?;
    set("mon_decimal_point", decode(lc.mon_decimal_point)?)?;
    set("mon_thousands_sep", decode(lc.mon_thousands_sep)?)?;
    set("mon_grouping", grouping_list(lc.mon_grouping)?)?;
    set("positive_sign", decode(lc.positive_sign)?)?;
    set("negative_sign", decode(lc.negative_sign)?)?;
    set("int_frac_digits", int(lc.int_frac_digits as u8 as i64)?)?;
    set("frac_digits", int(lc.frac_digits as u8 as i64)?)?;
    set("p_cs_precedes", int(lc.p_cs_precedes as u8 as i64)?)?;
    set("p_sep_by_space", int(lc.p_sep_by_space as u8 as i64)?)?;
    set("n_cs_precedes", int(lc.n_cs_precedes as u8 as i64)?)?;
    set("n_sep_by_space", int(lc.n_sep_by_space as u8 as i64)?)?;
    set("p_sign_posn", int(lc.p_sign_posn as u8 as i64)?)?;
    set("n_sign_posn", int(lc.n_sign_posn as u8 as i64)?)?;
    set("decimal_point", decode(lc.decimal_point)?)?;
    set("thousands_sep", decode(lc.thousands_sep)?)?;
    set("grouping", grouping_list(lc.grouping)?)?;
    Ok(d)
});

os_fn!(nl_langinfo, os_sig!("nl_langinfo", ["key"], 1, 1, 1), |a| {
    let key = c_int_arg(a[0])?;
    let known = LOCALE_CONSTANTS
        .iter()
        .any(|&(n, v)| v == key as i64 && !n.starts_with("LC_") && n != "CHAR_MAX");
    if !known {
        return Err(errors::value_error("unsupported langinfo constant"));
    }
    let p = libc::nl_langinfo(key as libc::nl_item);
    decode(if p.is_null() { c"".as_ptr() } else { p })
});

os_fn!(strcoll, os_sig!("strcoll", ["os1", "os2"], 2, 2, 2), |a| {
    for (i, &o) in a.iter().enumerate() {
        if !unicodeobject::is_str(o) {
            return Err(crate::getargs::bad_argument(
                "strcoll",
                &format!("argument {}", i + 1),
                "str",
                o,
            ));
        }
    }
    let w1 = wide(a[0])?;
    let w2 = wide(a[1])?;
    int(wcscoll(w1.as_ptr(), w2.as_ptr()) as i64)
});

os_fn!(strxfrm, os_sig!("strxfrm", ["string"], 1, 1, 1), |a| {
    if !unicodeobject::is_str(a[0]) {
        return Err(crate::getargs::bad_argument(
            "strxfrm", "argument", "str", a[0],
        ));
    }
    let w = wide(a[0])?;
    let n = wcsxfrm(null_mut(), w.as_ptr(), 0);
    let mut out: Vec<libc::wchar_t> = vec![0; n + 1];
    let m = wcsxfrm(out.as_mut_ptr(), w.as_ptr(), n + 1);
    let chars: Vec<u32> = out[..m.min(n)].iter().map(|&c| c as u32).collect();
    unicodeobject::from_ucs4(&chars)
});

os_fn!(getencoding, os_sig!("getencoding", [], 0, 0, 0), |_a| {
    string(&crate::modules::posixmodule::locale_encoding())
});

os_fn!(gettext_fn, os_sig!("gettext", ["msg"], 1, 1, 1), |a| {
    let msg = c_str_arg("gettext", a[0], "argument")?;
    decode(gettext(msg.as_ptr()))
});

os_fn!(
    dgettext_fn,
    os_sig!("dgettext", ["domain", "msg"], 2, 2, 2),
    |a| {
        let dom = opt_c_str_arg("dgettext", a[0], "argument 1")?;
        let msg = c_str_arg("dgettext", a[1], "argument 2")?;
        decode(dgettext(
            dom.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()),
            msg.as_ptr(),
        ))
    }
);

os_fn!(
    dcgettext_fn,
    os_sig!("dcgettext", ["domain", "msg", "category"], 3, 3, 3),
    |a| {
        let dom = opt_c_str_arg("dcgettext", a[0], "argument 1")?;
        let msg = c_str_arg("dcgettext", a[1], "argument 2")?;
        let cat = c_int_arg(a[2])?;
        decode(dcgettext(
            dom.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()),
            msg.as_ptr(),
            cat,
        ))
    }
);

os_fn!(
    textdomain_fn,
    os_sig!("textdomain", ["domain"], 1, 1, 1),
    |a| {
        let dom = opt_c_str_arg("textdomain", a[0], "argument")?;
        let p = textdomain(dom.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()));
        if p.is_null() {
            return Err(posix_error_now());
        }
        decode(p)
    }
);

fn posix_error_now() -> errors::ErrSet {
    crate::modules::posixmodule::posix_error()
}

os_fn!(
    bindtextdomain_fn,
    os_sig!("bindtextdomain", ["domain", "dir"], 2, 2, 2),
    |a| {
        let dom = c_str_arg("bindtextdomain", a[0], "argument 1")?;
        if dom.as_bytes().is_empty() {
            return Err(errors::value_error("empty string"));
        }
        let dir = if a[1] == object::none() {
            None
        } else {
            let p = crate::modules::posixmodule::path("bindtextdomain", "dir", a[1])?;
            p.narrow
        };
        let p = bindtextdomain(
            dom.as_ptr(),
            dir.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()),
        );
        if p.is_null() {
            return Err(posix_error_now());
        }
        decode(p)
    }
);

os_fn!(
    bind_textdomain_codeset_fn,
    os_sig!("bind_textdomain_codeset", ["domain", "codeset"], 2, 2, 2),
    |a| {
        let dom = c_str_arg("bind_textdomain_codeset", a[0], "argument 1")?;
        let cs = opt_c_str_arg("bind_textdomain_codeset", a[1], "argument 2")?;
        let p = bind_textdomain_codeset(
            dom.as_ptr(),
            cs.as_ref().map_or(core::ptr::null(), |c| c.as_ptr()),
        );
        if p.is_null() {
            if errno() != 0 {
                return Err(posix_error_now());
            }
            return Ok(none());
        }
        decode(p)
    }
);

fn methods() -> Vec<PyMethodDef> {
    let mut v = Vec::new();
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(c"setlocale", setlocale, c"setlocale($module, category, locale=<unrepresentable>, /)\n--\n\nActivates/queries locale processing.");
    e(
        c"localeconv",
        localeconv,
        c"localeconv($module, /)\n--\n\nReturns numeric and monetary locale-specific parameters.",
    );
    e(
        c"strcoll",
        strcoll,
        c"strcoll($module, os1, os2, /)\n--\n\nCompares two strings according to the locale.",
    );
    e(c"strxfrm", strxfrm, c"strxfrm($module, string, /)\n--\n\nReturn a string that can be used as a key for locale-aware comparisons.");
    e(c"nl_langinfo", nl_langinfo, c"nl_langinfo($module, key, /)\n--\n\nReturn the value for the locale information associated with key.");
    e(
        c"gettext",
        gettext_fn,
        c"gettext($module, msg, /)\n--\n\ngettext(msg) -> string\n\nReturn translation of msg.",
    );
    e(c"dgettext", dgettext_fn, c"dgettext($module, domain, msg, /)\n--\n\ndgettext(domain, msg) -> string\n\nReturn translation of msg in domain.");
    e(c"dcgettext", dcgettext_fn, c"dcgettext($module, domain, msg, category, /)\n--\n\nReturn translation of msg in domain and category.");
    e(c"textdomain", textdomain_fn, c"textdomain($module, domain, /)\n--\n\nSet the C library's textdmain to domain, returning the new domain.");
    e(
        c"bindtextdomain",
        bindtextdomain_fn,
        c"bindtextdomain($module, domain, dir, /)\n--\n\nBind the C library's domain to dir.",
    );
    e(c"bind_textdomain_codeset", bind_textdomain_codeset_fn, c"bind_textdomain_codeset($module, domain, codeset, /)\n--\n\nBind the C library's domain to codeset.");
    e(
        c"getencoding",
        getencoding,
        c"getencoding($module, /)\n--\n\nGet the current locale encoding.",
    );
    v
}

/// `PyInit__locale`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(c"_locale", c"Support for POSIX locales.", methods)?;
        add_ints(m.as_ptr(), LOCALE_CONSTANTS)?;
        if LOCALE_ERROR.is_null() {
            LOCALE_ERROR =
                errors::new_exception("locale.Error", null_mut(), null_mut(), None)?.into_raw();
        }
        add(m.as_ptr(), "Error", LOCALE_ERROR)?;
        Ok(m)
    })();
    errors::ptr_result(r)
}

pub(crate) const LOCALE_CONSTANTS: &[(&str, i64)] = &[
    ("ABDAY_1", 131072),
    ("ABDAY_2", 131073),
    ("ABDAY_3", 131074),
    ("ABDAY_4", 131075),
    ("ABDAY_5", 131076),
    ("ABDAY_6", 131077),
    ("ABDAY_7", 131078),
    ("ABMON_1", 131086),
    ("ABMON_10", 131095),
    ("ABMON_11", 131096),
    ("ABMON_12", 131097),
    ("ABMON_2", 131087),
    ("ABMON_3", 131088),
    ("ABMON_4", 131089),
    ("ABMON_5", 131090),
    ("ABMON_6", 131091),
    ("ABMON_7", 131092),
    ("ABMON_8", 131093),
    ("ABMON_9", 131094),
    ("ALT_DIGITS", 131119),
    ("AM_STR", 131110),
    ("CHAR_MAX", 127),
    ("CODESET", 14),
    ("CRNCYSTR", 262159),
    ("DAY_1", 131079),
    ("DAY_2", 131080),
    ("DAY_3", 131081),
    ("DAY_4", 131082),
    ("DAY_5", 131083),
    ("DAY_6", 131084),
    ("DAY_7", 131085),
    ("D_FMT", 131113),
    ("D_T_FMT", 131112),
    ("ERA", 131116),
    ("ERA_D_FMT", 131118),
    ("ERA_D_T_FMT", 131120),
    ("ERA_T_FMT", 131121),
    ("LC_ALL", 6),
    ("LC_COLLATE", 3),
    ("LC_CTYPE", 0),
    ("LC_MESSAGES", 5),
    ("LC_MONETARY", 4),
    ("LC_NUMERIC", 1),
    ("LC_TIME", 2),
    ("MON_1", 131098),
    ("MON_10", 131107),
    ("MON_11", 131108),
    ("MON_12", 131109),
    ("MON_2", 131099),
    ("MON_3", 131100),
    ("MON_4", 131101),
    ("MON_5", 131102),
    ("MON_6", 131103),
    ("MON_7", 131104),
    ("MON_8", 131105),
    ("MON_9", 131106),
    ("NOEXPR", 327681),
    ("PM_STR", 131111),
    ("RADIXCHAR", 65536),
    ("THOUSEP", 65537),
    ("T_FMT", 131114),
    ("T_FMT_AMPM", 131115),
    ("YESEXPR", 327680),
    ("_DATE_FMT", 131180),
];
