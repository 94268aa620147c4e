//! `cpython/pytime.h`: the `_PyTime_t` clocks, unit conversions and deadlines. Wrappers over
//! `ferrython_runtime::pytime`.

use ferrython_runtime::abi::object::PyObject;
use ferrython_runtime::objects::floatobject;
use ferrython_runtime::pytime::{self, Round};
use std::ffi::c_int;

exported!(fn _PyTime_GetSystemClock() -> i64 => pytime::system_clock());
exported!(fn _PyTime_GetMonotonicClock() -> i64 => pytime::monotonic_clock());
exported!(fn _PyTime_GetPerfCounter() -> i64 => pytime::perf_counter());

/// Stores `r`'s value in `*out` and returns 0, or returns -1 with the exception set.
unsafe fn store(r: ferrython_runtime::errors::PyResult<i64>, out: *mut i64) -> c_int {
    match r {
        Ok(v) => {
            *out = v;
            0
        }
        Err(_) => -1,
    }
}

exported!(fn _PyTime_FromSeconds(seconds: c_int) -> i64 => pytime::from_seconds(seconds));
exported!(fn _PyTime_FromNanoseconds(ns: i64) -> i64 => ns);
exported!(fn _PyTime_AsNanoseconds(t: i64) -> i64 => t);
exported!(fn _PyTime_Add(t1: i64, t2: i64) -> i64 => pytime::add(t1, t2));
exported!(fn _PyTime_FromNanosecondsObject(tp: *mut i64, obj: *mut PyObject) -> c_int =>
    store(pytime::from_nanoseconds_object(obj), tp));
exported!(fn _PyTime_FromSecondsObject(tp: *mut i64, obj: *mut PyObject, round: c_int) -> c_int =>
    store(pytime::from_seconds_object(obj, Round::from_c(round)), tp));
exported!(fn _PyTime_FromMillisecondsObject(tp: *mut i64, obj: *mut PyObject, round: c_int) -> c_int =>
    store(pytime::from_milliseconds_object(obj, Round::from_c(round)), tp));
exported!(fn _PyTime_AsSecondsDouble(t: i64) -> f64 => pytime::as_seconds_double(t));
exported!(fn _PyTime_AsMicroseconds(t: i64, round: c_int) -> i64 => pytime::as_microseconds(t, Round::from_c(round)));
exported!(fn _PyTime_AsMilliseconds(t: i64, round: c_int) -> i64 => pytime::as_milliseconds(t, Round::from_c(round)));
exported!(fn _PyTime_AsTimeval(t: i64, tv: *mut libc::timeval, round: c_int) -> c_int => {
    let (v, r) = pytime::as_timeval(t, Round::from_c(round));
    *tv = v;
    if r.is_ok() { 0 } else { -1 }
});
exported!(fn _PyTime_AsTimeval_clamp(t: i64, tv: *mut libc::timeval, round: c_int) => {
    *tv = pytime::as_timeval(t, Round::from_c(round)).0;
});
exported!(fn _PyTime_AsTimevalTime_t(t: i64, secs: *mut libc::time_t, us: *mut c_int, round: c_int) -> c_int => {
    match pytime::as_timeval_time_t(t, Round::from_c(round)) {
        Ok((s, u)) => {
            *secs = s;
            *us = u;
            0
        }
        Err(_) => -1,
    }
});
exported!(fn _PyDeadline_Init(timeout: i64) -> i64 => pytime::deadline_init(timeout));
exported!(fn _PyDeadline_Get(deadline: i64) -> i64 => pytime::deadline_get(deadline));
exported!(
    /// On failure an int argument leaves -1 in `*sec`, as CPython.
    fn _PyTime_ObjectToTime_t(obj: *mut PyObject, sec: *mut libc::time_t, round: c_int) -> c_int => {
        let r = pytime::object_to_time_t(obj, Round::from_c(round));
        if r.is_err() && !floatobject::is_float(obj) {
            *sec = -1;
        }
        store(r, sec)
    }
);
exported!(fn _PyTime_ObjectToTimeval(obj: *mut PyObject, sec: *mut libc::time_t, usec: *mut std::ffi::c_long, round: c_int) -> c_int =>
    store_pair(obj, pytime::object_to_timeval(obj, Round::from_c(round)), sec, usec));
exported!(fn _PyTime_ObjectToTimespec(obj: *mut PyObject, sec: *mut libc::time_t, nsec: *mut std::ffi::c_long, round: c_int) -> c_int =>
    store_pair(obj, pytime::object_to_timespec(obj, Round::from_c(round)), sec, nsec));
exported!(fn _PyTime_gmtime(t: libc::time_t, tm: *mut libc::tm) -> c_int =>
    if pytime::broken_down(t, false, &mut *tm).is_ok() { 0 } else { -1 });
exported!(fn _PyTime_localtime(t: libc::time_t, tm: *mut libc::tm) -> c_int =>
    if pytime::broken_down(t, true, &mut *tm).is_ok() { 0 } else { -1 });

/// Stores a (seconds, fraction) pair and returns 0, or returns -1 with the exception set,
/// leaving in the outputs what CPython leaves: fraction 0 for a NaN, (-1, 0) for a bad int.
unsafe fn store_pair(obj: *mut PyObject, r: ferrython_runtime::errors::PyResult<(i64, i64)>, sec: *mut i64, frac: *mut std::ffi::c_long) -> c_int {
    match r {
        Ok((s, f)) => {
            *sec = s;
            *frac = f;
            0
        }
        Err(_) => {
            if !floatobject::is_float(obj) {
                *sec = -1;
                *frac = 0;
            } else if floatobject::value(obj).is_nan() {
                *frac = 0;
            }
            -1
        }
    }
}
