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

// --- Conversions between `_PyTime_t` (nanoseconds) and other units, as `Python/pytime.c`. ---

use crate::abi::object::PyObject;
use crate::errors::{self, PyResult};

const SEC_TO_NS: i64 = 1_000_000_000;
const MS_TO_NS: i64 = 1_000_000;
const US_TO_NS: i64 = 1_000;
const SEC_TO_US: i64 = 1_000_000;

/// `_PyTime_round_t`: how a conversion that loses precision rounds.
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Round {
    /// Toward minus infinity.
    Floor = 0,
    /// Toward plus infinity.
    Ceiling = 1,
    /// To nearest, ties to even.
    HalfEven = 2,
    /// Away from zero.
    Up = 3,
}

impl Round {
    /// The C enum value; anything unknown behaves as `Up` (the last branch in CPython).
    pub fn from_c(v: i32) -> Round {
        match v {
            0 => Round::Floor,
            1 => Round::Ceiling,
            2 => Round::HalfEven,
            _ => Round::Up,
        }
    }
}

/// OverflowError for a value that does not fit `_PyTime_t`.
fn overflow() -> errors::ErrSet {
    errors::overflow_error("timestamp too large to convert to C _PyTime_t")
}

/// OverflowError for a value that does not fit `time_t`.
fn time_t_overflow() -> errors::ErrSet {
    errors::overflow_error("timestamp out of range for platform time_t")
}

/// `_PyTime_Add`: saturating addition.
pub fn add(t1: i64, t2: i64) -> i64 {
    t1.saturating_add(t2)
}

/// `t * k` (k >= 0), or None on overflow.
fn mul(t: i64, k: i64) -> Option<i64> {
    t.checked_mul(k)
}

/// `_PyTime_FromSeconds(int)`.
pub fn from_seconds(seconds: i32) -> i64 {
    seconds as i64 * SEC_TO_NS
}

/// Rounds a float to an integral value per `round`.
fn round_double(x: f64, round: Round) -> f64 {
    match round {
        Round::HalfEven => {
            let r = x.round();
            if (x - r).abs() == 0.5 {
                2.0 * (x / 2.0).round()
            } else {
                r
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

/// `_PyTime_FromNanosecondsObject`: an int of nanoseconds.
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn from_nanoseconds_object(obj: *mut PyObject) -> PyResult<i64> {
    if !crate::objects::longobject::is_int(obj) {
        return Err(errors::type_error(&format!(
            "expect int, got {}",
            crate::objects::object::type_name(obj)
        )));
    }
    as_long_long_or_overflow(obj)
}

/// `PyLong_AsLongLong`, its OverflowError replaced by the `_PyTime_t` one.
unsafe fn as_long_long_or_overflow(obj: *mut PyObject) -> PyResult<i64> {
    crate::objects::longobject::as_i64(obj).map_err(|e| {
        if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
            overflow()
        } else {
            e
        }
    })
}

/// `pytime_from_object`: a float or an int in `unit_to_ns` units.
unsafe fn from_object(obj: *mut PyObject, round: Round, unit_to_ns: i64) -> PyResult<i64> {
    if crate::objects::floatobject::is_float(obj) {
        let d = crate::objects::floatobject::as_f64(obj)?;
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let ns = round_double(d * unit_to_ns as f64, round);
        // The C range check compares against (double)INT64_MAX, which is 2**63; CPython 3.11.7
        // reports a float out of range with the time_t message.
        if !(ns >= i64::MIN as f64 && ns <= i64::MAX as f64) {
            return Err(time_t_overflow());
        }
        return Ok(ns as i64);
    }
    let v = as_long_long_or_overflow(obj)?;
    mul(v, unit_to_ns).ok_or_else(overflow)
}

/// `_PyTime_FromSecondsObject`.
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn from_seconds_object(obj: *mut PyObject, round: Round) -> PyResult<i64> {
    from_object(obj, round, SEC_TO_NS)
}

/// `_PyTime_FromMillisecondsObject`.
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn from_milliseconds_object(obj: *mut PyObject, round: Round) -> PyResult<i64> {
    from_object(obj, round, MS_TO_NS)
}

/// `_PyTime_AsSecondsDouble`: exact for whole seconds.
pub fn as_seconds_double(t: i64) -> f64 {
    if t % SEC_TO_NS == 0 {
        (t / SEC_TO_NS) as f64
    } else {
        t as f64 / 1e9
    }
}

/// `t / k` rounded away from zero, without overflow.
fn divide_round_up(t: i64, k: i64) -> i64 {
    let q = t / k;
    if t % k != 0 {
        if t >= 0 {
            q + 1
        } else {
            q - 1
        }
    } else {
        q
    }
}

/// `t / k` (k > 1) rounded per `round`.
fn divide(t: i64, k: i64, round: Round) -> i64 {
    match round {
        Round::HalfEven => {
            let mut x = t / k;
            let r = (t % k).abs();
            if r > k / 2 || (r == k / 2 && x.abs() & 1 == 1) {
                if t >= 0 {
                    x += 1
                } else {
                    x -= 1
                }
            }
            x
        }
        Round::Ceiling => {
            if t >= 0 {
                divide_round_up(t, k)
            } else {
                t / k
            }
        }
        Round::Floor => {
            if t >= 0 {
                t / k
            } else {
                divide_round_up(t, k)
            }
        }
        Round::Up => divide_round_up(t, k),
    }
}

/// `(t // k, t % k)` with `0 <= r < k`; Err((MIN, 0)) on underflow.
fn divmod(t: i64, k: i64) -> Result<(i64, i64), (i64, i64)> {
    let (mut q, mut r) = (t / k, t % k);
    if r < 0 {
        if q == i64::MIN {
            return Err((i64::MIN, 0));
        }
        r += k;
        q -= 1;
    }
    Ok((q, r))
}

/// `_PyTime_AsMicroseconds`.
pub fn as_microseconds(t: i64, round: Round) -> i64 {
    divide(t, US_TO_NS, round)
}

/// `_PyTime_AsMilliseconds`.
pub fn as_milliseconds(t: i64, round: Round) -> i64 {
    divide(t, MS_TO_NS, round)
}

/// `pytime_as_timeval`: (seconds, microseconds); Err carries the clamped pair on underflow.
pub fn as_timeval_parts(t: i64, round: Round) -> Result<(i64, i32), (i64, i32)> {
    let us = divide(t, US_TO_NS, round);
    match divmod(us, SEC_TO_US) {
        Ok((s, u)) => Ok((s, u as i32)),
        Err((s, u)) => Err((s, u as i32)),
    }
}

/// `_PyTime_AsTimeval`: OverflowError (time_t message) on underflow; the clamped value is
/// returned alongside either way, for `_PyTime_AsTimeval_clamp`.
pub fn as_timeval(t: i64, round: Round) -> (libc::timeval, PyResult<()>) {
    let (parts, ok) = match as_timeval_parts(t, round) {
        Ok(p) => (p, true),
        Err(p) => (p, false),
    };
    let tv = libc::timeval {
        tv_sec: parts.0 as libc::time_t,
        tv_usec: parts.1 as libc::suseconds_t,
    };
    (tv, if ok { Ok(()) } else { Err(time_t_overflow()) })
}

/// `_PyTime_AsTimevalTime_t`.
pub fn as_timeval_time_t(t: i64, round: Round) -> PyResult<(libc::time_t, i32)> {
    match as_timeval_parts(t, round) {
        Ok((s, u)) => Ok((s as libc::time_t, u)),
        Err(_) => Err(time_t_overflow()),
    }
}

/// `_PyDeadline_Init`: monotonic now + timeout, saturating.
pub fn deadline_init(timeout: i64) -> i64 {
    add(monotonic_clock(), timeout)
}

/// `_PyDeadline_Get`: time left until `deadline` (negative once passed).
pub fn deadline_get(deadline: i64) -> i64 {
    deadline.wrapping_sub(monotonic_clock())
}

/// True when the integral float `d` converts to `time_t` (64-bit; the C check compares against
/// `(double)INT64_MAX`, i.e. 2**63 inclusive).
fn fits_time_t(d: f64) -> bool {
    d >= i64::MIN as f64 && d <= i64::MAX as f64
}

/// `_PyLong_AsTime_t`: an int as `time_t`, OverflowError with the time_t message.
unsafe fn long_as_time_t(obj: *mut PyObject) -> PyResult<i64> {
    crate::objects::longobject::as_i64(obj).map_err(|e| {
        if errors::exception_matches(crate::objects::exceptions::PyExc_OverflowError) {
            time_t_overflow()
        } else {
            e
        }
    })
}

/// `_PyTime_ObjectToTime_t`: an int or a float (rounded per `round`) as whole seconds.
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn object_to_time_t(obj: *mut PyObject, round: Round) -> PyResult<i64> {
    if crate::objects::floatobject::is_float(obj) {
        let d = crate::objects::floatobject::as_f64(obj)?;
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let whole = round_double(d, round).trunc();
        if !fits_time_t(whole) {
            return Err(time_t_overflow());
        }
        return Ok(whole as i64);
    }
    long_as_time_t(obj)
}

/// `pytime_object_to_denominator`: (seconds, fraction in 1/`denominator` units, 0 <= fraction
/// < denominator) from an int or a float rounded per `round`.
unsafe fn object_to_denominator(obj: *mut PyObject, denominator: i64, round: Round) -> PyResult<(i64, i64)> {
    if crate::objects::floatobject::is_float(obj) {
        let d = crate::objects::floatobject::as_f64(obj)?;
        if d.is_nan() {
            return Err(errors::value_error("Invalid value NaN (not a number)"));
        }
        let den = denominator as f64;
        let mut intpart = d.trunc();
        let mut frac = round_double((d - intpart) * den, round);
        if frac >= den {
            frac -= den;
            intpart += 1.0;
        } else if frac < 0.0 {
            frac += den;
            intpart -= 1.0;
        }
        if !fits_time_t(intpart) {
            return Err(time_t_overflow());
        }
        return Ok((intpart as i64, frac as i64));
    }
    Ok((long_as_time_t(obj)?, 0))
}

/// `_PyTime_ObjectToTimeval`: (seconds, microseconds).
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn object_to_timeval(obj: *mut PyObject, round: Round) -> PyResult<(i64, i64)> {
    object_to_denominator(obj, SEC_TO_US, round)
}

/// `_PyTime_ObjectToTimespec`: (seconds, nanoseconds).
///
/// # Safety
/// `obj` points to a live object.
pub unsafe fn object_to_timespec(obj: *mut PyObject, round: Round) -> PyResult<(i64, i64)> {
    object_to_denominator(obj, SEC_TO_NS, round)
}

/// `_PyTime_gmtime` / `_PyTime_localtime`: the broken-down time of `t`, written into `tm` (the C
/// library may write part of it even when it fails); OSError from errno (EINVAL when the C
/// library sets none) when `t` is out of its range.
pub fn broken_down(t: libc::time_t, local: bool, tm: &mut libc::tm) -> PyResult<()> {
    // SAFETY: gmtime_r/localtime_r only write to `tm`; errno is this thread's.
    unsafe {
        *libc::__errno_location() = 0;
        let r = if local { libc::localtime_r(&t, tm) } else { libc::gmtime_r(&t, tm) };
        if r.is_null() {
            if *libc::__errno_location() == 0 {
                *libc::__errno_location() = libc::EINVAL;
            }
            return Err(errors::set_from_errno_with_filenames(
                crate::objects::exceptions::PyExc_OSError,
                core::ptr::null_mut(),
                core::ptr::null_mut(),
            ));
        }
        Ok(())
    }
}
