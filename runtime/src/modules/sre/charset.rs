//! Character classes of the `_sre` engine: the ASCII, locale and Unicode predicates behind
//! CATEGORY and AT, the case mappings the *_IGNORE opcodes compare through, and membership
//! in a set (the words after IN: LITERAL, CATEGORY, CHARSET, RANGE, RANGE_UNI_IGNORE,
//! NEGATE, BIGCHARSET, closed by FAILURE).

use super::consts::*;
use crate::objects::unicodeobject::ctype;

#[inline(always)]
pub fn is_linebreak(ch: u32) -> bool {
    ch == b'\n' as u32
}

#[inline(always)]
fn ascii_digit(ch: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&ch)
}

#[inline(always)]
fn ascii_space(ch: u32) -> bool {
    matches!(ch, 0x09..=0x0d | 0x20)
}

#[inline(always)]
pub fn is_word(ch: u32) -> bool {
    ch < 128 && ((ch as u8).is_ascii_alphanumeric() || ch == b'_' as u32)
}

#[inline]
pub fn loc_is_word(ch: u32) -> bool {
    // SAFETY: isalnum is defined for every value of unsigned char.
    ch == b'_' as u32 || (ch < 256 && unsafe { libc::isalnum(ch as i32) } != 0)
}

#[inline]
pub fn uni_is_word(ch: u32) -> bool {
    if ch < 128 {
        return is_word(ch);
    }
    ctype::is_alnum(ch)
}

#[inline]
fn uni_is_decimal(ch: u32) -> bool {
    if ch < 128 {
        return ascii_digit(ch);
    }
    ctype::is_decimal(ch)
}

#[inline(always)]
pub fn lower_ascii(ch: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&ch) {
        ch + 32
    } else {
        ch
    }
}

#[inline]
pub fn lower_locale(ch: u32) -> u32 {
    if ch < 256 {
        // SAFETY: tolower is defined for every value of unsigned char.
        unsafe { libc::tolower(ch as i32) as u32 }
    } else {
        ch
    }
}

#[inline]
pub fn upper_locale(ch: u32) -> u32 {
    if ch < 256 {
        // SAFETY: toupper is defined for every value of unsigned char.
        unsafe { libc::toupper(ch as i32) as u32 }
    } else {
        ch
    }
}

#[inline]
pub fn lower_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return lower_ascii(ch);
    }
    ctype::map_simple(ch, ctype::Case::Lower)
}

#[inline]
pub fn upper_unicode(ch: u32) -> u32 {
    if ch < 128 {
        return if (b'a' as u32..=b'z' as u32).contains(&ch) {
            ch - 32
        } else {
            ch
        };
    }
    ctype::map_simple(ch, ctype::Case::Upper)
}

/// `ch` equals `pattern` directly or through the C locale's case mappings.
#[inline]
pub fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || lower_locale(ch) == pattern || upper_locale(ch) == pattern
}

/// Whether `ch` is in category `cat` (CATEGORY_* numbers).
#[inline]
pub fn category(cat: u32, ch: u32) -> bool {
    match cat {
        CATEGORY_DIGIT => ascii_digit(ch),
        CATEGORY_NOT_DIGIT => !ascii_digit(ch),
        CATEGORY_SPACE => ascii_space(ch),
        CATEGORY_NOT_SPACE => !ascii_space(ch),
        CATEGORY_WORD => is_word(ch),
        CATEGORY_NOT_WORD => !is_word(ch),
        CATEGORY_LINEBREAK => is_linebreak(ch),
        CATEGORY_NOT_LINEBREAK => !is_linebreak(ch),
        CATEGORY_LOC_WORD => loc_is_word(ch),
        CATEGORY_LOC_NOT_WORD => !loc_is_word(ch),
        CATEGORY_UNI_DIGIT => uni_is_decimal(ch),
        CATEGORY_UNI_NOT_DIGIT => !uni_is_decimal(ch),
        CATEGORY_UNI_SPACE => ctype::is_space(ch),
        CATEGORY_UNI_NOT_SPACE => !ctype::is_space(ch),
        CATEGORY_UNI_WORD => uni_is_word(ch),
        CATEGORY_UNI_NOT_WORD => !uni_is_word(ch),
        CATEGORY_UNI_LINEBREAK => ctype::is_linebreak(ch),
        CATEGORY_UNI_NOT_LINEBREAK => !ctype::is_linebreak(ch),
        _ => false,
    }
}

/// Whether `ch` is a member of the set starting at `code[i]`. Malformed sets answer "no", as
/// CPython's engine does (compile-time validation keeps them out).
#[inline]
pub fn in_set(code: &[u32], mut i: usize, ch: u32) -> bool {
    let mut ok = true;
    loop {
        let Some(&op) = code.get(i) else { return false };
        i += 1;
        match op {
            OP_FAILURE => return !ok,
            OP_LITERAL => {
                if code.get(i) == Some(&ch) {
                    return ok;
                }
                i += 1;
            }
            OP_CATEGORY => {
                if category(code.get(i).copied().unwrap_or(u32::MAX), ch) {
                    return ok;
                }
                i += 1;
            }
            OP_CHARSET => {
                // 256 bits in 8 words.
                if ch < 256 {
                    if let Some(&w) = code.get(i + (ch as usize >> 5)) {
                        if w & (1u32 << (ch & 31)) != 0 {
                            return ok;
                        }
                    }
                }
                i += 8;
            }
            OP_RANGE => {
                let (Some(&lo), Some(&hi)) = (code.get(i), code.get(i + 1)) else {
                    return false;
                };
                if lo <= ch && ch <= hi {
                    return ok;
                }
                i += 2;
            }
            OP_RANGE_UNI_IGNORE => {
                let (Some(&lo), Some(&hi)) = (code.get(i), code.get(i + 1)) else {
                    return false;
                };
                if lo <= ch && ch <= hi {
                    return ok;
                }
                let up = upper_unicode(ch);
                if lo <= up && up <= hi {
                    return ok;
                }
                i += 2;
            }
            OP_NEGATE => ok = !ok,
            OP_BIGCHARSET => {
                // <count> <256 block numbers packed 4 per word> <count blocks of 8 words>
                let Some(&count) = code.get(i) else {
                    return false;
                };
                i += 1;
                if ch < 0x10000 {
                    let hi = (ch >> 8) as usize;
                    if let Some(&w) = code.get(i + hi / 4) {
                        let block = w.to_ne_bytes()[hi % 4] as usize;
                        let at = i + 64 + block * 8 + ((ch as usize & 255) >> 5);
                        if let Some(&bits) = code.get(at) {
                            if bits & (1u32 << (ch & 31)) != 0 {
                                return ok;
                            }
                        }
                    }
                }
                i += 64 + count as usize * 8;
            }
            _ => return false,
        }
    }
}

/// `in_set` after trying both locale case mappings (IN_LOC_IGNORE).
pub fn in_set_loc_ignore(code: &[u32], i: usize, ch: u32) -> bool {
    let lo = lower_locale(ch);
    if in_set(code, i, lo) {
        return true;
    }
    let up = upper_locale(ch);
    up != lo && in_set(code, i, up)
}
