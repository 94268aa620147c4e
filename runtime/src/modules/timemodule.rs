//! The `time` module (CPython's Modules/timemodule.c) on Linux: the clocks (time, monotonic,
//! perf_counter, process_time, thread_time, clock_* with CLOCK_* ids), sleep (GIL released,
//! EINTR -> signal handlers then the rest of the delay), struct_time with tm_zone/tm_gmtoff,
//! gmtime/localtime/mktime/asctime/ctime/strftime/strptime, the timezone globals and tzset.

use crate::abi::methodobject::PyMethodDef;
use crate::abi::*;
use crate::errors::{self, PyResult};
use crate::modules::posixmodule::args::*;
use crate::modules::posixmodule::{posix_error, structseq_from};
use crate::objects::object::{self, Ref};
use crate::objects::{floatobject, longobject, tupleobject, unicodeobject};
use crate::{os_fn, os_sig};
use core::ffi::{c_int, CStr};
use core::ptr::null_mut;

extern "C" {
    #[link_name = "tzset"]
    fn tzset_c();
}

static mut STRUCT_TIME: *mut PyObject = null_mut();

/// Releases the struct_time type (Py_FinalizeEx).
pub fn fini() {
    // SAFETY: finalization with the GIL held; the slot owns one reference.
    unsafe {
        let t = &raw mut STRUCT_TIME;
        object::xdecref(core::mem::replace(&mut *t, null_mut()));
    }
}

/// A number of seconds (int or float) as f64, with `_PyTime_FromSecondsObject`'s messages.
///
/// # Safety
/// `o` is live.
pub unsafe fn seconds_arg(o: *mut PyObject) -> PyResult<f64> {
    if floatobject::is_float(o) {
        let d = floatobject::value(o);
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        if d.abs() > 9.2e9 {
            return Err(errors::overflow_error(
                "timestamp too large to convert to C _PyTime_t",
            ));
        }
        return Ok(d);
    }
    if !longobject::is_int(o)
        && (*object::py_type(o))
            .tp_as_number
            .as_ref()
            .is_none_or(|n| n.nb_index.is_none())
    {
        return Err(errors::type_error(&format!(
            "'{}' object cannot be interpreted as an integer",
            object::type_name_trunc(object::py_type(o), 200)
        )));
    }
    let v = longobject::as_i64_with(o, "timestamp too large to convert to C _PyTime_t")?;
    if v.unsigned_abs() > 9_223_372_036 {
        return Err(errors::overflow_error(
            "timestamp too large to convert to C _PyTime_t",
        ));
    }
    Ok(v as f64)
}

/// `_PyTime_ObjectToTime_t` rounding toward minus infinity: a time_t from int or float.
unsafe fn time_t_arg(o: *mut PyObject) -> PyResult<i64> {
    if floatobject::is_float(o) {
        let d = floatobject::value(o);
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let f = d.floor();
        if !(-9.223372036854776e18..9.223372036854776e18).contains(&f) {
            return Err(errors::overflow_error(
                "timestamp out of range for platform time_t",
            ));
        }
        return Ok(f as i64);
    }
    longobject::as_i64_with(o, "timestamp out of range for platform time_t")
}

fn clock_ns(clock: libc::clockid_t) -> PyResult<i64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-parameter.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return Err(posix_error());
    }
    Ok(ts
        .tv_sec
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec))
}

fn ns_float(ns: i64) -> PyResult<Ref> {
    float(ns as f64 / 1e9)
}

os_fn!(time_fn, os_sig!("time", [], 0, 0, 0), |_a| {
    ns_float(clock_ns(libc::CLOCK_REALTIME)?)
});
os_fn!(time_ns, os_sig!("time_ns", [], 0, 0, 0), |_a| {
    int(clock_ns(libc::CLOCK_REALTIME)?)
});
os_fn!(monotonic, os_sig!("monotonic", [], 0, 0, 0), |_a| {
    ns_float(clock_ns(libc::CLOCK_MONOTONIC)?)
});
os_fn!(monotonic_ns, os_sig!("monotonic_ns", [], 0, 0, 0), |_a| {
    int(clock_ns(libc::CLOCK_MONOTONIC)?)
});
os_fn!(perf_counter, os_sig!("perf_counter", [], 0, 0, 0), |_a| {
    ns_float(clock_ns(libc::CLOCK_MONOTONIC)?)
});
os_fn!(
    perf_counter_ns,
    os_sig!("perf_counter_ns", [], 0, 0, 0),
    |_a| { int(clock_ns(libc::CLOCK_MONOTONIC)?) }
);
os_fn!(process_time, os_sig!("process_time", [], 0, 0, 0), |_a| {
    ns_float(clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)?)
});
os_fn!(
    process_time_ns,
    os_sig!("process_time_ns", [], 0, 0, 0),
    |_a| { int(clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)?) }
);
os_fn!(thread_time, os_sig!("thread_time", [], 0, 0, 0), |_a| {
    ns_float(clock_ns(libc::CLOCK_THREAD_CPUTIME_ID)?)
});
os_fn!(
    thread_time_ns,
    os_sig!("thread_time_ns", [], 0, 0, 0),
    |_a| { int(clock_ns(libc::CLOCK_THREAD_CPUTIME_ID)?) }
);

os_fn!(
    clock_gettime,
    os_sig!("clock_gettime", ["clk_id"], 1, 1, 1),
    |a| {
        let id = c_int_arg(a[0])?;
        ns_float(clock_ns(id)?)
    }
);
os_fn!(
    clock_gettime_ns,
    os_sig!("clock_gettime_ns", ["clk_id"], 1, 1, 1),
    |a| {
        let id = c_int_arg(a[0])?;
        int(clock_ns(id)?)
    }
);
os_fn!(
    clock_getres,
    os_sig!("clock_getres", ["clk_id"], 1, 1, 1),
    |a| {
        let id = c_int_arg(a[0])?;
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if libc::clock_getres(id, &mut ts) != 0 {
            return Err(posix_error());
        }
        float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
    }
);
os_fn!(
    clock_settime,
    os_sig!("clock_settime", ["clk_id", "time"], 2, 2, 2),
    |a| {
        let id = c_int_arg(a[0])?;
        let t = seconds_arg(a[1])?;
        let sec = t.floor();
        let ts = libc::timespec {
            tv_sec: sec as i64,
            tv_nsec: ((t - sec) * 1e9) as i64,
        };
        if libc::clock_settime(id, &ts) != 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    clock_settime_ns,
    os_sig!("clock_settime_ns", ["clock_id", "time"], 2, 2, 2),
    |a| {
        let id = c_int_arg(a[0])?;
        let billion = int(1_000_000_000)?;
        let qr = longobject::divmod(a[1], billion.as_ptr())?;
        let q = tupleobject::items(qr.as_ptr());
        let ts = libc::timespec {
            tv_sec: longobject::as_i64(*q)?,
            tv_nsec: longobject::as_i64(*q.add(1))?,
        };
        if libc::clock_settime(id, &ts) != 0 {
            return Err(posix_error());
        }
        Ok(none())
    }
);
os_fn!(
    pthread_getcpuclockid,
    os_sig!("pthread_getcpuclockid", ["thread_id"], 1, 1, 1),
    |a| {
        let tid = longobject::low_u64_wrapping(longobject::index(a[0])?.as_ptr());
        let mut id: libc::clockid_t = 0;
        let r = libc::pthread_getcpuclockid(tid as libc::pthread_t, &mut id);
        if r != 0 {
            set_errno(r);
            return Err(posix_error());
        }
        int(id as i64)
    }
);

/// Sleeps `secs` with the GIL released; an interruption runs the signal handlers (which may
/// raise) and sleeps for what is left (PEP 475).
pub fn sleep_seconds(secs: f64) -> PyResult<()> {
    let deadline = clock_ns(libc::CLOCK_MONOTONIC)? as i128 + (secs * 1e9) as i128;
    loop {
        let now = clock_ns(libc::CLOCK_MONOTONIC)? as i128;
        let left = deadline - now;
        if left <= 0 {
            return Ok(());
        }
        let ts = libc::timespec {
            tv_sec: (left / 1_000_000_000) as i64,
            tv_nsec: (left % 1_000_000_000) as i64,
        };
        let saved = crate::lifecycle::ceval_gil::save_thread();
        // SAFETY: `ts` is a valid relative interval; no remainder is needed (deadline based).
        let r = unsafe { libc::clock_nanosleep(libc::CLOCK_MONOTONIC, 0, &ts, null_mut()) };
        // SAFETY: the thread state saved above belongs to this thread.
        unsafe { crate::lifecycle::ceval_gil::restore_thread(saved) };
        if r == 0 {
            return Ok(());
        }
        if r != libc::EINTR {
            set_errno(r);
            return Err(posix_error());
        }
        crate::modules::signalmodule::check_signals()?;
    }
}

os_fn!(sleep, os_sig!("sleep", ["secs"], 1, 1, 1), |a| {
    let secs = seconds_arg(a[0])?;
    if secs < 0.0 {
        return Err(errors::value_error("sleep length must be non-negative"));
    }
    sleep_seconds(secs)?;
    Ok(none())
});

// --- struct_time ------------------------------------------------------------------------------

unsafe fn tm_to_struct_time(tm: &libc::tm, zone: Option<&[u8]>, gmtoff: i64) -> PyResult<Ref> {
    let z = match zone {
        Some(z) => unicodeobject::decode_locale(z, Some("surrogateescape"))?,
        None => object::new_none(),
    };
    structseq_from(
        STRUCT_TIME,
        vec![
            int(tm.tm_year as i64 + 1900)?,
            int(tm.tm_mon as i64 + 1)?,
            int(tm.tm_mday as i64)?,
            int(tm.tm_hour as i64)?,
            int(tm.tm_min as i64)?,
            int(tm.tm_sec as i64)?,
            int((tm.tm_wday as i64 + 6) % 7)?,
            int(tm.tm_yday as i64 + 1)?,
            int(tm.tm_isdst as i64)?,
            z,
            int(gmtoff)?,
        ],
    )
}

unsafe fn tm_of(secs: i64, local: bool) -> PyResult<libc::tm> {
    let t: libc::time_t = secs;
    let mut tm: libc::tm = core::mem::zeroed();
    set_errno(0);
    let r = if local {
        libc::localtime_r(&t, &mut tm)
    } else {
        libc::gmtime_r(&t, &mut tm)
    };
    if r.is_null() {
        if errno() == 0 || errno() == libc::EOVERFLOW {
            return Err(errors::overflow_error(
                "timestamp out of range for platform time_t",
            ));
        }
        return Err(posix_error());
    }
    Ok(tm)
}

unsafe fn secs_or_now(o: *mut PyObject) -> PyResult<i64> {
    if o.is_null() || o == object::none() {
        Ok(clock_ns(libc::CLOCK_REALTIME)?.div_euclid(1_000_000_000))
    } else {
        time_t_arg(o)
    }
}

unsafe fn tm_result(tm: &libc::tm) -> PyResult<Ref> {
    let zone = if tm.tm_zone.is_null() {
        None
    } else {
        Some(CStr::from_ptr(tm.tm_zone).to_bytes())
    };
    tm_to_struct_time(tm, zone, tm.tm_gmtoff)
}

os_fn!(gmtime, os_sig!("gmtime", ["seconds"], 1, 1, 0), |a| {
    let t = secs_or_now(a[0])?;
    tm_result(&tm_of(t, false)?)
});

os_fn!(localtime, os_sig!("localtime", ["seconds"], 1, 1, 0), |a| {
    let t = secs_or_now(a[0])?;
    tm_result(&tm_of(t, true)?)
});

/// `gettmarg`: a struct tm from a struct_time or a 9-tuple; the zone's bytes (from a
/// struct_time's tm_zone) are returned to be kept alive while `tm_zone` points at them.
unsafe fn tm_arg(func: &str, o: *mut PyObject) -> PyResult<(libc::tm, Option<std::ffi::CString>)> {
    if !tupleobject::check(o) {
        return Err(errors::type_error("Tuple or struct_time argument required"));
    }
    let n = tupleobject::len(o);
    if n != 9 {
        return Err(errors::type_error(&format!(
            "{func}(): illegal time tuple argument"
        )));
    }
    let items = tupleobject::items(o);
    let mut v = [0i64; 9];
    for (i, slot) in v.iter_mut().enumerate() {
        let it = *items.add(i);
        if floatobject::is_float(it) {
            return Err(errors::type_error(
                "'float' object cannot be interpreted as an integer",
            ));
        }
        let x = longobject::as_i64(it)?;
        if i > 0 && (x > c_int::MAX as i64 || x < c_int::MIN as i64) {
            return Err(errors::overflow_error(
                "signed integer is greater than maximum",
            ));
        }
        *slot = x;
    }
    let year = v[0];
    if year - 1900 > c_int::MAX as i64 || year - 1900 < c_int::MIN as i64 {
        return Err(errors::overflow_error("year out of range"));
    }
    let mut tm: libc::tm = core::mem::zeroed();
    tm.tm_year = (year - 1900) as c_int;
    tm.tm_mon = v[1] as c_int - 1;
    tm.tm_mday = v[2] as c_int;
    tm.tm_hour = v[3] as c_int;
    tm.tm_min = v[4] as c_int;
    tm.tm_sec = v[5] as c_int;
    tm.tm_wday = ((v[6] + 1) % 7) as c_int;
    tm.tm_yday = v[7] as c_int - 1;
    tm.tm_isdst = v[8] as c_int;
    let mut zone = None;
    if object::py_type(o).cast() == STRUCT_TIME {
        let z = crate::objects::structseq::get_item(o, 9);
        if !z.is_null() && z != object::none() {
            let b = unicodeobject::encode_locale(z, Some("surrogateescape"))?;
            let bytes = core::slice::from_raw_parts(
                crate::objects::bytesobject::data(b.as_ptr()),
                crate::objects::bytesobject::size(b.as_ptr()),
            );
            zone = std::ffi::CString::new(bytes).ok();
        }
        let off = crate::objects::structseq::get_item(o, 10);
        if !off.is_null() && off != object::none() {
            tm.tm_gmtoff = longobject::as_i64(off)?;
        }
    }
    if let Some(z) = &zone {
        tm.tm_zone = z.as_ptr();
    }
    Ok((tm, zone))
}

/// `checktm`: the ranges asctime and strftime accept.
fn check_tm(tm: &libc::tm) -> PyResult<()> {
    let bad = |m: &str| Err(errors::value_error(m));
    if !(0..=11).contains(&tm.tm_mon) {
        return bad("month out of range");
    }
    if !(1..=31).contains(&tm.tm_mday) {
        return bad("day of month out of range");
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return bad("hour out of range");
    }
    if !(0..=59).contains(&tm.tm_min) {
        return bad("minute out of range");
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return bad("seconds out of range");
    }
    if tm.tm_wday < 0 {
        return bad("day of week out of range");
    }
    if !(0..=365).contains(&tm.tm_yday) {
        return bad("day of year out of range");
    }
    Ok(())
}

fn asctime_text(tm: &libc::tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}{:>3} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        1900 + tm.tm_year as i64
    )
}

os_fn!(asctime, os_sig!("asctime", ["t"], 1, 1, 0), |a| {
    let tm = if a[0].is_null() {
        tm_of(secs_or_now(null_mut())?, true)?
    } else {
        let (tm, _z) = tm_arg("asctime", a[0])?;
        check_tm(&tm)?;
        tm
    };
    string(&asctime_text(&tm))
});

os_fn!(ctime, os_sig!("ctime", ["seconds"], 1, 1, 0), |a| {
    let t = secs_or_now(a[0])?;
    let tm = tm_of(t, true)?;
    string(&asctime_text(&tm))
});

os_fn!(mktime, os_sig!("mktime", ["t"], 1, 1, 1), |a| {
    let (mut tm, _z) = tm_arg("mktime", a[0])?;
    tm.tm_wday = -1;
    let t = libc::mktime(&mut tm);
    if t == -1 && tm.tm_wday == -1 {
        return Err(errors::overflow_error("mktime argument out of range"));
    }
    float(t as f64)
});

os_fn!(
    strftime,
    os_sig!("strftime", ["format", "tuple"], 2, 2, 1),
    |a| {
        if !unicodeobject::is_str(a[0]) {
            return Err(crate::getargs::bad_argument(
                "strftime",
                "argument 1",
                "str",
                a[0],
            ));
        }
        let (mut tm, _z) = if a[1].is_null() {
            (tm_of(secs_or_now(null_mut())?, true)?, None)
        } else {
            let r = tm_arg("strftime", a[1])?;
            // strftime accepts zeros where the struct has 1-based fields.
            r
        };
        if !a[1].is_null() {
            if tm.tm_mon == -1 {
                tm.tm_mon = 0;
            } else if !(0..=11).contains(&tm.tm_mon) {
                return Err(errors::value_error("month out of range"));
            }
            if tm.tm_mday == 0 {
                tm.tm_mday = 1;
            } else if !(0..=31).contains(&tm.tm_mday) {
                return Err(errors::value_error("day of month out of range"));
            }
            if !(0..=23).contains(&tm.tm_hour) {
                return Err(errors::value_error("hour out of range"));
            }
            if !(0..=59).contains(&tm.tm_min) {
                return Err(errors::value_error("minute out of range"));
            }
            if !(0..=61).contains(&tm.tm_sec) {
                return Err(errors::value_error("seconds out of range"));
            }
            if tm.tm_wday < 0 {
                return Err(errors::value_error("day of week out of range"));
            }
            if tm.tm_yday == -1 {
                tm.tm_yday = 0;
            } else if !(0..=365).contains(&tm.tm_yday) {
                return Err(errors::value_error("day of year out of range"));
            }
            if tm.tm_isdst < -1 {
                tm.tm_isdst = -1;
            } else if tm.tm_isdst > 1 {
                tm.tm_isdst = 1;
            }
        }
        let fmt = unicodeobject::encode_locale(a[0], Some("surrogateescape"))?;
        let fmt_bytes = core::slice::from_raw_parts(
            crate::objects::bytesobject::data(fmt.as_ptr()),
            crate::objects::bytesobject::size(fmt.as_ptr()),
        );
        if fmt_bytes.contains(&0) {
            return Err(errors::value_error("embedded null character"));
        }
        let cfmt = std::ffi::CString::new(fmt_bytes).unwrap_or_default();
        let mut size = 1024usize;
        loop {
            let mut buf = vec![0u8; size];
            let n = libc::strftime(buf.as_mut_ptr().cast(), size, cfmt.as_ptr(), &tm);
            // 0 is ambiguous (empty result or too small): grow up to 256 times the format's size.
            if n > 0 || size >= 256 * fmt_bytes.len().max(1) {
                return unicodeobject::decode_locale(&buf[..n], Some("surrogateescape"));
            }
            size *= 2;
        }
    }
);

os_fn!(
    strptime,
    os_sig!("strptime", ["string", "format"], 2, 2, 1),
    |a| {
        let m = crate::modules::posixmodule::args::import_module("_strptime")?;
        let f = object::get_attr_str(m.as_ptr(), "_strptime_time")?;
        let args = if a[1].is_null() {
            tupleobject::pack(&[a[0]])?
        } else {
            tupleobject::pack(&[a[0], a[1]])?
        };
        crate::objects::call::call(f.as_ptr(), args.as_ptr(), null_mut())
    }
);

/// Sets `timezone`, `altzone`, `daylight`, `tzname` as CPython does with glibc: by probing
/// the local time zone in January and July of the current year (the southern hemisphere has
/// its summer in January).
unsafe fn init_timezone(m: *mut PyObject) -> PyResult<()> {
    tzset_c();
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let now = clock_ns(libc::CLOCK_REALTIME)?.div_euclid(1_000_000_000);
    let probe = |t: i64| -> PyResult<(Vec<u8>, i64)> {
        let tm = tm_of(t, true)?;
        let mut name = if tm.tm_zone.is_null() {
            b"   ".to_vec()
        } else {
            CStr::from_ptr(tm.tm_zone).to_bytes().to_vec()
        };
        name.truncate(9);
        Ok((name, -tm.tm_gmtoff))
    };
    let t = (now / YEAR) * YEAR;
    let (janname, janzone) = probe(t)?;
    let (julyname, julyzone) = probe(t + YEAR / 2)?;
    const MAX_TIMEZONE: i64 = 48 * 3600;
    if !(-MAX_TIMEZONE..=MAX_TIMEZONE).contains(&janzone)
        || !(-MAX_TIMEZONE..=MAX_TIMEZONE).contains(&julyzone)
    {
        return Err(errors::set_string(
            crate::objects::exceptions::PyExc_RuntimeError,
            "invalid GMT offset",
        ));
    }
    let (std_off, dst_off, std_name, dst_name) = if janzone < julyzone {
        (julyzone, janzone, julyname, janname)
    } else {
        (janzone, julyzone, janname, julyname)
    };
    add(m, "timezone", int(std_off)?.as_ptr())?;
    add(m, "altzone", int(dst_off)?.as_ptr())?;
    add(m, "daylight", int((janzone != julyzone) as i64)?.as_ptr())?;
    let names = tuple(vec![
        unicodeobject::from_utf8(&std_name, None)?,
        unicodeobject::from_utf8(&dst_name, None)?,
    ])?;
    add(m, "tzname", names.as_ptr())
}

os_fn!(tzset, os_sig!("tzset", [], 0, 0, 0), |_a| {
    let m = crate::modules::posixmodule::args::import_module("time")?;
    init_timezone(m.as_ptr())?;
    Ok(none())
});

os_fn!(
    get_clock_info,
    os_sig!("get_clock_info", ["name"], 1, 1, 1),
    |a| {
        if !unicodeobject::is_str(a[0]) {
            return Err(crate::getargs::bad_argument(
                "get_clock_info",
                "argument",
                "str",
                a[0],
            ));
        }
        let name = unicodeobject::to_string_lossy(a[0]);
        let (clock, implementation, monotonic, adjustable) = match name.as_str() {
            "time" => (
                libc::CLOCK_REALTIME,
                "clock_gettime(CLOCK_REALTIME)",
                false,
                true,
            ),
            "monotonic" | "perf_counter" => (
                libc::CLOCK_MONOTONIC,
                "clock_gettime(CLOCK_MONOTONIC)",
                true,
                false,
            ),
            "process_time" => (
                libc::CLOCK_PROCESS_CPUTIME_ID,
                "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
                true,
                false,
            ),
            "thread_time" => (
                libc::CLOCK_THREAD_CPUTIME_ID,
                "clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
                true,
                false,
            ),
            _ => return Err(errors::value_error("unknown clock")),
        };
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if libc::clock_getres(clock, &mut ts) != 0 {
            return Err(posix_error());
        }
        let d = crate::objects::dictobject::new()?;
        crate::objects::dictobject::set_item_str(
            d.as_ptr(),
            "implementation",
            string(implementation)?.as_ptr(),
        )?;
        crate::objects::dictobject::set_item_str(
            d.as_ptr(),
            "monotonic",
            boolean(monotonic).as_ptr(),
        )?;
        crate::objects::dictobject::set_item_str(
            d.as_ptr(),
            "adjustable",
            boolean(adjustable).as_ptr(),
        )?;
        crate::objects::dictobject::set_item_str(
            d.as_ptr(),
            "resolution",
            float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)?.as_ptr(),
        )?;
        crate::objects::namespaceobject::new(d.as_ptr())
    }
);

fn methods() -> Vec<PyMethodDef> {
    let mut v = Vec::new();
    let mut e = |n, f, d| v.push(entry(n, f, d));
    e(c"time", time_fn, c"time() -> floating point number\n\nReturn the current time in seconds since the Epoch.\nFractions of a second may be present if the system clock provides them.");
    e(
        c"time_ns",
        time_ns,
        c"time_ns() -> int\n\nReturn the current time in nanoseconds since the Epoch.",
    );
    e(
        c"clock_gettime",
        clock_gettime,
        c"clock_gettime(clk_id) -> float\n\nReturn the time of the specified clock clk_id.",
    );
    e(c"clock_gettime_ns", clock_gettime_ns, c"clock_gettime_ns(clk_id) -> int\n\nReturn the time of the specified clock clk_id as nanoseconds (int).");
    e(
        c"clock_settime",
        clock_settime,
        c"clock_settime(clk_id, time)\n\nSet the time of the specified clock clk_id.",
    );
    e(c"clock_settime_ns", clock_settime_ns, c"clock_settime_ns(clk_id, time)\n\nSet the time of the specified clock clk_id with nanoseconds.");
    e(c"clock_getres", clock_getres, c"clock_getres(clk_id) -> floating point number\n\nReturn the resolution (precision) of the specified clock clk_id.");
    e(c"pthread_getcpuclockid", pthread_getcpuclockid, c"pthread_getcpuclockid(thread_id) -> int\n\nReturn the clk_id of a thread's CPU time clock.");
    e(c"sleep", sleep, c"sleep(seconds)\n\nDelay execution for a given number of seconds.  The argument may be\na floating point number for subsecond precision.");
    e(c"gmtime", gmtime, c"gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,\n                       tm_sec, tm_wday, tm_yday, tm_isdst)\n\nConvert seconds since the Epoch to a time tuple expressing UTC (a.k.a.\nGMT).  When 'seconds' is not passed in, convert the current time instead.\n\nIf the platform supports the tm_gmtoff and tm_zone, they are available as\nattributes only.");
    e(c"localtime", localtime, c"localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,\n                          tm_sec,tm_wday,tm_yday,tm_isdst)\n\nConvert seconds since the Epoch to a time tuple expressing local time.\nWhen 'seconds' is not passed in, convert the current time instead.");
    e(c"asctime", asctime, c"asctime([tuple]) -> string\n\nConvert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'.\nWhen the time tuple is not present, current time as returned by localtime()\nis used.");
    e(c"ctime", ctime, c"ctime(seconds) -> string\n\nConvert a time in seconds since the Epoch to a string in local time.\nThis is equivalent to asctime(localtime(seconds)). When the time tuple is\nnot present, current time as returned by localtime() is used.");
    e(c"mktime", mktime, c"mktime(tuple) -> floating point number\n\nConvert a time tuple in local time to seconds since the Epoch.\nNote that mktime(gmtime(0)) will not generally return zero for most\ntime zones; instead the returned value will either be equal to that\nof the timezone or altzone attributes on the time module.");
    e(c"strftime", strftime, c"strftime(format[, tuple]) -> string\n\nConvert a time tuple to a string according to a format specification.\nSee the library reference manual for formatting codes. When the time tuple\nis not present, current time as returned by localtime() is used.");
    e(c"strptime", strptime, c"strptime(string, format) -> struct_time\n\nParse a string to a time tuple according to a format specification.\nSee the library reference manual for formatting codes (same as\nstrftime()).");
    e(c"tzset", tzset, c"tzset()\n\nInitialize, or reinitialize, the local timezone to the value stored in\nos.environ['TZ'].");
    e(
        c"monotonic",
        monotonic,
        c"monotonic() -> float\n\nMonotonic clock, cannot go backward.",
    );
    e(
        c"monotonic_ns",
        monotonic_ns,
        c"monotonic_ns() -> int\n\nMonotonic clock, cannot go backward, as nanoseconds.",
    );
    e(c"process_time", process_time, c"process_time() -> float\n\nProcess time for profiling: sum of the kernel and user-space CPU time.");
    e(c"process_time_ns", process_time_ns, c"process_time() -> int\n\nProcess time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time.");
    e(c"thread_time", thread_time, c"thread_time() -> float\n\nThread time for profiling: sum of the kernel and user-space CPU time.");
    e(c"thread_time_ns", thread_time_ns, c"thread_time() -> int\n\nThread time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time.");
    e(
        c"perf_counter",
        perf_counter,
        c"perf_counter() -> float\n\nPerformance counter for benchmarking.",
    );
    e(
        c"perf_counter_ns",
        perf_counter_ns,
        c"perf_counter_ns() -> int\n\nPerformance counter for benchmarking as nanoseconds.",
    );
    e(
        c"get_clock_info",
        get_clock_info,
        c"get_clock_info(name: str) -> dict\n\nGet information of the specified clock.",
    );
    v
}

const TIME_CONSTANTS: &[(&str, i64)] = &[
    ("CLOCK_BOOTTIME", 7),
    ("CLOCK_MONOTONIC", 1),
    ("CLOCK_MONOTONIC_RAW", 4),
    ("CLOCK_PROCESS_CPUTIME_ID", 2),
    ("CLOCK_REALTIME", 0),
    ("CLOCK_TAI", 11),
    ("CLOCK_THREAD_CPUTIME_ID", 3),
    ("_STRUCT_TM_ITEMS", 11),
];

/// `PyInit_time`.
///
/// # Safety
/// Called with the GIL held, by the import machinery.
pub unsafe extern "C" fn init_module() -> *mut PyObject {
    let r = (|| -> PyResult<Ref> {
        let m = create_module(c"time", c"This module provides various functions to manipulate time values.\n\nThere are two standard representations of time.  One is the number\nof seconds since the Epoch, in UTC (a.k.a. GMT).  It may be an integer\nor a floating point number (to represent fractions of seconds).\nThe Epoch is system-defined; on Unix, it is generally January 1st, 1970.\nThe actual value can be retrieved by calling gmtime(0).\n\nThe other representation is a tuple of 9 integers giving local time.\nThe tuple items are:\n  year (including century, e.g. 1998)\n  month (1-12)\n  day (1-31)\n  hours (0-23)\n  minutes (0-59)\n  seconds (0-59)\n  weekday (0-6, Monday is 0)\n  Julian day (day in the year, 1-366)\n  DST (Daylight Savings Time) flag (-1, 0 or 1)\nIf the DST flag is 0, the time is given in the regular time zone;\nif it is 1, the time is given in the DST time zone;\nif it is -1, mktime() should guess based on the date and time.\n", methods)?;
        add_ints(m.as_ptr(), TIME_CONSTANTS)?;
        if STRUCT_TIME.is_null() {
            STRUCT_TIME = crate::modules::posixmodule::make_structseq(
                c"time.struct_time",
                c"The time value as returned by gmtime(), localtime(), and strptime(), and\n accepted by asctime(), mktime() and strftime().  May be considered as a\n sequence of 9 integers.\n\n Note that several fields' values are not the same as those defined by\n the C language standard for struct tm.  For example, the value of the\n field tm_year is the actual year, not year - 1900.  See individual\n fields' descriptions for details.",
                &[
                    (Some(c"tm_year"), c"year, for example, 1993"),
                    (Some(c"tm_mon"), c"month of year, range [1, 12]"),
                    (Some(c"tm_mday"), c"day of month, range [1, 31]"),
                    (Some(c"tm_hour"), c"hours, range [0, 23]"),
                    (Some(c"tm_min"), c"minutes, range [0, 59]"),
                    (Some(c"tm_sec"), c"seconds, range [0, 61])"),
                    (Some(c"tm_wday"), c"day of week, range [0, 6], Monday is 0"),
                    (Some(c"tm_yday"), c"day of year, range [1, 366]"),
                    (Some(c"tm_isdst"), c"1 if summer time is in effect, 0 if not, and -1 if unknown"),
                    (Some(c"tm_zone"), c"abbreviation of timezone name"),
                    (Some(c"tm_gmtoff"), c"offset from UTC in seconds"),
                ],
                9,
            )?;
        }
        add(m.as_ptr(), "struct_time", STRUCT_TIME)?;
        init_timezone(m.as_ptr())?;
        Ok(m)
    })();
    errors::ptr_result(r)
}
