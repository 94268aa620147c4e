//! Output shaped like the pure-Python `tokenize` module (`tokenize.generate_tokens` over a
//! file opened with `tokenize.open`): NL and COMMENT tokens, generic OP type with the exact
//! kind beside it, ASYNC/AWAIT as NAME, character columns, INDENT spanning the indentation,
//! DEDENT at the first token of its line, and `tokenize`'s end-of-file conventions.
//!
//! It is built on the C-tokenizer scanner in trivia mode, so on invalid input it reports the
//! C tokenizer's error where `tokenize` would emit ERRORTOKEN or raise.

use super::{Token, TokenKind, Tokenizer, TokenizerConfig, TokenizerError};
use crate::source::DecodedSource;

/// A token as `tokenize.TokenInfo` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyToken {
    /// `TokenInfo.type`: OP for every operator.
    pub kind: TokenKind,
    /// `TokenInfo.exact_type`.
    pub exact_kind: TokenKind,
    pub string: String,
    /// (line, column in characters), as `TokenInfo.start` / `.end`.
    pub start: (u32, u32),
    pub end: (u32, u32),
}

struct Lines<'a> {
    text: &'a [u8],
    starts: Vec<usize>,
    /// Whether each line is ASCII (then byte and character columns agree).
    ascii: Vec<bool>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        let mut starts = vec![0];
        for (i, &b) in text.iter().enumerate() {
            if b == b'\n' && i + 1 < text.len() {
                starts.push(i + 1);
            }
        }
        let ascii = (0..starts.len())
            .map(|i| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text[starts[i]..end].is_ascii()
            })
            .collect();
        Lines {
            text,
            starts,
            ascii,
        }
    }

    fn line_index(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// (1-based line, character column) of a byte offset.
    fn pos(&self, offset: usize) -> (u32, u32) {
        let i = self.line_index(offset);
        let ls = self.starts[i];
        if self.ascii[i] {
            return ((i + 1) as u32, (offset.min(self.text.len()) - ls) as u32);
        }
        let seg = &self.text[ls..offset.min(self.text.len())];
        let chars = seg.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        ((i + 1) as u32, chars as u32)
    }
}

/// Tokenize `source` the way `tokenize.generate_tokens(tokenize.open(path).readline)` does.
pub fn python_tokenize(source: &DecodedSource) -> Result<Vec<PyToken>, TokenizerError> {
    let text: &[u8] = &source.text;
    let lines = Lines::new(text);
    let orig_len = if source.added_newline {
        text.len() - 1
    } else {
        text.len()
    };
    let orig = &text[..orig_len];
    let n_lines = orig.iter().filter(|&&b| b == b'\n').count()
        + usize::from(!orig.is_empty() && orig[orig_len - 1] != b'\n');
    // `tokenize` stops at a last line that has only blanks and no newline, without a token
    // for it, and puts the end-of-file tokens on that line instead of the next.
    let last_line_start = orig
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let last_line = &orig[last_line_start..];
    let blank_tail = source.added_newline
        && last_line
            .iter()
            .all(|&b| b == b' ' || b == b'\t' || b == 0x0C);
    let eof_line = if blank_tail && !last_line.is_empty() {
        n_lines
    } else {
        n_lines + 1
    } as u32;

    let config = TokenizerConfig {
        trivia: true,
        ..TokenizerConfig::default()
    };
    let mut tokenizer = Tokenizer::new(source, config);
    let mut out = Vec::new();
    loop {
        let tok: Token = tokenizer.next_token()?;
        let at_added_newline = source.added_newline && tok.start == text.len() - 1;
        let string_of = |s: usize, e: usize| String::from_utf8_lossy(&text[s..e]).into_owned();
        let (kind, exact) = match tok.kind {
            k if k.is_operator() => (TokenKind::Op, k),
            TokenKind::Async | TokenKind::Await => (TokenKind::Name, TokenKind::Name),
            k => (k, k),
        };
        let py = match tok.kind {
            TokenKind::EndMarker => PyToken {
                kind,
                exact_kind: exact,
                string: String::new(),
                start: (eof_line, 0),
                end: (eof_line, 0),
            },
            TokenKind::Indent => {
                let ls = lines.starts[lines.line_index(tok.start)];
                let (line, col) = lines.pos(tok.start);
                PyToken {
                    kind,
                    exact_kind: exact,
                    string: string_of(ls, tok.start),
                    start: (line, 0),
                    end: (line, col),
                }
            }
            TokenKind::Dedent => {
                let at = if tok.start >= orig_len {
                    (eof_line, 0)
                } else {
                    lines.pos(tok.start)
                };
                PyToken {
                    kind,
                    exact_kind: exact,
                    string: String::new(),
                    start: at,
                    end: at,
                }
            }
            TokenKind::Newline | TokenKind::Nl => {
                if at_added_newline && tok.kind == TokenKind::Nl && blank_tail {
                    // A blank last line without newline produces no token in `tokenize`.
                    continue;
                }
                let (line, col) = lines.pos(tok.start);
                let string = if at_added_newline {
                    String::new()
                } else {
                    "\n".to_string()
                };
                let end_col = if at_added_newline && tok.kind == TokenKind::Nl {
                    col
                } else {
                    col + 1
                };
                PyToken {
                    kind,
                    exact_kind: exact,
                    string,
                    start: (line, col),
                    end: (line, end_col),
                }
            }
            _ => PyToken {
                kind,
                exact_kind: exact,
                string: string_of(tok.start, tok.end),
                start: lines.pos(tok.start),
                end: lines.pos(tok.end),
            },
        };
        let done = py.kind == TokenKind::EndMarker;
        out.push(py);
        if done {
            return Ok(out);
        }
    }
}
