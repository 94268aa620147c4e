//! From a code unit's flow graph to the fields of a CPython 3.11 code object: the
//! flow-graph optimizations (`optimize_cfg` of 3.11: constant conditional jumps, tuple
//! folding, jump threading, SWAP elimination, dead-block removal, exit duplication,
//! line propagation), the prefix instructions (RETURN_GENERATOR, MAKE_CELL,
//! COPY_FREE_VARS), cell offsets, the stack depth, the exception table, jump offsets with
//! EXTENDED_ARG, inline caches, and the location table (Objects/locations.md).

use super::cfg::{BlockId, Cfg, Instr, Loc};
use super::consts::{Const, ConstPool};
use super::opcode::*;

pub const CO_OPTIMIZED: i32 = 0x0001;
pub const CO_NEWLOCALS: i32 = 0x0002;
pub const CO_VARARGS: i32 = 0x0004;
pub const CO_VARKEYWORDS: i32 = 0x0008;
pub const CO_NESTED: i32 = 0x0010;
pub const CO_GENERATOR: i32 = 0x0020;
pub const CO_COROUTINE: i32 = 0x0080;
pub const CO_ITERABLE_COROUTINE: i32 = 0x0100;
pub const CO_ASYNC_GENERATOR: i32 = 0x0200;

pub const CO_FAST_LOCAL: u8 = 0x20;
pub const CO_FAST_CELL: u8 = 0x40;
pub const CO_FAST_FREE: u8 = 0x80;

/// What the assembler needs to know about the unit besides its instructions.
pub struct UnitLayout<'a> {
    pub varnames: &'a [String],
    /// Cell variables in their index order (`u_cellvars`).
    pub cellvars: &'a [String],
    pub freevars: &'a [String],
    pub flags: i32,
    /// 0 when not set explicitly (then taken from the first instruction).
    pub firstlineno: i32,
    /// Generators and coroutines start with one value (the sent None) on the stack.
    pub starts_with_value: bool,
}

/// The assembled fields of a code object.
pub struct Assembled {
    pub code: Vec<u8>,
    pub linetable: Vec<u8>,
    pub exceptiontable: Vec<u8>,
    pub stacksize: i32,
    pub firstlineno: i32,
    pub localsplusnames: Vec<String>,
    pub localspluskinds: Vec<u8>,
}

pub fn assemble(cfg: &mut Cfg, consts: &mut ConstPool, layout: &UnitLayout) -> Assembled {
    let nblocks = cfg.blocks.len();
    for b in (0..nblocks).rev() {
        normalize_basic_block(cfg, b);
    }
    for b in (0..nblocks).rev() {
        extend_block(cfg, b);
    }
    let entry: BlockId = 0;
    let nlocals = layout.varnames.len();
    let ncells = layout.cellvars.len();
    let nfree = layout.freevars.len();
    let mut fixed = build_cellfixedoffsets(layout);

    let mut firstlineno = layout.firstlineno;
    if firstlineno == 0 {
        firstlineno = match cfg.blocks[entry].instrs.first() {
            Some(i) if i.loc.lineno != 0 => i.loc.lineno,
            _ => 1,
        };
    }
    insert_prefix_instructions(cfg, entry, layout, &fixed, firstlineno);
    let numdropped = fix_cell_offsets(cfg, nlocals, ncells + nfree, &mut fixed);
    let nlocalsplus = nlocals + ncells + nfree - numdropped;

    optimize_cfg(cfg, consts, entry);
    duplicate_exits_without_lineno(cfg);
    trim_unused_consts(cfg, consts, entry);
    propagate_line_numbers(cfg, entry);
    guarantee_lineno_for_exits(cfg, entry, firstlineno);
    let stacksize = stackdepth(cfg, entry, layout.starts_with_value);
    label_exception_targets(cfg, entry);
    for b in chain(cfg, entry) {
        for i in &mut cfg.blocks[b].instrs {
            if is_block_push(i.op) || i.op == POP_BLOCK {
                i.op = NOP;
            }
        }
    }
    for b in chain(cfg, entry) {
        clean_basic_block(cfg, b);
    }
    normalize_jumps(cfg, entry);
    assemble_jump_offsets(cfg, entry);

    let order = chain(cfg, entry);
    let mut code = Vec::new();
    for &b in &order {
        for i in &cfg.blocks[b].instrs {
            write_instr(&mut code, i);
        }
    }
    let mut lt = LineTable {
        out: Vec::new(),
        lineno: firstlineno,
    };
    for &b in &order {
        for i in &cfg.blocks[b].instrs {
            let mut size = i.size();
            while size > 8 {
                lt.entry(i, 8);
                size -= 8;
            }
            lt.entry(i, size);
        }
    }
    let exceptiontable = exception_table(cfg, &order);

    let (localsplusnames, localspluskinds) = localsplus(layout, nlocalsplus);
    Assembled {
        code,
        linetable: lt.out,
        exceptiontable,
        stacksize,
        firstlineno,
        localsplusnames,
        localspluskinds,
    }
}

/// The blocks in fall-through order from `entry`.
fn chain(cfg: &Cfg, entry: BlockId) -> Vec<BlockId> {
    let mut out = Vec::new();
    let mut b = Some(entry);
    while let Some(id) = b {
        out.push(id);
        b = cfg.blocks[id].next;
    }
    out
}

fn skip_empty(cfg: &Cfg, mut t: BlockId) -> BlockId {
    while cfg.blocks[t].instrs.is_empty() {
        match cfg.blocks[t].next {
            Some(n) => t = n,
            None => break,
        }
    }
    t
}

fn normalize_basic_block(cfg: &mut Cfg, b: BlockId) {
    let n = cfg.blocks[b].instrs.len();
    for i in 0..n {
        let op = cfg.blocks[b].instrs[i].op;
        match op {
            RETURN_VALUE | RAISE_VARARGS | RERAISE => {
                cfg.blocks[b].exit = true;
                cfg.blocks[b].nofallthrough = true;
            }
            JUMP | JUMP_NO_INTERRUPT | POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE
            | POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE | JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP
            | FOR_ITER => {
                if op == JUMP || op == JUMP_NO_INTERRUPT {
                    cfg.blocks[b].nofallthrough = true;
                }
                if let Some(t) = cfg.blocks[b].instrs[i].target {
                    let t = skip_empty(cfg, t);
                    cfg.blocks[b].instrs[i].target = Some(t);
                }
            }
            _ => {}
        }
    }
}

fn has_lineno(cfg: &Cfg, b: BlockId) -> bool {
    cfg.blocks[b].instrs.iter().any(|i| i.loc.lineno > 0)
}

const MAX_COPY_SIZE: usize = 4;

fn extend_block(cfg: &mut Cfg, b: BlockId) {
    let Some(last) = cfg.blocks[b].instrs.last() else {
        return;
    };
    if !matches!(last.op, JUMP | JUMP_FORWARD | JUMP_BACKWARD) {
        return;
    }
    let Some(t) = last.target else { return };
    if cfg.blocks[t].exit && cfg.blocks[t].instrs.len() <= MAX_COPY_SIZE {
        if has_lineno(cfg, t) {
            return;
        }
        let copy = cfg.blocks[t].instrs.clone();
        let blk = &mut cfg.blocks[b];
        blk.instrs.last_mut().unwrap().op = NOP;
        blk.instrs.extend(copy);
        blk.exit = true;
    }
}

fn build_cellfixedoffsets(layout: &UnitLayout) -> Vec<usize> {
    let nlocals = layout.varnames.len();
    let n = layout.cellvars.len() + layout.freevars.len();
    let mut fixed: Vec<usize> = (0..n).map(|i| nlocals + i).collect();
    for (ci, name) in layout.cellvars.iter().enumerate() {
        if let Some(vi) = layout.varnames.iter().position(|v| v == name) {
            fixed[ci] = vi;
        }
    }
    fixed
}

fn insert_prefix_instructions(
    cfg: &mut Cfg,
    entry: BlockId,
    layout: &UnitLayout,
    fixed: &[usize],
    firstlineno: i32,
) {
    let instrs = &mut cfg.blocks[entry].instrs;
    let mk = |op: i32, arg: u32, loc: Loc| Instr {
        op,
        arg,
        target: None,
        except: None,
        loc,
    };
    if layout.flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR) != 0 {
        instrs.insert(
            0,
            mk(
                RETURN_GENERATOR,
                0,
                Loc {
                    lineno: firstlineno,
                    end_lineno: firstlineno,
                    col: -1,
                    end_col: -1,
                },
            ),
        );
        instrs.insert(1, mk(POP_TOP, 0, Loc::UNSET));
    }
    let ncells = layout.cellvars.len();
    if ncells > 0 {
        let nvars = ncells + layout.varnames.len();
        let mut sorted = vec![0usize; nvars];
        for (i, &f) in fixed.iter().take(ncells).enumerate() {
            sorted[f] = i + 1;
        }
        let mut used = 0;
        for s in sorted {
            if used >= ncells {
                break;
            }
            if s == 0 {
                continue;
            }
            instrs.insert(used, mk(MAKE_CELL, (s - 1) as u32, Loc::UNSET));
            used += 1;
        }
    }
    if !layout.freevars.is_empty() {
        instrs.insert(
            0,
            mk(COPY_FREE_VARS, layout.freevars.len() as u32, Loc::UNSET),
        );
    }
}

fn fix_cell_offsets(cfg: &mut Cfg, nlocals: usize, noffsets: usize, fixed: &mut [usize]) -> usize {
    let mut dropped = 0;
    for (i, f) in fixed.iter_mut().enumerate().take(noffsets) {
        if *f == i + nlocals {
            *f -= dropped;
        } else {
            dropped += 1;
        }
    }
    for b in &mut cfg.blocks {
        for i in &mut b.instrs {
            if matches!(
                i.op,
                MAKE_CELL
                    | LOAD_CLOSURE
                    | LOAD_DEREF
                    | STORE_DEREF
                    | DELETE_DEREF
                    | LOAD_CLASSDEREF
            ) {
                i.arg = fixed[i.arg as usize] as u32;
            }
        }
    }
    dropped
}

fn localsplus(layout: &UnitLayout, n: usize) -> (Vec<String>, Vec<u8>) {
    let mut names = vec![String::new(); n];
    let mut kinds = vec![0u8; n];
    for (i, v) in layout.varnames.iter().enumerate() {
        let mut k = CO_FAST_LOCAL;
        if layout.cellvars.contains(v) {
            k |= CO_FAST_CELL;
        }
        names[i] = v.clone();
        kinds[i] = k;
    }
    let nlocals = layout.varnames.len();
    let mut dropped = 0;
    for (ci, c) in layout.cellvars.iter().enumerate() {
        if layout.varnames.contains(c) {
            dropped += 1;
            continue;
        }
        let off = ci + nlocals - dropped;
        names[off] = c.clone();
        kinds[off] = CO_FAST_CELL;
    }
    let ncells = layout.cellvars.len();
    for (fi, f) in layout.freevars.iter().enumerate() {
        let off = ncells + fi + nlocals - dropped;
        names[off] = f.clone();
        kinds[off] = CO_FAST_FREE;
    }
    (names, kinds)
}

// ---------------------------------------------------------------------------------------
// optimize_cfg

fn optimize_cfg(cfg: &mut Cfg, consts: &mut ConstPool, entry: BlockId) {
    let mut b = Some(entry);
    while let Some(id) = b {
        optimize_basic_block(cfg, id, consts);
        clean_basic_block(cfg, id);
        b = cfg.blocks[id].next;
    }
    for id in (0..cfg.blocks.len()).rev() {
        extend_block(cfg, id);
    }
    mark_reachable(cfg, entry);
    for id in chain(cfg, entry) {
        if cfg.blocks[id].predecessors == 0 {
            cfg.blocks[id].instrs.clear();
            cfg.blocks[id].nofallthrough = false;
        }
    }
    eliminate_empty_basic_blocks(cfg, entry);
    for id in chain(cfg, entry) {
        clean_basic_block(cfg, id);
    }
    let mut maybe_empty = false;
    for id in chain(cfg, entry) {
        let next = cfg.blocks[id].next;
        if let Some(last) = cfg.blocks[id].instrs.last_mut() {
            if (last.op == JUMP || last.op == JUMP_NO_INTERRUPT) && last.target == next {
                last.op = NOP;
                cfg.blocks[id].nofallthrough = false;
                maybe_empty = true;
            }
        }
    }
    if maybe_empty {
        eliminate_empty_basic_blocks(cfg, entry);
    }
}

fn const_is_true(c: &Const) -> bool {
    c.is_true()
}

fn optimize_basic_block(cfg: &mut Cfg, bb: BlockId, consts: &mut ConstPool) {
    let mut i: isize = 0;
    while (i as usize) < cfg.blocks[bb].instrs.len() {
        let iu = i as usize;
        let n = cfg.blocks[bb].instrs.len();
        let (op, oparg) = (cfg.blocks[bb].instrs[iu].op, cfg.blocks[bb].instrs[iu].arg);
        let nextop = if iu + 1 < n {
            cfg.blocks[bb].instrs[iu + 1].op
        } else {
            0
        };
        let mut target_op = NOP;
        let mut target_line = -1;
        if is_jump(op) || is_block_push(op) {
            let t = skip_empty_strict(cfg, cfg.blocks[bb].instrs[iu].target.unwrap());
            cfg.blocks[bb].instrs[iu].target = Some(t);
            target_op = cfg.blocks[t].instrs[0].op;
            target_line = cfg.blocks[t].instrs[0].loc.lineno;
        }
        let line = cfg.blocks[bb].instrs[iu].loc.lineno;
        // jump_thread: retarget to the target's target when on the same line.
        let thread = |cfg: &mut Cfg, newop: i32| -> bool {
            let t = cfg.blocks[bb].instrs[iu].target.unwrap();
            let tt = cfg.blocks[t].instrs[0].target;
            if line == target_line && cfg.blocks[bb].instrs[iu].target != tt {
                let ins = &mut cfg.blocks[bb].instrs[iu];
                ins.target = tt;
                ins.op = newop;
                true
            } else {
                false
            }
        };
        match op {
            LOAD_CONST => match nextop {
                POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE => {
                    let is_true = const_is_true(consts.get(oparg as usize));
                    cfg.blocks[bb].instrs[iu].op = NOP;
                    let jump_if_true = nextop == POP_JUMP_IF_TRUE;
                    if is_true == jump_if_true {
                        cfg.blocks[bb].instrs[iu + 1].op = JUMP;
                        cfg.blocks[bb].nofallthrough = true;
                    } else {
                        cfg.blocks[bb].instrs[iu + 1].op = NOP;
                    }
                }
                JUMP_IF_FALSE_OR_POP | JUMP_IF_TRUE_OR_POP => {
                    let is_true = const_is_true(consts.get(oparg as usize));
                    let jump_if_true = nextop == JUMP_IF_TRUE_OR_POP;
                    if is_true == jump_if_true {
                        cfg.blocks[bb].instrs[iu + 1].op = JUMP;
                        cfg.blocks[bb].nofallthrough = true;
                    } else {
                        cfg.blocks[bb].instrs[iu].op = NOP;
                        cfg.blocks[bb].instrs[iu + 1].op = NOP;
                    }
                }
                IS_OP => {
                    let jump_op = if iu + 2 < n {
                        cfg.blocks[bb].instrs[iu + 2].op
                    } else {
                        0
                    };
                    if consts.get(oparg as usize).is_none()
                        && (jump_op == POP_JUMP_IF_FALSE || jump_op == POP_JUMP_IF_TRUE)
                    {
                        let nextarg = cfg.blocks[bb].instrs[iu + 1].arg;
                        cfg.blocks[bb].instrs[iu].op = NOP;
                        cfg.blocks[bb].instrs[iu + 1].op = NOP;
                        let flip = (nextarg ^ (jump_op == POP_JUMP_IF_FALSE) as u32) != 0;
                        cfg.blocks[bb].instrs[iu + 2].op = if flip {
                            POP_JUMP_IF_NOT_NONE
                        } else {
                            POP_JUMP_IF_NONE
                        };
                    }
                }
                _ => {}
            },
            BUILD_TUPLE => {
                if nextop == UNPACK_SEQUENCE && oparg == cfg.blocks[bb].instrs[iu + 1].arg {
                    match oparg {
                        1 => {
                            cfg.blocks[bb].instrs[iu].op = NOP;
                            cfg.blocks[bb].instrs[iu + 1].op = NOP;
                            i += 1;
                            continue;
                        }
                        2 | 3 => {
                            cfg.blocks[bb].instrs[iu].op = NOP;
                            cfg.blocks[bb].instrs[iu + 1].op = SWAP;
                            i += 1;
                            continue;
                        }
                        _ => {}
                    }
                }
                if iu >= oparg as usize {
                    fold_tuple_on_constants(cfg, bb, iu - oparg as usize, oparg as usize, consts);
                }
            }
            JUMP_IF_FALSE_OR_POP => match target_op {
                POP_JUMP_IF_FALSE => i -= thread(cfg, POP_JUMP_IF_FALSE) as isize,
                JUMP | JUMP_IF_FALSE_OR_POP => i -= thread(cfg, JUMP_IF_FALSE_OR_POP) as isize,
                JUMP_IF_TRUE_OR_POP | POP_JUMP_IF_TRUE => {
                    if line == target_line {
                        let t = cfg.blocks[bb].instrs[iu].target.unwrap();
                        let nt = cfg.blocks[t].next;
                        let ins = &mut cfg.blocks[bb].instrs[iu];
                        ins.op = POP_JUMP_IF_FALSE;
                        ins.target = nt;
                        i -= 1;
                    }
                }
                _ => {}
            },
            JUMP_IF_TRUE_OR_POP => match target_op {
                POP_JUMP_IF_TRUE => i -= thread(cfg, POP_JUMP_IF_TRUE) as isize,
                JUMP | JUMP_IF_TRUE_OR_POP => i -= thread(cfg, JUMP_IF_TRUE_OR_POP) as isize,
                JUMP_IF_FALSE_OR_POP | POP_JUMP_IF_FALSE => {
                    if line == target_line {
                        let t = cfg.blocks[bb].instrs[iu].target.unwrap();
                        let nt = cfg.blocks[t].next;
                        let ins = &mut cfg.blocks[bb].instrs[iu];
                        ins.op = POP_JUMP_IF_TRUE;
                        ins.target = nt;
                        i -= 1;
                    }
                }
                _ => {}
            },
            POP_JUMP_IF_NOT_NONE | POP_JUMP_IF_NONE | POP_JUMP_IF_FALSE | POP_JUMP_IF_TRUE
            | JUMP => {
                if target_op == JUMP {
                    i -= thread(cfg, op) as isize;
                }
            }
            SWAP => {
                if oparg == 1 {
                    cfg.blocks[bb].instrs[iu].op = NOP;
                } else {
                    let mut ix = iu;
                    swaptimize(&mut cfg.blocks[bb].instrs, &mut ix);
                    apply_static_swaps(&mut cfg.blocks[bb].instrs, ix as isize);
                    i = ix as isize;
                }
            }
            PUSH_NULL => {
                if nextop == LOAD_GLOBAL && (cfg.blocks[bb].instrs[iu + 1].arg & 1) == 0 {
                    cfg.blocks[bb].instrs[iu].op = NOP;
                    cfg.blocks[bb].instrs[iu].arg = 0;
                    cfg.blocks[bb].instrs[iu + 1].arg |= 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Follows empty blocks (each has a successor: a chain never ends empty).
fn skip_empty_strict(cfg: &Cfg, mut t: BlockId) -> BlockId {
    while cfg.blocks[t].instrs.is_empty() {
        t = cfg.blocks[t]
            .next
            .expect("empty block at the end of the chain");
    }
    t
}

fn fold_tuple_on_constants(
    cfg: &mut Cfg,
    bb: BlockId,
    start: usize,
    n: usize,
    consts: &mut ConstPool,
) {
    let instrs = &cfg.blocks[bb].instrs;
    if instrs[start..start + n].iter().any(|i| i.op != LOAD_CONST) {
        return;
    }
    let mut items = Vec::with_capacity(n);
    for i in &instrs[start..start + n] {
        match consts.get(i.arg as usize) {
            Const::Lit(v) => items.push(v.clone()),
            // Code objects never reach a BUILD_TUPLE directly.
            Const::Code(_) => return,
        }
    }
    let index = consts.add_folded_tuple(items);
    let instrs = &mut cfg.blocks[bb].instrs;
    for ins in &mut instrs[start..start + n] {
        ins.op = NOP;
    }
    instrs[start + n].op = LOAD_CONST;
    instrs[start + n].arg = index as u32;
}

fn swaptimize(instrs: &mut [Instr], ix: &mut usize) {
    let base = *ix;
    let mut depth = instrs[base].arg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = instrs.len() - base;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        let op = instrs[base + len].op;
        if op == SWAP {
            depth = depth.max(instrs[base + len].arg as usize);
            more = true;
        } else if op != NOP {
            break;
        }
    }
    if !more {
        return;
    }
    const VISITED: isize = -1;
    let mut stack: Vec<isize> = (0..depth as isize).collect();
    for k in 0..len {
        if instrs[base + k].op == SWAP {
            let a = instrs[base + k].arg as usize;
            stack.swap(0, a - 1);
        }
    }
    let mut current = len as isize - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as isize {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let ins = &mut instrs[base + current as usize];
                ins.op = SWAP;
                ins.arg = (j + 1) as u32;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        instrs[base + current as usize].op = NOP;
        current -= 1;
    }
    *ix += len - 1;
}

fn swappable(op: i32) -> bool {
    op == STORE_FAST || op == POP_TOP
}

fn next_swappable_instruction(instrs: &[Instr], mut i: usize, lineno: i32) -> Option<usize> {
    loop {
        i += 1;
        if i >= instrs.len() {
            return None;
        }
        let ins = &instrs[i];
        if lineno >= 0 && ins.loc.lineno != lineno {
            return None;
        }
        if ins.op == NOP {
            continue;
        }
        if swappable(ins.op) {
            return Some(i);
        }
        return None;
    }
}

fn apply_static_swaps(instrs: &mut [Instr], mut i: isize) {
    while i >= 0 {
        let iu = i as usize;
        if instrs[iu].op != SWAP {
            if instrs[iu].op == NOP || swappable(instrs[iu].op) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable_instruction(instrs, iu, -1) else {
            return;
        };
        let mut k = j;
        let lineno = instrs[j].loc.lineno;
        let mut count = instrs[iu].arg as i32 - 1;
        while count > 0 {
            match next_swappable_instruction(instrs, k, lineno) {
                Some(x) => k = x,
                None => return,
            }
            count -= 1;
        }
        // Not when both store to the same local, or an instruction between them stores to
        // one of theirs (3.11.4+).
        let stores_to = |i: &Instr| {
            if i.op == STORE_FAST {
                Some(i.arg)
            } else {
                None
            }
        };
        let (sj, sk) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
        if sj.is_some() || sk.is_some() {
            if sj == sk {
                return;
            }
            if instrs[j + 1..k]
                .iter()
                .any(|x| stores_to(x).is_some_and(|s| Some(s) == sj || Some(s) == sk))
            {
                return;
            }
        }
        instrs[iu].op = NOP;
        instrs.swap(j, k);
        i -= 1;
    }
}

fn clean_basic_block(cfg: &mut Cfg, bb: BlockId) {
    let next_first_line = {
        let mut next = cfg.blocks[bb].next;
        while let Some(n) = next {
            if !cfg.blocks[n].instrs.is_empty() {
                break;
            }
            next = cfg.blocks[n].next;
        }
        next.map(|n| cfg.blocks[n].instrs[0].loc.lineno)
    };
    let instrs = &mut cfg.blocks[bb].instrs;
    let mut dest = 0;
    let mut prev_lineno = -1;
    let n = instrs.len();
    for src in 0..n {
        let lineno = instrs[src].loc.lineno;
        if instrs[src].op == NOP {
            if lineno < 0 {
                continue;
            }
            if prev_lineno == lineno {
                continue;
            }
            if src < n - 1 {
                let next_lineno = instrs[src + 1].loc.lineno;
                if next_lineno == lineno {
                    continue;
                }
                if next_lineno < 0 {
                    instrs[src + 1].loc = instrs[src].loc;
                    continue;
                }
            } else if next_first_line == Some(lineno) {
                continue;
            }
        }
        if dest != src {
            instrs[dest] = instrs[src].clone();
        }
        dest += 1;
        prev_lineno = lineno;
    }
    instrs.truncate(dest);
}

fn mark_reachable(cfg: &mut Cfg, entry: BlockId) {
    for b in &mut cfg.blocks {
        b.predecessors = 0;
    }
    let mut stack = vec![entry];
    cfg.blocks[entry].predecessors = 1;
    while let Some(b) = stack.pop() {
        if let Some(n) = cfg.blocks[b].next {
            if !cfg.blocks[b].nofallthrough {
                if cfg.blocks[n].predecessors == 0 {
                    stack.push(n);
                }
                cfg.blocks[n].predecessors += 1;
            }
        }
        for k in 0..cfg.blocks[b].instrs.len() {
            let ins = &cfg.blocks[b].instrs[k];
            if is_jump(ins.op) || is_block_push(ins.op) {
                let t = ins.target.unwrap();
                if cfg.blocks[t].predecessors == 0 {
                    stack.push(t);
                }
                cfg.blocks[t].predecessors += 1;
            }
        }
    }
}

fn eliminate_empty_basic_blocks(cfg: &mut Cfg, entry: BlockId) {
    let mut b = Some(entry);
    while let Some(id) = b {
        if let Some(mut next) = cfg.blocks[id].next {
            while cfg.blocks[next].instrs.is_empty() && cfg.blocks[next].next.is_some() {
                next = cfg.blocks[next].next.unwrap();
            }
            cfg.blocks[id].next = Some(next);
        }
        b = cfg.blocks[id].next;
    }
    for id in chain(cfg, entry) {
        if let Some(last) = cfg.blocks[id].instrs.last() {
            if is_jump(last.op) {
                let t = skip_empty_strict(cfg, last.target.unwrap());
                cfg.blocks[id].instrs.last_mut().unwrap().target = Some(t);
            }
        }
    }
}

fn propagate_line_numbers(cfg: &mut Cfg, entry: BlockId) {
    for id in chain(cfg, entry) {
        if cfg.blocks[id].instrs.is_empty() {
            continue;
        }
        let mut prev = Loc::UNSET;
        for ins in &mut cfg.blocks[id].instrs {
            if ins.loc.lineno < 0 {
                ins.loc = prev;
            } else {
                prev = ins.loc;
            }
        }
        if !cfg.blocks[id].nofallthrough {
            let n = cfg.blocks[id].next.unwrap();
            if cfg.blocks[n].predecessors == 1 && cfg.blocks[n].instrs[0].loc.lineno < 0 {
                cfg.blocks[n].instrs[0].loc = prev;
            }
        }
        let last = cfg.blocks[id].instrs.last().unwrap();
        if is_jump(last.op) {
            let t = last.target.unwrap();
            if cfg.blocks[t].predecessors == 1 && cfg.blocks[t].instrs[0].loc.lineno < 0 {
                cfg.blocks[t].instrs[0].loc = prev;
            }
        }
    }
}

fn trim_unused_consts(cfg: &Cfg, consts: &mut ConstPool, entry: BlockId) {
    let mut max = 0usize;
    for id in chain(cfg, entry) {
        for i in &cfg.blocks[id].instrs {
            if (i.op == LOAD_CONST || i.op == KW_NAMES) && i.arg as usize > max {
                max = i.arg as usize;
            }
        }
    }
    consts.truncate(max + 1);
}

fn is_exit_without_lineno(cfg: &Cfg, b: BlockId) -> bool {
    cfg.blocks[b].exit && cfg.blocks[b].instrs.iter().all(|i| i.loc.lineno < 0)
}

fn duplicate_exits_without_lineno(cfg: &mut Cfg) {
    // CPython walks b_list (newest first); copies join the front of that list, so they
    // are not visited.
    let n = cfg.blocks.len();
    for b in (0..n).rev() {
        let Some(last) = cfg.blocks[b].instrs.last() else {
            continue;
        };
        if !is_jump(last.op) {
            continue;
        }
        let t = last.target.unwrap();
        if is_exit_without_lineno(cfg, t) && cfg.blocks[t].predecessors > 1 {
            let nt = cfg.copy_block(t);
            let loc = cfg.blocks[b].instrs.last().unwrap().loc;
            cfg.blocks[nt].instrs[0].loc = loc;
            cfg.blocks[b].instrs.last_mut().unwrap().target = Some(nt);
            cfg.blocks[t].predecessors -= 1;
            cfg.blocks[nt].predecessors = 1;
            cfg.blocks[nt].next = cfg.blocks[t].next;
            cfg.blocks[t].next = Some(nt);
        }
    }
    let n = cfg.blocks.len();
    for b in (0..n).rev() {
        while let Some(nx) = cfg.blocks[b].next {
            if cfg.blocks[nx].instrs.is_empty() {
                cfg.blocks[b].next = cfg.blocks[nx].next;
            } else {
                break;
            }
        }
    }
    for b in (0..n).rev() {
        if !cfg.blocks[b].nofallthrough && !cfg.blocks[b].instrs.is_empty() {
            if let Some(nx) = cfg.blocks[b].next {
                if is_exit_without_lineno(cfg, nx) {
                    let loc = cfg.blocks[b].instrs.last().unwrap().loc;
                    cfg.blocks[nx].instrs[0].loc = loc;
                }
            }
        }
    }
}

fn guarantee_lineno_for_exits(cfg: &mut Cfg, entry: BlockId, firstlineno: i32) {
    let mut lineno = firstlineno;
    for id in chain(cfg, entry) {
        let Some(last) = cfg.blocks[id].instrs.last() else {
            continue;
        };
        if last.loc.lineno < 0 {
            if last.op == RETURN_VALUE {
                for i in &mut cfg.blocks[id].instrs {
                    i.loc.lineno = lineno;
                }
            }
        } else {
            lineno = last.loc.lineno;
        }
    }
}

fn stackdepth(cfg: &mut Cfg, entry: BlockId, starts_with_value: bool) -> i32 {
    for b in &mut cfg.blocks {
        b.startdepth = i32::MIN;
    }
    let mut stack: Vec<BlockId> = Vec::new();
    let mut maxdepth = 0;
    let push = |cfg: &mut Cfg, stack: &mut Vec<BlockId>, b: BlockId, depth: i32| {
        if cfg.blocks[b].startdepth < depth && cfg.blocks[b].startdepth < 100 {
            cfg.blocks[b].startdepth = depth;
            stack.push(b);
        }
    };
    push(cfg, &mut stack, entry, starts_with_value as i32);
    while let Some(b) = stack.pop() {
        let mut depth = cfg.blocks[b].startdepth;
        let mut next = cfg.blocks[b].next;
        for k in 0..cfg.blocks[b].instrs.len() {
            let ins = cfg.blocks[b].instrs[k].clone();
            let effect = stack_effect(ins.op, ins.arg, false).unwrap_or(0);
            let new_depth = depth + effect;
            maxdepth = maxdepth.max(new_depth);
            if is_jump(ins.op) || is_block_push(ins.op) {
                let te = stack_effect(ins.op, ins.arg, true).unwrap_or(0);
                let target_depth = depth + te;
                maxdepth = maxdepth.max(target_depth);
                push(cfg, &mut stack, ins.target.unwrap(), target_depth);
            }
            depth = new_depth;
            if matches!(
                ins.op,
                JUMP_NO_INTERRUPT | JUMP | RETURN_VALUE | RAISE_VARARGS | RERAISE
            ) {
                next = None;
                break;
            }
        }
        if let Some(n) = next {
            push(cfg, &mut stack, n, depth);
        }
    }
    maxdepth
}

fn label_exception_targets(cfg: &mut Cfg, entry: BlockId) {
    for b in &mut cfg.blocks {
        b.visited = false;
    }
    let mut stacks: Vec<Option<Vec<Option<BlockId>>>> = vec![None; cfg.blocks.len()];
    let mut todo = vec![entry];
    cfg.blocks[entry].visited = true;
    stacks[entry] = Some(vec![None]);
    while let Some(b) = todo.pop() {
        let mut except_stack = stacks[b].take().unwrap();
        let mut handler = *except_stack.last().unwrap();
        for k in 0..cfg.blocks[b].instrs.len() {
            let op = cfg.blocks[b].instrs[k].op;
            if is_block_push(op) {
                let t = cfg.blocks[b].instrs[k].target.unwrap();
                if !cfg.blocks[t].visited {
                    stacks[t] = Some(except_stack.clone());
                    todo.push(t);
                    cfg.blocks[t].visited = true;
                }
                if op == SETUP_WITH || op == SETUP_CLEANUP {
                    cfg.blocks[t].preserve_lasti = true;
                }
                except_stack.push(Some(t));
                handler = Some(t);
            } else if op == POP_BLOCK {
                except_stack.pop();
                handler = *except_stack.last().unwrap();
            } else if is_jump(op) {
                cfg.blocks[b].instrs[k].except = handler;
                let t = cfg.blocks[b].instrs[k].target.unwrap();
                if !cfg.blocks[t].visited {
                    stacks[t] = Some(except_stack.clone());
                    todo.push(t);
                    cfg.blocks[t].visited = true;
                }
            } else {
                cfg.blocks[b].instrs[k].except = handler;
            }
        }
        if !cfg.blocks[b].nofallthrough {
            if let Some(n) = cfg.blocks[b].next {
                if !cfg.blocks[n].visited {
                    stacks[n] = Some(except_stack);
                    todo.push(n);
                    cfg.blocks[n].visited = true;
                }
            }
        }
    }
}

fn normalize_jumps(cfg: &mut Cfg, entry: BlockId) {
    for b in &mut cfg.blocks {
        b.visited = false;
    }
    for id in chain(cfg, entry) {
        cfg.blocks[id].visited = true;
        let Some(last) = cfg.blocks[id].instrs.last() else {
            continue;
        };
        if !is_jump(last.op) {
            continue;
        }
        let forward = !cfg.blocks[last.target.unwrap()].visited;
        let newop = match last.op {
            JUMP => Some(if forward { JUMP_FORWARD } else { JUMP_BACKWARD }),
            JUMP_NO_INTERRUPT => Some(if forward {
                JUMP_FORWARD
            } else {
                JUMP_BACKWARD_NO_INTERRUPT
            }),
            POP_JUMP_IF_NOT_NONE => Some(if forward {
                POP_JUMP_FORWARD_IF_NOT_NONE
            } else {
                POP_JUMP_BACKWARD_IF_NOT_NONE
            }),
            POP_JUMP_IF_NONE => Some(if forward {
                POP_JUMP_FORWARD_IF_NONE
            } else {
                POP_JUMP_BACKWARD_IF_NONE
            }),
            POP_JUMP_IF_FALSE => Some(if forward {
                POP_JUMP_FORWARD_IF_FALSE
            } else {
                POP_JUMP_BACKWARD_IF_FALSE
            }),
            POP_JUMP_IF_TRUE => Some(if forward {
                POP_JUMP_FORWARD_IF_TRUE
            } else {
                POP_JUMP_BACKWARD_IF_TRUE
            }),
            _ => None,
        };
        if let Some(op) = newop {
            cfg.blocks[id].instrs.last_mut().unwrap().op = op;
        }
    }
}

fn assemble_jump_offsets(cfg: &mut Cfg, entry: BlockId) {
    let order = chain(cfg, entry);
    loop {
        let mut total = 0;
        for &b in &order {
            cfg.blocks[b].offset = total;
            total += cfg.blocks[b].instrs.iter().map(|i| i.size()).sum::<u32>();
        }
        let mut again = false;
        for &b in &order {
            let mut off = cfg.blocks[b].offset;
            for k in 0..cfg.blocks[b].instrs.len() {
                let isize = cfg.blocks[b].instrs[k].size();
                off += isize;
                let ins = &cfg.blocks[b].instrs[k];
                if is_jump(ins.op) {
                    let t = cfg.blocks[ins.target.unwrap()].offset;
                    let arg = if t < off { off - t } else { t - off };
                    let ins = &mut cfg.blocks[b].instrs[k];
                    ins.arg = arg;
                    if ins.size() != isize {
                        again = true;
                    }
                }
            }
        }
        if !again {
            break;
        }
    }
}

fn write_instr(code: &mut Vec<u8>, i: &Instr) {
    let arg = if has_arg(i.op) { i.arg } else { 0 };
    let size = i.size() - cache_entries(i.op);
    if size >= 4 {
        code.extend([EXTENDED_ARG as u8, (arg >> 24) as u8]);
    }
    if size >= 3 {
        code.extend([EXTENDED_ARG as u8, (arg >> 16) as u8]);
    }
    if size >= 2 {
        code.extend([EXTENDED_ARG as u8, (arg >> 8) as u8]);
    }
    code.extend([i.op as u8, arg as u8]);
    for _ in 0..cache_entries(i.op) {
        code.extend([0, 0]);
    }
}

// ---------------------------------------------------------------------------------------
// Location table (Objects/locations.md) and exception table (exception_handling_notes.txt)

struct LineTable {
    out: Vec<u8>,
    lineno: i32,
}

const LOC_SHORT0: u8 = 0;
const LOC_ONE_LINE0: u8 = 10;
const LOC_NO_COLUMNS: u8 = 13;
const LOC_LONG: u8 = 14;
const LOC_NONE: u8 = 15;

impl LineTable {
    fn first(&mut self, code: u8, length: u32) {
        self.out.push(0x80 | (code << 3) | (length as u8 - 1));
    }
    fn varint(&mut self, mut v: u32) {
        while v >= 64 {
            self.out.push(0x40 | (v & 0x3f) as u8);
            v >>= 6;
        }
        self.out.push(v as u8);
    }
    fn svarint(&mut self, v: i32) {
        let u = if v < 0 {
            ((v.unsigned_abs()) << 1) | 1
        } else {
            (v as u32) << 1
        };
        self.varint(u);
    }
    fn entry(&mut self, i: &Instr, isize: u32) {
        let l = i.loc;
        if l.lineno < 0 {
            self.first(LOC_NONE, isize);
            return;
        }
        let line_delta = l.lineno - self.lineno;
        let (column, end_column) = (l.col, l.end_col);
        if column < 0 || end_column < 0 {
            if l.end_lineno == l.lineno || l.end_lineno == -1 {
                self.first(LOC_NO_COLUMNS, isize);
                self.svarint(line_delta);
                self.lineno = l.lineno;
                return;
            }
        } else if l.end_lineno == l.lineno {
            if line_delta == 0 && column < 80 && end_column - column < 16 && end_column >= column {
                self.first(LOC_SHORT0 + (column >> 3) as u8, isize);
                self.out
                    .push((((column & 7) << 4) | (end_column - column)) as u8);
                return;
            }
            if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
                self.first(LOC_ONE_LINE0 + line_delta as u8, isize);
                self.out.push(column as u8);
                self.out.push(end_column as u8);
                self.lineno = l.lineno;
                return;
            }
        }
        self.first(LOC_LONG, isize);
        self.svarint(line_delta);
        self.varint((l.end_lineno - l.lineno) as u32);
        self.varint((l.col + 1) as u32);
        self.varint((l.end_col + 1) as u32);
        self.lineno = l.lineno;
    }
}

fn except_item(out: &mut Vec<u8>, value: u32, mut msb: u8) {
    for shift in [24, 18, 12, 6] {
        if value >= 1 << shift {
            out.push((((value >> shift) & 0x3f) as u8) | 0x40 | msb);
            msb = 0;
        }
    }
    out.push((value & 0x3f) as u8 | msb);
}

fn exception_table(cfg: &Cfg, order: &[BlockId]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut handler: Option<BlockId> = None;
    let mut start = 0;
    let emit = |out: &mut Vec<u8>, start: u32, end: u32, h: BlockId| {
        let hb = &cfg.blocks[h];
        let mut depth = hb.startdepth - 1;
        if hb.preserve_lasti {
            depth -= 1;
        }
        let depth_lasti = ((depth as u32) << 1) | hb.preserve_lasti as u32;
        except_item(out, start, 0x80);
        except_item(out, end - start, 0);
        except_item(out, hb.offset, 0);
        except_item(out, depth_lasti, 0);
    };
    let mut ioffset = 0;
    for &b in order {
        ioffset = cfg.blocks[b].offset;
        for i in &cfg.blocks[b].instrs {
            if i.except != handler {
                if let Some(h) = handler {
                    emit(&mut out, start, ioffset, h);
                }
                start = ioffset;
                handler = i.except;
            }
            ioffset += i.size();
        }
    }
    if let Some(h) = handler {
        emit(&mut out, start, ioffset, h);
    }
    out
}
