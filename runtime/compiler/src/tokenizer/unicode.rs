//! Unicode character classes as CPython 3.11 sees them (its Unicode 14 database, through
//! generated range tables): identifier start/continue for PEP 3131 and "printable" for the
//! tokenizer's error messages; plus NFKC normalization of identifiers for the AST stage.

#[rustfmt::skip]
#[path = "unicode_tables.rs"]
mod tables;

use unicode_normalization::UnicodeNormalization;

fn in_ranges(table: &[(u32, u32)], cp: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// True if `c` may start an identifier (XID_Start or '_').
pub fn is_identifier_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_ranges(tables::IDENTIFIER_START, c as u32)
}

/// True if `c` may continue an identifier (XID_Continue).
pub fn is_identifier_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_ranges(tables::IDENTIFIER_CONTINUE, c as u32)
}

/// `str.isprintable()` for one character.
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_ranges(tables::PRINTABLE, c as u32)
}

/// The index (in characters) of the first character that makes `s` not an identifier, or
/// `None` if it is one (CPython's `_PyUnicode_ScanIdentifier`). An empty string is invalid
/// at index 0.
pub fn scan_identifier(s: &str) -> Option<usize> {
    let mut chars = s.chars();
    match chars.next() {
        None => return Some(0),
        Some(c) if !is_identifier_start(c) => return Some(0),
        Some(_) => {}
    }
    for (i, c) in chars.enumerate() {
        if !is_identifier_continue(c) {
            return Some(i + 1);
        }
    }
    None
}

/// True if `s` is a valid identifier (`str.isidentifier()`).
pub fn is_identifier(s: &str) -> bool {
    scan_identifier(s).is_none()
}

/// The name an identifier binds: NFKC-normalized when it has non-ASCII characters
/// (PEP 3131), unchanged otherwise. This is for the AST stage; the tokenizer keeps the
/// spelling of the source.
pub fn normalize_identifier(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.nfkc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_identifier("déjà_vu"));
        assert!(is_identifier("_x1"));
        assert!(!is_identifier("1x"));
        assert_eq!(scan_identifier("a€b"), Some(1));
        assert!(!is_printable('\u{a0}'));
        assert!(is_printable('€'));
        assert!(!is_printable('\u{feff}'));
        assert_eq!(normalize_identifier("ﬁ"), "fi");
        assert_eq!(normalize_identifier("𝔘𝔫𝔦𝔠𝔬𝔡𝔢"), "Unicode");
    }
}
