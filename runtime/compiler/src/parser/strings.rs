//! Literals: numbers, and the `strings` rule (CPython 3.11's `string_parser.c`): adjacent
//! STRING tokens concatenated, prefixes, escape decoding (with the DeprecationWarning for an
//! invalid escape), the bytes/str mixing error, and f-strings, whose expressions are parsed
//! afterwards from the token's text by a sub-parser, as 3.11 does.

use super::expressions::constant;
use super::*;
use crate::int::Int;
use crate::pystr::PyStr;

/// A decoding error of an escape sequence, as `unicodeescape` reports it: the byte range in
/// CPython's rewritten buffer and the reason.
struct EscapeError {
    start: usize,
    end: usize,
    reason: &'static str,
}

/// Result of decoding a str literal body.
struct Decoded {
    value: PyStr,
    /// The first invalid escape: its character(s) after the backslash.
    first_invalid: Option<String>,
}

/// One string token's pieces.
struct StrTok {
    bytes: bool,
    raw: bool,
    fmode: bool,
    /// The body, without prefix and quotes: source byte range.
    body: (usize, usize),
}

impl<'a> Parser<'a> {
    // ---- numbers ----

    /// NUMBER as a Constant.
    pub fn number(&mut self) -> Option<Expr> {
        let i = self.expect(NUMBER)?;
        self.number_at(i)
    }

    /// The Constant of NUMBER token `i` (CPython's `_PyPegen_number_token`).
    pub fn number_at(&mut self, i: usize) -> Option<Expr> {
        let text = self.tok_text(i);
        let loc = self.tok_loc(i);
        let s: String = String::from_utf8_lossy(text)
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if text.contains(&b'_') && self.flags.feature_version < 6 {
            self.raise_syntax(
                "Underscores in numeric literals are only supported in Python 3.6 and greater",
            );
            return None;
        }
        let value = if let Some(imag) = s.strip_suffix(['j', 'J']) {
            ConstantValue::Complex {
                real: 0.0,
                imag: parse_float(imag),
            }
        } else if !s.starts_with("0x") && !s.starts_with("0X") && s.contains(['.', 'e', 'E']) {
            ConstantValue::Float(parse_float(&s))
        } else {
            match Int::from_python_literal(&s) {
                Some(v) => {
                    if let Some(e) = int_digits_error(&s) {
                        self.raise_syntax(e);
                        return None;
                    }
                    ConstantValue::Int(v)
                }
                None => {
                    self.raise_syntax(format!("invalid number literal {}", s));
                    return None;
                }
            }
        };
        Some(constant(value, loc))
    }

    // ---- strings ----

    /// strings (memo): STRING+
    pub fn strings(&mut self) -> Option<Expr> {
        self.memo_expr(Rule::Strings, |p| {
            p.rule(|p| {
                let first = p.expect(STRING)?;
                let mut last = first;
                while let Some(i) = p.expect(STRING) {
                    last = i;
                }
                if p.error.is_some() {
                    return None;
                }
                p.concatenate_strings(first, last)
            })
        })
    }

    fn string_token(&self, i: usize) -> StrTok {
        let t = self.toks[i];
        let text = &self.src[t.start as usize..t.end as usize];
        let mut k = 0;
        let (mut bytes, mut raw, mut fmode) = (false, false, false);
        while k < text.len() && text[k].is_ascii_alphabetic() {
            match text[k] {
                b'b' | b'B' => bytes = true,
                b'r' | b'R' => raw = true,
                b'f' | b'F' => fmode = true,
                _ => {}
            }
            k += 1;
        }
        let quote = text[k];
        let rest = &text[k..];
        let q = if rest.len() >= 6 && rest[1] == quote && rest[2] == quote {
            3
        } else {
            1
        };
        let start = t.start as usize + k + q;
        let end = t.end as usize - q;
        StrTok {
            bytes,
            raw,
            fmode,
            body: (start, end.max(start)),
        }
    }

    /// CPython's `_PyPegen_concatenate_strings` for tokens `first..=last`.
    fn concatenate_strings(&mut self, first: usize, last: usize) -> Option<Expr> {
        let first_t = self.toks[first];
        let last_t = self.toks[last];
        let loc = Location {
            lineno: first_t.lineno,
            col_offset: first_t.col,
            end_lineno: last_t.end_lineno,
            end_col_offset: last_t.end_col,
        };
        let mut bytesmode = false;
        let mut bytes_value: Vec<u8> = Vec::new();
        // CPython gives the `u` kind when the first token starts with a lowercase 'u'.
        let kind = (self.tok_text(first)[0] == b'u').then(|| "u".to_string());
        let mut state = FstringState {
            first_kind: kind.clone(),
            ..FstringState::default()
        };
        for i in first..=last {
            let st = self.string_token(i);
            if st.fmode && self.flags.feature_version < 6 {
                self.raise_syntax("Format strings are only supported in Python 3.6 and greater");
                return None;
            }
            if i != first && bytesmode != st.bytes {
                self.raise_syntax("cannot mix bytes and nonbytes literals");
                return None;
            }
            bytesmode = st.bytes;
            let body = &self.src[st.body.0..st.body.1];
            if st.fmode {
                let end = st.body.1;
                let mut pos = st.body.0;
                self.fstring_concat(&mut state, &mut pos, end, st.raw, 0, loc, i)?;
            } else if st.bytes {
                if body.iter().any(|&b| b >= 0x80) {
                    // 3.11.7 points at the whole token.
                    let tl = self.tok_loc(i);
                    self.raise_at(tl, "bytes can only contain ASCII literal characters");
                    return None;
                }
                if st.raw || !body.contains(&b'\\') {
                    bytes_value.extend_from_slice(body);
                } else {
                    let (v, invalid) = match decode_bytes_escapes(body) {
                        Ok(x) => x,
                        Err(e) => {
                            self.raise_escape_error("bytes", body, e);
                            return None;
                        }
                    };
                    if let Some(inv) = invalid {
                        self.warn_invalid_escape(&inv, i)?;
                    }
                    bytes_value.extend_from_slice(&v);
                }
            } else {
                let s = self.decode_str(body, st.raw, i)?;
                state.concat(s);
            }
        }
        if bytesmode {
            return Some(constant(ConstantValue::Bytes(bytes_value), loc));
        }
        Some(state.finish(loc, kind))
    }

    /// A str literal body, raw or with escapes decoded (warning on the first invalid one).
    fn decode_str(&mut self, body: &[u8], raw: bool, tok: usize) -> Option<PyStr> {
        if let Some(e) = crate::source::utf8_decode_error(body) {
            // CPython decodes a literal without escapes whole, else each non-ASCII run.
            let (slice, shift) = if raw || !body.contains(&b'\\') {
                (body, 0)
            } else {
                let mut a = e.start;
                while a > 0 && body[a - 1] >= 0x80 {
                    a -= 1;
                }
                let mut b = e.start;
                while b < body.len() && body[b] >= 0x80 {
                    b += 1;
                }
                (&body[a..b], a)
            };
            let e2 =
                crate::source::utf8_decode_error(slice).unwrap_or(crate::source::Utf8DecodeError {
                    start: e.start - shift,
                    end: e.end - shift,
                    reason: e.reason,
                });
            self.raise_syntax(format!("(unicode error) {}", e2.message("utf-8", slice)));
            return None;
        }
        if raw || !body.contains(&b'\\') {
            return Some(PyStr::from(String::from_utf8_lossy(body).into_owned()));
        }
        match decode_unicode_escapes(body) {
            Ok(d) => {
                if let Some(inv) = d.first_invalid {
                    self.warn_invalid_escape(&inv, tok)?;
                }
                Some(d.value)
            }
            Err(e) => {
                self.raise_escape_error("unicodeescape", body, e);
                None
            }
        }
    }

    /// `(unicode error) 'unicodeescape' codec can't decode ...` at the last token.
    fn raise_escape_error(&mut self, codec: &str, _body: &[u8], e: EscapeError) {
        let msg = if codec == "bytes" {
            format!("(value error) {}", e.reason)
        } else if e.end - e.start == 1 {
            format!(
                "(unicode error) '{}' codec can't decode byte 0x5c in position {}: {}",
                codec, e.start, e.reason
            )
        } else {
            format!(
                "(unicode error) '{}' codec can't decode bytes in position {}-{}: {}",
                codec,
                e.start,
                e.end - 1,
                e.reason
            )
        };
        self.raise_syntax(msg);
    }

    /// CPython's `warn_invalid_escape_sequence`: a DeprecationWarning, or a SyntaxError at
    /// the string token when warnings are errors.
    fn warn_invalid_escape(&mut self, esc: &str, tok: usize) -> Option<()> {
        let octal = esc
            .as_bytes()
            .first()
            .is_some_and(|c| (b'4'..=b'7').contains(c));
        let msg = if octal {
            format!("invalid octal escape sequence '\\{}'", esc)
        } else {
            format!(
                "invalid escape sequence '\\{}'",
                esc.chars().next().unwrap_or(' ')
            )
        };
        if self.flags.warnings_as_errors {
            self.known_err_token = Some(tok);
            self.raise_syntax(msg);
            return None;
        }
        let lineno = self.toks[tok].lineno as i64;
        self.warnings.push(ParserWarning {
            category: "DeprecationWarning",
            message: msg,
            lineno,
        });
        Some(())
    }

    // ---- f-strings ----

    /// CPython's `_PyPegen_FstringParser_ConcatFstring`: parse `src[*pos..end]` into
    /// `state` (literals and FormattedValues).
    #[allow(clippy::too_many_arguments)]
    fn fstring_concat(
        &mut self,
        state: &mut FstringState,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        whole: Location,
        tok: usize,
    ) -> Option<()> {
        state.fmode = true;
        loop {
            let (literal, more) = self.fstring_find_literal(pos, end, raw, recurse_lvl, tok)?;
            if let Some(l) = literal {
                state.concat(l);
            }
            if more {
                continue;
            }
            if *pos >= end || self.src[*pos] == b'}' {
                break;
            }
            let first_kind = state.first_kind.clone();
            let (expr_text, expression) =
                self.fstring_find_expr(pos, end, raw, recurse_lvl, whole, tok, &first_kind)?;
            if let Some(t) = expr_text {
                state.concat(t);
            }
            if let Some(s) = state.last_str.take() {
                state
                    .values
                    .push(str_node(s, whole, state.first_kind.clone()));
            }
            state.values.push(expression);
        }
        if recurse_lvl == 0 && *pos + 1 < end {
            self.raise_syntax("f-string: unexpected end of string");
            return None;
        }
        if recurse_lvl != 0 && (*pos >= end || self.src[*pos] != b'}') {
            self.raise_syntax("f-string: expecting '}'");
            return None;
        }
        Some(())
    }

    /// CPython's `fstring_find_literal`: the literal up to the next '{' (or a doubled
    /// brace); returns it and whether the caller should call again.
    fn fstring_find_literal(
        &mut self,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        tok: usize,
    ) -> Option<(Option<PyStr>, bool)> {
        let src = self.src;
        let mut s = *pos;
        let literal_start = s;
        let mut more = false;
        let mut lit_end = None;
        while s < end {
            let mut ch = src[s];
            s += 1;
            if !raw && ch == b'\\' && s < end {
                ch = src[s];
                s += 1;
                if ch == b'N' {
                    if s < end {
                        let c = src[s];
                        s += 1;
                        if c == b'{' {
                            while s < end {
                                let c = src[s];
                                s += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
                if ch == b'{' {
                    self.warn_invalid_escape("{", tok)?;
                }
            }
            if ch == b'{' || ch == b'}' {
                if recurse_lvl == 0 {
                    if s < end && src[s] == ch {
                        *pos = s + 1;
                        more = true;
                        lit_end = Some(s);
                        break;
                    }
                    if ch == b'}' {
                        *pos = s - 1;
                        self.raise_syntax("f-string: single '}' is not allowed");
                        return None;
                    }
                }
                s -= 1;
                break;
            }
        }
        let stop = lit_end.unwrap_or(s);
        if !more {
            *pos = s;
        }
        if literal_start == stop {
            return Some((None, more));
        }
        let body = &src[literal_start..stop];
        let lit = self.decode_str(body, raw, tok)?;
        Some((Some(lit), more))
    }

    /// CPython's `fstring_find_expr`: one `{expr[=][!c][:spec]}`.
    #[allow(clippy::too_many_arguments)]
    fn fstring_find_expr(
        &mut self,
        pos: &mut usize,
        end: usize,
        raw: bool,
        recurse_lvl: u32,
        whole: Location,
        tok: usize,
        first_kind: &Option<String>,
    ) -> Option<(Option<PyStr>, Expr)> {
        let src = self.src;
        if recurse_lvl >= 2 {
            self.raise_syntax("f-string: expressions nested too deeply");
            return None;
        }
        *pos += 1;
        let expr_start = *pos;
        let mut quote_char = 0u8;
        let mut string_type = 0;
        let mut stack: Vec<u8> = Vec::new();
        while *pos < end {
            let ch = src[*pos];
            if ch == b'\\' {
                self.raise_syntax("f-string expression part cannot include a backslash");
                return None;
            }
            if quote_char != 0 {
                if ch == quote_char {
                    if string_type == 3 {
                        if *pos + 2 < end && src[*pos + 1] == ch && src[*pos + 2] == ch {
                            *pos += 3;
                            string_type = 0;
                            quote_char = 0;
                            continue;
                        }
                    } else {
                        quote_char = 0;
                        string_type = 0;
                        *pos += 1;
                        continue;
                    }
                }
            } else if ch == b'\'' || ch == b'"' {
                if *pos + 2 < end && src[*pos + 1] == ch && src[*pos + 2] == ch {
                    string_type = 3;
                    *pos += 2;
                } else {
                    string_type = 1;
                }
                quote_char = ch;
            } else if ch == b'[' || ch == b'{' || ch == b'(' {
                if stack.len() >= crate::tokenizer::MAX_LEVEL {
                    self.raise_syntax("f-string: too many nested parenthesis");
                    return None;
                }
                stack.push(ch);
            } else if ch == b'#' {
                self.raise_syntax("f-string expression part cannot include '#'");
                return None;
            } else if stack.is_empty() && matches!(ch, b'!' | b':' | b'}' | b'=' | b'>' | b'<') {
                if *pos + 1 < end {
                    let next = src[*pos + 1];
                    if next == b'=' && matches!(ch, b'!' | b'=' | b'<' | b'>') {
                        *pos += 2;
                        continue;
                    }
                }
                if ch == b'>' || ch == b'<' {
                    *pos += 1;
                    continue;
                }
                break;
            } else if ch == b']' || ch == b'}' || ch == b')' {
                let Some(opening) = stack.pop() else {
                    self.raise_syntax(format!("f-string: unmatched '{}'", ch as char));
                    return None;
                };
                let ok = matches!((opening, ch), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                if !ok {
                    self.raise_syntax(format!(
                        "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                        ch as char, opening as char
                    ));
                    return None;
                }
            }
            *pos += 1;
        }
        let expr_end = *pos;
        if quote_char != 0 {
            self.raise_syntax("f-string: unterminated string");
            return None;
        }
        if let Some(&opening) = stack.last() {
            self.raise_syntax(format!("f-string: unmatched '{}'", opening as char));
            return None;
        }
        if *pos >= end {
            self.raise_syntax("f-string: expecting '}'");
            return None;
        }
        let simple = self.fstring_compile_expr(expr_start, expr_end, tok)?;
        let mut expr_text = None;
        if src[*pos] == b'=' {
            if self.flags.feature_version < 8 {
                self.raise_syntax("f-string: self documenting expressions are only supported in Python 3.8 and greater");
                return None;
            }
            *pos += 1;
            while *pos < end && matches!(src[*pos], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                *pos += 1;
            }
            if *pos >= end {
                self.raise_syntax("f-string: expecting '}'");
                return None;
            }
            expr_text = Some(PyStr::from(
                String::from_utf8_lossy(&src[expr_start..*pos]).into_owned(),
            ));
        }
        let mut conversion: i32 = -1;
        if src[*pos] == b'!' {
            *pos += 1;
            if *pos >= end {
                self.raise_syntax("f-string: expecting '}'");
                return None;
            }
            conversion = src[*pos] as i32;
            *pos += 1;
            if !matches!(conversion as u8, b's' | b'r' | b'a') {
                self.raise_syntax(
                    "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                );
                return None;
            }
        }
        if *pos >= end {
            self.raise_syntax("f-string: expecting '}'");
            return None;
        }
        let mut format_spec = None;
        if src[*pos] == b':' {
            *pos += 1;
            if *pos >= end {
                self.raise_syntax("f-string: expecting '}'");
                return None;
            }
            // CPython's fstring_parse for the spec: its own state, finished at the token.
            let mut spec_state = FstringState {
                first_kind: first_kind.clone(),
                ..FstringState::default()
            };
            self.fstring_concat(&mut spec_state, pos, end, raw, recurse_lvl + 1, whole, tok)?;
            let tl = self.tok_loc(tok);
            let tok_kind = (self.tok_text(tok)[0] == b'u').then(|| "u".to_string());
            format_spec = Some(spec_state.finish_spec(tl, tok_kind));
        }
        if *pos >= end || src[*pos] != b'}' {
            self.raise_syntax("f-string: expecting '}'");
            return None;
        }
        *pos += 1;
        if expr_text.is_some() && format_spec.is_none() && conversion == -1 {
            conversion = b'r' as i32;
        }
        let fv = mk(
            ExprKind::FormattedValue(ExprFormattedValue {
                value: Box::new(simple),
                conversion,
                format_spec: format_spec.map(Box::new),
            }),
            whole,
        );
        Some((expr_text, fv))
    }

    /// CPython's `fstring_compile_expr`: parse `src[start..end]` as `(expr)` with a
    /// sub-parser whose positions map back into the token.
    fn fstring_compile_expr(&mut self, start: usize, end: usize, tok: usize) -> Option<Expr> {
        let src = self.src;
        let body = &src[start..end];
        if body
            .iter()
            .all(|&c| matches!(c, b' ' | b'\t' | b'\n' | 0x0c))
        {
            let e = src[end];
            if matches!(e, b'!' | b':' | b'=') {
                self.raise_syntax(format!(
                    "f-string: expression required before '{}'",
                    e as char
                ));
            } else {
                self.raise_syntax("f-string: empty expression not allowed");
            }
            return None;
        }
        let t = self.toks[tok];
        // Where the '{' is relative to the token: lines before it, and its column when no
        // newline directly follows it.
        let brace = start - 1;
        let tok_start = t.start as usize;
        let mut newline_after_brace = true;
        let mut k = start;
        while k < src.len() && src[k] != b'}' && src[k] != b'\n' {
            if !matches!(src[k], b' ' | b'\t' | 0x0c) {
                newline_after_brace = false;
                break;
            }
            k += 1;
        }
        let mut cols = 0i32;
        if !newline_after_brace {
            let mut b = brace;
            while b > tok_start && src[b] != b'\n' {
                b -= 1;
            }
            cols += (brace - b) as i32;
            if src[b] == b'\n' {
                cols -= 1;
            }
        }
        let lines = src[tok_start..brace]
            .iter()
            .filter(|&&c| c == b'\n')
            .count() as i32;
        let mut text = Vec::with_capacity(body.len() + 3);
        text.push(b'(');
        text.extend_from_slice(body);
        text.push(b')');
        text.push(b'\n');
        let mut tk = Tokenizer::from_utf8(&text, TokenizerConfig::default());
        tk.set_encoding_known(false);
        let mut sub = Parser::new(tk, Mode::Eval, self.flags);
        let starting_lineno = t.lineno + lines;
        sub.fstring = Some(FstringOrigin {
            line_base: t.lineno + lines - 1,
            starting_lineno,
            starting_col: if lines != 0 { cols } else { t.col + cols },
        });
        let r = sub.run_fstring();
        self.warnings.append(&mut sub.warnings);
        match r {
            Ok(e) => Some(e),
            Err(e) => {
                self.set_error(e);
                None
            }
        }
    }

    /// The fstring start rule (`star_expressions`) with the two passes of `run`.
    fn run_fstring(&mut self) -> Result<Expr, SyntaxErrorInfo> {
        if let Some(e) = self.star_expressions() {
            return Ok(e);
        }
        let last_token = self.toks.len().saturating_sub(1);
        self.memo.clear();
        self.mark = 0;
        self.call_invalid_rules = true;
        self.level = BASE_LEVEL;
        if self.error.is_none() {
            let _ = self.star_expressions();
        }
        Err(self.set_syntax_error_pub(last_token))
    }
}

/// CPython's FstringParser: the pending literal and the finished values.
#[derive(Default)]
struct FstringState {
    last_str: Option<PyStr>,
    values: Vec<Expr>,
    fmode: bool,
    /// The kind of literals finished before an expression (from the first token).
    first_kind: Option<String>,
}

impl FstringState {
    fn concat(&mut self, s: PyStr) {
        if s.is_empty() {
            return;
        }
        match &mut self.last_str {
            Some(l) => {
                for cp in s.code_points() {
                    l.push_code_point(cp);
                }
            }
            None => self.last_str = Some(s),
        }
    }

    /// `_PyPegen_FstringParser_Finish` for a whole literal.
    fn finish(mut self, loc: Location, kind: Option<String>) -> Expr {
        if !self.fmode {
            let s = self.last_str.take().unwrap_or_default();
            return str_node(s, loc, kind);
        }
        if let Some(s) = self.last_str.take() {
            self.values.push(str_node(s, loc, kind));
        }
        mk(
            ExprKind::JoinedStr(ExprJoinedStr {
                values: self.values,
            }),
            loc,
        )
    }

    /// Finish for a format spec: the last literal and the JoinedStr take the token's
    /// position and kind; literals before expressions already took the whole literal's.
    fn finish_spec(mut self, tok: Location, tok_kind: Option<String>) -> Expr {
        if let Some(s) = self.last_str.take() {
            self.values.push(str_node(s, tok, tok_kind));
        }
        mk(
            ExprKind::JoinedStr(ExprJoinedStr {
                values: self.values,
            }),
            tok,
        )
    }
}

fn str_node(s: PyStr, loc: Location, kind: Option<String>) -> Expr {
    mk(
        ExprKind::Constant(ExprConstant {
            value: ConstantValue::Str(s),
            kind,
        }),
        loc,
    )
}

/// Python's float() of a literal (Rust's parser rounds correctly, as CPython's dtoa does).
fn parse_float(s: &str) -> f64 {
    s.parse::<f64>().unwrap_or_else(|_| {
        // "1." and ".5e3" forms are accepted by Rust; anything left is an exponent overflow
        // or similar, which Rust reports as inf anyway.
        let t = format!("{}0", s);
        t.parse::<f64>().unwrap_or(f64::INFINITY)
    })
}

/// CPython 3.11.7 limits decimal int literals to 4300 digits.
fn int_digits_error(s: &str) -> Option<String> {
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b") {
        return None;
    }
    let n = s.len();
    (n > 4300).then(|| {
        format!(
            "Exceeds the limit (4300 digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
            n
        )
    })
}

fn hex_val(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// CPython's unicode-escape decoding of a literal body (`decode_unicode_with_escapes`):
/// positions in errors count non-ASCII characters the way CPython's rewritten buffer does
/// (10 bytes each; a backslash before one adds 6).
fn decode_unicode_escapes(body: &[u8]) -> Result<Decoded, EscapeError> {
    let text = String::from_utf8_lossy(body);
    let chars: Vec<char> = text.chars().collect();
    let mut out = PyStr::default();
    let mut first_invalid: Option<String> = None;
    let width = |c: char| if (c as u32) < 0x80 { 1 } else { 10 };
    let total_v: usize = chars
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let backslash_before_wide =
                c == '\\' && chars.get(k + 1).map_or(true, |&n| (n as u32) >= 0x80);
            if backslash_before_wide {
                6
            } else {
                width(c)
            }
        })
        .sum();
    let mut i = 0;
    // Position in CPython's rewritten buffer.
    let mut vpos = 0usize;
    let width = |c: char| if (c as u32) < 0x80 { 1 } else { 10 };
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' {
            out.push_code_point(c as u32);
            vpos += width(c);
            i += 1;
            continue;
        }
        let start = vpos;
        if i + 1 >= chars.len() {
            // A lone backslash at the end becomes \u005c in CPython's buffer.
            out.push_code_point('\\' as u32);
            vpos += 6;
            i += 1;
            continue;
        }
        let e = chars[i + 1];
        if (e as u32) >= 0x80 {
            // "\é" is rewritten as "\u005c\U000000e9": a backslash and the character.
            out.push_code_point('\\' as u32);
            vpos += 6;
            i += 1;
            continue;
        }
        i += 2;
        vpos += 2;
        let simple = match e {
            '\n' => Some(None),
            '\\' => Some(Some('\\')),
            '\'' => Some(Some('\'')),
            '"' => Some(Some('"')),
            'b' => Some(Some('\x08')),
            'f' => Some(Some('\x0c')),
            't' => Some(Some('\t')),
            'n' => Some(Some('\n')),
            'r' => Some(Some('\r')),
            'v' => Some(Some('\x0b')),
            'a' => Some(Some('\x07')),
            _ => None,
        };
        if let Some(v) = simple {
            if let Some(ch) = v {
                out.push_code_point(ch as u32);
            }
            continue;
        }
        match e {
            '0'..='7' => {
                let mut v = e as u32 - '0' as u32;
                let mut n = 1;
                while n < 3 && i < chars.len() && ('0'..='7').contains(&chars[i]) {
                    v = v * 8 + (chars[i] as u32 - '0' as u32);
                    i += 1;
                    vpos += 1;
                    n += 1;
                }
                if v > 0o377 && first_invalid.is_none() {
                    first_invalid = Some(chars[i - n..i].iter().collect());
                }
                out.push_code_point(v);
            }
            'x' | 'u' | 'U' => {
                let (count, reason) = match e {
                    'x' => (2, "truncated \\xXX escape"),
                    'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v = 0u32;
                for _ in 0..count {
                    let d =
                        chars
                            .get(i)
                            .and_then(|&c| if c.is_ascii() { hex_val(c as u8) } else { None });
                    match d {
                        Some(d) => {
                            v = (v << 4) | d;
                            i += 1;
                            vpos += 1;
                        }
                        None => {
                            return Err(EscapeError {
                                start,
                                end: vpos,
                                reason,
                            })
                        }
                    }
                }
                if v > 0x10FFFF {
                    return Err(EscapeError {
                        start,
                        end: vpos,
                        reason: "illegal Unicode character",
                    });
                }
                out.push_code_point(v);
            }
            'N' => {
                // \N{name}
                let malformed = EscapeError {
                    start,
                    end: vpos,
                    reason: "malformed \\N character escape",
                };
                if chars.get(i) != Some(&'{') {
                    return Err(malformed);
                }
                let name_start = i + 1;
                let Some(close) = chars[name_start..].iter().position(|&c| c == '}') else {
                    return Err(EscapeError {
                        end: total_v,
                        ..malformed
                    });
                };
                let name: String = chars[name_start..name_start + close].iter().collect();
                let consumed = close + 2;
                if close == 0 {
                    return Err(EscapeError {
                        end: vpos + 2,
                        ..malformed
                    });
                }
                i += consumed;
                vpos += name.chars().map(width).sum::<usize>() + 2;
                match super::unicode_names::lookup(&name) {
                    Some(cp) => {
                        out.push_code_point(cp);
                    }
                    None => {
                        return Err(EscapeError {
                            start,
                            end: vpos,
                            reason: "unknown Unicode character name",
                        })
                    }
                }
            }
            _ => {
                if first_invalid.is_none() {
                    first_invalid = Some(e.to_string());
                }
                out.push_code_point('\\' as u32);
                out.push_code_point(e as u32);
            }
        }
    }
    Ok(Decoded {
        value: out,
        first_invalid,
    })
}

/// CPython's `_PyBytes_DecodeEscape` for a bytes literal body (ASCII only by then).
fn decode_bytes_escapes(body: &[u8]) -> Result<(Vec<u8>, Option<String>), EscapeError> {
    let mut out = Vec::with_capacity(body.len());
    let mut first_invalid = None;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if i >= body.len() {
            return Err(EscapeError {
                start: i - 1,
                end: i,
                reason: "Trailing \\ in string",
            });
        }
        let e = body[i];
        i += 1;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let s = i - 1;
                let mut n = 1;
                while n < 3 && i < body.len() && (b'0'..=b'7').contains(&body[i]) {
                    v = v * 8 + (body[i] - b'0') as u32;
                    i += 1;
                    n += 1;
                }
                if v > 0o377 && first_invalid.is_none() {
                    first_invalid = Some(String::from_utf8_lossy(&body[s..i]).into_owned());
                }
                out.push(v as u8);
            }
            b'x' => {
                let h1 = body.get(i).and_then(|&c| hex_val(c));
                let h2 = body.get(i + 1).and_then(|&c| hex_val(c));
                match (h1, h2) {
                    (Some(a), Some(b)) => {
                        out.push((a * 16 + b) as u8);
                        i += 2;
                    }
                    _ => {
                        return Err(EscapeError {
                            start: i - 2,
                            end: i,
                            reason: "invalid \\x escape at position",
                        })
                    }
                }
            }
            _ => {
                if first_invalid.is_none() {
                    first_invalid = Some((e as char).to_string());
                }
                out.push(b'\\');
                out.push(e);
            }
        }
    }
    Ok((out, first_invalid))
}
