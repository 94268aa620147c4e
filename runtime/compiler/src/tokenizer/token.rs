//! Token kinds with the numbers of CPython 3.11's `Include/token.h` / `Lib/token.py`, and the
//! operator tables that map one, two or three characters to their exact kind.

/// A token type. The discriminants are CPython 3.11's token numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum TokenKind {
    EndMarker = 0,
    Name = 1,
    Number = 2,
    String = 3,
    Newline = 4,
    Indent = 5,
    Dedent = 6,
    Lpar = 7,
    Rpar = 8,
    Lsqb = 9,
    Rsqb = 10,
    Colon = 11,
    Comma = 12,
    Semi = 13,
    Plus = 14,
    Minus = 15,
    Star = 16,
    Slash = 17,
    Vbar = 18,
    Amper = 19,
    Less = 20,
    Greater = 21,
    Equal = 22,
    Dot = 23,
    Percent = 24,
    Lbrace = 25,
    Rbrace = 26,
    EqEqual = 27,
    NotEqual = 28,
    LessEqual = 29,
    GreaterEqual = 30,
    Tilde = 31,
    Circumflex = 32,
    LeftShift = 33,
    RightShift = 34,
    DoubleStar = 35,
    PlusEqual = 36,
    MinEqual = 37,
    StarEqual = 38,
    SlashEqual = 39,
    PercentEqual = 40,
    AmperEqual = 41,
    VbarEqual = 42,
    CircumflexEqual = 43,
    LeftShiftEqual = 44,
    RightShiftEqual = 45,
    DoubleStarEqual = 46,
    DoubleSlash = 47,
    DoubleSlashEqual = 48,
    At = 49,
    AtEqual = 50,
    Rarrow = 51,
    Ellipsis = 52,
    ColonEqual = 53,
    /// Any other punctuation character the C tokenizer passes through (`$`, `?`, `!`, `` ` ``);
    /// also the generic operator type `tokenize` reports.
    Op = 54,
    Await = 55,
    Async = 56,
    TypeIgnore = 57,
    TypeComment = 58,
    SoftKeyword = 59,
    ErrorToken = 60,
    Comment = 61,
    Nl = 62,
    Encoding = 63,
}

const ALL_KINDS: [TokenKind; 64] = {
    use TokenKind::*;
    [
        EndMarker,
        Name,
        Number,
        String,
        Newline,
        Indent,
        Dedent,
        Lpar,
        Rpar,
        Lsqb,
        Rsqb,
        Colon,
        Comma,
        Semi,
        Plus,
        Minus,
        Star,
        Slash,
        Vbar,
        Amper,
        Less,
        Greater,
        Equal,
        Dot,
        Percent,
        Lbrace,
        Rbrace,
        EqEqual,
        NotEqual,
        LessEqual,
        GreaterEqual,
        Tilde,
        Circumflex,
        LeftShift,
        RightShift,
        DoubleStar,
        PlusEqual,
        MinEqual,
        StarEqual,
        SlashEqual,
        PercentEqual,
        AmperEqual,
        VbarEqual,
        CircumflexEqual,
        LeftShiftEqual,
        RightShiftEqual,
        DoubleStarEqual,
        DoubleSlash,
        DoubleSlashEqual,
        At,
        AtEqual,
        Rarrow,
        Ellipsis,
        ColonEqual,
        Op,
        Await,
        Async,
        TypeIgnore,
        TypeComment,
        SoftKeyword,
        ErrorToken,
        Comment,
        Nl,
        Encoding,
    ]
};

const NAMES: [&str; 64] = [
    "ENDMARKER",
    "NAME",
    "NUMBER",
    "STRING",
    "NEWLINE",
    "INDENT",
    "DEDENT",
    "LPAR",
    "RPAR",
    "LSQB",
    "RSQB",
    "COLON",
    "COMMA",
    "SEMI",
    "PLUS",
    "MINUS",
    "STAR",
    "SLASH",
    "VBAR",
    "AMPER",
    "LESS",
    "GREATER",
    "EQUAL",
    "DOT",
    "PERCENT",
    "LBRACE",
    "RBRACE",
    "EQEQUAL",
    "NOTEQUAL",
    "LESSEQUAL",
    "GREATEREQUAL",
    "TILDE",
    "CIRCUMFLEX",
    "LEFTSHIFT",
    "RIGHTSHIFT",
    "DOUBLESTAR",
    "PLUSEQUAL",
    "MINEQUAL",
    "STAREQUAL",
    "SLASHEQUAL",
    "PERCENTEQUAL",
    "AMPEREQUAL",
    "VBAREQUAL",
    "CIRCUMFLEXEQUAL",
    "LEFTSHIFTEQUAL",
    "RIGHTSHIFTEQUAL",
    "DOUBLESTAREQUAL",
    "DOUBLESLASH",
    "DOUBLESLASHEQUAL",
    "AT",
    "ATEQUAL",
    "RARROW",
    "ELLIPSIS",
    "COLONEQUAL",
    "OP",
    "AWAIT",
    "ASYNC",
    "TYPE_IGNORE",
    "TYPE_COMMENT",
    "SOFT_KEYWORD",
    "ERRORTOKEN",
    "COMMENT",
    "NL",
    "ENCODING",
];

impl TokenKind {
    /// The CPython token number.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The kind with CPython token number `n`.
    pub fn from_number(n: u8) -> Option<TokenKind> {
        ALL_KINDS.get(n as usize).copied()
    }

    /// The name `token.tok_name` gives.
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    /// True for the exact operator kinds (LPAR .. COLONEQUAL) and OP.
    pub fn is_operator(self) -> bool {
        (TokenKind::Lpar as u8..=TokenKind::Op as u8).contains(&(self as u8))
    }
}

/// The kind of a one-character operator, `Op` for any other character.
pub fn one_char(c: u8) -> TokenKind {
    use TokenKind::*;
    match c {
        b'%' => Percent,
        b'&' => Amper,
        b'(' => Lpar,
        b')' => Rpar,
        b'*' => Star,
        b'+' => Plus,
        b',' => Comma,
        b'-' => Minus,
        b'.' => Dot,
        b'/' => Slash,
        b':' => Colon,
        b';' => Semi,
        b'<' => Less,
        b'=' => Equal,
        b'>' => Greater,
        b'@' => At,
        b'[' => Lsqb,
        b']' => Rsqb,
        b'^' => Circumflex,
        b'{' => Lbrace,
        b'|' => Vbar,
        b'}' => Rbrace,
        b'~' => Tilde,
        _ => Op,
    }
}

/// The kind of a two-character operator, or `None`. `<>` is NOTEQUAL here as in CPython
/// (the parser rejects it unless `barry_as_FLUFL`).
pub fn two_chars(c1: u8, c2: u8) -> Option<TokenKind> {
    use TokenKind::*;
    Some(match (c1, c2) {
        (b'!', b'=') => NotEqual,
        (b'%', b'=') => PercentEqual,
        (b'&', b'=') => AmperEqual,
        (b'*', b'*') => DoubleStar,
        (b'*', b'=') => StarEqual,
        (b'+', b'=') => PlusEqual,
        (b'-', b'=') => MinEqual,
        (b'-', b'>') => Rarrow,
        (b'/', b'/') => DoubleSlash,
        (b'/', b'=') => SlashEqual,
        (b':', b'=') => ColonEqual,
        (b'<', b'<') => LeftShift,
        (b'<', b'=') => LessEqual,
        (b'<', b'>') => NotEqual,
        (b'=', b'=') => EqEqual,
        (b'>', b'=') => GreaterEqual,
        (b'>', b'>') => RightShift,
        (b'@', b'=') => AtEqual,
        (b'^', b'=') => CircumflexEqual,
        (b'|', b'=') => VbarEqual,
        _ => return None,
    })
}

/// The kind of a three-character operator, or `None`.
pub fn three_chars(c1: u8, c2: u8, c3: u8) -> Option<TokenKind> {
    use TokenKind::*;
    Some(match (c1, c2, c3) {
        (b'*', b'*', b'=') => DoubleStarEqual,
        (b'.', b'.', b'.') => Ellipsis,
        (b'/', b'/', b'=') => DoubleSlashEqual,
        (b'<', b'<', b'=') => LeftShiftEqual,
        (b'>', b'>', b'=') => RightShiftEqual,
        _ => return None,
    })
}

/// The exact kind of an operator string, as `tokenize.TokenInfo.exact_type` maps it.
pub fn exact_operator_kind(s: &[u8]) -> Option<TokenKind> {
    match s {
        [a] => Some(one_char(*a)).filter(|k| *k != TokenKind::Op),
        [a, b] => two_chars(*a, *b),
        [a, b, c] => three_chars(*a, *b, *c),
        _ => None,
    }
}
