//! The parser: CPython 3.11's PEG grammar (`Grammar/python.gram`) as hand-written recursive
//! descent, from the tokenizer's tokens to the [`ast`](crate::ast) of a module, expression,
//! interactive statement or function type comment, with CPython's SyntaxErrors.
//!
//! It follows pegen's model: tokens are fetched lazily into a buffer (how far the parser
//! looked decides where a generic "invalid syntax" points), rules backtrack by resetting a
//! mark, the rules the grammar marks `(memo)` and the left-recursive ones are memoized by
//! (token index, rule), and a failed parse is retried with the `invalid_*` rules enabled to
//! find a specialized message. Tokenizer errors stop the parse where the token is fetched.
//!
//! Files: this one (parser state, tokens, memo, errors, public API), [`statements`],
//! [`expressions`], [`targets`] (assignment/del targets), [`arguments`] (call arguments and
//! parameters), [`patterns`] (`match`), [`strings`] (literal concatenation, escapes,
//! f-strings, numbers), [`invalid`] (the `invalid_*` rules).

mod arguments;
mod expressions;
mod invalid;
mod patterns;
mod statements;
mod strings;
mod targets;
mod unicode_names;



use crate::ast::*;
use crate::error::{ErrorType, SyntaxErrorInfo};
use crate::source::{decode_source, DecodedSource, SourceKind};
use crate::tokenizer::{TokErrorKind, TokenKind, Tokenizer, TokenizerConfig};

/// What the source is parsed as (the `mode` argument of `compile()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `exec`: a module.
    Exec,
    /// `eval`: one expression.
    Eval,
    /// `single`: one interactive statement.
    Single,
    /// `func_type`: a function type comment `(args) -> ret`.
    FuncType,
}

/// Parser options (CPython's `PyCF_*` flags that reach the parser).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParserFlags {
    /// PyCF_TYPE_COMMENTS: keep `# type:` comments in the tree.
    pub type_comments: bool,
    /// The minor version of `feature_version` (3.x); constructs newer than it are errors.
    /// Below 7, `async`/`await` are keywords only inside `async def`.
    pub feature_version: u32,
    /// Treat warnings (invalid escape sequences, ...) as errors, as `-W error` does.
    pub warnings_as_errors: bool,
}

impl Default for ParserFlags {
    fn default() -> Self {
        ParserFlags {
            type_comments: false,
            feature_version: 11,
            warnings_as_errors: false,
        }
    }
}

/// A warning issued while parsing (the tokenizer's SyntaxWarnings and the parser's
/// DeprecationWarnings for invalid escape sequences).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserWarning {
    /// The Python warning class name.
    pub category: &'static str,
    pub message: String,
    pub lineno: i64,
}

/// Parse decoded source. `filename` is only used the way CPython uses it (nothing here reads
/// files), so it may be anything.
pub fn parse(
    source: &DecodedSource,
    filename: &str,
    mode: Mode,
    flags: ParserFlags,
) -> Result<Mod, SyntaxErrorInfo> {
    parse_with_warnings(source, filename, mode, flags).0
}

/// Decode `bytes` as `compile(bytes, ...)` does (BOM, coding cookie) and parse them.
pub fn parse_bytes(
    bytes: &[u8],
    filename: &str,
    mode: Mode,
    flags: ParserFlags,
) -> Result<Mod, SyntaxErrorInfo> {
    let src = decode_source(bytes, SourceKind::Bytes, mode == Mode::Exec)?;
    parse(&src, filename, mode, flags)
}

/// [`parse`], also returning the warnings issued (in order), even when parsing failed.
pub fn parse_with_warnings(
    source: &DecodedSource,
    _filename: &str,
    mode: Mode,
    flags: ParserFlags,
) -> (Result<Mod, SyntaxErrorInfo>, Vec<ParserWarning>) {
    let work = || {
        let config = TokenizerConfig {
            type_comments: flags.type_comments,
            async_hacks: flags.feature_version < 7,
            trivia: false,
            warnings_as_errors: flags.warnings_as_errors,
        };
        let tk = Tokenizer::new(source, config);
        let mut p = Parser::new(tk, mode, flags);
        let result = p.run();
        let warnings = p.take_warnings();
        (result, warnings)
    };
    let internal_error = || {
        (
            Err(SyntaxErrorInfo::message_only("internal parser error")),
            Vec::new(),
        )
    };
    // Deeply nested input recurses deeply (CPython allows 6000 rule levels). Ordinary input
    // is parsed on the caller's thread while its stack has room (a thread per parse costs
    // ~0.1 ms, a tenth of the stdlib's parse time); when the rules reach the end of the room
    // the parse starts again on a thread with a big stack, so the limits and errors are those
    // of MAX_STACK whatever thread the caller runs on. A panic (a bug) comes back as an error
    // instead of unwinding into the caller.
    if let Some(limit) = inline_stack_limit() {
        let inline = || {
            stack_guard::set(limit);
            let r = work();
            (r, stack_guard::reset())
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(inline)) {
            Ok((r, false)) => return r,
            Ok((_, true)) => {}
            Err(_) => {
                stack_guard::reset();
                return internal_error();
            }
        }
    }
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("ferrython-parse".into())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, work)
        {
            Ok(handle) => handle.join().unwrap_or_else(|_| internal_error()),
            // No thread to be had (resource limits): parse here, as deep as this stack allows.
            Err(_) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .unwrap_or_else(|_| internal_error()),
        }
    })
}

/// The lowest stack address an inline parse may reach (leaving room below for the caller),
/// or None when the calling thread's stack is too small to try.
fn inline_stack_limit() -> Option<usize> {
    let (low, _size) = stack_guard::current_stack()?;
    let here = stack_guard::approx_sp();
    let room = here.checked_sub(low)?;
    if room < INLINE_MIN_ROOM {
        return None;
    }
    Some(low + INLINE_RESERVE)
}

/// An inline parse is tried only with this much stack left...
const INLINE_MIN_ROOM: usize = 2 << 20;
/// ...and stops this far above the end of the stack.
const INLINE_RESERVE: usize = 1 << 20;

/// The stack-depth guard of inline parses: a per-thread lowest allowed address, checked on
/// every rule entry (`Parser::enter`), and whether it was hit.
mod stack_guard {
    use std::cell::Cell;

    thread_local! {
        static LIMIT: Cell<usize> = const { Cell::new(0) };
        static HIT: Cell<bool> = const { Cell::new(false) };
    }

    pub fn set(limit: usize) {
        LIMIT.with(|l| l.set(limit));
        HIT.with(|h| h.set(false));
    }

    /// Clears the guard; whether it was hit.
    pub fn reset() -> bool {
        LIMIT.with(|l| l.set(0));
        HIT.with(|h| h.replace(false))
    }

    /// True when the stack has reached the limit (and records it).
    #[inline]
    pub fn exhausted() -> bool {
        let limit = LIMIT.with(|l| l.get());
        if limit != 0 && approx_sp() < limit {
            HIT.with(|h| h.set(true));
            return true;
        }
        false
    }

    /// An address in the current stack frame.
    #[inline(always)]
    pub fn approx_sp() -> usize {
        let probe = 0u8;
        std::hint::black_box(&probe) as *const u8 as usize
    }

    #[repr(C)]
    struct PthreadAttr([u64; 8]);

    extern "C" {
        fn pthread_self() -> usize;
        fn pthread_getattr_np(thread: usize, attr: *mut PthreadAttr) -> i32;
        fn pthread_attr_getstack(attr: *const PthreadAttr, addr: *mut usize, size: *mut usize) -> i32;
        fn pthread_attr_destroy(attr: *mut PthreadAttr) -> i32;
    }

    /// The calling thread's stack: lowest address and size (glibc reports the main thread's
    /// as its rlimit-sized growth area).
    pub fn current_stack() -> Option<(usize, usize)> {
        let mut attr = PthreadAttr([0; 8]);
        let (mut addr, mut size) = (0usize, 0usize);
        // SAFETY: glibc fills `attr` (56 bytes, ours has 64) for the calling thread, then we
        // read the stack bounds from it and release it.
        unsafe {
            if pthread_getattr_np(pthread_self(), &mut attr) != 0 {
                return None;
            }
            let ok = pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
            pthread_attr_destroy(&mut attr);
            if !ok || addr == 0 || size == 0 {
                return None;
            }
        }
        Some((addr, size))
    }
}

const PARSER_STACK_BYTES: usize = 256 << 20;

/// Rule nesting allowed before the parser gives up with MemoryError (CPython's MAXSTACK).
const MAX_STACK: u32 = 6000;

/// Our rules nest a few levels less than pegen's generated ones (which add helper rules);
/// starting the count this much higher makes the MemoryError thresholds match CPython's.
const BASE_LEVEL: u32 = 7;

// ---------------------------------------------------------------------------------------
// Token kinds as the parser sees them: the tokenizer's numbers, with NAME tokens that spell
// a keyword turned into that keyword's code (as pegen's `_get_keyword_or_name_type` does).

pub(crate) type Kind = u8;

macro_rules! token_consts {
    ($($name:ident = $variant:ident),* $(,)?) => {
        $(pub(crate) const $name: Kind = TokenKind::$variant as u8;)*
    };
}

token_consts! {
    ENDMARKER = EndMarker, NAME = Name, NUMBER = Number, STRING = String, NEWLINE = Newline,
    INDENT = Indent, DEDENT = Dedent, LPAR = Lpar, RPAR = Rpar, LSQB = Lsqb, RSQB = Rsqb,
    COLON = Colon, COMMA = Comma, SEMI = Semi, PLUS = Plus, MINUS = Minus, STAR = Star,
    SLASH = Slash, VBAR = Vbar, AMPER = Amper, LESS = Less, GREATER = Greater, EQUAL = Equal,
    DOT = Dot, PERCENT = Percent, LBRACE = Lbrace, RBRACE = Rbrace, EQEQUAL = EqEqual,
    NOTEQUAL = NotEqual, LESSEQUAL = LessEqual, GREATEREQUAL = GreaterEqual, TILDE = Tilde,
    CIRCUMFLEX = Circumflex, LEFTSHIFT = LeftShift, RIGHTSHIFT = RightShift,
    DOUBLESTAR = DoubleStar, PLUSEQUAL = PlusEqual, MINEQUAL = MinEqual,
    STAREQUAL = StarEqual, SLASHEQUAL = SlashEqual, PERCENTEQUAL = PercentEqual,
    AMPEREQUAL = AmperEqual, VBAREQUAL = VbarEqual, CIRCUMFLEXEQUAL = CircumflexEqual,
    LEFTSHIFTEQUAL = LeftShiftEqual, RIGHTSHIFTEQUAL = RightShiftEqual,
    DOUBLESTAREQUAL = DoubleStarEqual, DOUBLESLASH = DoubleSlash,
    DOUBLESLASHEQUAL = DoubleSlashEqual, AT = At, ATEQUAL = AtEqual, RARROW = Rarrow,
    ELLIPSIS = Ellipsis, COLONEQUAL = ColonEqual, AWAIT = Await, ASYNC = Async,
    TYPE_COMMENT = TypeComment, ERRORTOKEN = ErrorToken,
}

macro_rules! keywords {
    ($($name:ident = $code:expr, $text:expr;)*) => {
        $(pub(crate) const $name: Kind = $code;)*
        fn keyword_kind(text: &[u8]) -> Option<Kind> {
            match text {
                $($text => Some($name),)*
                _ => None,
            }
        }
        /// The spelling of a keyword code (for messages).
        #[allow(dead_code)]
        pub(crate) fn keyword_text(kind: Kind) -> &'static str {
            match kind {
                $($name => std::str::from_utf8($text).unwrap(),)*
                _ => "",
            }
        }
    };
}

keywords! {
    KW_FALSE = 70, b"False"; KW_NONE = 71, b"None"; KW_TRUE = 72, b"True";
    KW_AND = 73, b"and"; KW_AS = 74, b"as"; KW_ASSERT = 75, b"assert";
    KW_BREAK = 76, b"break"; KW_CLASS = 77, b"class"; KW_CONTINUE = 78, b"continue";
    KW_DEF = 79, b"def"; KW_DEL = 80, b"del"; KW_ELIF = 81, b"elif"; KW_ELSE = 82, b"else";
    KW_EXCEPT = 83, b"except"; KW_FINALLY = 84, b"finally"; KW_FOR = 85, b"for";
    KW_FROM = 86, b"from"; KW_GLOBAL = 87, b"global"; KW_IF = 88, b"if";
    KW_IMPORT = 89, b"import"; KW_IN = 90, b"in"; KW_IS = 91, b"is";
    KW_LAMBDA = 92, b"lambda"; KW_NONLOCAL = 93, b"nonlocal"; KW_NOT = 94, b"not";
    KW_OR = 95, b"or"; KW_PASS = 96, b"pass"; KW_RAISE = 97, b"raise";
    KW_RETURN = 98, b"return"; KW_TRY = 99, b"try"; KW_WHILE = 100, b"while";
    KW_WITH = 101, b"with"; KW_YIELD = 102, b"yield";
}

/// One token as the parser keeps it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: u32,
    pub end: u32,
    pub lineno: i32,
    pub col: i32,
    pub end_lineno: i32,
    pub end_col: i32,
    pub level: u32,
}

// ---------------------------------------------------------------------------------------
// Memo table: keyed by (token index, rule), cleared per parse pass.

use crate::fxhash::FxMap;

/// The memoized rules.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum Rule {
    SimpleStmt,
    Block,
    Expression,
    StarExpression,
    Disjunction,
    BitwiseOr,
    Strings,
    Arguments,
    StarTarget,
    TargetWithStarAtom,
    TPrimary,
    DelTarget,
    ClosedPattern,
    StarPattern,
    InvalidNamedExpression,
}

#[derive(Clone)]
pub(crate) enum MemoVal {
    Fail,
    Expr(Expr),
    Stmt(Stmt),
    Stmts(Vec<Stmt>),
    Pattern(Pattern),
}

/// Where an f-string expression's sub-parser maps its positions to (CPython's
/// `starting_lineno`/`starting_col_offset` and the tokenizer's line base).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FstringOrigin {
    /// Added to every line number of the sub-tokenizer.
    pub line_base: i32,
    /// Tokens on this (absolute) line get `starting_col` added to their columns.
    pub starting_lineno: i32,
    pub starting_col: i32,
}

/// The state of one parse.
pub(crate) struct Parser<'a> {
    pub tk: Tokenizer<'a>,
    pub src: &'a [u8],
    pub toks: Vec<Tok>,
    pub mark: usize,
    pub call_invalid_rules: bool,
    /// CPython's error indicator with the pending exception.
    pub error: Option<SyntaxErrorInfo>,
    /// The pending error came from the tokenizer (so `tok->done` is not OK).
    pub tok_error: Option<TokErrorKind>,
    pub memo: FxMap<u64, (u32, MemoVal)>,
    pub level: u32,
    pub mode: Mode,
    pub flags: ParserFlags,
    pub type_ignores: Vec<TypeIgnore>,
    pub warnings: Vec<ParserWarning>,
    pub fstring: Option<FstringOrigin>,
    /// Single-input mode: whether a token was read (ENDMARKER then becomes NEWLINE once).
    parsing_started: bool,
    pub known_err_token: Option<usize>,
}

impl<'a> Parser<'a> {
    pub fn new(tk: Tokenizer<'a>, mode: Mode, flags: ParserFlags) -> Self {
        let src = tk.source();
        Parser {
            tk,
            src,
            toks: Vec::with_capacity(src.len() / 4 + 16),
            mark: 0,
            call_invalid_rules: false,
            error: None,
            tok_error: None,
            memo: FxMap::with_capacity_and_hasher(src.len() / 8 + 16, Default::default()),
            level: BASE_LEVEL,
            mode,
            flags,
            type_ignores: Vec::new(),
            warnings: Vec::new(),
            fstring: None,
            parsing_started: false,
            known_err_token: None,
        }
    }

    fn take_warnings(&mut self) -> Vec<ParserWarning> {
        let mut out: Vec<ParserWarning> = self
            .tk
            .warnings()
            .iter()
            .map(|w| ParserWarning {
                category: w.category,
                message: w.message.clone(),
                lineno: w.lineno as i64,
            })
            .collect();
        out.append(&mut self.warnings);
        out
    }

    // ---- running ----

    /// CPython's `_PyPegen_run_parser`: a first pass, then on failure a second pass with the
    /// invalid_ rules, then the error as `_PyPegen_set_syntax_error` decides it.
    pub fn run(&mut self) -> Result<Mod, SyntaxErrorInfo> {
        if let Some(m) = self.start_rule() {
            if self.mode == Mode::Single && self.bad_single_statement() {
                return Err(self.error_at_last_token(
                    ErrorType::SyntaxError,
                    "multiple statements found while compiling a single statement".into(),
                ));
            }
            return Ok(m);
        }
        if self
            .error
            .as_ref()
            .is_some_and(|e| e.error_type == ErrorType::MemoryError)
        {
            return Err(self.error.take().unwrap());
        }
        let last_token = self.toks.len().saturating_sub(1);
        // Second pass: memo cleared, invalid_ rules on; the error indicator stays set.
        self.memo.clear();
        self.mark = 0;
        self.call_invalid_rules = true;
        self.level = BASE_LEVEL;
        if self.error.is_none() {
            let _ = self.start_rule();
        }
        Err(self.set_syntax_error(last_token))
    }

    fn start_rule(&mut self) -> Option<Mod> {
        match self.mode {
            Mode::Exec => self.file(),
            Mode::Eval => self.eval(),
            Mode::Single => self.interactive(),
            Mode::FuncType => self.func_type(),
        }
    }

    pub fn set_syntax_error_pub(&mut self, last_token: usize) -> SyntaxErrorInfo {
        self.set_syntax_error(last_token)
    }

    /// CPython's `_PyPegen_set_syntax_error`.
    fn set_syntax_error(&mut self, last_token: usize) -> SyntaxErrorInfo {
        if let Some(err) = self.error.take() {
            if self.tok_error.is_none() && err.error_type != ErrorType::MemoryError {
                return self.tokenize_rest_for_errors(err);
            }
            return err;
        }
        if self.toks.is_empty() {
            return SyntaxErrorInfo::message_only("error at start before reading any input");
        }
        let lt = self.toks[last_token];
        if lt.kind == INDENT || lt.kind == DEDENT {
            let msg = if lt.kind == INDENT {
                "unexpected indent"
            } else {
                "unexpected unindent"
            };
            return self.error_at_last_token(ErrorType::IndentationError, msg.into());
        }
        let err = self.error_known_location(
            ErrorType::SyntaxError,
            "invalid syntax".into(),
            lt.lineno,
            lt.col,
            lt.end_lineno,
            lt.end_col,
        );
        self.known_err_token = None;
        self.tokenize_rest_for_errors(err)
    }

    /// CPython's `_PyPegen_tokenize_full_source_to_check_for_errors`: a tokenizer error
    /// further on replaces the parser's error; so does a bracket left open on a line before
    /// the error. (CPython skips this only for REPL prompts, which never reach us.)
    fn tokenize_rest_for_errors(&mut self, err: SyntaxErrorInfo) -> SyntaxErrorInfo {
        let current = self
            .known_err_token
            .unwrap_or(self.toks.len().saturating_sub(1));
        let current_line = self.toks.get(current).map(|t| t.lineno).unwrap_or(0) as i64;
        loop {
            match self.tk.next_token() {
                Ok(t) if t.kind == TokenKind::EndMarker => return err,
                Ok(_) => continue,
                Err(e) => {
                    if matches!(e.kind, TokErrorKind::Syntax | TokErrorKind::Decode) {
                        return self.adjust_fstring_error(*e.error, e.kind);
                    }
                    if let Some((_, line, _)) = self.tk.innermost_open_bracket() {
                        if current_line > line as i64 {
                            if let Some(b) = self.tk.unclosed_bracket() {
                                return self.adjust_fstring_error(*b.error, b.kind);
                            }
                        }
                    }
                    return err;
                }
            }
        }
    }

    /// CPython's `bad_single_statement`: anything but blanks and comments after the
    /// statement.
    fn bad_single_statement(&self) -> bool {
        // The tokenizer stopped right after the statement's NEWLINE.
        let last = self.toks.last().map(|t| t.end as usize).unwrap_or(0);
        let mut rest = &self.src[last.min(self.src.len())..];
        loop {
            while let Some((&c, tail)) = rest.split_first() {
                if matches!(c, b' ' | b'\t' | b'\n' | 0x0c) {
                    rest = tail;
                } else {
                    break;
                }
            }
            match rest.first() {
                None => return false,
                Some(b'#') => {
                    let n = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
                    rest = &rest[n..];
                }
                Some(_) => return true,
            }
        }
    }

    // ---- tokens ----

    /// Fetch the next token into the buffer (CPython's `_PyPegen_fill_token`). On a
    /// tokenizer error an ERRORTOKEN is stored and the error indicator set.
    fn fill_token(&mut self) {
        loop {
            match self.tk.next_token() {
                Ok(t) => {
                    let mut kind = t.kind as u8;
                    if t.kind == TokenKind::TypeIgnore {
                        let tag = String::from_utf8_lossy(&self.src[t.start..t.end]).into_owned();
                        self.type_ignores.push(TypeIgnore {
                            lineno: self.tk.lineno() as i32,
                            tag,
                        });
                        continue;
                    }
                    if self.mode == Mode::Single && kind == ENDMARKER && self.parsing_started {
                        kind = NEWLINE;
                        self.parsing_started = false;
                    } else {
                        self.parsing_started = true;
                    }
                    if kind == NAME {
                        if let Some(k) = keyword_kind(&self.src[t.start..t.end]) {
                            kind = k;
                        }
                    }
                    let mut tok = Tok {
                        kind,
                        start: t.start as u32,
                        end: t.end as u32,
                        lineno: t.lineno as i32,
                        col: t.col_offset,
                        end_lineno: t.end_lineno as i32,
                        end_col: t.end_col_offset,
                        level: t.level,
                    };
                    if let Some(f) = self.fstring {
                        // CPython shifts columns only for tokens on the first line, judged by
                        // the tokenizer's current line.
                        let cur_line = self.tk.lineno() as i32 + f.line_base;
                        if cur_line == f.starting_lineno {
                            tok.col += f.starting_col;
                            tok.end_col += f.starting_col;
                        }
                        tok.lineno += f.line_base;
                        tok.end_lineno += f.line_base;
                    }
                    self.toks.push(tok);
                    return;
                }
                Err(e) => {
                    let end = self.toks.last().map(|t| t.end).unwrap_or(0);
                    self.toks.push(Tok {
                        kind: ERRORTOKEN,
                        start: end,
                        end,
                        lineno: self.tk.lineno() as i32,
                        col: -1,
                        end_lineno: self.tk.lineno() as i32,
                        end_col: -1,
                        level: self.tk.level() as u32,
                    });
                    if self.error.is_none() {
                        let err = self.adjust_fstring_error(*e.error, e.kind);
                        self.error = Some(err);
                        self.tok_error = Some(e.kind);
                    }
                    return;
                }
            }
        }
    }

    /// Errors of an f-string expression's tokenizer carry its own line numbers.
    /// Errors the tokenizer raises itself keep their message; those the parser raises for
    /// it get the "f-string: " prefix.
    fn adjust_fstring_error(&self, mut e: SyntaxErrorInfo, kind: TokErrorKind) -> SyntaxErrorInfo {
        if let Some(f) = self.fstring {
            if !matches!(kind, TokErrorKind::Syntax | TokErrorKind::Decode) {
                e.msg = format!("f-string: {}", e.msg);
            }
            if let Some(l) = e.lineno.as_mut() {
                *l += f.line_base as i64;
            }
            if let Some(l) = e.end_lineno.as_mut() {
                *l += f.line_base as i64;
            }
        }
        e
    }

    /// The kind of the token at the mark (fetching it if needed).
    #[inline]
    pub fn peek(&mut self) -> Kind {
        if self.mark == self.toks.len() {
            self.fill_token();
        }
        self.toks[self.mark].kind
    }

    /// The kind of the token `n` after the mark.
    #[allow(dead_code)]
    pub fn peek_at(&mut self, n: usize) -> Kind {
        while self.toks.len() <= self.mark + n {
            self.fill_token();
            if self.error.is_some() {
                return ERRORTOKEN;
            }
        }
        self.toks[self.mark + n].kind
    }

    /// Consume a token of `kind`: its index.
    #[inline]
    pub fn expect(&mut self, kind: Kind) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        if self.peek() == kind {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// `&&'x'`: the token or an immediate "expected 'x'" error.
    pub fn expect_forced(&mut self, kind: Kind, text: &str) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        if self.peek() == kind {
            self.mark += 1;
            return Some(self.mark - 1);
        }
        let t = self.toks[self.mark];
        self.raise_known_location(
            ErrorType::SyntaxError,
            format!("expected '{}'", text),
            t.lineno,
            t.col,
            t.end_lineno,
            t.end_col,
        );
        None
    }

    /// Whether the next token is `kind` (no consuming).
    #[inline]
    pub fn at(&mut self, kind: Kind) -> bool {
        self.error.is_none() && self.peek() == kind
    }

    /// The text of token `i`.
    pub fn tok_text(&self, i: usize) -> &'a [u8] {
        let t = &self.toks[i];
        &self.src[t.start as usize..t.end as usize]
    }

    /// A soft keyword (`match`, `case`, `_`): a NAME with that text.
    pub fn expect_soft(&mut self, text: &[u8]) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        if self.peek() == NAME && self.tok_text(self.mark) == text {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// SOFT_KEYWORD: any soft keyword.
    pub fn soft_keyword_token(&mut self) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        if self.peek() == NAME && matches!(self.tok_text(self.mark), b"match" | b"case" | b"_") {
            self.mark += 1;
            Some(self.mark - 1)
        } else {
            None
        }
    }

    /// NAME as an identifier (NFKC-normalized when not ASCII).
    pub fn name_token(&mut self) -> Option<(usize, Identifier)> {
        let i = self.expect(NAME)?;
        Some((i, self.identifier(i)))
    }

    pub fn identifier(&self, i: usize) -> Identifier {
        let text = self.tok_text(i);
        let s = String::from_utf8_lossy(text);
        if s.is_ascii() {
            s.into_owned()
        } else {
            use unicode_normalization::UnicodeNormalization;
            s.nfkc().collect()
        }
    }

    /// NAME as a `Name(id, Load)` expression.
    pub fn name_expr(&mut self) -> Option<Expr> {
        let (i, id) = self.name_token()?;
        let t = self.toks[i];
        Some(Expr {
            kind: ExprKind::Name(ExprName {
                id,
                ctx: ExprContext::Load,
            }),
            location: tok_loc(&t),
        })
    }

    /// Positive or negative lookahead: run `f`, then reset the mark.
    #[inline]
    pub fn lookahead<T>(&mut self, positive: bool, f: impl FnOnce(&mut Self) -> Option<T>) -> bool {
        let m = self.mark;
        let r = f(self).is_some();
        self.mark = m;
        r == positive
    }

    /// Start position for EXTRA: the token at the mark (fetched if needed).
    #[inline]
    pub fn start_pos(&mut self) -> (i32, i32) {
        if self.mark == self.toks.len() {
            self.fill_token();
        }
        let t = &self.toks[self.mark];
        (t.lineno, t.col)
    }

    /// EXTRA: from `start` to the end of the last non-whitespace token before the mark.
    #[inline]
    pub fn loc_from(&self, start: (i32, i32)) -> Location {
        let (el, ec) = self.last_end();
        Location {
            lineno: start.0,
            col_offset: start.1,
            end_lineno: el,
            end_col_offset: ec,
        }
    }

    /// CPython's `_PyPegen_get_last_nonnwhitespace_token`'s end.
    pub fn last_end(&self) -> (i32, i32) {
        let mut m = self.mark;
        while m > 0 {
            m -= 1;
            let t = &self.toks[m];
            if t.kind != ENDMARKER && !(NEWLINE..=DEDENT).contains(&t.kind) {
                return (t.end_lineno, t.end_col);
            }
        }
        let t = &self.toks[0];
        (t.end_lineno, t.end_col)
    }

    // ---- rule bookkeeping ----

    /// Enter a rule: false (and MemoryError) when nested too deeply or after an error.
    #[inline]
    pub fn enter(&mut self) -> bool {
        if stack_guard::exhausted() {
            // Out of room on the caller's stack: this inline parse is abandoned and redone
            // on a big stack (the error never leaves `parse_with_warnings`).
            if self.error.is_none() {
                self.error = Some(SyntaxErrorInfo::message_only("parser stack guard"));
            }
            return false;
        }
        if self.level >= MAX_STACK {
            if self.error.is_none() {
                self.error = Some(SyntaxErrorInfo {
                    error_type: ErrorType::MemoryError,
                    ..SyntaxErrorInfo::message_only("")
                });
            }
            return false;
        }
        if self.error.is_some() {
            return false;
        }
        self.level += 1;
        true
    }

    #[inline]
    pub fn leave<T>(&mut self, r: Option<T>) -> Option<T> {
        self.level -= 1;
        r
    }

    /// Run a rule body with the nesting bookkeeping.
    #[inline]
    pub fn rule<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if !self.enter() {
            return None;
        }
        let r = f(self);
        self.level -= 1;
        r
    }

    /// One alternative: on failure the mark goes back to where it was.
    #[inline]
    pub fn alt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let m = self.mark;
        let r = f(self);
        if r.is_none() {
            self.mark = m;
        }
        r
    }

    /// `x?` / `[x]`: an optional item that never fails (unless an error is pending).
    #[inline]
    pub fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.alt(f)
    }

    /// `x*`: zero or more.
    pub fn repeat0<T>(&mut self, mut f: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let mut v = Vec::new();
        while let Some(x) = self.alt(&mut f) {
            v.push(x);
        }
        v
    }

    /// `x+`: one or more.
    pub fn repeat1<T>(&mut self, f: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let v = self.repeat0(f);
        if v.is_empty() {
            None
        } else {
            Some(v)
        }
    }

    /// `sep.x+`: one or more separated by `sep` (no trailing separator consumed).
    pub fn gather<T>(
        &mut self,
        sep: Kind,
        mut f: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let first = self.alt(&mut f)?;
        let mut v = vec![first];
        loop {
            let m = self.mark;
            if self.expect(sep).is_none() {
                break;
            }
            match self.alt(&mut f) {
                Some(x) => v.push(x),
                None => {
                    self.mark = m;
                    break;
                }
            }
        }
        Some(v)
    }

    pub fn memo_get(&mut self, rule: Rule) -> Option<Option<MemoVal>> {
        let (end, v) = self.memo.get(&memo_key(self.mark, rule))?;
        let v = v.clone();
        self.mark = *end as usize;
        Some(match v {
            MemoVal::Fail => None,
            v => Some(v),
        })
    }

    pub fn memo_put(&mut self, rule: Rule, start: usize, v: Option<MemoVal>) {
        self.memo.insert(
            memo_key(start, rule),
            (self.mark as u32, v.unwrap_or(MemoVal::Fail)),
        );
    }

    /// A rule memoized only in the second pass: in the first pass nothing asks for these
    /// rules twice at one position (their callers parse them once and branch), so storing
    /// their results would only cost clones.
    #[inline]
    pub fn memo_expr_pass2(
        &mut self,
        rule: Rule,
        f: impl FnOnce(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        if self.call_invalid_rules {
            self.memo_expr(rule, f)
        } else if self.error.is_some() {
            None
        } else {
            f(self)
        }
    }

    /// A memoized expression rule.
    #[inline]
    pub fn memo_expr(
        &mut self,
        rule: Rule,
        f: impl FnOnce(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        if self.error.is_some() {
            return None;
        }
        if let Some(v) = self.memo_get(rule) {
            return match v {
                Some(MemoVal::Expr(e)) => Some(e),
                _ => None,
            };
        }
        let start = self.mark;
        let r = f(self);
        if self.error.is_none() {
            self.memo_put(rule, start, r.clone().map(MemoVal::Expr));
        }
        r
    }

    // ---- errors ----

    /// RAISE_ERROR_KNOWN_LOCATION with 0-based byte columns (-1 = unknown end).
    pub fn raise_known_location(
        &mut self,
        ty: ErrorType,
        msg: String,
        lineno: i32,
        col: i32,
        end_lineno: i32,
        end_col: i32,
    ) {
        let e = self.error_known_location(ty, msg, lineno, col, end_lineno, end_col);
        self.set_error(e);
    }

    /// Set the pending error, unless one is already pending (CPython 3.11.7's
    /// `_PyPegen_raise_error_known_location` bails out then, so a tokenizer error met by a
    /// lookahead survives the action that follows).
    pub fn set_error(&mut self, e: SyntaxErrorInfo) {
        if self.error.is_some() {
            return;
        }
        self.error = Some(e);
        self.tok_error = None;
    }

    pub fn error_known_location(
        &self,
        ty: ErrorType,
        msg: String,
        lineno: i32,
        col: i32,
        end_lineno: i32,
        end_col: i32,
    ) -> SyntaxErrorInfo {
        self.error_1based(
            ty,
            msg,
            lineno as i64,
            col as i64 + 1,
            end_lineno as i64,
            end_col as i64 + 1,
        )
    }

    /// `_PyPegen_raise_error_known_location` proper (1-based columns).
    pub fn error_1based(
        &self,
        ty: ErrorType,
        mut msg: String,
        lineno: i64,
        mut col: i64,
        end_lineno: i64,
        mut end_col: i64,
    ) -> SyntaxErrorInfo {
        let mut lineno_t = lineno;
        let mut end_lineno_t = end_lineno;
        if let Some(f) = self.fstring {
            msg = format!("f-string: {}", msg);
            col -= f.starting_col as i64;
            end_col -= f.starting_col as i64;
            // The error line is looked up in the sub-tokenizer's own text.
            lineno_t -= f.line_base as i64;
            end_lineno_t -= f.line_base as i64;
        }
        let mut e = self
            .tk
            .parser_error(ty, msg, lineno_t, col, end_lineno_t, end_col);
        e.lineno = Some(lineno);
        e.end_lineno = Some(end_lineno);
        e
    }

    /// RAISE_ERROR_KNOWN_LOCATION with CURRENT_POS as the end.
    pub fn raise_starting_from(&mut self, ty: ErrorType, msg: String, lineno: i32, col: i32) {
        let (el, ec) = self.current_pos();
        let e = self.error_1based(ty, msg, lineno as i64, col as i64 + 1, el, ec);
        self.set_error(e);
    }

    /// CPython's CURRENT_POS: the tokenizer's line and cursor column.
    fn current_pos(&self) -> (i64, i64) {
        let line = self.tk.lineno() as i64 + self.fstring.map_or(0, |f| f.line_base as i64);
        let col = self.tk.cursor_column().unwrap_or(0);
        (line, col)
    }

    /// RAISE_SYNTAX_ERROR / RAISE_INDENTATION_ERROR: at the last token fetched.
    pub fn raise_error(&mut self, ty: ErrorType, msg: String) {
        let e = self.error_at_last_token(ty, msg);
        self.set_error(e);
    }

    fn error_at_last_token(&self, ty: ErrorType, msg: String) -> SyntaxErrorInfo {
        if self.toks.is_empty() {
            return self.error_1based(ty, msg, 0, 0, 0, -1);
        }
        let t = self.toks[self.known_err_token.unwrap_or(self.toks.len() - 1)];
        let col = if t.col == -1 {
            self.tk.cursor_column().unwrap_or(0)
        } else {
            t.col as i64 + 1
        };
        let end_col = if t.end_col != -1 {
            t.end_col as i64 + 1
        } else {
            -1
        };
        self.error_1based(ty, msg, t.lineno as i64, col, t.end_lineno as i64, end_col)
    }

    pub fn raise_syntax(&mut self, msg: impl Into<String>) {
        self.raise_error(ErrorType::SyntaxError, msg.into());
    }

    pub fn raise_indentation(&mut self, msg: impl Into<String>) {
        self.raise_error(ErrorType::IndentationError, msg.into());
    }

    /// RAISE_SYNTAX_ERROR_KNOWN_LOCATION(node, msg).
    pub fn raise_at(&mut self, loc: Location, msg: impl Into<String>) {
        self.raise_known_location(
            ErrorType::SyntaxError,
            msg.into(),
            loc.lineno,
            loc.col_offset,
            loc.end_lineno,
            loc.end_col_offset,
        );
    }

    /// RAISE_SYNTAX_ERROR_KNOWN_RANGE(a, b, msg).
    pub fn raise_range(&mut self, a: Location, b: Location, msg: impl Into<String>) {
        self.raise_known_location(
            ErrorType::SyntaxError,
            msg.into(),
            a.lineno,
            a.col_offset,
            b.end_lineno,
            b.end_col_offset,
        );
    }

    /// CHECK_VERSION: constructs newer than `feature_version` are errors.
    pub fn check_version<T>(&mut self, version: u32, msg: &str, node: T) -> Option<T> {
        if self.flags.feature_version < version {
            self.raise_syntax(format!(
                "{} only supported in Python 3.{} and greater",
                msg, version
            ));
            return None;
        }
        Some(node)
    }

    pub fn tok_loc(&self, i: usize) -> Location {
        tok_loc(&self.toks[i])
    }

    // ---- start rules ----

    /// file: [statements] ENDMARKER
    fn file(&mut self) -> Option<Mod> {
        if !self.enter() {
            return None;
        }
        let m = self.mark;
        let body = self.statements().unwrap_or_default();
        let r = if self.expect(ENDMARKER).is_some() {
            Some(Mod::Module(ModModule {
                body,
                type_ignores: std::mem::take(&mut self.type_ignores),
            }))
        } else {
            self.mark = m;
            None
        };
        self.leave(r)
    }

    /// interactive: statement_newline
    fn interactive(&mut self) -> Option<Mod> {
        if !self.enter() {
            return None;
        }
        let r = self
            .statement_newline()
            .map(|body| Mod::Interactive(ModInteractive { body }));
        self.leave(r)
    }

    /// eval: expressions NEWLINE* ENDMARKER
    fn eval(&mut self) -> Option<Mod> {
        if !self.enter() {
            return None;
        }
        let m = self.mark;
        let r = (|| {
            let e = self.expressions()?;
            while self.expect(NEWLINE).is_some() {}
            self.expect(ENDMARKER)?;
            Some(Mod::Expression(ModExpression { body: Box::new(e) }))
        })();
        if r.is_none() {
            self.mark = m;
        }
        self.leave(r)
    }

    /// func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER
    fn func_type(&mut self) -> Option<Mod> {
        if !self.enter() {
            return None;
        }
        let m = self.mark;
        let r = (|| {
            self.expect(LPAR)?;
            let args = self.type_expressions().unwrap_or_default();
            self.expect(RPAR)?;
            self.expect(RARROW)?;
            let ret = self.expression()?;
            while self.expect(NEWLINE).is_some() {}
            self.expect(ENDMARKER)?;
            Some(Mod::FunctionType(ModFunctionType {
                argtypes: args,
                returns: Box::new(ret),
            }))
        })();
        if r.is_none() {
            self.mark = m;
        }
        self.leave(r)
    }
}

/// The memo table key of (token index, rule).
#[inline]
pub(crate) fn memo_key(mark: usize, rule: Rule) -> u64 {
    ((mark as u64) << 8) | rule as u64
}

pub(crate) fn tok_loc(t: &Tok) -> Location {
    Location {
        lineno: t.lineno,
        col_offset: t.col,
        end_lineno: t.end_lineno,
        end_col_offset: t.end_col,
    }
}

/// Build an expression node.
#[inline]
pub(crate) fn mk(kind: ExprKind, location: Location) -> Expr {
    Expr { kind, location }
}

/// Build a statement node.
#[inline]
pub(crate) fn mks(kind: StmtKind, location: Location) -> Stmt {
    Stmt { kind, location }
}

/// CPython's `_PyPegen_set_expr_context`: the same expression in another context
/// (recursively through tuples, lists and starred).
pub(crate) fn set_context(mut e: Expr, ctx: ExprContext) -> Expr {
    set_context_in_place(&mut e, ctx);
    e
}

fn set_context_in_place(e: &mut Expr, ctx: ExprContext) {
    match &mut e.kind {
        ExprKind::Name(n) => n.ctx = ctx,
        ExprKind::Attribute(a) => a.ctx = ctx,
        ExprKind::Subscript(s) => s.ctx = ctx,
        ExprKind::Starred(s) => {
            s.ctx = ctx;
            set_context_in_place(&mut s.value, ctx);
        }
        ExprKind::List(l) => {
            l.ctx = ctx;
            for x in &mut l.elts {
                set_context_in_place(x, ctx);
            }
        }
        ExprKind::Tuple(t) => {
            t.ctx = ctx;
            for x in &mut t.elts {
                set_context_in_place(x, ctx);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
