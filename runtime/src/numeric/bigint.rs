//! Magnitude arithmetic on little-endian base-2**30 digit slices (the digits of a
//! `PyLongObject`, without the sign): comparison, addition, subtraction, schoolbook and
//! Karatsuba multiplication, Knuth's long division, shifts, and conversion to and from
//! decimal text. Slices given to these functions are normalized (no leading zero digit)
//! unless a function says otherwise; results written to `out` slices may carry leading zeros
//! that the caller strips (CPython's `long_normalize`).

use core::cmp::Ordering;

pub const SHIFT: u32 = 30;
pub const BASE: u32 = 1 << SHIFT;
pub const MASK: u32 = BASE - 1;

/// Below this many digits in the smaller factor, schoolbook multiplication wins (CPython's
/// `KARATSUBA_CUTOFF`); squaring has its own, higher cutoff.
const KARATSUBA_CUTOFF: usize = 70;
const KARATSUBA_SQUARE_CUTOFF: usize = 2 * KARATSUBA_CUTOFF;

/// The length of `d` without its leading (most significant) zero digits.
#[inline]
pub fn normalized_len(d: &[u32]) -> usize {
    let mut n = d.len();
    while n > 0 && d[n - 1] == 0 {
        n -= 1;
    }
    n
}

/// `d` without its leading zero digits.
#[inline]
pub fn trim(d: &[u32]) -> &[u32] {
    &d[..normalized_len(d)]
}

/// Compares two normalized magnitudes.
pub fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    if a.len() != b.len() {
        return a.len().cmp(&b.len());
    }
    for i in (0..a.len()).rev() {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    Ordering::Equal
}

/// The number of significant bits of a digit.
#[inline]
pub fn digit_bits(d: u32) -> u32 {
    32 - d.leading_zeros()
}

/// The number of significant bits of a normalized magnitude (0 for zero).
pub fn bit_length(a: &[u32]) -> u64 {
    match a.last() {
        None => 0,
        Some(&top) => (a.len() as u64 - 1) * SHIFT as u64 + digit_bits(top) as u64,
    }
}

/// `out = a + b`; `out` has at least `max(len a, len b) + 1` digits, all written.
pub fn add_into(a: &[u32], b: &[u32], out: &mut [u32]) {
    let (a, b) = if a.len() < b.len() { (b, a) } else { (a, b) };
    let mut carry = 0u32;
    for i in 0..b.len() {
        carry += a[i] + b[i];
        out[i] = carry & MASK;
        carry >>= SHIFT;
    }
    for i in b.len()..a.len() {
        carry += a[i];
        out[i] = carry & MASK;
        carry >>= SHIFT;
    }
    out[a.len()] = carry;
    for o in out[a.len() + 1..].iter_mut() {
        *o = 0;
    }
}

/// `out = a - b` for `a >= b`; `out` has at least `len a` digits, all written.
pub fn sub_into(a: &[u32], b: &[u32], out: &mut [u32]) {
    debug_assert!(cmp(trim(a), trim(b)) != Ordering::Less);
    let mut borrow = 0u32;
    for i in 0..b.len() {
        borrow = a[i].wrapping_sub(b[i]).wrapping_sub(borrow);
        out[i] = borrow & MASK;
        borrow = (borrow >> SHIFT) & 1;
    }
    for i in b.len()..a.len() {
        borrow = a[i].wrapping_sub(borrow);
        out[i] = borrow & MASK;
        borrow = (borrow >> SHIFT) & 1;
    }
    for o in out[a.len()..].iter_mut() {
        *o = 0;
    }
}

/// Adds `x` into `acc` starting at digit `offset`, propagating the carry; returns the carry
/// out of the top of `acc` (0 when `acc` is long enough).
fn add_at(acc: &mut [u32], offset: usize, x: &[u32]) -> u32 {
    let mut carry = 0u32;
    let mut i = 0;
    while i < x.len() {
        carry += acc[offset + i] + x[i];
        acc[offset + i] = carry & MASK;
        carry >>= SHIFT;
        i += 1;
    }
    let mut k = offset + i;
    while carry != 0 && k < acc.len() {
        carry += acc[k];
        acc[k] = carry & MASK;
        carry >>= SHIFT;
        k += 1;
    }
    carry
}

/// Subtracts `x` from `acc` starting at digit `offset`, propagating the borrow; returns the
/// borrow out of the top (0 when the difference is non-negative).
fn sub_at(acc: &mut [u32], offset: usize, x: &[u32]) -> u32 {
    let mut borrow = 0u32;
    let mut i = 0;
    while i < x.len() {
        borrow = acc[offset + i].wrapping_sub(x[i]).wrapping_sub(borrow);
        acc[offset + i] = borrow & MASK;
        borrow = (borrow >> SHIFT) & 1;
        i += 1;
    }
    let mut k = offset + i;
    while borrow != 0 && k < acc.len() {
        borrow = acc[k].wrapping_sub(borrow);
        acc[k] = borrow & MASK;
        borrow = (borrow >> SHIFT) & 1;
        k += 1;
    }
    borrow
}

/// Schoolbook `out = a * b`; `out` has exactly `len a + len b` digits.
fn mul_school(a: &[u32], b: &[u32], out: &mut [u32]) {
    for o in out.iter_mut() {
        *o = 0;
    }
    for (i, &ad) in a.iter().enumerate() {
        if ad == 0 {
            continue;
        }
        let f = ad as u64;
        let mut carry = 0u64;
        for (j, &bd) in b.iter().enumerate() {
            carry += out[i + j] as u64 + f * bd as u64;
            out[i + j] = (carry as u32) & MASK;
            carry >>= SHIFT;
        }
        let mut k = i + b.len();
        while carry != 0 {
            carry += out[k] as u64;
            out[k] = (carry as u32) & MASK;
            carry >>= SHIFT;
            k += 1;
        }
    }
}

/// Schoolbook `out = a * a`, each cross product computed once and doubled (CPython's
/// squaring trick); `out` has exactly `2 * len a` digits.
fn square_school(a: &[u32], out: &mut [u32]) {
    for o in out.iter_mut() {
        *o = 0;
    }
    let n = a.len();
    for i in 0..n {
        let f = a[i] as u64;
        let mut carry = out[2 * i] as u64 + f * f;
        out[2 * i] = (carry as u32) & MASK;
        carry >>= SHIFT;
        let f2 = f << 1;
        for j in i + 1..n {
            carry += out[i + j] as u64 + a[j] as u64 * f2;
            out[i + j] = (carry as u32) & MASK;
            carry >>= SHIFT;
        }
        let mut k = i + n;
        while carry != 0 {
            carry += out[k] as u64;
            out[k] = (carry as u32) & MASK;
            carry >>= SHIFT;
            k += 1;
        }
    }
}

/// `out = a * b` (any lengths; `out` has exactly `len a + len b` digits): schoolbook for
/// small factors, Karatsuba above CPython's cutoffs, slicing a lopsided product.
pub fn mul_into(a: &[u32], b: &[u32], out: &mut [u32]) {
    debug_assert_eq!(out.len(), a.len() + b.len());
    let (a, b) = if a.len() > b.len() { (b, a) } else { (a, b) };
    let cutoff = if core::ptr::eq(a, b) {
        KARATSUBA_SQUARE_CUTOFF
    } else {
        KARATSUBA_CUTOFF
    };
    if a.len() <= cutoff {
        if a.is_empty() {
            out.iter_mut().for_each(|o| *o = 0);
        } else if core::ptr::eq(a, b) {
            square_school(a, out);
        } else {
            mul_school(a, b, out);
        }
        return;
    }
    if 2 * a.len() <= b.len() {
        mul_lopsided(a, b, out);
        return;
    }
    // Split both at `half` digits: a = ah*B^half + al, b = bh*B^half + bl.
    let half = b.len() / 2;
    let (al, ah) = a.split_at(half.min(a.len()));
    let (bl, bh) = b.split_at(half);
    let (al, ah, bl, bh) = (trim(al), trim(ah), trim(bl), trim(bh));
    out.iter_mut().for_each(|o| *o = 0);
    // high = ah*bh goes at 2*half, low = al*bl at 0.
    let mut high = vec![0u32; ah.len() + bh.len()];
    mul_into(ah, bh, &mut high);
    let mut low = vec![0u32; al.len() + bl.len()];
    mul_into(al, bl, &mut low);
    out[2 * half..2 * half + high.len()].copy_from_slice(&high);
    out[..low.len()].copy_from_slice(&low);
    // middle = (ah+al)(bh+bl) - high - low, added at `half`.
    let mut sa = vec![0u32; ah.len().max(al.len()) + 1];
    add_into(ah, al, &mut sa);
    let mut sb = vec![0u32; bh.len().max(bl.len()) + 1];
    add_into(bh, bl, &mut sb);
    let (sa, sb) = (trim(&sa), trim(&sb));
    let mut mid = vec![0u32; sa.len() + sb.len()];
    if core::ptr::eq(a, b) {
        mul_into(sa, sa, &mut mid);
    } else {
        mul_into(sa, sb, &mut mid);
    }
    sub_at(&mut mid, 0, trim(&high));
    sub_at(&mut mid, 0, trim(&low));
    add_at(out, half, trim(&mid));
}

/// `a * b` with `b` at least twice as long as `a`: multiply `a` by consecutive `len a`-digit
/// slices of `b` so that each product is balanced.
fn mul_lopsided(a: &[u32], b: &[u32], out: &mut [u32]) {
    out.iter_mut().for_each(|o| *o = 0);
    let mut part = vec![0u32; 2 * a.len()];
    let mut offset = 0;
    while offset < b.len() {
        let end = (offset + a.len()).min(b.len());
        let slice = trim(&b[offset..end]);
        let plen = a.len() + slice.len();
        mul_into(a, slice, &mut part[..plen]);
        add_at(out, offset, trim(&part[..plen]));
        offset = end;
    }
}

/// `a * b` as a new normalized vector.
pub fn mul(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = vec![0u32; a.len() + b.len()];
    mul_into(a, b, &mut out);
    let n = normalized_len(&out);
    out.truncate(n);
    out
}

/// Divides `a` by the single digit `d` (non-zero) into `q` (same length as `a`); returns the
/// remainder.
pub fn divrem_digit(a: &[u32], d: u32, q: &mut [u32]) -> u32 {
    let d = d as u64;
    let mut rem = 0u64;
    for i in (0..a.len()).rev() {
        rem = (rem << SHIFT) | a[i] as u64;
        q[i] = (rem / d) as u32;
        rem %= d;
    }
    rem as u32
}

/// `a << bits` (bits < 30) into `out` (len a); returns the digit shifted out at the top.
fn lshift_small(a: &[u32], bits: u32, out: &mut [u32]) -> u32 {
    let mut carry = 0u32;
    for i in 0..a.len() {
        let acc = ((a[i] as u64) << bits) | carry as u64;
        out[i] = (acc as u32) & MASK;
        carry = (acc >> SHIFT) as u32;
    }
    carry
}

/// `a >> bits` (bits < 30) into `out` (len a); returns the bits shifted out at the bottom.
fn rshift_small(a: &[u32], bits: u32, out: &mut [u32]) -> u32 {
    let mut carry = 0u32;
    let mask = (1u32 << bits) - 1;
    for i in (0..a.len()).rev() {
        let acc = ((carry as u64) << SHIFT) | a[i] as u64;
        carry = a[i] & mask;
        out[i] = (acc >> bits) as u32;
    }
    carry
}

/// Long division of normalized magnitudes (`len b >= 2`, `a >= b`): Knuth's algorithm D.
/// Returns (quotient, remainder), both normalized.
fn divrem_long(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let size_w = b.len();
    // Scale so that the divisor's top digit has its top bit (bit 29) set.
    let d = SHIFT - digit_bits(b[size_w - 1]);
    let mut w = vec![0u32; size_w];
    lshift_small(b, d, &mut w);
    let mut v = vec![0u32; a.len() + 1];
    let carry = lshift_small(a, d, &mut v[..a.len()]);
    let mut size_v = a.len();
    if carry != 0 || v[size_v - 1] >= w[size_w - 1] {
        v[size_v] = carry;
        size_v += 1;
    }
    let k = size_v - size_w;
    let mut q = vec![0u32; k];
    let wm1 = w[size_w - 1] as u64;
    let wm2 = w[size_w - 2] as u64;
    for j in (0..k).rev() {
        // Estimate the quotient digit from the top two digits of the current window.
        let vtop = v[j + size_w];
        let vv = ((vtop as u64) << SHIFT) | v[j + size_w - 1] as u64;
        let mut qd = vv / wm1;
        let mut r = vv - wm1 * qd;
        while wm2 * qd > ((r << SHIFT) | v[j + size_w - 2] as u64) {
            qd -= 1;
            r += wm1;
            if r >= BASE as u64 {
                break;
            }
        }
        // Subtract qd * w from the window v[j .. j+size_w].
        let mut zhi: i64 = 0;
        for i in 0..size_w {
            let z = v[j + i] as i64 + zhi - (qd as i64) * (w[i] as i64);
            v[j + i] = (z as u32) & MASK;
            zhi = z >> SHIFT;
        }
        if vtop as i64 + zhi < 0 {
            // The estimate was one too large: add w back.
            let mut carry = 0u32;
            for i in 0..size_w {
                carry += v[j + i] + w[i];
                v[j + i] = carry & MASK;
                carry >>= SHIFT;
            }
            qd -= 1;
        }
        v[j + size_w] = 0;
        q[j] = qd as u32;
    }
    let mut rem = vec![0u32; size_w];
    rshift_small(&v[..size_w], d, &mut rem);
    let n = normalized_len(&rem);
    rem.truncate(n);
    let n = normalized_len(&q);
    q.truncate(n);
    (q, rem)
}

/// Truncating division of normalized magnitudes: (a / b, a % b), `b` non-zero.
pub fn divrem(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    debug_assert!(!b.is_empty());
    if cmp(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if b.len() == 1 {
        let mut q = vec![0u32; a.len()];
        let r = divrem_digit(a, b[0], &mut q);
        let n = normalized_len(&q);
        q.truncate(n);
        return (q, if r == 0 { Vec::new() } else { vec![r] });
    }
    divrem_long(a, b)
}

/// `a << bits` as a new normalized vector.
pub fn shl(a: &[u32], bits: u64) -> Vec<u32> {
    if a.is_empty() {
        return Vec::new();
    }
    let whole = (bits / SHIFT as u64) as usize;
    let rest = (bits % SHIFT as u64) as u32;
    let mut out = vec![0u32; whole + a.len() + 1];
    let carry = lshift_small(a, rest, &mut out[whole..whole + a.len()]);
    out[whole + a.len()] = carry;
    let n = normalized_len(&out);
    out.truncate(n);
    out
}

/// `a >> bits` (floor for a magnitude) as a new normalized vector, and whether any 1 bit
/// was shifted out.
pub fn shr(a: &[u32], bits: u64) -> (Vec<u32>, bool) {
    let whole = (bits / SHIFT as u64) as usize;
    if whole >= a.len() {
        return (Vec::new(), !a.is_empty());
    }
    let rest = (bits % SHIFT as u64) as u32;
    let mut lost = a[..whole].iter().any(|&d| d != 0);
    let mut out = vec![0u32; a.len() - whole];
    let low = rshift_small(&a[whole..], rest, &mut out);
    lost |= low != 0;
    let n = normalized_len(&out);
    out.truncate(n);
    (out, lost)
}

/// Magnitude from a u128.
pub fn from_u128(mut v: u128) -> Vec<u32> {
    let mut out = Vec::with_capacity(5);
    while v != 0 {
        out.push((v as u32) & MASK);
        v >>= SHIFT;
    }
    out
}

/// The magnitude as a u128 if it fits.
pub fn to_u128(a: &[u32]) -> Option<u128> {
    if bit_length(a) > 128 {
        return None;
    }
    let mut v: u128 = 0;
    for &d in a.iter().rev() {
        v = (v << SHIFT) | d as u128;
    }
    Some(v)
}

/// `a * m + c` in place (m, c < 2**30); returns the carry out of the top.
pub fn mul_add_digit(a: &mut [u32], m: u32, c: u32) -> u32 {
    let mut carry = c as u64;
    for d in a.iter_mut() {
        carry += *d as u64 * m as u64;
        *d = (carry as u32) & MASK;
        carry >>= SHIFT;
    }
    carry as u32
}

/// The decimal digits of a magnitude, most significant first, without leading zeros ("0"
/// for zero): the quadratic base-10**9 conversion CPython 3.11 uses.
pub fn to_decimal(a: &[u32]) -> Vec<u8> {
    const DEC_BASE: u64 = 1_000_000_000;
    // Convert to base 10**9, most significant base-2**30 digit first.
    let mut pout: Vec<u32> = Vec::with_capacity(1 + a.len() + a.len() / 3);
    for &hi in a.iter().rev() {
        let mut carry = hi as u64;
        for p in pout.iter_mut() {
            let z = ((*p as u64) << SHIFT) | carry;
            carry = z / DEC_BASE;
            *p = (z - carry * DEC_BASE) as u32;
        }
        while carry != 0 {
            pout.push((carry % DEC_BASE) as u32);
            carry /= DEC_BASE;
        }
    }
    if pout.is_empty() {
        return vec![b'0'];
    }
    let mut out = Vec::with_capacity(pout.len() * 9);
    let top = pout[pout.len() - 1];
    out.extend_from_slice(top.to_string().as_bytes());
    for &chunk in pout[..pout.len() - 1].iter().rev() {
        let mut buf = [b'0'; 9];
        let mut c = chunk;
        for i in (0..9).rev() {
            buf[i] = b'0' + (c % 10) as u8;
            c /= 10;
        }
        out.extend_from_slice(&buf);
    }
    out
}

/// The number of decimal digits `to_decimal` would produce (cheaper: no text is built
/// beyond the base-10**9 conversion).
pub fn decimal_len(a: &[u32]) -> usize {
    to_decimal(a).len()
}

/// A magnitude from ASCII decimal/other-base digit values (each < base), most significant
/// first. For power-of-two bases the bits are packed directly; otherwise digits are
/// accumulated in groups that fit a 30-bit digit (quadratic, as CPython 3.11).
pub fn from_digit_values(values: &[u8], base: u32) -> Vec<u32> {
    if base.is_power_of_two() {
        let bits_per = base.trailing_zeros();
        let total = values.len() as u64 * bits_per as u64;
        let mut out = vec![0u32; (total / SHIFT as u64) as usize + 1];
        let mut acc: u64 = 0;
        let mut nbits = 0u32;
        let mut pos = 0;
        for &v in values.iter().rev() {
            acc |= (v as u64) << nbits;
            nbits += bits_per;
            if nbits >= SHIFT {
                out[pos] = (acc as u32) & MASK;
                pos += 1;
                acc >>= SHIFT;
                nbits -= SHIFT;
            }
        }
        if nbits > 0 {
            out[pos] = acc as u32;
        }
        let n = normalized_len(&out);
        out.truncate(n);
        return out;
    }
    // Largest power of `base` that fits below 2**30, and how many digits it covers.
    let mut convmax = base as u64;
    let mut convwidth = 1usize;
    while convmax * base as u64 <= BASE as u64 {
        convmax *= base as u64;
        convwidth += 1;
    }
    let mut out: Vec<u32> = Vec::with_capacity(values.len() / convwidth + 2);
    let mut i = 0;
    while i < values.len() {
        let end = (i + convwidth).min(values.len());
        let mut c: u64 = 0;
        let mut m: u64 = 1;
        for &v in &values[i..end] {
            c = c * base as u64 + v as u64;
            m *= base as u64;
        }
        let carry = mul_add_digit(&mut out, m as u32, c as u32);
        if carry != 0 {
            out.push(carry);
        }
        i = end;
    }
    let n = normalized_len(&out);
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(v: u128) -> Vec<u32> {
        from_u128(v)
    }

    #[test]
    fn add_sub_mul_div_agree_with_u128() {
        let _runtime = crate::testing::hold_runtime();
        let vals: [u128; 8] = [
            0,
            1,
            (1 << 30) - 1,
            1 << 30,
            (1 << 60) + 12345,
            u64::MAX as u128,
            1 << 90,
            987654321987654321987654321,
        ];
        for &x in &vals {
            for &y in &vals {
                let (a, b) = (big(x), big(y));
                let mut s = vec![0u32; a.len().max(b.len()) + 1];
                add_into(&a, &b, &mut s);
                assert_eq!(to_u128(trim(&s)), x.checked_add(y).or(to_u128(trim(&s))));
                if x >= y {
                    let mut d = vec![0u32; a.len()];
                    sub_into(&a, &b, &mut d);
                    assert_eq!(to_u128(trim(&d)), Some(x - y));
                }
                if let Some(p) = x.checked_mul(y) {
                    assert_eq!(to_u128(&mul(&a, &b)), Some(p));
                }
                if y != 0 {
                    let (q, r) = divrem(&a, &b);
                    assert_eq!((to_u128(&q), to_u128(&r)), (Some(x / y), Some(x % y)));
                }
            }
        }
    }

    #[test]
    fn karatsuba_matches_schoolbook() {
        let _runtime = crate::testing::hold_runtime();
        let a: Vec<u32> = (0..300u32)
            .map(|i| (i.wrapping_mul(2654435761)) & MASK)
            .collect();
        let b: Vec<u32> = (0..170u32)
            .map(|i| (i.wrapping_mul(40503) ^ 0x2bad) & MASK)
            .collect();
        let mut slow = vec![0u32; a.len() + b.len()];
        mul_school(&a, &b, &mut slow);
        assert_eq!(mul(&a, &b), trim(&slow).to_vec());
        let mut sq = vec![0u32; 2 * a.len()];
        mul_school(&a, &a, &mut sq);
        assert_eq!(mul(&a, &a), trim(&sq).to_vec());
        let mut sq2 = vec![0u32; 2 * a.len()];
        square_school(&a, &mut sq2);
        assert_eq!(sq2, sq);
        // Division undoes the product.
        let p = mul(&a, &b);
        let (q, r) = divrem(&p, trim(&b));
        assert_eq!(q, trim(&a).to_vec());
        assert!(r.is_empty());
    }

    #[test]
    fn decimal_round_trip() {
        let _runtime = crate::testing::hold_runtime();
        let digits: Vec<u8> = b"123456789012345678901234567890123456789"
            .iter()
            .map(|c| c - b'0')
            .collect();
        let m = from_digit_values(&digits, 10);
        assert_eq!(
            to_decimal(&m),
            b"123456789012345678901234567890123456789".to_vec()
        );
        assert_eq!(to_decimal(&[]), b"0".to_vec());
        assert_eq!(to_u128(&from_digit_values(&[15, 15, 1], 16)), Some(0xff1));
    }
}
