//! `cpython/pytime.h`: the `_PyTime_t` clocks. Wrappers over `ferrython_runtime::pytime`.

use ferrython_runtime::pytime;

exported!(fn _PyTime_GetSystemClock() -> i64 => pytime::system_clock());
exported!(fn _PyTime_GetMonotonicClock() -> i64 => pytime::monotonic_clock());
exported!(fn _PyTime_GetPerfCounter() -> i64 => pytime::perf_counter());

use core::ffi::c_int;
use ferrython_runtime::abi::PyObject;
use ferrython_runtime::errors::int_result;
use pytime::Round;

/// Stores `r`'s value in `out` (0) or leaves the exception set (-1).
unsafe fn store(r: ferrython_runtime::errors::PyResult<i64>, out: *mut i64) -> c_int {
    int_result(r.map(|v| *out = v))
}

exported!(fn _PyTime_FromSeconds(seconds: c_int) -> i64 => seconds as i64 * pytime::SEC_TO_NS);
exported!(fn _PyTime_FromNanoseconds(ns: i64) -> i64 => ns);
exported!(fn _PyTime_FromNanosecondsObject(t: *mut i64, obj: *mut PyObject) -> c_int => store(pytime::from_nanoseconds_object(obj), t));
exported!(fn _PyTime_FromSecondsObject(t: *mut i64, obj: *mut PyObject, round: c_int) -> c_int =>
    store(pytime::from_object(obj, Round::from_c(round), pytime::SEC_TO_NS), t));
exported!(fn _PyTime_FromMillisecondsObject(t: *mut i64, obj: *mut PyObject, round: c_int) -> c_int =>
    store(pytime::from_object(obj, Round::from_c(round), pytime::MS_TO_NS), t));
exported!(fn _PyTime_AsSecondsDouble(t: i64) -> f64 => pytime::as_seconds_double(t));
exported!(fn _PyTime_AsMilliseconds(t: i64, round: c_int) -> i64 => pytime::divide(t, pytime::MS_TO_NS, Round::from_c(round)));
exported!(fn _PyTime_AsMicroseconds(t: i64, round: c_int) -> i64 => pytime::divide(t, pytime::US_TO_NS, Round::from_c(round)));
exported!(fn _PyTime_AsNanoseconds(t: i64) -> i64 => t);
exported!(fn _PyTime_AsTimeval(t: i64, tv: *mut libc::timeval, round: c_int) -> c_int => {
    match pytime::as_timeval_checked(t, Round::from_c(round)) {
        Ok((s, u)) => {
            (*tv).tv_sec = s;
            (*tv).tv_usec = u;
            0
        }
        Err(_) => {
            (*tv).tv_sec = i64::MIN;
            (*tv).tv_usec = 0;
            -1
        }
    }
});
exported!(fn _PyTime_AsTimeval_clamp(t: i64, tv: *mut libc::timeval, round: c_int) => {
    let (s, u, _) = pytime::as_timeval(t, Round::from_c(round));
    (*tv).tv_sec = s;
    (*tv).tv_usec = u;
});
exported!(fn _PyDeadline_Init(timeout: i64) -> i64 => pytime::deadline_init(timeout));
exported!(fn _PyDeadline_Get(deadline: i64) -> i64 => pytime::deadline_get(deadline));
