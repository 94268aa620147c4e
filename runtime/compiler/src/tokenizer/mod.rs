//! The Python 3.11 tokenizer: decoded source bytes to the token stream CPython's C tokenizer
//! (`Parser/tokenizer.c`) gives the PEG parser, with the same token kinds, the same positions
//! (lines 1-based, columns in UTF-8 bytes, -1 where CPython has none) and the same errors,
//! converted to the `SyntaxError` attributes CPython's parser raises for them.
//!
//! Modes: type comments (TYPE_COMMENT / TYPE_IGNORE tokens), `async_hacks` (feature_version
//! below 3.7: `async`/`await` are keywords only around `async def`), and trivia (COMMENT and NL
//! tokens, which the parser never sees; [`python_tokenize`] builds `tokenize`-module output on it).
//!
//! The scanner keeps CPython's buffer model (`cur`, `inp` = end of the current line, `buf`,
//! `line_start`) because several error positions are defined in terms of it.

pub mod compat;
pub mod token;
pub mod unicode;

pub use compat::{python_tokenize, PyToken};
pub use token::TokenKind;

use crate::error::{ErrorType, SyntaxErrorInfo};
use crate::source::{first_invalid_utf8_byte, utf8_decode_error, DecodedSource, SourceKind};

/// Indentation levels allowed (CPython's MAXINDENT).
pub const MAX_INDENT: usize = 100;
/// Bracket nesting allowed (CPython's MAXLEVEL).
pub const MAX_LEVEL: usize = 200;
const TABSIZE: u32 = 8;
/// The alternate tab size used to detect inconsistent tabs/spaces.
const ALT_TABSIZE: u32 = 1;
const EOF: i32 = -1;

/// What the tokenizer should produce besides the parser's tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenizerConfig {
    /// Report `# type:` comments as TYPE_COMMENT / TYPE_IGNORE (PyCF_TYPE_COMMENTS).
    pub type_comments: bool,
    /// feature_version < (3, 7): `async`/`await` are NAME outside `async def`.
    pub async_hacks: bool,
    /// Also report COMMENT and NL tokens (never given to the parser).
    pub trivia: bool,
    /// Treat SyntaxWarnings as errors (what `-W error` does in CPython).
    pub warnings_as_errors: bool,
}

/// One token. `start..end` index the decoded source text; the line/column fields are those
/// CPython's parser stores (`col_offset`/`end_col_offset` in bytes, -1 when CPython has no
/// position, as for INDENT, DEDENT and ENDMARKER).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    pub lineno: u32,
    pub col_offset: i32,
    pub end_lineno: u32,
    pub end_col_offset: i32,
    /// Bracket nesting level after this token (CPython's `token->level`).
    pub level: u32,
}

/// A warning the tokenizer issued (CPython's `parser_warn`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerWarning {
    /// The Python warning class name ("SyntaxWarning").
    pub category: &'static str,
    pub message: String,
    pub lineno: u32,
}

/// The tokenizer's own error code, as CPython's `tok->done` holds it. The parser needs it:
/// after a generic syntax error CPython tokenizes on, and only errors the tokenizer raised
/// itself (`Syntax`), or an unclosed bracket, replace the parser's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokErrorKind {
    /// An error the tokenizer raised with its own message and position (E_ERROR).
    Syntax,
    /// End of input in a continuation line or with brackets open (E_EOF).
    Eof,
    /// Dedent to a level that was never indented to (E_DEDENT).
    Dedent,
    /// Inconsistent tabs and spaces (E_TABSPACE).
    TabSpace,
    /// More than MAX_INDENT levels (E_TOODEEP).
    TooDeep,
    /// A character after a line-continuation backslash (E_LINECONT).
    LineCont,
    /// Undecodable input (E_DECODE).
    Decode,
}

/// A tokenizer error: its kind and the SyntaxError CPython's parser raises for it when it
/// meets this error token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerError {
    pub kind: TokErrorKind,
    /// Boxed so `Result<Token, TokenizerError>` stays small on the hot path.
    pub error: Box<SyntaxErrorInfo>,
}

impl std::fmt::Display for TokenizerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for TokenizerError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    Ok,
    Eof,
    Error,
}

/// What the scanner found: kind plus CPython's `p_start`/`p_end` (None = NULL).
type Raw = (TokenKind, Option<usize>, Option<usize>);

/// The tokenizer over one decoded source.
#[derive(Clone)]
pub struct Tokenizer<'src> {
    src: &'src [u8],
    /// Raw bytes CPython keeps as `tok->str` when the source was recoded from a cookie.
    raw: Option<&'src [u8]>,
    encoding_known: bool,
    /// Set for a script file without a declared encoding: lines must be UTF-8.
    file_name: Option<String>,
    /// The file tokenizer's decoding failure; overrides whatever token was being scanned.
    decode_erred: Option<SyntaxErrorInfo>,
    config: TokenizerConfig,

    cur: usize,
    inp: usize,
    buf: usize,
    line_start: usize,
    multi_line_start: usize,
    token_start: Option<usize>,
    lineno: u32,
    first_lineno: u32,
    done: Done,

    indent: usize,
    indstack: [u32; MAX_INDENT],
    altindstack: [u32; MAX_INDENT],
    atbol: bool,
    pendin: i32,

    level: usize,
    parenstack: [u8; MAX_LEVEL],
    parenlinenostack: [u32; MAX_LEVEL],
    parencolstack: [u32; MAX_LEVEL],

    cont_line: bool,
    async_def: bool,
    async_def_indent: usize,
    async_def_nl: bool,

    /// Trivia mode: a COMMENT was returned; resume scanning after it with this `blankline`.
    resume_after_comment: Option<bool>,
    finished: bool,
    warnings: Vec<TokenizerWarning>,
}

fn is_potential_identifier_start(c: i32) -> bool {
    (c >= b'a' as i32 && c <= b'z' as i32)
        || (c >= b'A' as i32 && c <= b'Z' as i32)
        || c == b'_' as i32
        || c >= 128
}

fn is_potential_identifier_char(c: i32) -> bool {
    is_potential_identifier_start(c) || (c >= b'0' as i32 && c <= b'9' as i32)
}

fn is_digit(c: i32) -> bool {
    (b'0' as i32..=b'9' as i32).contains(&c)
}

fn is_xdigit(c: i32) -> bool {
    is_digit(c)
        || (b'a' as i32..=b'f' as i32).contains(&c)
        || (b'A' as i32..=b'F' as i32).contains(&c)
}

fn is(c: i32, ch: u8) -> bool {
    c == ch as i32
}

/// Decode like `PyUnicode_DecodeUTF8(..., "replace")`.
fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Number of characters in the UTF-8 decoding (with replacement) of `bytes`.
fn char_len(bytes: &[u8]) -> i64 {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.chars().count() as i64,
        Err(_) => lossy(bytes).chars().count() as i64,
    }
}

/// CPython's `_PyPegen_byte_offset_to_character_offset`: `col` is a 1-based byte offset into
/// the UTF-8 form of `line`; the result counts the characters of that prefix (a cut
/// character counts once; one past the end counts the terminating NUL).
pub fn byte_offset_to_character_offset(line: &str, col: i64) -> i64 {
    let bytes = line.as_bytes();
    let len = bytes.len() as i64;
    let col = col.min(len + 1).max(0);
    if col > len {
        return line.chars().count() as i64 + 1;
    }
    bytes[..col as usize]
        .iter()
        .filter(|&&b| (b & 0xC0) != 0x80)
        .count() as i64
}

impl<'src> Tokenizer<'src> {
    /// A tokenizer over `source` (see [`crate::source::decode_source`]).
    pub fn new(source: &'src DecodedSource, config: TokenizerConfig) -> Self {
        let mut t = Self::from_utf8(&source.text, config);
        t.raw = source.raw.as_deref();
        t.encoding_known = source.encoding.is_some();
        if let (SourceKind::File { filename }, None) = (&source.kind, &source.encoding) {
            t.file_name = Some(filename.clone());
        }
        t
    }

    /// A tokenizer over text that is already newline-translated UTF-8 (and, for exec input,
    /// ends in '\n'): CPython's `_PyTokenizer_FromUTF8`.
    pub fn from_utf8(text: &'src [u8], config: TokenizerConfig) -> Self {
        Tokenizer {
            src: text,
            raw: None,
            encoding_known: true,
            file_name: None,
            decode_erred: None,
            config,
            cur: 0,
            inp: 0,
            buf: 0,
            line_start: 0,
            multi_line_start: 0,
            token_start: None,
            lineno: 0,
            first_lineno: 0,
            done: Done::Ok,
            indent: 0,
            indstack: [0; MAX_INDENT],
            altindstack: [0; MAX_INDENT],
            atbol: true,
            pendin: 0,
            level: 0,
            parenstack: [0; MAX_LEVEL],
            parenlinenostack: [0; MAX_LEVEL],
            parencolstack: [0; MAX_LEVEL],
            cont_line: false,
            async_def: false,
            async_def_indent: 0,
            async_def_nl: false,
            resume_after_comment: None,
            finished: false,
            warnings: Vec::new(),
        }
    }

    /// The source text being tokenized.
    pub fn source(&self) -> &'src [u8] {
        self.src
    }

    /// Warnings issued so far.
    pub fn warnings(&self) -> &[TokenizerWarning] {
        &self.warnings
    }

    /// Current bracket nesting level.
    pub fn level(&self) -> usize {
        self.level
    }

    /// The innermost open bracket: the character, its line and byte column. The parser
    /// needs it for "'(' was never closed" after its own errors.
    pub fn innermost_open_bracket(&self) -> Option<(char, u32, u32)> {
        let i = self.level.checked_sub(1)?;
        Some((
            self.parenstack[i] as char,
            self.parenlinenostack[i],
            self.parencolstack[i],
        ))
    }

    /// The "'(' was never closed" error for the innermost open bracket, as CPython's parser
    /// raises it (`None` if no bracket is open).
    pub fn unclosed_bracket(&self) -> Option<TokenizerError> {
        (self.level > 0).then(|| self.unclosed_bracket_error())
    }

    /// Current line number (CPython's `tok->lineno`).
    pub fn lineno(&self) -> u32 {
        self.lineno
    }

    /// The text of line `lineno` (1-based) without its newline, decoded with replacement.
    pub fn line_text(&self, lineno: u32) -> Option<String> {
        line_bytes(self.src, lineno).map(lossy)
    }

    /// Convert a byte column on line `lineno` to a character column (0-based both).
    pub fn char_col(&self, lineno: u32, byte_col: usize) -> usize {
        match line_bytes(self.src, lineno) {
            Some(line) => char_len(&line[..byte_col.min(line.len())]) as usize,
            None => byte_col,
        }
    }

    /// For the parser's own errors: CPython's `_PyPegen_raise_error_known_location` with this
    /// tokenizer's state (1-based byte columns in, the error line looked up and the columns
    /// converted to characters when the encoding is known, as CPython does).
    pub fn parser_error(
        &self,
        error_type: ErrorType,
        msg: String,
        lineno: i64,
        col: i64,
        end_lineno: i64,
        end_col: i64,
    ) -> SyntaxErrorInfo {
        *self
            .pegen_error_at(TokErrorKind::Syntax, error_type, msg, lineno, col, end_lineno, end_col)
            .error
    }

    /// CPython's `tok->cur - tok->line_start` (the parser's CURRENT_POS column), or `None`
    /// when `tok->cur == tok->buf` (nothing read on this buffer yet).
    pub fn cursor_column(&self) -> Option<i64> {
        (self.cur != self.buf).then(|| self.cur as i64 - self.line_start as i64)
    }

    /// Whether error columns get converted from bytes to characters (CPython's
    /// `tok->encoding != NULL`). The f-string expression parser's tokenizer has no encoding.
    pub fn set_encoding_known(&mut self, known: bool) {
        self.encoding_known = known;
    }

    /// Tokenize everything: the tokens up to and including ENDMARKER, or the first error.
    pub fn tokenize_all(mut self) -> Result<Vec<Token>, TokenizerError> {
        let mut out = Vec::new();
        loop {
            let tok = self.next_token()?;
            let end = tok.kind == TokenKind::EndMarker;
            out.push(tok);
            if end {
                return Ok(out);
            }
        }
    }

    /// The next token. After ENDMARKER it keeps returning ENDMARKER; after an error it keeps
    /// returning that error's kind with the same information.
    pub fn next_token(&mut self) -> Result<Token, TokenizerError> {
        if self.finished {
            return Ok(self.make_token(TokenKind::EndMarker, None, None));
        }
        let result = self.tok_get();
        if let Some(error) = self.decode_erred.take() {
            self.done = Done::Error;
            return Err(TokenizerError {
                kind: TokErrorKind::Decode,
                error: Box::new(error),
            });
        }
        let (kind, start, end) = result?;
        if kind == TokenKind::EndMarker {
            self.finished = true;
        }
        Ok(self.make_token(kind, start, end))
    }

    /// CPython's `initialize_token`: positions relative to the token's line.
    fn make_token(&self, kind: TokenKind, start: Option<usize>, end: Option<usize>) -> Token {
        let (line_start, lineno) = if kind == TokenKind::String {
            (self.multi_line_start, self.first_lineno)
        } else {
            (self.line_start, self.lineno)
        };
        let col_offset = match start {
            Some(s) if s >= line_start => (s - line_start) as i32,
            _ => -1,
        };
        let end_col_offset = match end {
            Some(e) if e >= self.line_start => (e - self.line_start) as i32,
            _ => -1,
        };
        let s = start.unwrap_or(self.cur);
        let e = end.unwrap_or(s).max(s);
        Token {
            kind,
            start: s,
            end: e,
            lineno,
            col_offset,
            end_lineno: self.lineno,
            end_col_offset,
            level: self.level as u32,
        }
    }

    // ---- character input (CPython's tok_nextc / tok_backup over a whole-string buffer) ----

    #[inline(always)]
    fn nextc(&mut self) -> i32 {
        if self.cur != self.inp {
            let c = self.src[self.cur];
            self.cur += 1;
            return c as i32;
        }
        self.nextc_slow()
    }

    /// `nextc` at the end of the current line: read the next line (or report EOF).
    #[inline(never)]
    fn nextc_slow(&mut self) -> i32 {
        loop {
            if self.cur != self.inp {
                let c = self.src[self.cur];
                self.cur += 1;
                return c as i32;
            }
            if self.done != Done::Ok {
                return EOF;
            }
            let end = match memchr(b'\n', &self.src[self.inp..]) {
                Some(i) => self.inp + i + 1,
                None => {
                    if self.inp == self.src.len() {
                        self.done = Done::Eof;
                        self.cur = self.inp;
                        return EOF;
                    }
                    self.src.len()
                }
            };
            if self.token_start.is_none() {
                self.buf = self.cur;
            }
            self.line_start = self.cur;
            self.lineno += 1;
            self.inp = end;
            if let Some(filename) = &self.file_name {
                // The file tokenizer rejects a line that is not UTF-8 when it reads it.
                if let Some(bad) = first_invalid_utf8_byte(&self.src[self.cur..end]) {
                    self.decode_erred = Some(SyntaxErrorInfo::message_only(format!(
                        "Non-UTF-8 code starting with '\\x{:02x}' in file {} on line {}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                        bad, filename, self.lineno
                    )));
                    self.done = Done::Error;
                    self.cur = self.inp;
                    return EOF;
                }
            }
        }
    }

    #[inline(always)]
    fn backup(&mut self, c: i32) {
        if c != EOF && self.cur > 0 {
            self.cur -= 1;
        }
    }

    // ---- errors ----

    /// CPython's `_syntaxerror_range`: an error the tokenizer raises itself. Offsets are
    /// characters from the line start to `cur` unless given (given ones are bytes).
    fn syntax_error_range(
        &mut self,
        msg: String,
        col: Option<i64>,
        end_col: Option<i64>,
    ) -> TokenizerError {
        self.done = Done::Error;
        let line_start = self.line_start.min(self.src.len());
        let cur = self.cur.max(line_start).min(self.src.len());
        let upto = &self.src[line_start..cur];
        let col_offset = col.unwrap_or_else(|| char_len(upto));
        let end_col_offset = end_col.unwrap_or(col_offset);
        let line_len =
            memchr(b'\n', &self.src[line_start..]).unwrap_or(self.src.len() - line_start);
        let text = lossy(&self.src[line_start..line_start + line_len]);
        TokenizerError {
            kind: TokErrorKind::Syntax,
            error: Box::new(SyntaxErrorInfo {
                error_type: ErrorType::SyntaxError,
                msg,
                lineno: Some(self.lineno as i64),
                offset: Some(col_offset),
                end_lineno: Some(self.lineno as i64),
                end_offset: Some(end_col_offset),
                text: Some(text),
            }),
        }
    }

    fn syntax_error(&mut self, msg: impl Into<String>) -> TokenizerError {
        self.syntax_error_range(msg.into(), None, None)
    }

    /// The error line as CPython's `_PyPegen_raise_error_known_location` finds it when the
    /// source is not a real file: the current token buffer if `lineno` is not before the
    /// tokenizer's line, else line `lineno` of the original string.
    fn pegen_error_line(&self, lineno: i64) -> String {
        if (self.lineno as i64) <= lineno && self.inp > self.buf {
            return lossy(&self.src[self.buf..self.inp]);
        }
        let whole = self.raw.unwrap_or(self.src);
        let buf_end = if self.raw.is_some() {
            whole.len()
        } else {
            self.inp
        };
        let mut cur_line = 0usize;
        for _ in 0..(lineno - 1).max(0) {
            match memchr(b'\n', &whole[cur_line..]) {
                Some(i) if cur_line + i < buf_end => cur_line += i + 1,
                _ => break,
            }
        }
        let end = memchr(b'\n', &whole[cur_line..])
            .map(|i| cur_line + i)
            .unwrap_or(whole.len());
        lossy(&whole[cur_line..end])
    }

    /// CPython's `_PyPegen_raise_error_known_location` (offsets 1-based bytes; converted to
    /// characters only when the source encoding is known, as CPython does).
    fn pegen_error_at(
        &self,
        kind: TokErrorKind,
        error_type: ErrorType,
        msg: String,
        lineno: i64,
        col: i64,
        end_lineno: i64,
        end_col: i64,
    ) -> TokenizerError {
        let text = self.pegen_error_line(lineno);
        let (mut offset, mut end_offset) = (col, end_col);
        if self.encoding_known {
            offset = byte_offset_to_character_offset(&text, col);
            if end_col > 0 {
                end_offset = byte_offset_to_character_offset(&text, end_col);
            }
        }
        TokenizerError {
            kind,
            error: Box::new(SyntaxErrorInfo {
                error_type,
                msg,
                lineno: Some(lineno),
                offset: Some(offset),
                end_lineno: Some(end_lineno),
                end_offset: Some(end_offset),
                text: Some(text),
            }),
        }
    }

    /// CPython's `RAISE_SYNTAX_ERROR` for an error token without position: the column is
    /// where the tokenizer stopped.
    fn pegen_error_at_cursor(
        &self,
        kind: TokErrorKind,
        error_type: ErrorType,
        msg: String,
    ) -> TokenizerError {
        let col = if self.cur == self.buf {
            0
        } else {
            self.cur as i64 - self.line_start as i64
        };
        let l = self.lineno as i64;
        self.pegen_error_at(kind, error_type, msg, l, col, l, -1)
    }

    /// The parser's error for a tokenizer state that has no message of its own.
    fn pegen_tokenizer_error(&mut self, kind: TokErrorKind) -> TokenizerError {
        self.done = Done::Error;
        let l = self.lineno as i64;
        match kind {
            TokErrorKind::Eof => {
                if self.level > 0 {
                    self.unclosed_bracket_error()
                } else {
                    self.pegen_error_at_cursor(
                        kind,
                        ErrorType::SyntaxError,
                        "unexpected EOF while parsing".into(),
                    )
                }
            }
            TokErrorKind::Dedent => self.pegen_error_at_cursor(
                kind,
                ErrorType::IndentationError,
                "unindent does not match any outer indentation level".into(),
            ),
            TokErrorKind::TabSpace => self.pegen_error_at(
                kind,
                ErrorType::TabError,
                "inconsistent use of tabs and spaces in indentation".into(),
                l,
                1,
                l,
                0,
            ),
            TokErrorKind::TooDeep => self.pegen_error_at(
                kind,
                ErrorType::IndentationError,
                "too many levels of indentation".into(),
                l,
                1,
                l,
                0,
            ),
            TokErrorKind::LineCont => {
                let col = self.cur as i64 - self.buf as i64 - 1;
                self.pegen_error_at(
                    kind,
                    ErrorType::SyntaxError,
                    "unexpected character after line continuation character".into(),
                    l,
                    col.max(0) + 1,
                    l,
                    0,
                )
            }
            TokErrorKind::Syntax | TokErrorKind::Decode => self.pegen_error_at_cursor(
                kind,
                ErrorType::SyntaxError,
                "unknown parsing error".into(),
            ),
        }
    }

    /// "'(' was never closed" at the innermost open bracket.
    fn unclosed_bracket_error(&self) -> TokenizerError {
        let i = self.level - 1;
        let line = self.parenlinenostack[i] as i64;
        let col = self.parencolstack[i] as i64;
        self.pegen_error_at(
            TokErrorKind::Eof,
            ErrorType::SyntaxError,
            format!("'{}' was never closed", self.parenstack[i] as char),
            line,
            col + 1,
            line,
            0,
        )
    }

    fn decode_error(&mut self, message: String) -> TokenizerError {
        self.done = Done::Error;
        self.pegen_error_at_cursor(
            TokErrorKind::Decode,
            ErrorType::SyntaxError,
            format!("(unicode error) {}", message),
        )
    }

    fn warn(&mut self, message: String) -> Result<(), TokenizerError> {
        if self.config.warnings_as_errors {
            return Err(self.syntax_error(message));
        }
        self.warnings.push(TokenizerWarning {
            category: "SyntaxWarning",
            message,
            lineno: self.lineno,
        });
        Ok(())
    }

    // ---- scanning ----

    /// Reads past a backslash: the next character must be the newline. Returns the first
    /// character of the next line (left unread).
    fn continuation_line(&mut self) -> Result<i32, TokenizerError> {
        let c = self.nextc();
        if !is(c, b'\n') {
            return Err(self.pegen_tokenizer_error(TokErrorKind::LineCont));
        }
        let c = self.nextc();
        if c == EOF {
            self.cur = self.inp;
            return Err(self.pegen_tokenizer_error(TokErrorKind::Eof));
        }
        self.backup(c);
        Ok(c)
    }

    fn tok_get(&mut self) -> Result<Raw, TokenizerError> {
        if self.done == Done::Error {
            // Errors are final; report end of input rather than re-scanning.
            return Ok((TokenKind::EndMarker, None, None));
        }
        'nextline: loop {
            let blankline;
            if let Some(bl) = self.resume_after_comment.take() {
                blankline = bl;
            } else {
                self.token_start = None;
                let mut bl = false;
                if self.atbol {
                    bl = self.indentation()?;
                }
                blankline = bl;
                self.token_start = Some(self.cur);
                if self.pendin != 0 {
                    if self.pendin < 0 {
                        self.pendin += 1;
                        return Ok((TokenKind::Dedent, None, None));
                    }
                    self.pendin -= 1;
                    return Ok((TokenKind::Indent, None, None));
                }
                let c = self.nextc();
                self.backup(c);
                if self.async_def
                    && !blankline
                    && !is(c, b'\n')
                    && self.level == 0
                    && self.async_def_nl
                    && self.async_def_indent >= self.indent
                {
                    self.async_def = false;
                    self.async_def_indent = 0;
                    self.async_def_nl = false;
                }
            }

            // "again": a token starts after blanks (also after a line continuation).
            loop {
                self.token_start = None;
                let mut c;
                loop {
                    c = self.nextc();
                    if !(is(c, b' ') || is(c, b'\t') || is(c, 0x0C)) {
                        break;
                    }
                }
                let start = self.cur.saturating_sub(1);
                self.token_start = Some(start);

                if is(c, b'#') {
                    while c != EOF && !is(c, b'\n') {
                        // Fast path: jump to the end of the line (a line ends in '\n' or
                        // at the end of the text).
                        let rest = &self.src[self.cur..self.inp];
                        self.cur += memchr(b'\n', rest).unwrap_or(rest.len());
                        c = self.nextc();
                    }
                    if self.config.type_comments {
                        if let Some(tok) = self.type_comment(start, c, blankline) {
                            return Ok(tok);
                        }
                    }
                    if self.config.trivia {
                        self.backup(c);
                        self.resume_after_comment = Some(blankline);
                        return Ok((TokenKind::Comment, Some(start), Some(self.cur)));
                    }
                }

                if c == EOF {
                    if self.level > 0 {
                        return Err(self.pegen_tokenizer_error(TokErrorKind::Eof));
                    }
                    return if self.done == Done::Eof {
                        Ok((TokenKind::EndMarker, None, None))
                    } else {
                        Err(self.pegen_tokenizer_error(TokErrorKind::Eof))
                    };
                }

                if is_potential_identifier_start(c) {
                    if let Some(tok) = self.name_or_prefix(c)? {
                        return Ok(tok);
                    }
                    // A string prefix was read; the quote follows.
                    c = self.src[self.cur - 1] as i32;
                    return self.string(c, start);
                }

                if is(c, b'\n') {
                    self.atbol = true;
                    if blankline || self.level > 0 {
                        if self.config.trivia {
                            return Ok((TokenKind::Nl, Some(self.cur - 1), Some(self.cur)));
                        }
                        continue 'nextline;
                    }
                    self.cont_line = false;
                    if self.async_def {
                        self.async_def_nl = true;
                    }
                    if self.config.trivia {
                        return Ok((TokenKind::Newline, Some(self.cur - 1), Some(self.cur)));
                    }
                    return Ok((TokenKind::Newline, Some(start), Some(self.cur - 1)));
                }

                if is(c, b'.') {
                    let c2 = self.nextc();
                    if is_digit(c2) {
                        self.number_tail(c2, NumberEntry::Fraction)?;
                        return Ok((TokenKind::Number, Some(start), Some(self.cur)));
                    } else if is(c2, b'.') {
                        let c3 = self.nextc();
                        if is(c3, b'.') {
                            return Ok((TokenKind::Ellipsis, Some(start), Some(self.cur)));
                        }
                        self.backup(c3);
                        self.backup(c2);
                    } else {
                        self.backup(c2);
                    }
                    return Ok((TokenKind::Dot, Some(start), Some(self.cur)));
                }

                if is_digit(c) {
                    self.number(c, start)?;
                    return Ok((TokenKind::Number, Some(start), Some(self.cur)));
                }

                if is(c, b'\'') || is(c, b'"') {
                    return self.string(c, start);
                }

                if is(c, b'\\') {
                    self.continuation_line()?;
                    self.cont_line = true;
                    continue;
                }

                // Operators: two or three characters first.
                let c2 = self.nextc();
                if c2 != EOF {
                    if let Some(kind2) = token::two_chars(c as u8, c2 as u8) {
                        let c3 = self.nextc();
                        let kind = match (c3 != EOF)
                            .then(|| token::three_chars(c as u8, c2 as u8, c3 as u8))
                            .flatten()
                        {
                            Some(k3) => k3,
                            None => {
                                self.backup(c3);
                                kind2
                            }
                        };
                        return Ok((kind, Some(start), Some(self.cur)));
                    }
                }
                self.backup(c2);

                match c as u8 {
                    b'(' | b'[' | b'{' => {
                        if self.level >= MAX_LEVEL {
                            return Err(self.syntax_error("too many nested parentheses"));
                        }
                        self.parenstack[self.level] = c as u8;
                        self.parenlinenostack[self.level] = self.lineno;
                        self.parencolstack[self.level] = (start - self.line_start) as u32;
                        self.level += 1;
                    }
                    b')' | b']' | b'}' => {
                        if self.level == 0 {
                            return Err(
                                self.syntax_error(format!("unmatched '{}'", c as u8 as char))
                            );
                        }
                        self.level -= 1;
                        let opening = self.parenstack[self.level];
                        let matches = matches!(
                            (opening, c as u8),
                            (b'(', b')') | (b'[', b']') | (b'{', b'}')
                        );
                        if !matches {
                            let msg = if self.parenlinenostack[self.level] != self.lineno {
                                format!(
                                    "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                                    c as u8 as char, opening as char, self.parenlinenostack[self.level]
                                )
                            } else {
                                format!(
                                    "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                    c as u8 as char, opening as char
                                )
                            };
                            return Err(self.syntax_error(msg));
                        }
                    }
                    _ => {}
                }

                if !(0x20..0x7F).contains(&c) {
                    return Err(
                        self.syntax_error(format!("invalid non-printable character U+{:04X}", c))
                    );
                }
                return Ok((token::one_char(c as u8), Some(start), Some(self.cur)));
            }
        }
    }

    /// Measure the indentation of a new line and queue INDENT/DEDENT. Returns whether the
    /// line is blank (only whitespace and/or a comment).
    fn indentation(&mut self) -> Result<bool, TokenizerError> {
        self.atbol = false;
        let mut col: u32 = 0;
        let mut altcol: u32 = 0;
        let mut cont_line_col: u32 = 0;
        let mut c;
        loop {
            c = self.nextc();
            if is(c, b' ') {
                col += 1;
                altcol += 1;
            } else if is(c, b'\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol = (altcol / ALT_TABSIZE + 1) * ALT_TABSIZE;
            } else if is(c, 0x0C) {
                col = 0;
                altcol = 0;
            } else if is(c, b'\\') {
                // Indentation cannot continue over a backslash: the first one fixes it.
                cont_line_col = if cont_line_col != 0 {
                    cont_line_col
                } else {
                    col
                };
                self.continuation_line()?;
            } else {
                break;
            }
        }
        self.backup(c);
        let blankline = is(c, b'#') || is(c, b'\n');
        if !blankline && self.level == 0 {
            if cont_line_col != 0 {
                col = cont_line_col;
                altcol = cont_line_col;
            }
            let top = self.indstack[self.indent];
            if col == top {
                if altcol != self.altindstack[self.indent] {
                    self.cur = self.inp;
                    return Err(self.pegen_tokenizer_error(TokErrorKind::TabSpace));
                }
            } else if col > top {
                if self.indent + 1 >= MAX_INDENT {
                    self.cur = self.inp;
                    return Err(self.pegen_tokenizer_error(TokErrorKind::TooDeep));
                }
                if altcol <= self.altindstack[self.indent] {
                    self.cur = self.inp;
                    return Err(self.pegen_tokenizer_error(TokErrorKind::TabSpace));
                }
                self.pendin += 1;
                self.indent += 1;
                self.indstack[self.indent] = col;
                self.altindstack[self.indent] = altcol;
            } else {
                while self.indent > 0 && col < self.indstack[self.indent] {
                    self.pendin -= 1;
                    self.indent -= 1;
                }
                if col != self.indstack[self.indent] {
                    self.cur = self.inp;
                    return Err(self.pegen_tokenizer_error(TokErrorKind::Dedent));
                }
                if altcol != self.altindstack[self.indent] {
                    self.cur = self.inp;
                    return Err(self.pegen_tokenizer_error(TokErrorKind::TabSpace));
                }
            }
        }
        Ok(blankline)
    }

    /// After a comment was skipped (`c` is the '\n' or EOF after it): a `# type:` comment
    /// becomes TYPE_COMMENT or TYPE_IGNORE.
    fn type_comment(&mut self, start: usize, c: i32, blankline: bool) -> Option<Raw> {
        const PREFIX: &[u8] = b"# type: ";
        let src = self.src;
        let at = |i: usize| src.get(i).copied().unwrap_or(0);
        let mut p = start;
        let mut k = 0;
        while k < PREFIX.len() && p < self.cur {
            if PREFIX[k] == b' ' {
                while at(p) == b' ' || at(p) == b'\t' {
                    p += 1;
                }
            } else if PREFIX[k] == at(p) {
                p += 1;
            } else {
                break;
            }
            k += 1;
        }
        if k < PREFIX.len() {
            return None;
        }
        self.backup(c);
        let type_start = p;
        let ignore_end = p + 6;
        let is_ignore = self.cur >= ignore_end
            && src.get(p..ignore_end) == Some(b"ignore".as_slice())
            && !(self.cur > ignore_end
                && (at(ignore_end) >= 128 || at(ignore_end).is_ascii_alphanumeric()));
        if is_ignore {
            let end = self.cur;
            if blankline {
                self.nextc();
                self.atbol = true;
            }
            return Some((TokenKind::TypeIgnore, Some(ignore_end), Some(end)));
        }
        Some((TokenKind::TypeComment, Some(type_start), Some(self.cur)))
    }

    /// An identifier, keyword-like name or ASYNC/AWAIT; `Ok(None)` if what was read is a
    /// string prefix followed by a quote (the quote has been consumed).
    fn name_or_prefix(&mut self, first: i32) -> Result<Option<Raw>, TokenizerError> {
        let start = self.token_start.unwrap_or(self.cur.saturating_sub(1));
        let mut c = first;
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        loop {
            let ch = c as u8;
            if c < 128 && !(saw_b || saw_u || saw_f) && (ch == b'b' || ch == b'B') {
                saw_b = true;
            } else if c < 128 && !(saw_b || saw_u || saw_r || saw_f) && (ch == b'u' || ch == b'U') {
                saw_u = true;
            } else if c < 128 && !(saw_r || saw_u) && (ch == b'r' || ch == b'R') {
                saw_r = true;
            } else if c < 128 && !(saw_f || saw_b || saw_u) && (ch == b'f' || ch == b'F') {
                saw_f = true;
            } else {
                break;
            }
            c = self.nextc();
            if is(c, b'"') || is(c, b'\'') {
                return Ok(None);
            }
        }
        let mut nonascii = false;
        while is_potential_identifier_char(c) {
            if c >= 128 {
                nonascii = true;
            }
            // Fast path: the rest of the name within the current line.
            let run = self.src[self.cur..self.inp]
                .iter()
                .position(|&b| !is_potential_identifier_char(b as i32))
                .unwrap_or(self.inp - self.cur);
            nonascii |= self.src[self.cur..self.cur + run].iter().any(|&b| b >= 128);
            self.cur += run;
            c = self.nextc();
        }
        self.backup(c);
        if nonascii {
            self.verify_identifier(start)?;
        }
        let end = self.cur;
        if end - start == 5 && self.src[start] == b'a' {
            let word = &self.src[start..end];
            if !self.config.async_hacks || self.async_def {
                if word == b"async" {
                    return Ok(Some((TokenKind::Async, Some(start), Some(end))));
                }
                if word == b"await" {
                    return Ok(Some((TokenKind::Await, Some(start), Some(end))));
                }
            } else if word == b"async" {
                // Look one token ahead on a copy: `async def` makes this ASYNC.
                let warnings = std::mem::take(&mut self.warnings);
                let mut ahead = self.clone();
                self.warnings = warnings;
                ahead.config.trivia = false;
                ahead.config.warnings_as_errors = false;
                // What the next token is decides; whether *it* would be ASYNC does not, so the
                // copy need not look further ahead (that would recurse on `async async ...`).
                ahead.config.async_hacks = false;
                if let Ok((TokenKind::Name, Some(s), Some(e))) = ahead.tok_get() {
                    if &ahead.src[s..e] == b"def" {
                        self.async_def_indent = self.indent;
                        self.async_def = true;
                        return Ok(Some((TokenKind::Async, Some(start), Some(end))));
                    }
                }
            }
        }
        Ok(Some((TokenKind::Name, Some(start), Some(end))))
    }

    /// PEP 3131 check of a non-ASCII identifier in `start..cur`.
    fn verify_identifier(&mut self, start: usize) -> Result<(), TokenizerError> {
        let src = self.src;
        let bytes = &src[start..self.cur];
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => {
                let msg = match utf8_decode_error(bytes) {
                    Some(err) => err.message("utf-8", bytes),
                    None => "'utf-8' codec can't decode the identifier".to_string(),
                };
                return Err(self.decode_error(msg));
            }
        };
        if let Some(invalid) = unicode::scan_identifier(text) {
            let Some((byte_idx, ch)) = text.char_indices().nth(invalid) else {
                return Ok(());
            };
            let n_chars = text.chars().count();
            if invalid + 1 < n_chars {
                self.cur = start + byte_idx + ch.len_utf8();
            }
            let msg = if unicode::is_printable(ch) {
                format!("invalid character '{}' (U+{:04X})", ch, ch as u32)
            } else {
                format!("invalid non-printable character U+{:04X}", ch as u32)
            };
            return Err(self.syntax_error(msg));
        }
        Ok(())
    }

    // ---- numbers ----

    fn number(&mut self, first: i32, start: usize) -> Result<(), TokenizerError> {
        if is(first, b'0') {
            let mut c = self.nextc();
            if is(c, b'x') || is(c, b'X') {
                c = self.nextc();
                loop {
                    if is(c, b'_') {
                        c = self.nextc();
                    }
                    if !is_xdigit(c) {
                        self.backup(c);
                        return Err(self.syntax_error("invalid hexadecimal literal"));
                    }
                    loop {
                        c = self.nextc();
                        if !is_xdigit(c) {
                            break;
                        }
                    }
                    if !is(c, b'_') {
                        break;
                    }
                }
                self.verify_end_of_number(c, "hexadecimal")?;
            } else if is(c, b'o') || is(c, b'O') {
                c = self.nextc();
                loop {
                    if is(c, b'_') {
                        c = self.nextc();
                    }
                    if !(b'0' as i32..b'8' as i32).contains(&c) {
                        if is_digit(c) {
                            return Err(self.syntax_error(format!(
                                "invalid digit '{}' in octal literal",
                                c as u8 as char
                            )));
                        }
                        self.backup(c);
                        return Err(self.syntax_error("invalid octal literal"));
                    }
                    loop {
                        c = self.nextc();
                        if !(b'0' as i32..b'8' as i32).contains(&c) {
                            break;
                        }
                    }
                    if !is(c, b'_') {
                        break;
                    }
                }
                if is_digit(c) {
                    return Err(self.syntax_error(format!(
                        "invalid digit '{}' in octal literal",
                        c as u8 as char
                    )));
                }
                self.verify_end_of_number(c, "octal")?;
            } else if is(c, b'b') || is(c, b'B') {
                c = self.nextc();
                loop {
                    if is(c, b'_') {
                        c = self.nextc();
                    }
                    if !(is(c, b'0') || is(c, b'1')) {
                        if is_digit(c) {
                            return Err(self.syntax_error(format!(
                                "invalid digit '{}' in binary literal",
                                c as u8 as char
                            )));
                        }
                        self.backup(c);
                        return Err(self.syntax_error("invalid binary literal"));
                    }
                    loop {
                        c = self.nextc();
                        if !(is(c, b'0') || is(c, b'1')) {
                            break;
                        }
                    }
                    if !is(c, b'_') {
                        break;
                    }
                }
                if is_digit(c) {
                    return Err(self.syntax_error(format!(
                        "invalid digit '{}' in binary literal",
                        c as u8 as char
                    )));
                }
                self.verify_end_of_number(c, "binary")?;
            } else {
                // '0', zeros, or a (forbidden) old-style octal; c is its next character.
                let mut nonzero = false;
                loop {
                    if is(c, b'_') {
                        c = self.nextc();
                        if !is_digit(c) {
                            self.backup(c);
                            return Err(self.syntax_error("invalid decimal literal"));
                        }
                    }
                    if !is(c, b'0') {
                        break;
                    }
                    c = self.nextc();
                }
                let zeros_end = self.cur;
                if is_digit(c) {
                    nonzero = true;
                    c = self.decimal_tail()?;
                }
                if is(c, b'.') {
                    let c2 = self.nextc();
                    return self.number_tail(c2, NumberEntry::Fraction);
                } else if is(c, b'e') || is(c, b'E') {
                    return self.number_tail(c, NumberEntry::Exponent);
                } else if is(c, b'j') || is(c, b'J') {
                    return self.number_tail(c, NumberEntry::Imaginary);
                } else if nonzero {
                    self.backup(c);
                    let col = (start + 1 - self.line_start) as i64;
                    let end_col = (zeros_end - self.line_start) as i64;
                    return Err(self.syntax_error_range(
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers".into(),
                        Some(col),
                        Some(end_col),
                    ));
                }
                self.verify_end_of_number(c, "decimal")?;
            }
            self.backup(c);
            return Ok(());
        }
        let c = self.decimal_tail()?;
        if is(c, b'.') {
            let c2 = self.nextc();
            return self.number_tail(c2, NumberEntry::Fraction);
        }
        self.number_tail(c, NumberEntry::AfterInteger)
    }

    /// The rest of a decimal number from a fraction, exponent or imaginary suffix on; `c` is
    /// the current (already read) character. Leaves the cursor after the literal.
    fn number_tail(&mut self, mut c: i32, entry: NumberEntry) -> Result<(), TokenizerError> {
        if entry == NumberEntry::Fraction && is_digit(c) {
            c = self.decimal_tail()?;
        }
        if entry != NumberEntry::Imaginary && (is(c, b'e') || is(c, b'E')) {
            let e = c;
            c = self.nextc();
            if is(c, b'+') || is(c, b'-') {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.syntax_error("invalid decimal literal"));
                }
            } else if !is_digit(c) {
                self.backup(c);
                self.verify_end_of_number(e, "decimal")?;
                self.backup(e);
                return Ok(());
            }
            c = self.decimal_tail()?;
        }
        if is(c, b'j') || is(c, b'J') {
            c = self.nextc();
            self.verify_end_of_number(c, "imaginary")?;
        } else {
            self.verify_end_of_number(c, "decimal")?;
        }
        self.backup(c);
        Ok(())
    }

    /// Digits with single underscores between them; returns the first character after.
    fn decimal_tail(&mut self) -> Result<i32, TokenizerError> {
        loop {
            let mut c;
            loop {
                c = self.nextc();
                if !is_digit(c) {
                    break;
                }
            }
            if !is(c, b'_') {
                return Ok(c);
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal"));
            }
        }
    }

    /// Does `rest` follow the cursor, followed by a non-identifier character? The cursor is
    /// left where it was.
    fn lookahead(&mut self, rest: &[u8]) -> bool {
        let save = self.cur;
        let mut matched = true;
        for &b in rest {
            if self.nextc() != b as i32 {
                matched = false;
                break;
            }
        }
        let result = matched && {
            let c = self.nextc();
            !is_potential_identifier_char(c)
        };
        self.cur = save;
        result
    }

    /// A number followed directly by a name: a warning before the keywords that can follow a
    /// number in valid code, an error otherwise.
    fn verify_end_of_number(&mut self, c: i32, kind: &str) -> Result<(), TokenizerError> {
        let keyword_follows = if !(0..128).contains(&c) {
            false
        } else {
            match c as u8 {
                b'a' => self.lookahead(b"nd"),
                b'e' => self.lookahead(b"lse"),
                b'f' => self.lookahead(b"or"),
                b'i' => {
                    let c2 = self.nextc();
                    self.backup(c2);
                    is(c2, b'f') || is(c2, b'n') || is(c2, b's')
                }
                b'o' => self.lookahead(b"r"),
                b'n' => self.lookahead(b"ot"),
                _ => false,
            }
        };
        if keyword_follows {
            self.backup(c);
            self.warn(format!("invalid {} literal", kind))?;
            self.nextc();
        } else if c < 128 && is_potential_identifier_char(c) {
            // Non-ASCII after a number is left to the identifier check (3.11.4+), which
            // reports the character itself.
            self.backup(c);
            return Err(self.syntax_error(format!("invalid {} literal", kind)));
        }
        Ok(())
    }

    // ---- strings ----

    /// A string literal whose opening quote `quote` was just read; `start` is where the
    /// token (with its prefix) began.
    fn string(&mut self, quote: i32, start: usize) -> Result<Raw, TokenizerError> {
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1;
            }
        }
        if c != quote {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            // Fast path: characters that are neither the quote, a backslash nor a newline
            // only reset the count of closing quotes seen.
            let q = quote as u8;
            let run = self.src[self.cur..self.inp]
                .iter()
                .position(|&b| b == q || b == b'\\' || b == b'\n')
                .unwrap_or(self.inp - self.cur);
            if run > 0 {
                self.cur += run;
                end_quote_size = 0;
            }
            c = self.nextc();
            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                // Report from the string's start.
                self.cur = start + 1;
                self.line_start = self.multi_line_start;
                let detected_at = self.lineno;
                self.lineno = self.first_lineno;
                let msg = if quote_size == 3 {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {})",
                        detected_at
                    )
                } else {
                    format!(
                        "unterminated string literal (detected at line {})",
                        detected_at
                    )
                };
                return Err(self.syntax_error(msg));
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if is(c, b'\\') {
                    self.nextc();
                }
            }
        }
        Ok((TokenKind::String, Some(start), Some(self.cur)))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NumberEntry {
    AfterInteger,
    Fraction,
    Exponent,
    Imaginary,
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

/// Line `lineno` (1-based) of `src` without its newline.
fn line_bytes(src: &[u8], lineno: u32) -> Option<&[u8]> {
    if lineno == 0 {
        return None;
    }
    let mut start = 0usize;
    for _ in 1..lineno {
        start += memchr(b'\n', &src[start..])? + 1;
    }
    if start > src.len() {
        return None;
    }
    let end = memchr(b'\n', &src[start..])
        .map(|i| start + i)
        .unwrap_or(src.len());
    Some(&src[start..end])
}

/// Decode `input` and tokenize it completely for the parser (no trivia).
pub fn tokenize_bytes(
    input: &[u8],
    config: TokenizerConfig,
) -> Result<Vec<Token>, SyntaxErrorInfo> {
    let source = crate::source::decode_source(input, SourceKind::Bytes, true)?;
    Tokenizer::new(&source, config)
        .tokenize_all()
        .map_err(|e| *e.error)
}
