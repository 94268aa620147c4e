//! The compiler's intermediate form: instructions with source positions in basic blocks
//! linked by fall-through (`next`) and jump targets, as CPython 3.11's compile.c keeps
//! them. Code generation appends to it; `assemble` optimizes and flattens it.

use super::opcode::*;

/// A source span of an instruction; `lineno < 0` means "no line" (artificial).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    pub lineno: i32,
    pub end_lineno: i32,
    pub col: i32,
    pub end_col: i32,
}

impl Loc {
    /// What `UNSET_LOC` sets: an artificial instruction.
    pub const UNSET: Loc = Loc {
        lineno: -1,
        end_lineno: -1,
        col: -1,
        end_col: -1,
    };
    /// What the `*_noline` helpers give.
    pub const NOLINE: Loc = Loc {
        lineno: -1,
        end_lineno: 0,
        col: 0,
        end_col: 0,
    };
}

pub type BlockId = usize;

#[derive(Clone, Debug)]
pub struct Instr {
    pub op: i32,
    pub arg: u32,
    pub target: Option<BlockId>,
    pub except: Option<BlockId>,
    pub loc: Loc,
}

impl Instr {
    pub fn is_jump(&self) -> bool {
        is_jump(self.op)
    }
    pub fn is_block_push(&self) -> bool {
        is_block_push(self.op)
    }
    /// Code units this instruction takes (EXTENDED_ARG prefixes and caches included).
    pub fn size(&self) -> u32 {
        let arg = if has_arg(self.op) { self.arg } else { 0 };
        let ext = (arg > 0xFFFFFF) as u32 + (arg > 0xFFFF) as u32 + (arg > 0xFF) as u32;
        ext + 1 + cache_entries(self.op)
    }
}

#[derive(Clone, Debug)]
pub struct Block {
    pub instrs: Vec<Instr>,
    pub next: Option<BlockId>,
    pub predecessors: i32,
    pub startdepth: i32,
    pub offset: u32,
    pub nofallthrough: bool,
    pub preserve_lasti: bool,
    pub visited: bool,
    pub exit: bool,
    pub returns: bool,
}

impl Block {
    fn new() -> Block {
        Block {
            instrs: Vec::new(),
            next: None,
            predecessors: 0,
            startdepth: 0,
            offset: 0,
            nofallthrough: false,
            preserve_lasti: false,
            visited: false,
            exit: false,
            returns: false,
        }
    }

    pub fn last(&self) -> Option<&Instr> {
        self.instrs.last()
    }
}

/// The blocks of one code object, in allocation order (`blocks[0]` is the entry; CPython's
/// `b_list` walks them newest first).
#[derive(Clone, Debug)]
pub struct Cfg {
    pub blocks: Vec<Block>,
    pub cur: BlockId,
    need_new_implicit_block: bool,
}

impl Default for Cfg {
    fn default() -> Self {
        Cfg::new()
    }
}

impl Cfg {
    pub fn new() -> Cfg {
        Cfg {
            blocks: vec![Block::new()],
            cur: 0,
            need_new_implicit_block: false,
        }
    }

    pub fn new_block(&mut self) -> BlockId {
        self.blocks.push(Block::new());
        self.blocks.len() - 1
    }

    /// Makes `block` the fall-through successor of the current block and the current one.
    pub fn use_next_block(&mut self, block: BlockId) {
        self.blocks[self.cur].next = Some(block);
        self.cur = block;
        self.need_new_implicit_block = false;
    }

    /// A copy of an exit block (no fall-through), appended as a new block.
    pub fn copy_block(&mut self, block: BlockId) -> BlockId {
        let id = self.new_block();
        self.blocks[id].instrs = self.blocks[block].instrs.clone();
        self.blocks[id].exit = self.blocks[block].exit;
        self.blocks[id].nofallthrough = true;
        id
    }

    pub fn add(&mut self, op: i32, arg: u32, target: Option<BlockId>, loc: Loc) {
        if self.need_new_implicit_block {
            let b = self.new_block();
            self.use_next_block(b);
        }
        let b = &mut self.blocks[self.cur];
        if op == RETURN_VALUE {
            b.returns = true;
        }
        b.instrs.push(Instr {
            op,
            arg,
            target,
            except: None,
            loc,
        });
        if ends_block(op) {
            self.need_new_implicit_block = true;
        }
    }

    pub fn cur_returns(&self) -> bool {
        self.blocks[self.cur].returns
    }
}
