//! `pytime.c`: the `_PyTime_t` clocks (signed 64-bit nanoseconds) that time, _random,
//! math and the GIL read.

/// Nanoseconds of `clock_gettime(clock)`; the clocks used here cannot fail on Linux.
fn read_clock(clock: libc::clockid_t) -> i64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-parameter for clock_gettime.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    (ts.tv_sec as i64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as i64)
}

/// `_PyTime_GetSystemClock`: wall-clock time (CLOCK_REALTIME).
pub fn system_clock() -> i64 {
    read_clock(libc::CLOCK_REALTIME)
}

/// `_PyTime_GetMonotonicClock`: CLOCK_MONOTONIC.
pub fn monotonic_clock() -> i64 {
    read_clock(libc::CLOCK_MONOTONIC)
}

/// `_PyTime_GetPerfCounter`: CPython uses the monotonic clock for it on Linux.
pub fn perf_counter() -> i64 {
    monotonic_clock()
}

// ---------------------------------------------------------------------------------------------
// Conversions (CPython's pytime.c), for the C modules that time out (select, _socket, _queue,
// _ssl) and _lsprof.

use crate::abi::PyObject;
use crate::errors::{self, PyResult};

/// `_PyTime_round_t`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Round {
    Floor,
    Ceiling,
    HalfEven,
    /// Away from zero (`_PyTime_ROUND_UP`, also `_PyTime_ROUND_TIMEOUT`).
    Up,
}

impl Round {
    /// The C enum's value (0 floor, 1 ceiling, 2 half-even, 3 up); others are treated as up.
    pub fn from_c(v: core::ffi::c_int) -> Round {
        match v {
            0 => Round::Floor,
            1 => Round::Ceiling,
            2 => Round::HalfEven,
            _ => Round::Up,
        }
    }
}

pub const SEC_TO_NS: i64 = 1_000_000_000;
pub const MS_TO_NS: i64 = 1_000_000;
pub const US_TO_NS: i64 = 1_000;

fn overflow() -> errors::ErrSet {
    errors::overflow_error("timestamp too large to convert to C _PyTime_t")
}

fn time_t_overflow() -> errors::ErrSet {
    errors::overflow_error("timestamp out of range for platform time_t")
}

/// `pytime_round`.
pub fn round_double(x: f64, round: Round) -> f64 {
    match round {
        Round::HalfEven => {
            let rounded = x.round();
            if (x - rounded).abs() == 0.5 {
                2.0 * (x / 2.0).round()
            } else {
                rounded
            }
        }
        Round::Ceiling => x.ceil(),
        Round::Floor => x.floor(),
        Round::Up => {
            if x >= 0.0 {
                x.ceil()
            } else {
                x.floor()
            }
        }
    }
}

/// `pytime_divide`: `t / k` rounded as asked.
pub fn divide(t: i64, k: i64, round: Round) -> i64 {
    let up = |t: i64| {
        let q = t / k;
        if t % k == 0 {
            q
        } else if t >= 0 {
            q + 1
        } else {
            q - 1
        }
    };
    match round {
        Round::HalfEven => {
            let (mut x, r) = (t / k, t % k);
            if r.abs() > k / 2 || (r.abs() == k / 2 && x.abs() & 1 == 1) {
                x += if t >= 0 { 1 } else { -1 };
            }
            x
        }
        Round::Ceiling => {
            if t >= 0 {
                up(t)
            } else {
                t / k
            }
        }
        Round::Floor => {
            if t >= 0 {
                t / k
            } else {
                up(t)
            }
        }
        Round::Up => up(t),
    }
}

/// `pytime_divmod`: (t / k, t % k) with 0 <= remainder < k; Err on underflow.
fn divmod(t: i64, k: i64) -> Result<(i64, i64), ()> {
    let (q, r) = (t / k, t % k);
    if r < 0 {
        if q == i64::MIN {
            return Err(());
        }
        return Ok((q - 1, r + k));
    }
    Ok((q, r))
}

/// `pytime_from_object`: an int or float number of `unit_to_ns` units as nanoseconds.
///
/// # Safety
/// `obj` is live; GIL held.
pub unsafe fn from_object(obj: *mut PyObject, round: Round, unit_to_ns: i64) -> PyResult<i64> {
    use crate::objects::{floatobject, longobject};
    if floatobject::is_float(obj) {
        let d = floatobject::as_f64(obj)?;
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let d = round_double(d * unit_to_ns as f64, round);
        if !(d >= i64::MIN as f64 && d < -(i64::MIN as f64)) {
            // 3.11.7 reports a float out of range with the time_t message.
            return Err(time_t_overflow());
        }
        return Ok(d as i64);
    }
    let sec = match longobject::as_i64(obj) {
        Ok(v) => v,
        Err(e) => {
            if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
                errors::clear();
                return Err(overflow());
            }
            return Err(e);
        }
    };
    sec.checked_mul(unit_to_ns).ok_or_else(overflow)
}

/// `_PyTime_FromNanosecondsObject`.
///
/// # Safety
/// `obj` is live; GIL held.
pub unsafe fn from_nanoseconds_object(obj: *mut PyObject) -> PyResult<i64> {
    if !crate::objects::longobject::is_int(obj) {
        return Err(errors::type_error(&format!(
            "expect int, got {}",
            crate::objects::object::type_name(obj)
        )));
    }
    crate::objects::longobject::as_i64(obj).map_err(|e| {
        if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
            errors::clear();
            overflow()
        } else {
            e
        }
    })
}

/// `_PyTime_AsSecondsDouble`.
pub fn as_seconds_double(t: i64) -> f64 {
    if t % SEC_TO_NS == 0 {
        (t / SEC_TO_NS) as f64
    } else {
        t as f64 / SEC_TO_NS as f64
    }
}

/// `pytime_as_timeval`: (seconds, microseconds), Err when the seconds underflow.
pub fn as_timeval(t: i64, round: Round) -> (i64, i64, bool) {
    let us = divide(t, US_TO_NS, round);
    match divmod(us, 1_000_000) {
        Ok((s, u)) => (s, u, true),
        Err(()) => (i64::MIN, 0, false),
    }
}

/// `_PyTime_AsTimeval`, raising OverflowError as CPython's when out of range.
pub fn as_timeval_checked(t: i64, round: Round) -> PyResult<(i64, i64)> {
    let (s, u, ok) = as_timeval(t, round);
    if !ok {
        return Err(time_t_overflow());
    }
    Ok((s, u))
}

/// `_PyDeadline_Init`: now + timeout on the monotonic clock, saturating.
pub fn deadline_init(timeout: i64) -> i64 {
    monotonic_clock().saturating_add(timeout)
}

/// `_PyDeadline_Get`: what is left of a deadline.
pub fn deadline_get(deadline: i64) -> i64 {
    deadline.wrapping_sub(monotonic_clock())
}
