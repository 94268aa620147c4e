//! The compiler's Python `str`: a sequence of code points, lone surrogates included, stored
//! as CPython's "surrogatepass" UTF-8. One type serves the AST's constants and marshal's
//! values.

/// A Python `str` value: a sequence of code points, any of which may be a lone surrogate
/// (U+D800..U+DFFF), which Rust's `str` cannot hold. Stored as CPython's "surrogatepass"
/// UTF-8 (each surrogate as its own 3-byte sequence, never paired), the form marshal
/// writes too.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct PyStr {
    bytes: Vec<u8>,
    has_surrogates: bool,
}

impl PyStr {
    /// From code points; `None` if one is above U+10FFFF.
    pub fn from_code_points<I: IntoIterator<Item = u32>>(code_points: I) -> Option<PyStr> {
        let mut s = PyStr::default();
        for cp in code_points {
            s.push_code_point(cp)?;
        }
        Some(s)
    }

    /// Appends one code point; `None` (and nothing appended) if it is above U+10FFFF.
    pub fn push_code_point(&mut self, cp: u32) -> Option<()> {
        if let Some(c) = char::from_u32(cp) {
            let mut buf = [0u8; 4];
            self.bytes
                .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        } else if (0xD800..=0xDFFF).contains(&cp) {
            self.bytes.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]);
            self.has_surrogates = true;
        } else {
            return None;
        }
        Some(())
    }

    pub fn push_str(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
    }

    /// The text, unless it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        if self.has_surrogates {
            None
        } else {
            // The bytes came from `str`s and encoded chars only.
            std::str::from_utf8(&self.bytes).ok()
        }
    }

    pub fn has_surrogates(&self) -> bool {
        self.has_surrogates
    }

    /// UTF-8 with surrogates encoded as themselves (Python's `encode('utf-8', 'surrogatepass')`).
    pub fn as_surrogatepass_utf8(&self) -> &[u8] {
        &self.bytes
    }

    /// The code points, in order.
    pub fn code_points(&self) -> CodePoints<'_> {
        CodePoints {
            bytes: &self.bytes,
            pos: 0,
        }
    }

    /// `len(s)`: the number of code points.
    pub fn len_code_points(&self) -> usize {
        self.bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn is_ascii(&self) -> bool {
        self.bytes.is_ascii()
    }

    /// From bytes already known to be surrogatepass UTF-8 (as marshal's reader checks them).
    pub fn from_surrogatepass_utf8(bytes: Vec<u8>) -> PyStr {
        let has_surrogates = std::str::from_utf8(&bytes).is_err();
        PyStr { bytes, has_surrogates }
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        match self.as_str() {
            Some(s) => s.to_owned(),
            None => self.code_points().map(|cp| char::from_u32(cp).unwrap_or('\u{fffd}')).collect(),
        }
    }
}

/// Iterator over a [`PyStr`]'s code points.
#[derive(Clone)]
pub struct CodePoints<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for CodePoints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let b = self.bytes;
        let i = self.pos;
        let first = *b.get(i)?;
        // The bytes are well-formed (generalized) UTF-8 by construction.
        let (len, init) = match first {
            0x00..=0x7F => (1, first as u32),
            0xC0..=0xDF => (2, (first & 0x1F) as u32),
            0xE0..=0xEF => (3, (first & 0x0F) as u32),
            _ => (4, (first & 0x07) as u32),
        };
        let cp = b[i + 1..i + len]
            .iter()
            .fold(init, |acc, &c| (acc << 6) | (c & 0x3F) as u32);
        self.pos += len;
        Some(cp)
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> PyStr {
        PyStr {
            bytes: s.as_bytes().to_vec(),
            has_surrogates: false,
        }
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> PyStr {
        PyStr {
            bytes: s.into_bytes(),
            has_surrogates: false,
        }
    }
}

