//! The hash of an int (CPython's `long_hash`): its value modulo the Mersenne prime
//! 2**61 - 1 (`sys.hash_info.modulus`), so that equal ints, floats and complexes hash alike;
//! the constants and the double/pointer hashes are `crate::pyhash`'s.

use crate::pyhash::{PYHASH_BITS as BITS, PYHASH_MODULUS as MODULUS};

/// The hash of a magnitude given as base-2**30 digits (least significant first), with its
/// sign.
pub fn hash_digits(neg: bool, digits: &[u32]) -> isize {
    let mut x: u64 = 0;
    for &d in digits.iter().rev() {
        // Multiply by 2**30 modulo 2**61 - 1 (a rotation), then add the digit.
        x = ((x << 30) & MODULUS) | (x >> (BITS - 30));
        x += d as u64;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let mut h = x as i64;
    if neg {
        h = -h;
    }
    if h == -1 {
        h = -2;
    }
    h as isize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_hashes_reduce_modulo_the_mersenne_prime() {
        let _runtime = crate::testing::hold_runtime();
        assert_eq!(hash_digits(false, &[1]), 1);
        assert_eq!(hash_digits(true, &[1]), -2);
        assert_eq!(hash_digits(false, &[0, 0, 2]), 1); // 2**61
        assert_eq!(hash_digits(false, &[(1 << 30) - 1, (1 << 30) - 1, 1]), 0); // 2**61 - 1
    }
}
