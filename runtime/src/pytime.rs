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
