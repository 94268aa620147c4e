//! Unicode character names for `\N{...}` escapes (Unicode 14.0, as CPython 3.11's
//! `unicodedata`): the explicit names in `unicode_names.txt` (generated from python3.11's
//! `unicodedata.name`), the formal name aliases in `unicode_aliases.txt` (Unicode's
//! NameAliases.txt, kept to the 470 that python3.11's `unicodedata.lookup` accepts), plus the
//! algorithmic names (Hangul syllables, CJK ideographs, ...).

use std::collections::HashMap;
use std::sync::OnceLock;

static NAMES_TEXT: &str = include_str!("unicode_names.txt");
static ALIASES_TEXT: &str = include_str!("unicode_aliases.txt");

/// Names whose suffix is the code point in hex, with the ranges they cover.
const HEX_NAMED: &[(&str, &[(u32, u32)])] = &[
    (
        "CJK UNIFIED IDEOGRAPH-",
        &[
            (0x3400, 0x4dbf),
            (0x4e00, 0x9fff),
            (0x20000, 0x2a6df),
            (0x2a700, 0x2b738),
            (0x2b740, 0x2b81d),
            (0x2b820, 0x2cea1),
            (0x2ceb0, 0x2ebe0),
            (0x30000, 0x3134a),
        ],
    ),
    (
        "CJK COMPATIBILITY IDEOGRAPH-",
        &[(0xf900, 0xfa6d), (0xfa70, 0xfad9), (0x2f800, 0x2fa1d)],
    ),
    ("KHITAN SMALL SCRIPT CHARACTER-", &[(0x18b00, 0x18cd5)]),
    ("NUSHU CHARACTER-", &[(0x1b170, 0x1b2fb)]),
];

const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

fn table() -> &'static HashMap<&'static str, u32> {
    static TABLE: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        // Names first: an alias never replaces a character's own name.
        for l in NAMES_TEXT.lines().chain(ALIASES_TEXT.lines()) {
            if let Some((name, hex)) = l.split_once(';') {
                if let Ok(cp) = u32::from_str_radix(hex, 16) {
                    table.entry(name).or_insert(cp);
                }
            }
        }
        table
    })
}

/// The code point named `name` (case-insensitive, as CPython's lookup), if any.
pub(crate) fn lookup(name: &str) -> Option<u32> {
    let upper = name.to_ascii_uppercase();
    if let Some(&cp) = table().get(upper.as_str()) {
        return Some(cp);
    }
    for (prefix, ranges) in HEX_NAMED {
        if let Some(hex) = upper.strip_prefix(prefix) {
            if !(4..=5).contains(&hex.len()) {
                return None;
            }
            let cp = u32::from_str_radix(hex, 16).ok()?;
            return ranges
                .iter()
                .any(|&(a, b)| (a..=b).contains(&cp))
                .then_some(cp);
        }
    }
    let syllable = upper.strip_prefix("HANGUL SYLLABLE ")?;
    for (l, lt) in JAMO_L.iter().enumerate() {
        let Some(rest) = syllable.strip_prefix(lt) else {
            continue;
        };
        for (v, vt) in JAMO_V.iter().enumerate() {
            let Some(rest) = rest.strip_prefix(vt) else {
                continue;
            };
            for (t, tt) in JAMO_T.iter().enumerate() {
                if rest == *tt {
                    return Some(0xAC00 + ((l * 21 + v) * 28 + t) as u32);
                }
            }
        }
    }
    None
}
