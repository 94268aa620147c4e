//! The `_sre` matcher: runs the code words `re._compiler` emits against a subject of 1-, 2-
//! or 4-byte characters (a str's PEP 393 data or a bytes-like buffer, read in place).
//!
//! Backtracking never recurses on the Rust stack: every sub-match the engine would "call" is
//! a [`Frame`] pushed on a heap vector, and its result is handed back to the frame below by
//! the `Jump` kind that frame was waiting with. Saved marks and zero-width guards live on a
//! second vector (`saved`). The only Rust recursion is `count`'s fallback for a repeated
//! single-character item that is not a plain opcode, bounded by the pattern's nesting.

use super::charset::*;
use super::consts::*;

/// Marks not set (CPython's NULL mark pointers).
pub const NONE: usize = usize::MAX;

/// Why a match stopped without an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchError {
    /// A signal handler raised (the exception is set).
    Interrupted,
    /// The code words are inconsistent (RuntimeError "internal error ...").
    Internal,
}

pub type MResult = Result<bool, MatchError>;

/// A character width the engine runs on.
pub trait Char: Copy + 'static {
    fn get(self) -> u32;
}
impl Char for u8 {
    #[inline(always)]
    fn get(self) -> u32 {
        self as u32
    }
}
impl Char for u16 {
    #[inline(always)]
    fn get(self) -> u32 {
        self as u32
    }
}
impl Char for u32 {
    #[inline(always)]
    fn get(self) -> u32 {
        self
    }
}

/// One active REPEAT (the context MAX_UNTIL / MIN_UNTIL work in).
#[derive(Clone, Copy)]
struct Repeat {
    count: isize,
    /// Index of the REPEAT's operands (`<skip> <min> <max> item`).
    pc: usize,
    last_ptr: usize,
    prev: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Jump {
    None,
    MaxUntil1,
    MaxUntil2,
    MaxUntil3,
    MinUntil1,
    MinUntil2,
    MinUntil3,
    Repeat,
    RepeatOne1,
    RepeatOne2,
    MinRepeatOne,
    Branch,
    Assert,
    AssertNot,
    PossRepeat1,
    PossRepeat2,
    AtomicGroup,
}

/// A sub-match in progress: where it resumes and what it keeps across the calls it makes.
#[derive(Clone, Copy)]
struct Frame {
    pc: usize,
    ptr: usize,
    count: isize,
    /// The literal a REPEAT_ONE tail starts with, or the active repeat's index.
    aux: usize,
    lastmark: isize,
    lastindex: isize,
    toplevel: bool,
    jump: Jump,
}

/// What the engine knows about one subject: the characters, the window, the marks.
pub struct State {
    /// Members below 256 of the INFO block's first-character set, precomputed by the
    /// pattern (bit `c` set when `c` may start a match); None to test the set itself.
    pub first_chars: Option<[u64; 4]>,
    pub data: *const u8,
    /// Bytes per character: 1, 2 or 4.
    pub charsize: usize,
    pub length: usize,
    pub start: usize,
    pub end: usize,
    pub pos: usize,
    pub endpos: usize,
    pub ptr: usize,
    pub marks: Vec<usize>,
    pub lastmark: isize,
    pub lastindex: isize,
    pub match_all: bool,
    pub must_advance: bool,
    repeat: usize,
    repeats: Vec<Repeat>,
    frames: Vec<Frame>,
    saved: Vec<usize>,
}

impl State {
    /// A state over `length` characters of `charsize` bytes at `data`, searching `[pos, endpos)`
    /// (already clamped to the subject).
    pub fn new(
        data: *const u8,
        charsize: usize,
        length: usize,
        pos: usize,
        endpos: usize,
        groups: usize,
    ) -> State {
        State {
            first_chars: None,
            data,
            charsize,
            length,
            start: pos,
            end: endpos,
            pos,
            endpos,
            ptr: pos,
            marks: vec![NONE; groups * 2],
            lastmark: -1,
            lastindex: -1,
            match_all: false,
            must_advance: false,
            repeat: NONE,
            repeats: Vec::new(),
            frames: Vec::new(),
            saved: Vec::new(),
        }
    }

    /// Forgets the marks of the previous attempt (`state_reset`).
    pub fn reset(&mut self) {
        self.lastmark = -1;
        self.lastindex = -1;
        self.repeat = NONE;
        self.repeats.clear();
        self.frames.clear();
        self.saved.clear();
    }

    /// The span of group `g` (1-based) if it matched.
    pub fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        let i = (g - 1) * 2;
        if (i as isize) + 1 > self.lastmark {
            return None;
        }
        let (a, b) = (self.marks[i], self.marks[i + 1]);
        if a == NONE || b == NONE {
            None
        } else {
            Some((a, b))
        }
    }

    /// `match` at `start` (Pattern.match/fullmatch, Scanner.match).
    pub fn run_match(&mut self, code: &[u32]) -> MResult {
        self.ptr = self.start;
        // SAFETY: data holds `length` characters of `charsize` bytes (the caller's subject).
        unsafe {
            match self.charsize {
                1 => Matcher::<u8>::new(self).sre_match(code, 0, true),
                2 => Matcher::<u16>::new(self).sre_match(code, 0, true),
                _ => Matcher::<u32>::new(self).sre_match(code, 0, true),
            }
        }
    }

    /// `search` from `start` (leaves the match in `start..ptr`).
    pub fn run_search(&mut self, code: &[u32]) -> MResult {
        self.ptr = self.start;
        // SAFETY: as in run_match.
        unsafe {
            match self.charsize {
                1 => Matcher::<u8>::new(self).search(code),
                2 => Matcher::<u16>::new(self).search(code),
                _ => Matcher::<u32>::new(self).search(code),
            }
        }
    }
}

struct Matcher<'a, T: Char> {
    st: &'a mut State,
    s: &'a [T],
}

enum Mode {
    Enter,
    Dispatch,
    Ret(bool),
}

impl<'a, T: Char> Matcher<'a, T> {
    /// # Safety
    /// `st.data` points to `st.length` characters of type `T`, alive for `'a`.
    unsafe fn new(st: &'a mut State) -> Self {
        let s = if st.length == 0 {
            &[][..]
        } else {
            // SAFETY: per this function's contract.
            unsafe { core::slice::from_raw_parts(st.data as *const T, st.length) }
        };
        Matcher { st, s }
    }

    /// The character at `i`; callers have checked `i < end <= length`.
    #[inline(always)]
    fn ch(&self, i: usize) -> u32 {
        debug_assert!(i < self.s.len());
        // SAFETY: every caller compares `i` with `end` (or with a mark, which is at most
        // `end`) first, and `end` is clamped to the subject's length.
        unsafe { self.s.get_unchecked(i).get() }
    }

    fn at(&self, ptr: usize, at: u32) -> bool {
        let end = self.st.end;
        let word_pair = |word: fn(u32) -> bool| -> (bool, bool) {
            let before = ptr > 0 && word(self.ch(ptr - 1));
            let this = ptr < end && word(self.ch(ptr));
            (before, this)
        };
        match at {
            AT_BEGINNING | AT_BEGINNING_STRING => ptr == 0,
            AT_BEGINNING_LINE => ptr == 0 || is_linebreak(self.ch(ptr - 1)),
            AT_END => ptr == end || (ptr < end && end - ptr == 1 && is_linebreak(self.ch(ptr))),
            AT_END_LINE => ptr == end || is_linebreak(self.ch(ptr)),
            AT_END_STRING => ptr == end,
            AT_BOUNDARY | AT_NON_BOUNDARY | AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY
            | AT_UNI_BOUNDARY | AT_UNI_NON_BOUNDARY => {
                // An empty window (beginning == end) has no boundaries of either kind.
                if end == 0 {
                    return false;
                }
                let (before, this) = match at {
                    AT_BOUNDARY | AT_NON_BOUNDARY => word_pair(is_word),
                    AT_LOC_BOUNDARY | AT_LOC_NON_BOUNDARY => word_pair(loc_is_word),
                    _ => word_pair(uni_is_word),
                };
                if matches!(at, AT_BOUNDARY | AT_LOC_BOUNDARY | AT_UNI_BOUNDARY) {
                    before != this
                } else {
                    before == this
                }
            }
            _ => false,
        }
    }

    /// How many times (up to `maxcount`) the single-character item at `code[pc]` matches from
    /// `st.ptr`.
    fn count(&mut self, code: &[u32], pc: usize, maxcount: u32) -> Result<usize, MatchError> {
        let start = self.st.ptr;
        let mut end = self.st.end;
        if maxcount != MAXREPEAT && (maxcount as usize) < end - start {
            end = start + maxcount as usize;
        }
        let s = self.s;
        debug_assert!(end <= s.len());
        // SAFETY: p < end <= s.len() in every loop below.
        let at = |p: usize| unsafe { s.get_unchecked(p).get() };
        let mut p = start;
        let op = code[pc];
        match op {
            OP_IN => {
                while p < end && in_set(code, pc + 2, at(p)) {
                    p += 1;
                }
            }
            OP_ANY => {
                while p < end && !is_linebreak(at(p)) {
                    p += 1;
                }
            }
            OP_ANY_ALL => p = end,
            OP_LITERAL => {
                let c = code[pc + 1];
                while p < end && at(p) == c {
                    p += 1;
                }
            }
            OP_LITERAL_IGNORE => {
                let c = code[pc + 1];
                while p < end && lower_ascii(at(p)) == c {
                    p += 1;
                }
            }
            OP_LITERAL_UNI_IGNORE => {
                let c = code[pc + 1];
                while p < end && lower_unicode(at(p)) == c {
                    p += 1;
                }
            }
            OP_LITERAL_LOC_IGNORE => {
                let c = code[pc + 1];
                while p < end && char_loc_ignore(c, at(p)) {
                    p += 1;
                }
            }
            OP_NOT_LITERAL => {
                let c = code[pc + 1];
                while p < end && at(p) != c {
                    p += 1;
                }
            }
            OP_NOT_LITERAL_IGNORE => {
                let c = code[pc + 1];
                while p < end && lower_ascii(at(p)) != c {
                    p += 1;
                }
            }
            OP_NOT_LITERAL_UNI_IGNORE => {
                let c = code[pc + 1];
                while p < end && lower_unicode(at(p)) != c {
                    p += 1;
                }
            }
            OP_NOT_LITERAL_LOC_IGNORE => {
                let c = code[pc + 1];
                while p < end && !char_loc_ignore(c, at(p)) {
                    p += 1;
                }
            }
            _ => {
                // Any other one-character item: run it as a sub-match, one step at a time.
                while self.st.ptr < end {
                    if !self.sre_match(code, pc, false)? {
                        break;
                    }
                }
                return Ok(self.st.ptr - start);
            }
        }
        Ok(p - start)
    }

    fn mark_push(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            self.st.saved.extend_from_slice(&self.st.marks[..n]);
        }
    }

    fn mark_pop(&mut self, lastmark: isize, discard: bool) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let base = self.st.saved.len() - n;
            self.st.marks[..n].copy_from_slice(&self.st.saved[base..]);
            if discard {
                self.st.saved.truncate(base);
            }
        }
    }

    fn mark_discard(&mut self, lastmark: isize) {
        if lastmark >= 0 {
            let n = lastmark as usize + 1;
            let len = self.st.saved.len();
            self.st.saved.truncate(len - n);
        }
    }

    /// Matches `code[pc0..]` at `st.ptr`; on success `st.ptr` is the end of the match.
    fn sre_match(&mut self, code: &[u32], pc0: usize, toplevel: bool) -> MResult {
        let base = self.st.frames.len();
        self.st.frames.push(Frame {
            pc: pc0,
            ptr: 0,
            count: 0,
            aux: 0,
            lastmark: -1,
            lastindex: -1,
            toplevel,
            jump: Jump::None,
        });
        let r = self.run(code, base);
        if r.is_err() {
            self.st.frames.truncate(base);
        }
        r
    }

    fn run(&mut self, code: &[u32], base: usize) -> MResult {
        let end = self.st.end;
        let mut pc = self.st.frames[base].pc;
        let mut ptr = self.st.ptr;
        let mut mode = Mode::Enter;
        let mut sigcount: u32 = 0;
        // Index of the current frame.
        let mut fi = base;
        'main: loop {
            macro_rules! ctx {
                () => {
                    self.st.frames[fi]
                };
            }
            // Starts a sub-match at `$next` and resumes this frame with `$jump` afterwards.
            macro_rules! call {
                ($jump:expr, $next:expr, $toplevel:expr) => {{
                    let next = $next;
                    let tl = $toplevel;
                    ctx!().pc = pc;
                    ctx!().ptr = ptr;
                    self.st.frames.push(Frame {
                        pc: next,
                        ptr: 0,
                        count: 0,
                        aux: 0,
                        lastmark: -1,
                        lastindex: -1,
                        toplevel: tl,
                        jump: $jump,
                    });
                    fi = self.st.frames.len() - 1;
                    pc = next;
                    mode = Mode::Enter;
                    continue 'main;
                }};
            }
            macro_rules! lastmark_save {
                () => {{
                    ctx!().lastmark = self.st.lastmark;
                    ctx!().lastindex = self.st.lastindex;
                }};
            }
            macro_rules! lastmark_restore {
                () => {{
                    self.st.lastmark = ctx!().lastmark;
                    self.st.lastindex = ctx!().lastindex;
                }};
            }
            macro_rules! fail {
                () => {{
                    mode = Mode::Ret(false);
                    continue 'main;
                }};
            }
            // POSSESSIVE_REPEAT (pc at its operands): the required iterations first (each must
            // match), then optional ones while they advance, then the tail; never backtracks.
            macro_rules! poss_from_opt {
                () => {{
                    let max = code[pc + 2];
                    if (ctx!().count < max as isize || max == MAXREPEAT) && self.st.ptr != ptr {
                        lastmark_save!();
                        let lm = ctx!().lastmark;
                        self.mark_push(lm);
                        ptr = self.st.ptr;
                        call!(Jump::PossRepeat2, pc + 3, false);
                    }
                    pc += code[pc] as usize + 1;
                    ptr = self.st.ptr;
                    mode = Mode::Dispatch;
                    continue 'main;
                }};
            }
            macro_rules! poss_from_min {
                () => {{
                    if ctx!().count < code[pc + 1] as isize {
                        call!(Jump::PossRepeat1, pc + 3, false);
                    }
                    ptr = NONE;
                    poss_from_opt!();
                }};
            }
            match mode {
                Mode::Enter => {
                    ptr = self.st.ptr;
                    if code[pc] == OP_INFO {
                        let min = code[pc + 3] as usize;
                        if min != 0 && ptr <= end && end - ptr < min {
                            fail!();
                        }
                        pc += code[pc + 1] as usize + 1;
                    }
                    mode = Mode::Dispatch;
                }
                Mode::Dispatch => loop {
                    // The eval breaker: every 4096 steps, run pending signal handlers.
                    sigcount = sigcount.wrapping_add(1);
                    if sigcount & 0xfff == 0
                        && crate::modules::signalmodule::check_signals().is_err()
                    {
                        return Err(MatchError::Interrupted);
                    }
                    let op = code[pc];
                    pc += 1;
                    match op {
                        OP_MARK => {
                            let i = code[pc] as usize;
                            if i & 1 != 0 {
                                self.st.lastindex = (i / 2 + 1) as isize;
                            }
                            if i >= self.st.marks.len() {
                                self.st.marks.resize(i + 1, NONE);
                            }
                            if i as isize > self.st.lastmark {
                                let from = (self.st.lastmark + 1) as usize;
                                for m in &mut self.st.marks[from..i] {
                                    *m = NONE;
                                }
                                self.st.lastmark = i as isize;
                            }
                            self.st.marks[i] = ptr;
                            pc += 1;
                        }
                        OP_LITERAL => {
                            if ptr >= end || self.ch(ptr) != code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_NOT_LITERAL => {
                            if ptr >= end || self.ch(ptr) == code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_SUCCESS => {
                            let c = ctx!();
                            if c.toplevel
                                && ((self.st.match_all && ptr != end)
                                    || (self.st.must_advance && ptr == self.st.start))
                            {
                                fail!();
                            }
                            self.st.ptr = ptr;
                            mode = Mode::Ret(true);
                            continue 'main;
                        }
                        OP_AT => {
                            if !self.at(ptr, code[pc]) {
                                fail!();
                            }
                            pc += 1;
                        }
                        OP_CATEGORY => {
                            if ptr >= end || !category(code[pc], self.ch(ptr)) {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_ANY => {
                            if ptr >= end || is_linebreak(self.ch(ptr)) {
                                fail!();
                            }
                            ptr += 1;
                        }
                        OP_ANY_ALL => {
                            if ptr >= end {
                                fail!();
                            }
                            ptr += 1;
                        }
                        OP_IN => {
                            if ptr >= end || !in_set(code, pc + 1, self.ch(ptr)) {
                                fail!();
                            }
                            pc += code[pc] as usize;
                            ptr += 1;
                        }
                        OP_LITERAL_IGNORE => {
                            if ptr >= end || lower_ascii(self.ch(ptr)) != code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_LITERAL_UNI_IGNORE => {
                            if ptr >= end || lower_unicode(self.ch(ptr)) != code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_LITERAL_LOC_IGNORE => {
                            if ptr >= end || !char_loc_ignore(code[pc], self.ch(ptr)) {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_NOT_LITERAL_IGNORE => {
                            if ptr >= end || lower_ascii(self.ch(ptr)) == code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_NOT_LITERAL_UNI_IGNORE => {
                            if ptr >= end || lower_unicode(self.ch(ptr)) == code[pc] {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_NOT_LITERAL_LOC_IGNORE => {
                            if ptr >= end || char_loc_ignore(code[pc], self.ch(ptr)) {
                                fail!();
                            }
                            pc += 1;
                            ptr += 1;
                        }
                        OP_IN_IGNORE => {
                            if ptr >= end || !in_set(code, pc + 1, lower_ascii(self.ch(ptr))) {
                                fail!();
                            }
                            pc += code[pc] as usize;
                            ptr += 1;
                        }
                        OP_IN_UNI_IGNORE => {
                            if ptr >= end || !in_set(code, pc + 1, lower_unicode(self.ch(ptr))) {
                                fail!();
                            }
                            pc += code[pc] as usize;
                            ptr += 1;
                        }
                        OP_IN_LOC_IGNORE => {
                            if ptr >= end || !in_set_loc_ignore(code, pc + 1, self.ch(ptr)) {
                                fail!();
                            }
                            pc += code[pc] as usize;
                            ptr += 1;
                        }
                        OP_JUMP | OP_INFO => {
                            pc += code[pc] as usize;
                        }
                        OP_BRANCH => {
                            // <BRANCH> <skip> alternative <JUMP> ... <0>
                            lastmark_save!();
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_push(lm);
                            }
                            match self.branch_next(code, pc, ptr) {
                                Some(alt) => {
                                    pc = alt;
                                    self.st.ptr = ptr;
                                    call!(Jump::Branch, alt + 1, ctx!().toplevel);
                                }
                                None => {
                                    if self.st.repeat != NONE {
                                        let lm = ctx!().lastmark;
                                        self.mark_discard(lm);
                                    }
                                    fail!();
                                }
                            }
                        }
                        OP_REPEAT_ONE => {
                            // <REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail
                            let min = code[pc + 1] as usize;
                            if ptr > end || min > end - ptr {
                                fail!();
                            }
                            self.st.ptr = ptr;
                            let n = self.count(code, pc + 3, code[pc + 2])?;
                            ptr += n;
                            ctx!().count = n as isize;
                            if n < min {
                                fail!();
                            }
                            let tail = pc + code[pc] as usize;
                            if code[tail] == OP_SUCCESS
                                && ptr == end
                                && !(ctx!().toplevel
                                    && self.st.must_advance
                                    && ptr == self.st.start)
                            {
                                self.st.ptr = ptr;
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            lastmark_save!();
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_push(lm);
                            }
                            if code[tail] == OP_LITERAL {
                                ctx!().aux = code[tail + 1] as usize;
                                match self.repeat_one_literal_next(code, pc, ptr, fi) {
                                    Some(p) => {
                                        ptr = p;
                                        self.st.ptr = ptr;
                                        call!(Jump::RepeatOne1, tail, ctx!().toplevel);
                                    }
                                    None => {
                                        if self.st.repeat != NONE {
                                            let lm = ctx!().lastmark;
                                            self.mark_discard(lm);
                                        }
                                        fail!();
                                    }
                                }
                            } else if ctx!().count >= min as isize {
                                self.st.ptr = ptr;
                                call!(Jump::RepeatOne2, tail, ctx!().toplevel);
                            } else {
                                if self.st.repeat != NONE {
                                    let lm = ctx!().lastmark;
                                    self.mark_discard(lm);
                                }
                                fail!();
                            }
                        }
                        OP_MIN_REPEAT_ONE => {
                            // <MIN_REPEAT_ONE> <skip> <min> <max> item <SUCCESS> tail
                            let min = code[pc + 1] as usize;
                            if ptr > end || min > end - ptr {
                                fail!();
                            }
                            self.st.ptr = ptr;
                            if min == 0 {
                                ctx!().count = 0;
                            } else {
                                let n = self.count(code, pc + 3, code[pc + 1])?;
                                if n < min {
                                    fail!();
                                }
                                ctx!().count = n as isize;
                                ptr += n;
                            }
                            let tail = pc + code[pc] as usize;
                            if code[tail] == OP_SUCCESS
                                && !(ctx!().toplevel
                                    && ((self.st.match_all && ptr != end)
                                        || (self.st.must_advance && ptr == self.st.start)))
                            {
                                self.st.ptr = ptr;
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            lastmark_save!();
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_push(lm);
                            }
                            let max = code[pc + 2];
                            if max == MAXREPEAT || ctx!().count <= max as isize {
                                self.st.ptr = ptr;
                                call!(Jump::MinRepeatOne, tail, ctx!().toplevel);
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_discard(lm);
                            }
                            fail!();
                        }
                        OP_POSSESSIVE_REPEAT_ONE => {
                            let min = code[pc + 1] as usize;
                            if ptr > end || min > end - ptr {
                                fail!();
                            }
                            self.st.ptr = ptr;
                            let n = self.count(code, pc + 3, code[pc + 2])?;
                            ptr += n;
                            ctx!().count = n as isize;
                            if n < min {
                                fail!();
                            }
                            pc += code[pc] as usize;
                            if code[pc] == OP_SUCCESS
                                && ptr == end
                                && !(ctx!().toplevel
                                    && self.st.must_advance
                                    && ptr == self.st.start)
                            {
                                self.st.ptr = ptr;
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                        }
                        OP_REPEAT => {
                            // <REPEAT> <skip> <min> <max> item <UNTIL> tail
                            let prev = self.st.repeat;
                            self.st.repeats.push(Repeat {
                                count: -1,
                                pc,
                                last_ptr: NONE,
                                prev,
                            });
                            let ri = self.st.repeats.len() - 1;
                            self.st.repeat = ri;
                            ctx!().aux = ri;
                            self.st.ptr = ptr;
                            call!(Jump::Repeat, pc + code[pc] as usize, ctx!().toplevel);
                        }
                        OP_MAX_UNTIL => {
                            let ri = self.st.repeat;
                            if ri == NONE {
                                return Err(MatchError::Internal);
                            }
                            ctx!().aux = ri;
                            self.st.ptr = ptr;
                            let rep = self.st.repeats[ri];
                            let count = rep.count + 1;
                            ctx!().count = count;
                            let rmin = code[rep.pc + 1];
                            let rmax = code[rep.pc + 2];
                            if count < rmin as isize {
                                self.st.repeats[ri].count = count;
                                call!(Jump::MaxUntil1, rep.pc + 3, ctx!().toplevel);
                            }
                            if (count < rmax as isize || rmax == MAXREPEAT)
                                && self.st.ptr != rep.last_ptr
                            {
                                self.st.repeats[ri].count = count;
                                lastmark_save!();
                                let lm = ctx!().lastmark;
                                self.mark_push(lm);
                                self.st.saved.push(rep.last_ptr);
                                self.st.repeats[ri].last_ptr = self.st.ptr;
                                call!(Jump::MaxUntil2, rep.pc + 3, ctx!().toplevel);
                            }
                            self.st.repeat = rep.prev;
                            call!(Jump::MaxUntil3, pc, ctx!().toplevel);
                        }
                        OP_MIN_UNTIL => {
                            let ri = self.st.repeat;
                            if ri == NONE {
                                return Err(MatchError::Internal);
                            }
                            ctx!().aux = ri;
                            self.st.ptr = ptr;
                            let rep = self.st.repeats[ri];
                            let count = rep.count + 1;
                            ctx!().count = count;
                            if count < code[rep.pc + 1] as isize {
                                self.st.repeats[ri].count = count;
                                call!(Jump::MinUntil1, rep.pc + 3, ctx!().toplevel);
                            }
                            self.st.repeat = rep.prev;
                            lastmark_save!();
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_push(lm);
                            }
                            call!(Jump::MinUntil2, pc, ctx!().toplevel);
                        }
                        OP_POSSESSIVE_REPEAT => {
                            // <POSSESSIVE_REPEAT> <skip> <min> <max> item <SUCCESS> tail
                            self.st.ptr = ptr;
                            ctx!().count = 0;
                            poss_from_min!();
                        }
                        OP_ATOMIC_GROUP => {
                            // <ATOMIC_GROUP> <skip> pattern <SUCCESS> tail
                            self.st.ptr = ptr;
                            call!(Jump::AtomicGroup, pc + 1, false);
                        }
                        OP_GROUPREF
                        | OP_GROUPREF_IGNORE
                        | OP_GROUPREF_UNI_IGNORE
                        | OP_GROUPREF_LOC_IGNORE => {
                            let g = code[pc] as usize * 2;
                            if g as isize >= self.st.lastmark {
                                fail!();
                            }
                            let (mut p, e) = (self.st.marks[g], self.st.marks[g + 1]);
                            if p == NONE || e == NONE || e < p {
                                fail!();
                            }
                            let fold: fn(u32) -> u32 = match op {
                                OP_GROUPREF => |c| c,
                                OP_GROUPREF_IGNORE => lower_ascii,
                                OP_GROUPREF_UNI_IGNORE => lower_unicode,
                                _ => lower_locale,
                            };
                            let mut ok = true;
                            while p < e {
                                if ptr >= end || fold(self.ch(ptr)) != fold(self.ch(p)) {
                                    ok = false;
                                    break;
                                }
                                p += 1;
                                ptr += 1;
                            }
                            if !ok {
                                fail!();
                            }
                            pc += 1;
                        }
                        OP_GROUPREF_EXISTS => {
                            // <GROUPREF_EXISTS> <group> <skip> yes <JUMP> no
                            let g = code[pc] as usize * 2;
                            let set = (g as isize) < self.st.lastmark && {
                                let (p, e) = (self.st.marks[g], self.st.marks[g + 1]);
                                p != NONE && e != NONE && p <= e
                            };
                            if set {
                                pc += 2;
                            } else {
                                pc += code[pc + 1] as usize;
                            }
                        }
                        OP_ASSERT => {
                            // <ASSERT> <skip> <back> pattern
                            let back = code[pc + 1] as usize;
                            if ptr < back {
                                fail!();
                            }
                            self.st.ptr = ptr - back;
                            call!(Jump::Assert, pc + 2, false);
                        }
                        OP_ASSERT_NOT => {
                            let back = code[pc + 1] as usize;
                            if ptr >= back {
                                self.st.ptr = ptr - back;
                                lastmark_save!();
                                if self.st.repeat != NONE {
                                    let lm = ctx!().lastmark;
                                    self.mark_push(lm);
                                }
                                call!(Jump::AssertNot, pc + 2, false);
                            }
                            pc += code[pc] as usize;
                        }
                        OP_FAILURE => fail!(),
                        _ => return Err(MatchError::Internal),
                    }
                },
                Mode::Ret(ret) => {
                    let done = self.st.frames.pop().expect("sre frame");
                    if self.st.frames.len() == base {
                        return Ok(ret);
                    }
                    fi = self.st.frames.len() - 1;
                    pc = ctx!().pc;
                    ptr = ctx!().ptr;
                    mode = Mode::Dispatch;
                    match done.jump {
                        Jump::None => return Err(MatchError::Internal),
                        Jump::Branch => {
                            if ret {
                                if self.st.repeat != NONE {
                                    let lm = ctx!().lastmark;
                                    self.mark_discard(lm);
                                }
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_pop(lm, false);
                            }
                            lastmark_restore!();
                            // pc is the alternative just tried; go to the next one.
                            let next = pc + code[pc] as usize;
                            match self.branch_next(code, next, ptr) {
                                Some(alt) => {
                                    pc = alt;
                                    self.st.ptr = ptr;
                                    call!(Jump::Branch, alt + 1, ctx!().toplevel);
                                }
                                None => {
                                    if self.st.repeat != NONE {
                                        let lm = ctx!().lastmark;
                                        self.mark_discard(lm);
                                    }
                                    fail!();
                                }
                            }
                        }
                        Jump::RepeatOne1 | Jump::RepeatOne2 => {
                            if ret {
                                if self.st.repeat != NONE {
                                    let lm = ctx!().lastmark;
                                    self.mark_discard(lm);
                                }
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_pop(lm, false);
                            }
                            lastmark_restore!();
                            ptr = ptr.wrapping_sub(1);
                            ctx!().count -= 1;
                            let min = code[pc + 1] as isize;
                            let tail = pc + code[pc] as usize;
                            if done.jump == Jump::RepeatOne1 {
                                match self.repeat_one_literal_next(code, pc, ptr, fi) {
                                    Some(p) => {
                                        ptr = p;
                                        self.st.ptr = ptr;
                                        call!(Jump::RepeatOne1, tail, ctx!().toplevel);
                                    }
                                    None => {}
                                }
                            } else if ctx!().count >= min {
                                self.st.ptr = ptr;
                                call!(Jump::RepeatOne2, tail, ctx!().toplevel);
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_discard(lm);
                            }
                            fail!();
                        }
                        Jump::MinRepeatOne => {
                            if ret {
                                if self.st.repeat != NONE {
                                    let lm = ctx!().lastmark;
                                    self.mark_discard(lm);
                                }
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_pop(lm, false);
                            }
                            lastmark_restore!();
                            self.st.ptr = ptr;
                            let n = self.count(code, pc + 3, 1)?;
                            if n != 0 {
                                ptr += 1;
                                ctx!().count += 1;
                                let max = code[pc + 2];
                                if max == MAXREPEAT || ctx!().count <= max as isize {
                                    self.st.ptr = ptr;
                                    call!(
                                        Jump::MinRepeatOne,
                                        pc + code[pc] as usize,
                                        ctx!().toplevel
                                    );
                                }
                            }
                            if self.st.repeat != NONE {
                                let lm = ctx!().lastmark;
                                self.mark_discard(lm);
                            }
                            fail!();
                        }
                        Jump::Repeat => {
                            let ri = ctx!().aux;
                            self.st.repeat = self.st.repeats[ri].prev;
                            self.st.repeats.truncate(ri);
                            mode = Mode::Ret(ret);
                        }
                        Jump::MaxUntil1 | Jump::MinUntil1 => {
                            if ret {
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            let ri = ctx!().aux;
                            self.st.repeats[ri].count = ctx!().count - 1;
                            self.st.ptr = ptr;
                            fail!();
                        }
                        Jump::MaxUntil2 => {
                            let ri = ctx!().aux;
                            self.st.repeats[ri].last_ptr = self.st.saved.pop().unwrap_or(NONE);
                            let lm = ctx!().lastmark;
                            if ret {
                                self.mark_discard(lm);
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            self.mark_pop(lm, true);
                            lastmark_restore!();
                            self.st.repeats[ri].count = ctx!().count - 1;
                            self.st.ptr = ptr;
                            self.st.repeat = self.st.repeats[ri].prev;
                            call!(Jump::MaxUntil3, pc, ctx!().toplevel);
                        }
                        Jump::MaxUntil3 => {
                            self.st.repeat = ctx!().aux;
                            if ret {
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            self.st.ptr = ptr;
                            fail!();
                        }
                        Jump::MinUntil2 => {
                            let ri = ctx!().aux;
                            let repeat_of_tail = self.st.repeat;
                            self.st.repeat = ri;
                            let lm = ctx!().lastmark;
                            if ret {
                                if repeat_of_tail != NONE {
                                    self.mark_discard(lm);
                                }
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            if repeat_of_tail != NONE {
                                self.mark_pop(lm, true);
                            }
                            lastmark_restore!();
                            self.st.ptr = ptr;
                            let rep = self.st.repeats[ri];
                            let rmax = code[rep.pc + 2];
                            let count = ctx!().count;
                            if (count >= rmax as isize && rmax != MAXREPEAT)
                                || self.st.ptr == rep.last_ptr
                            {
                                fail!();
                            }
                            self.st.repeats[ri].count = count;
                            self.st.saved.push(rep.last_ptr);
                            self.st.repeats[ri].last_ptr = self.st.ptr;
                            call!(Jump::MinUntil3, rep.pc + 3, ctx!().toplevel);
                        }
                        Jump::MinUntil3 => {
                            let ri = ctx!().aux;
                            self.st.repeats[ri].last_ptr = self.st.saved.pop().unwrap_or(NONE);
                            if ret {
                                mode = Mode::Ret(true);
                                continue 'main;
                            }
                            self.st.repeats[ri].count = ctx!().count - 1;
                            self.st.ptr = ptr;
                            fail!();
                        }
                        Jump::Assert => {
                            if !ret {
                                fail!();
                            }
                            pc += code[pc] as usize;
                        }
                        Jump::AssertNot => {
                            let lm = ctx!().lastmark;
                            if ret {
                                if self.st.repeat != NONE {
                                    self.mark_discard(lm);
                                }
                                fail!();
                            }
                            if self.st.repeat != NONE {
                                self.mark_pop(lm, true);
                            }
                            lastmark_restore!();
                            pc += code[pc] as usize;
                        }
                        Jump::PossRepeat1 => {
                            if !ret {
                                self.st.ptr = ptr;
                                fail!();
                            }
                            ctx!().count += 1;
                            poss_from_min!();
                        }
                        Jump::PossRepeat2 => {
                            let lm = ctx!().lastmark;
                            if ret {
                                self.mark_discard(lm);
                                ctx!().count += 1;
                                poss_from_opt!();
                            }
                            self.mark_pop(lm, true);
                            lastmark_restore!();
                            // The failed iteration may have moved the input position (a
                            // lookaround inside it): the tail starts where that iteration did
                            // (gh-106052, fixed in 3.11.5).
                            self.st.ptr = ptr;
                            pc += code[pc] as usize + 1;
                        }
                        Jump::AtomicGroup => {
                            if !ret {
                                self.st.ptr = ptr;
                                fail!();
                            }
                            pc += code[pc] as usize;
                            ptr = self.st.ptr;
                        }
                    }
                }
            }
        }
    }

    /// The next BRANCH alternative from `pc` (an alternative's skip word) whose first
    /// character can match at `ptr`; None at the end of the list.
    fn branch_next(&self, code: &[u32], mut pc: usize, ptr: usize) -> Option<usize> {
        let end = self.st.end;
        while code[pc] != 0 {
            let first = code[pc + 1];
            let skip = (first == OP_LITERAL && (ptr >= end || self.ch(ptr) != code[pc + 2]))
                || (first == OP_IN && (ptr >= end || !in_set(code, pc + 3, self.ch(ptr))));
            if !skip {
                return Some(pc);
            }
            pc += code[pc] as usize;
        }
        None
    }

    /// REPEAT_ONE whose tail starts with a literal: backs off from `ptr` to a position where
    /// that literal is next (None when fewer than min items would remain).
    fn repeat_one_literal_next(
        &mut self,
        code: &[u32],
        pc: usize,
        mut ptr: usize,
        fi: usize,
    ) -> Option<usize> {
        let min = code[pc + 1] as isize;
        let chr = self.st.frames[fi].aux as u32;
        let end = self.st.end;
        while self.st.frames[fi].count >= min && (ptr >= end || self.ch(ptr) != chr) {
            ptr = ptr.wrapping_sub(1);
            self.st.frames[fi].count -= 1;
        }
        if self.st.frames[fi].count < min {
            return None;
        }
        Some(ptr)
    }

    /// Whether the pattern at `pc` certainly fails at `ptr` because its first item is a
    /// single character that is not there (a shortcut; the full match would fail the same).
    #[inline]
    fn first_char_fails(&self, code: &[u32], pc: usize, ptr: usize) -> bool {
        let op = code[pc];
        let consumes = matches!(
            op,
            OP_LITERAL
                | OP_NOT_LITERAL
                | OP_LITERAL_IGNORE
                | OP_LITERAL_UNI_IGNORE
                | OP_IN
                | OP_IN_IGNORE
                | OP_IN_UNI_IGNORE
                | OP_CATEGORY
                | OP_ANY
        );
        if !consumes {
            return false;
        }
        if ptr >= self.st.end {
            return true;
        }
        let ch = self.ch(ptr);
        match op {
            OP_LITERAL => ch != code[pc + 1],
            OP_NOT_LITERAL => ch == code[pc + 1],
            OP_LITERAL_IGNORE => lower_ascii(ch) != code[pc + 1],
            OP_LITERAL_UNI_IGNORE => lower_unicode(ch) != code[pc + 1],
            OP_IN => !in_set(code, pc + 2, ch),
            OP_IN_IGNORE => !in_set(code, pc + 2, lower_ascii(ch)),
            OP_IN_UNI_IGNORE => !in_set(code, pc + 2, lower_unicode(ch)),
            OP_CATEGORY => !category(code[pc + 1], ch),
            _ => is_linebreak(ch),
        }
    }

    /// Finds the first match at or after `st.start`, using the INFO block's literal prefix or
    /// first-character set to skip positions that cannot match.
    fn search(&mut self, code: &[u32]) -> MResult {
        let mut ptr = self.st.start;
        let full_end = self.st.end;
        let mut end = full_end;
        if ptr > end {
            return Ok(false);
        }
        let mut pc = 0;
        let mut flags = 0;
        let mut prefix: Option<(usize, usize, usize)> = None; // (at, len, skip)
        let mut charset: Option<usize> = None;
        if code[0] == OP_INFO {
            flags = code[2];
            let min = code[3] as usize;
            if min != 0 && end - ptr < min {
                return Ok(false);
            }
            if min > 1 {
                end -= min - 1;
                if end <= ptr {
                    end = ptr;
                }
            }
            if flags & INFO_PREFIX != 0 {
                prefix = Some((7, code[5] as usize, code[6] as usize));
            } else if flags & INFO_CHARSET != 0 {
                charset = Some(5);
            }
            pc = 1 + code[1] as usize;
        }
        let s = self.s;
        if let Some((at, plen, pskip)) = prefix {
            let pre = &code[at..at + plen];
            let overlap = at + plen - 1;
            if plen == 1 {
                let c = pre[0];
                let end = full_end;
                self.st.must_advance = false;
                while ptr < end {
                    match s[ptr..end].iter().position(|x| x.get() == c) {
                        Some(k) => ptr += k,
                        None => return Ok(false),
                    }
                    self.st.start = ptr;
                    self.st.ptr = ptr + pskip;
                    if flags & INFO_LITERAL != 0 {
                        return Ok(true);
                    }
                    if self.sre_match(code, pc + 2 * pskip, false)? {
                        return Ok(true);
                    }
                    ptr += 1;
                    self.st.lastmark = -1;
                    self.st.lastindex = -1;
                }
                return Ok(false);
            }
            if plen > 1 {
                let end = full_end;
                if plen > end - ptr {
                    return Ok(false);
                }
                while ptr < end {
                    let c = pre[0];
                    loop {
                        let here = s[ptr].get();
                        ptr += 1;
                        if here == c {
                            break;
                        }
                        if ptr >= end {
                            return Ok(false);
                        }
                    }
                    if ptr >= end {
                        return Ok(false);
                    }
                    let mut i = 1;
                    self.st.must_advance = false;
                    loop {
                        if s[ptr].get() == pre[i] {
                            i += 1;
                            if i != plen {
                                ptr += 1;
                                if ptr >= end {
                                    return Ok(false);
                                }
                                continue;
                            }
                            self.st.start = ptr - (plen - 1);
                            self.st.ptr = ptr + 1 + pskip - plen;
                            if flags & INFO_LITERAL != 0 {
                                return Ok(true);
                            }
                            if self.sre_match(code, pc + 2 * pskip, false)? {
                                return Ok(true);
                            }
                            ptr += 1;
                            if ptr >= end {
                                return Ok(false);
                            }
                            self.st.lastmark = -1;
                            self.st.lastindex = -1;
                        }
                        i = code[overlap + i] as usize;
                        if i == 0 {
                            break;
                        }
                    }
                }
                return Ok(false);
            }
        }
        if let Some(cs) = charset {
            let end = full_end;
            self.st.must_advance = false;
            loop {
                match self.st.first_chars {
                    Some(bits) => {
                        while ptr < end {
                            let c = s[ptr].get();
                            let hit = if c < 256 {
                                bits[(c >> 6) as usize] & (1u64 << (c & 63)) != 0
                            } else {
                                in_set(code, cs, c)
                            };
                            if hit {
                                break;
                            }
                            ptr += 1;
                        }
                    }
                    None => {
                        while ptr < end && !in_set(code, cs, s[ptr].get()) {
                            ptr += 1;
                        }
                    }
                }
                if ptr >= end {
                    return Ok(false);
                }
                self.st.start = ptr;
                self.st.ptr = ptr;
                if self.sre_match(code, pc, false)? {
                    return Ok(true);
                }
                ptr += 1;
                self.st.lastmark = -1;
                self.st.lastindex = -1;
            }
        }
        self.st.start = ptr;
        self.st.ptr = ptr;
        let mut status = self.sre_match(code, pc, true)?;
        self.st.must_advance = false;
        if !status
            && code[pc] == OP_AT
            && (code[pc + 1] == AT_BEGINNING || code[pc + 1] == AT_BEGINNING_STRING)
        {
            self.st.start = end;
            self.st.ptr = end;
            return Ok(false);
        }
        while !status && ptr < end {
            ptr += 1;
            if self.first_char_fails(code, pc, ptr) {
                continue;
            }
            self.st.lastmark = -1;
            self.st.lastindex = -1;
            self.st.start = ptr;
            self.st.ptr = ptr;
            status = self.sre_match(code, pc, false)?;
        }
        if !status {
            // Positions skipped by the pre-check leave the state as a failed attempt would.
            self.st.lastmark = -1;
            self.st.lastindex = -1;
            self.st.start = ptr;
            self.st.ptr = ptr;
        }
        Ok(status)
    }
}

/// The members below 256 of the first-character set of `code`'s INFO block, when it has one
/// whose answer cannot change at run time (no locale categories).
pub fn first_char_table(code: &[u32]) -> Option<[u64; 4]> {
    if code.len() < 6
        || code[0] != OP_INFO
        || code[2] & INFO_CHARSET == 0
        || code[2] & INFO_PREFIX != 0
    {
        return None;
    }
    let set_end = 1 + code[1] as usize;
    let set = &code[5..set_end.min(code.len())];
    // A locale category's answer depends on the current C locale.
    let mut i = 0;
    while i < set.len() {
        if set[i] == OP_CATEGORY
            && matches!(
                set.get(i + 1),
                Some(&CATEGORY_LOC_WORD) | Some(&CATEGORY_LOC_NOT_WORD)
            )
        {
            return None;
        }
        i += 1;
    }
    let mut bits = [0u64; 4];
    for c in 0..256u32 {
        if in_set(code, 5, c) {
            bits[(c >> 6) as usize] |= 1u64 << (c & 63);
        }
    }
    Some(bits)
}
