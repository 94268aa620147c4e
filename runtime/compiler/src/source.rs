//! Source decoding as CPython 3.11's tokenizer does it before tokenizing: universal newline
//! translation, the UTF-8 byte order mark, the PEP 263 coding cookie on line 1 or 2, recoding
//! to UTF-8 (utf-8, latin-1, ascii and every single-byte codec of the `encodings` package),
//! and the decode errors with CPython's messages.
//!
//! Three entry points mirror CPython's three ways in: bytes given to `compile()` (and what
//! `importlib` does), a `str` given to `compile()` (already Unicode: cookies ignored), and a
//! script file run by the interpreter (stricter: non-UTF-8 bytes anywhere are an error).

#[rustfmt::skip]
mod charmaps;

use crate::error::SyntaxErrorInfo;

/// How the source reached the compiler; decides which CPython decoding path applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// `compile(b"...")`, `exec(bytes)`, importing a module: CPython's string tokenizer.
    /// Undecodable bytes are only an error where a token needs decoding (identifiers here,
    /// string literals in the parser).
    Bytes,
    /// `compile("...")`: the text is Unicode already and coding cookies are ignored.
    Text,
    /// `python3.11 script.py`: CPython's file tokenizer; without a cookie every line must be
    /// valid UTF-8 ("Non-UTF-8 code starting with ...").
    File { filename: String },
}

/// The source as the tokenizer reads it.
#[derive(Clone, Debug)]
pub struct DecodedSource {
    /// UTF-8 text with `\r\n` and `\r` turned into `\n`, ending in `\n` when the input was
    /// exec input. In `SourceKind::Bytes` without a cookie it may hold invalid UTF-8, exactly
    /// as CPython's buffer does.
    pub text: Vec<u8>,
    /// CPython's `tok->encoding`: `Some("utf-8")` after a BOM or for text input, the
    /// normalized cookie name after a cookie, else `None`. When it is `None`, CPython reports
    /// some error offsets in bytes rather than characters; the tokenizer reproduces that.
    pub encoding: Option<String>,
    /// Whether a final `\n` was added because the input did not end with one.
    pub added_newline: bool,
    /// When the input was recoded from a cookie's encoding, the newline-translated raw bytes
    /// (after any BOM): CPython looks error lines up in this raw buffer in one path.
    pub raw: Option<Vec<u8>>,
    /// Which path produced this source.
    pub kind: SourceKind,
}

/// Decode `input` as CPython 3.11 would before tokenizing. `exec_input` is true for
/// `exec` mode and files (a final newline is added when missing), false for `eval`/`single`.
pub fn decode_source(
    input: &[u8],
    kind: SourceKind,
    exec_input: bool,
) -> Result<DecodedSource, SyntaxErrorInfo> {
    match &kind {
        SourceKind::Text => {
            if input.contains(&0) {
                return Err(SyntaxErrorInfo::message_only(
                    "source code string cannot contain null bytes",
                ));
            }
            let (text, added_newline) = translate_newlines(input, exec_input);
            Ok(DecodedSource {
                text,
                encoding: Some("utf-8".to_string()),
                added_newline,
                raw: None,
                kind,
            })
        }
        SourceKind::Bytes => {
            if input.contains(&0) {
                return Err(SyntaxErrorInfo::message_only(
                    "source code string cannot contain null bytes",
                ));
            }
            decode_with_cookie(input, kind, exec_input)
        }
        SourceKind::File { .. } => {
            if let Some(pos) = input.iter().position(|&b| b == 0) {
                let lineno = input[..pos].iter().filter(|&&b| b == b'\n').count() as i64 + 1;
                let mut err =
                    SyntaxErrorInfo::message_only("source code cannot contain null bytes");
                err.lineno = Some(lineno);
                err.offset = Some(0);
                return Err(err);
            }
            decode_with_cookie(input, kind, exec_input)
        }
    }
}

fn decode_with_cookie(
    input: &[u8],
    kind: SourceKind,
    exec_input: bool,
) -> Result<DecodedSource, SyntaxErrorInfo> {
    let is_file = matches!(kind, SourceKind::File { .. });
    let (translated, added_newline) = translate_newlines(input, exec_input);
    let mut encoding: Option<String> = None;
    let mut body: &[u8] = &translated;
    if body.starts_with(&[0xEF, 0xBB, 0xBF]) {
        body = &body[3..];
        encoding = Some("utf-8".to_string());
    }
    // Lines 1 and 2, each without its newline for line 1 and with it for line 2 (CPython
    // passes those exact lengths; only the "size - 6" bound of the scan notices).
    let nl0 = body.iter().position(|&b| b == b'\n');
    let mut cookie: Option<String> = None;
    if let Some(nl0) = nl0 {
        let (spec, stop) = coding_spec(&body[..nl0]);
        if spec.is_some() {
            cookie = spec;
        } else if !stop {
            if let Some(rel) = body[nl0 + 1..].iter().position(|&b| b == b'\n') {
                let nl1 = nl0 + 1 + rel;
                cookie = coding_spec(&body[nl0 + 1..nl1 + 1]).0;
            }
        }
    }
    let mut recode_with: Option<String> = None;
    if let Some(cs) = cookie {
        match &encoding {
            None => {
                if cs != "utf-8" {
                    if is_file && lookup_codec(&cs).is_none() {
                        return Err(SyntaxErrorInfo::at_start(format!(
                            "encoding problem: {}",
                            cs
                        )));
                    }
                    recode_with = Some(cs.clone());
                }
                encoding = Some(cs);
            }
            Some(bom) => {
                if *bom != cs {
                    return Err(SyntaxErrorInfo::at_start(format!(
                        "encoding problem: {} with BOM",
                        cs
                    )));
                }
            }
        }
    }
    if let Some(enc) = recode_with {
        let codec = match lookup_codec(&enc) {
            Some(c) => c,
            None => {
                if let Some(name) = unsupported_codec(&enc) {
                    return Err(SyntaxErrorInfo::at_start(format!(
                        "encoding not supported by this compiler: {} (codec {})",
                        enc, name
                    )));
                }
                return Err(SyntaxErrorInfo::at_start(format!(
                    "unknown encoding: {}",
                    enc
                )));
            }
        };
        let text = codec.decode(body).map_err(|message| {
            // The file reader reports any recoding failure as an encoding problem.
            if is_file {
                SyntaxErrorInfo::at_start(format!("encoding problem: {}", enc))
            } else {
                SyntaxErrorInfo::at_start(message)
            }
        })?;
        return Ok(DecodedSource {
            text,
            encoding,
            added_newline,
            raw: Some(body.to_vec()),
            kind,
        });
    }
    Ok(DecodedSource {
        text: body.to_vec(),
        encoding,
        added_newline,
        raw: None,
        kind,
    })
}

/// `\r\n` and lone `\r` become `\n`; with `exec_input`, a final `\n` is added if missing
/// (an empty input becomes "\n", as in CPython). CPython's loop also adds one after a final
/// `\r\n`, giving such sources one more (blank) line; that is kept for exact line numbers.
pub fn translate_newlines(input: &[u8], exec_input: bool) -> (Vec<u8>, bool) {
    if !input.contains(&b'\r') {
        let mut out = Vec::with_capacity(input.len() + 1);
        out.extend_from_slice(input);
        let added = exec_input && out.last() != Some(&b'\n');
        if added {
            out.push(b'\n');
        }
        return (out, added);
    }
    let mut out = Vec::with_capacity(input.len() + 1);
    let mut i = 0;
    let mut ended_on_crlf = false;
    while i < input.len() {
        let b = input[i];
        if b == b'\r' {
            out.push(b'\n');
            if input.get(i + 1) == Some(&b'\n') {
                i += 1;
                ended_on_crlf = i + 1 == input.len();
            }
        } else {
            out.push(b);
        }
        i += 1;
    }
    let mut added = false;
    if exec_input && (out.last() != Some(&b'\n') || ended_on_crlf) {
        out.push(b'\n');
        added = true;
    }
    (out, added)
}

/// Look for a coding spec in one line. Returns the normalized spec if found, and whether the
/// line holds something other than blanks and a comment (which ends the search: a cookie
/// on line 2 counts only after a blank or comment-only line 1).
fn coding_spec(line: &[u8]) -> (Option<String>, bool) {
    let size = line.len() as isize;
    let is_blank = |b: u8| b == b' ' || b == b'\t' || b == 0x0C;
    let mut i: isize = 0;
    // The cookie must sit in a comment that is alone on its line. (CPython scans only up to
    // six bytes before the end, as "coding" cannot fit after that.)
    while i < size - 6 {
        let b = line[i as usize];
        if b == b'#' {
            break;
        }
        if !is_blank(b) {
            return (None, true);
        }
        i += 1;
    }
    while i < size - 6 {
        let at = i as usize;
        if &line[at..at + 6] == b"coding" {
            let mut t = at + 6;
            let sep = line.get(t).copied().unwrap_or(b'\n');
            if sep != b':' && sep != b'=' {
                i += 1;
                continue;
            }
            loop {
                t += 1;
                match line.get(t) {
                    Some(b' ') | Some(b'\t') => continue,
                    _ => break,
                }
            }
            let begin = t;
            while let Some(&b) = line.get(t) {
                if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' {
                    t += 1;
                } else {
                    break;
                }
            }
            if begin < t {
                let raw = String::from_utf8_lossy(&line[begin..t]).into_owned();
                return (Some(normal_cookie_name(&raw)), true);
            }
        }
        i += 1;
    }
    // No cookie: the line stops the search unless it is blank or a comment.
    for &b in line {
        if b == b'#' || b == b'\n' || b == b'\r' {
            break;
        }
        if !is_blank(b) {
            return (None, true);
        }
    }
    (None, false)
}

/// CPython's `get_normal_name`: spellings of utf-8 and latin-1 become "utf-8" and
/// "iso-8859-1"; anything else is kept as written.
fn normal_cookie_name(s: &str) -> String {
    let head: String = s
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        "utf-8".to_string()
    } else if head == "latin-1"
        || head == "iso-8859-1"
        || head == "iso-latin-1"
        || head.starts_with("latin-1-")
        || head.starts_with("iso-8859-1-")
        || head.starts_with("iso-latin-1-")
    {
        "iso-8859-1".to_string()
    } else {
        s.to_string()
    }
}

/// The codec registry's name normalization (`encodings.normalize_encoding` after
/// lower-casing): runs of punctuation become one '_', leading/trailing ones vanish.
fn normalize_codec_name(name: &str) -> String {
    let mut out = String::new();
    let mut punct = false;
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '.' {
            if punct && !out.is_empty() {
                out.push('_');
            }
            if c.is_ascii() {
                out.push(c);
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    out
}

/// Resolve a name to a codec module name the way `codecs.lookup` does.
fn resolve_codec_module(name: &str) -> String {
    let norm = normalize_codec_name(name);
    let find = |key: &str| {
        charmaps::ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|(_, target)| target.to_string())
    };
    find(&norm)
        .or_else(|| find(&norm.replace('.', "_")))
        .unwrap_or(norm)
}

/// A codec this decoder implements.
#[derive(Clone, Copy, Debug)]
enum Codec {
    Utf8,
    Latin1,
    Ascii,
    Charmap(&'static [u16; 256]),
}

fn lookup_codec(name: &str) -> Option<Codec> {
    let module = resolve_codec_module(name);
    match module.as_str() {
        "utf_8" => Some(Codec::Utf8),
        "latin_1" => Some(Codec::Latin1),
        "ascii" => Some(Codec::Ascii),
        m => charmaps::CHARMAPS
            .iter()
            .find(|(n, _)| *n == m)
            .map(|(_, table)| Codec::Charmap(table)),
    }
}

fn unsupported_codec(name: &str) -> Option<&'static str> {
    let module = resolve_codec_module(name);
    charmaps::UNSUPPORTED.iter().copied().find(|n| *n == module)
}

impl Codec {
    /// Decode to UTF-8, or return the `str()` of the UnicodeDecodeError CPython raises.
    fn decode(self, bytes: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            Codec::Utf8 => match utf8_decode_error(bytes) {
                None => Ok(bytes.to_vec()),
                Some(err) => Err(err.message("utf-8", bytes)),
            },
            Codec::Latin1 => Ok(bytes
                .iter()
                .map(|&b| b as char)
                .collect::<String>()
                .into_bytes()),
            Codec::Ascii => {
                if let Some(pos) = bytes.iter().position(|&b| b >= 0x80) {
                    return Err(format!(
                        "'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in range(128)",
                        bytes[pos], pos
                    ));
                }
                Ok(bytes.to_vec())
            }
            Codec::Charmap(table) => {
                let mut out = String::with_capacity(bytes.len());
                for (pos, &b) in bytes.iter().enumerate() {
                    let cp = table[b as usize];
                    match (cp != 0xFFFE).then(|| char::from_u32(cp as u32)).flatten() {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err(format!(
                                "'charmap' codec can't decode byte 0x{:02x} in position {}: character maps to <undefined>",
                                b, pos
                            ))
                        }
                    }
                }
                Ok(out.into_bytes())
            }
        }
    }
}

/// Where and why CPython's strict UTF-8 decoder stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Utf8DecodeError {
    /// Byte range of the offending sequence (CPython's `start`/`end`).
    pub start: usize,
    pub end: usize,
    pub reason: &'static str,
}

impl Utf8DecodeError {
    /// `str(UnicodeDecodeError)` for this error, `codec` being the name CPython prints.
    pub fn message(&self, codec: &str, bytes: &[u8]) -> String {
        if self.end == self.start + 1 {
            format!(
                "'{}' codec can't decode byte 0x{:02x} in position {}: {}",
                codec, bytes[self.start], self.start, self.reason
            )
        } else {
            format!(
                "'{}' codec can't decode bytes in position {}-{}: {}",
                codec,
                self.start,
                self.end - 1,
                self.reason
            )
        }
    }
}

/// The first error CPython's strict UTF-8 decoder reports for `bytes`, if any.
pub fn utf8_decode_error(bytes: &[u8]) -> Option<Utf8DecodeError> {
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let invalid_start = Some(Utf8DecodeError {
            start: i,
            end: i + 1,
            reason: "invalid start byte",
        });
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return invalid_start,
        };
        // Check each continuation byte that is present; the first bad one decides.
        for k in 1..len {
            let Some(&cb) = bytes.get(i + k) else {
                return Some(Utf8DecodeError {
                    start: i,
                    end: n,
                    reason: "unexpected end of data",
                });
            };
            let ok = if k == 1 {
                match b {
                    0xE0 => (0xA0..=0xBF).contains(&cb),
                    0xED => (0x80..=0x9F).contains(&cb),
                    0xF0 => (0x90..=0xBF).contains(&cb),
                    0xF4 => (0x80..=0x8F).contains(&cb),
                    _ => (0x80..=0xBF).contains(&cb),
                }
            } else {
                (0x80..=0xBF).contains(&cb)
            };
            if !ok {
                return Some(Utf8DecodeError {
                    start: i,
                    end: i + k,
                    reason: "invalid continuation byte",
                });
            }
        }
        i += len;
    }
    None
}

/// The first byte of the first line that is not valid UTF-8, as the file tokenizer's
/// `ensure_utf8` finds it (`None` if the line is valid).
pub fn first_invalid_utf8_byte(line: &[u8]) -> Option<u8> {
    utf8_decode_error(line).map(|e| line[e.start])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_names_normalize_like_cpython() {
        assert_eq!(normal_cookie_name("UTF_8"), "utf-8");
        assert_eq!(normal_cookie_name("utf-8-sig"), "utf-8");
        assert_eq!(normal_cookie_name("Latin-1"), "iso-8859-1");
        assert_eq!(normal_cookie_name("utf8"), "utf8");
        assert_eq!(resolve_codec_module("latin1"), "latin_1");
        assert_eq!(resolve_codec_module("ISO-8859-15"), "iso8859_15");
        assert_eq!(resolve_codec_module("koi8-r"), "koi8_r");
    }

    #[test]
    fn coding_spec_needs_a_comment_line() {
        assert_eq!(
            coding_spec(b"# -*- coding: latin-1 -*-").0.as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(coding_spec(b"x = 1 # coding: latin-1"), (None, true));
        assert_eq!(coding_spec(b"#!/usr/bin/env python"), (None, false));
        assert_eq!(
            coding_spec(b"# vim: set fileencoding=cp1252 :")
                .0
                .as_deref(),
            Some("cp1252")
        );
    }

    #[test]
    fn utf8_errors_match_cpython_ranges() {
        let e = utf8_decode_error(b"ab\xff").unwrap();
        assert_eq!(
            e.message("utf-8", b"ab\xff"),
            "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"
        );
        let e = utf8_decode_error(b"\xe2\x82").unwrap();
        assert_eq!(
            e.message("utf-8", b"\xe2\x82"),
            "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
        );
        let e = utf8_decode_error(b"\xe2\x28\xa1").unwrap();
        assert_eq!(
            (e.start, e.end, e.reason),
            (0, 1, "invalid continuation byte")
        );
        assert!(utf8_decode_error("é€𝄞".as_bytes()).is_none());
        assert!(utf8_decode_error(b"\xed\xa0\x80").is_some());
    }
}
