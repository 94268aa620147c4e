//! C's `frexp` and `ldexp` from the system libm (exact, and what CPython's results are made
//! of): splitting a double into mantissa and exponent, and scaling by a power of two.

extern "C" {
    #[link_name = "frexp"]
    fn c_frexp(x: f64, e: *mut core::ffi::c_int) -> f64;
    #[link_name = "ldexp"]
    fn c_ldexp(x: f64, e: core::ffi::c_int) -> f64;
}

/// C's `frexp`: `v = m * 2**e` with `0.5 <= |m| < 1` (m = v, e = 0 for 0, inf, nan).
pub fn frexp(v: f64) -> (f64, i32) {
    let mut e: core::ffi::c_int = 0;
    // SAFETY: libm's frexp writes the exponent through a valid pointer.
    let m = unsafe { c_frexp(v, &mut e) };
    (m, e)
}

/// C's `ldexp`: `m * 2**e`, correctly rounded, overflowing to infinity.
pub fn ldexp(m: f64, e: i64) -> f64 {
    let e = e.clamp(i32::MIN as i64, i32::MAX as i64) as core::ffi::c_int;
    // SAFETY: libm's ldexp is a pure function.
    unsafe { c_ldexp(m, e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_ldexp_round_trip() {
        let _runtime = crate::testing::hold_runtime();
        for &v in &[
            1.0,
            0.1,
            5e-324,
            2.2250738585072014e-308,
            1.7976931348623157e308,
            -3.5,
        ] {
            let (m, e) = frexp(v);
            assert!((0.5..1.0).contains(&m.abs()));
            assert_eq!(ldexp(m, e as i64), v);
        }
        assert_eq!(ldexp(1.0, -1075), 0.0);
        assert_eq!(ldexp(1.0, -1074), 5e-324);
        assert_eq!(ldexp(0.75, -1073), 1e-323); // 1.5 quanta: ties to even
        assert_eq!(ldexp(1.0, 1024), f64::INFINITY);
    }
}
