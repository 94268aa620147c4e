//! CPython 3.11's opcodes as the compiler uses them: numbers (Lib/opcode.py), the
//! compiler-only virtual opcodes (negative, as in compile.c), inline cache entry counts,
//! jump classification and stack effects.

#![allow(dead_code)]

pub const CACHE: i32 = 0;
pub const POP_TOP: i32 = 1;
pub const PUSH_NULL: i32 = 2;
pub const NOP: i32 = 9;
pub const UNARY_POSITIVE: i32 = 10;
pub const UNARY_NEGATIVE: i32 = 11;
pub const UNARY_NOT: i32 = 12;
pub const UNARY_INVERT: i32 = 15;
pub const BINARY_SUBSCR: i32 = 25;
pub const GET_LEN: i32 = 30;
pub const MATCH_MAPPING: i32 = 31;
pub const MATCH_SEQUENCE: i32 = 32;
pub const MATCH_KEYS: i32 = 33;
pub const PUSH_EXC_INFO: i32 = 35;
pub const CHECK_EXC_MATCH: i32 = 36;
pub const CHECK_EG_MATCH: i32 = 37;
pub const WITH_EXCEPT_START: i32 = 49;
pub const GET_AITER: i32 = 50;
pub const GET_ANEXT: i32 = 51;
pub const BEFORE_ASYNC_WITH: i32 = 52;
pub const BEFORE_WITH: i32 = 53;
pub const END_ASYNC_FOR: i32 = 54;
pub const STORE_SUBSCR: i32 = 60;
pub const DELETE_SUBSCR: i32 = 61;
pub const GET_ITER: i32 = 68;
pub const GET_YIELD_FROM_ITER: i32 = 69;
pub const PRINT_EXPR: i32 = 70;
pub const LOAD_BUILD_CLASS: i32 = 71;
pub const LOAD_ASSERTION_ERROR: i32 = 74;
pub const RETURN_GENERATOR: i32 = 75;
pub const LIST_TO_TUPLE: i32 = 82;
pub const RETURN_VALUE: i32 = 83;
pub const IMPORT_STAR: i32 = 84;
pub const SETUP_ANNOTATIONS: i32 = 85;
pub const YIELD_VALUE: i32 = 86;
pub const ASYNC_GEN_WRAP: i32 = 87;
pub const PREP_RERAISE_STAR: i32 = 88;
pub const POP_EXCEPT: i32 = 89;
pub const STORE_NAME: i32 = 90;
pub const DELETE_NAME: i32 = 91;
pub const UNPACK_SEQUENCE: i32 = 92;
pub const FOR_ITER: i32 = 93;
pub const UNPACK_EX: i32 = 94;
pub const STORE_ATTR: i32 = 95;
pub const DELETE_ATTR: i32 = 96;
pub const STORE_GLOBAL: i32 = 97;
pub const DELETE_GLOBAL: i32 = 98;
pub const SWAP: i32 = 99;
pub const LOAD_CONST: i32 = 100;
pub const LOAD_NAME: i32 = 101;
pub const BUILD_TUPLE: i32 = 102;
pub const BUILD_LIST: i32 = 103;
pub const BUILD_SET: i32 = 104;
pub const BUILD_MAP: i32 = 105;
pub const LOAD_ATTR: i32 = 106;
pub const COMPARE_OP: i32 = 107;
pub const IMPORT_NAME: i32 = 108;
pub const IMPORT_FROM: i32 = 109;
pub const JUMP_FORWARD: i32 = 110;
pub const JUMP_IF_FALSE_OR_POP: i32 = 111;
pub const JUMP_IF_TRUE_OR_POP: i32 = 112;
pub const POP_JUMP_FORWARD_IF_FALSE: i32 = 114;
pub const POP_JUMP_FORWARD_IF_TRUE: i32 = 115;
pub const LOAD_GLOBAL: i32 = 116;
pub const IS_OP: i32 = 117;
pub const CONTAINS_OP: i32 = 118;
pub const RERAISE: i32 = 119;
pub const COPY: i32 = 120;
pub const BINARY_OP: i32 = 122;
pub const SEND: i32 = 123;
pub const LOAD_FAST: i32 = 124;
pub const STORE_FAST: i32 = 125;
pub const DELETE_FAST: i32 = 126;
pub const POP_JUMP_FORWARD_IF_NOT_NONE: i32 = 128;
pub const POP_JUMP_FORWARD_IF_NONE: i32 = 129;
pub const RAISE_VARARGS: i32 = 130;
pub const GET_AWAITABLE: i32 = 131;
pub const MAKE_FUNCTION: i32 = 132;
pub const BUILD_SLICE: i32 = 133;
pub const JUMP_BACKWARD_NO_INTERRUPT: i32 = 134;
pub const MAKE_CELL: i32 = 135;
pub const LOAD_CLOSURE: i32 = 136;
pub const LOAD_DEREF: i32 = 137;
pub const STORE_DEREF: i32 = 138;
pub const DELETE_DEREF: i32 = 139;
pub const JUMP_BACKWARD: i32 = 140;
pub const CALL_FUNCTION_EX: i32 = 142;
pub const EXTENDED_ARG: i32 = 144;
pub const LIST_APPEND: i32 = 145;
pub const SET_ADD: i32 = 146;
pub const MAP_ADD: i32 = 147;
pub const LOAD_CLASSDEREF: i32 = 148;
pub const COPY_FREE_VARS: i32 = 149;
pub const RESUME: i32 = 151;
pub const MATCH_CLASS: i32 = 152;
pub const FORMAT_VALUE: i32 = 155;
pub const BUILD_CONST_KEY_MAP: i32 = 156;
pub const BUILD_STRING: i32 = 157;
pub const LOAD_METHOD: i32 = 160;
pub const LIST_EXTEND: i32 = 162;
pub const SET_UPDATE: i32 = 163;
pub const DICT_MERGE: i32 = 164;
pub const DICT_UPDATE: i32 = 165;
pub const PRECALL: i32 = 166;
pub const CALL: i32 = 171;
pub const KW_NAMES: i32 = 172;
pub const POP_JUMP_BACKWARD_IF_NOT_NONE: i32 = 173;
pub const POP_JUMP_BACKWARD_IF_NONE: i32 = 174;
pub const POP_JUMP_BACKWARD_IF_FALSE: i32 = 175;
pub const POP_JUMP_BACKWARD_IF_TRUE: i32 = 176;

/// Opcodes from this value on take an argument.
pub const HAVE_ARGUMENT: i32 = 90;

// Virtual opcodes: only inside the compiler; the assembler turns them into real ones.
pub const SETUP_FINALLY: i32 = -1;
pub const SETUP_CLEANUP: i32 = -2;
pub const SETUP_WITH: i32 = -3;
pub const POP_BLOCK: i32 = -4;
pub const JUMP: i32 = -5;
pub const JUMP_NO_INTERRUPT: i32 = -6;
pub const POP_JUMP_IF_FALSE: i32 = -7;
pub const POP_JUMP_IF_TRUE: i32 = -8;
pub const POP_JUMP_IF_NONE: i32 = -9;
pub const POP_JUMP_IF_NOT_NONE: i32 = -10;

/// `_PyOpcode_Caches`: inline CACHE code units following each opcode.
pub fn cache_entries(op: i32) -> u32 {
    match op {
        BINARY_SUBSCR => 4,
        STORE_SUBSCR => 1,
        UNPACK_SEQUENCE => 1,
        STORE_ATTR => 4,
        LOAD_ATTR => 4,
        COMPARE_OP => 2,
        LOAD_GLOBAL => 5,
        BINARY_OP => 1,
        LOAD_METHOD => 10,
        PRECALL => 1,
        CALL => 4,
        _ => 0,
    }
}

pub fn has_arg(op: i32) -> bool {
    op >= HAVE_ARGUMENT
}

pub fn is_virtual_jump(op: i32) -> bool {
    matches!(
        op,
        JUMP | JUMP_NO_INTERRUPT
            | POP_JUMP_IF_NONE
            | POP_JUMP_IF_NOT_NONE
            | POP_JUMP_IF_FALSE
            | POP_JUMP_IF_TRUE
    )
}

/// `hasjrel` of 3.11 (all real jumps are relative).
pub fn is_real_jump(op: i32) -> bool {
    matches!(
        op,
        FOR_ITER
            | JUMP_FORWARD
            | JUMP_IF_FALSE_OR_POP
            | JUMP_IF_TRUE_OR_POP
            | POP_JUMP_FORWARD_IF_FALSE
            | POP_JUMP_FORWARD_IF_TRUE
            | SEND
            | POP_JUMP_FORWARD_IF_NOT_NONE
            | POP_JUMP_FORWARD_IF_NONE
            | JUMP_BACKWARD_NO_INTERRUPT
            | JUMP_BACKWARD
            | POP_JUMP_BACKWARD_IF_NOT_NONE
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_FALSE
            | POP_JUMP_BACKWARD_IF_TRUE
    )
}

pub fn is_jump(op: i32) -> bool {
    is_virtual_jump(op) || is_real_jump(op)
}

pub fn is_block_push(op: i32) -> bool {
    matches!(op, SETUP_FINALLY | SETUP_WITH | SETUP_CLEANUP)
}

pub fn is_backwards_jump(op: i32) -> bool {
    matches!(
        op,
        JUMP_BACKWARD
            | JUMP_BACKWARD_NO_INTERRUPT
            | POP_JUMP_BACKWARD_IF_NONE
            | POP_JUMP_BACKWARD_IF_NOT_NONE
            | POP_JUMP_BACKWARD_IF_TRUE
            | POP_JUMP_BACKWARD_IF_FALSE
    )
}

/// Instructions after which a basic block ends.
pub fn ends_block(op: i32) -> bool {
    is_jump(op) || matches!(op, RETURN_VALUE | RAISE_VARARGS | RERAISE)
}

/// `FVS_MASK`/`FVS_HAVE_SPEC` of FORMAT_VALUE's argument.
pub const FVS_MASK: u32 = 0x4;
pub const FVS_HAVE_SPEC: u32 = 0x4;

/// The stack effect of `op` with `arg`: `jump` selects the effect when the jump (or the
/// exception handler of a block push) is taken. `None` for unknown opcodes.
pub fn stack_effect(op: i32, arg: u32, jump: bool) -> Option<i32> {
    let a = arg as i32;
    Some(match op {
        NOP | EXTENDED_ARG | RESUME | CACHE => 0,
        POP_TOP => -1,
        SWAP => 0,
        UNARY_POSITIVE | UNARY_NEGATIVE | UNARY_NOT | UNARY_INVERT => 0,
        SET_ADD | LIST_APPEND => -1,
        MAP_ADD => -2,
        BINARY_SUBSCR => -1,
        STORE_SUBSCR => -3,
        DELETE_SUBSCR => -2,
        GET_ITER => 0,
        PRINT_EXPR => -1,
        LOAD_BUILD_CLASS => 1,
        RETURN_VALUE => -1,
        IMPORT_STAR => -1,
        SETUP_ANNOTATIONS => 0,
        ASYNC_GEN_WRAP | YIELD_VALUE => 0,
        POP_BLOCK => 0,
        POP_EXCEPT => -1,
        STORE_NAME => -1,
        DELETE_NAME => 0,
        UNPACK_SEQUENCE => a - 1,
        UNPACK_EX => (a & 0xFF) + (a >> 8),
        FOR_ITER => {
            if jump {
                -1
            } else {
                1
            }
        }
        SEND => {
            if jump {
                -1
            } else {
                0
            }
        }
        STORE_ATTR => -2,
        DELETE_ATTR => -1,
        STORE_GLOBAL => -1,
        DELETE_GLOBAL => 0,
        LOAD_CONST | LOAD_NAME => 1,
        BUILD_TUPLE | BUILD_LIST | BUILD_SET | BUILD_STRING => 1 - a,
        BUILD_MAP => 1 - 2 * a,
        BUILD_CONST_KEY_MAP => -a,
        LOAD_ATTR => 0,
        COMPARE_OP | IS_OP | CONTAINS_OP => -1,
        CHECK_EXC_MATCH | CHECK_EG_MATCH => 0,
        IMPORT_NAME => -1,
        IMPORT_FROM => 1,
        JUMP_FORWARD | JUMP_BACKWARD | JUMP | JUMP_BACKWARD_NO_INTERRUPT | JUMP_NO_INTERRUPT => 0,
        JUMP_IF_TRUE_OR_POP | JUMP_IF_FALSE_OR_POP => {
            if jump {
                0
            } else {
                -1
            }
        }
        POP_JUMP_BACKWARD_IF_NONE
        | POP_JUMP_FORWARD_IF_NONE
        | POP_JUMP_IF_NONE
        | POP_JUMP_BACKWARD_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_NOT_NONE
        | POP_JUMP_IF_NOT_NONE
        | POP_JUMP_FORWARD_IF_FALSE
        | POP_JUMP_BACKWARD_IF_FALSE
        | POP_JUMP_IF_FALSE
        | POP_JUMP_FORWARD_IF_TRUE
        | POP_JUMP_BACKWARD_IF_TRUE
        | POP_JUMP_IF_TRUE => -1,
        LOAD_GLOBAL => (a & 1) + 1,
        SETUP_FINALLY => {
            if jump {
                1
            } else {
                0
            }
        }
        SETUP_CLEANUP => {
            if jump {
                2
            } else {
                0
            }
        }
        SETUP_WITH => {
            if jump {
                1
            } else {
                0
            }
        }
        PREP_RERAISE_STAR => -1,
        RERAISE => -1,
        PUSH_EXC_INFO => 1,
        WITH_EXCEPT_START => 1,
        LOAD_FAST => 1,
        STORE_FAST => -1,
        DELETE_FAST => 0,
        RETURN_GENERATOR => 0,
        RAISE_VARARGS => -a,
        PRECALL => -a,
        KW_NAMES => 0,
        CALL => -1,
        CALL_FUNCTION_EX => -2 - (a & 1),
        MAKE_FUNCTION => {
            -((a & 1 != 0) as i32)
                - ((a & 2 != 0) as i32)
                - ((a & 4 != 0) as i32)
                - ((a & 8 != 0) as i32)
        }
        BUILD_SLICE => {
            if a == 3 {
                -2
            } else {
                -1
            }
        }
        MAKE_CELL | COPY_FREE_VARS => 0,
        LOAD_CLOSURE => 1,
        LOAD_DEREF | LOAD_CLASSDEREF => 1,
        STORE_DEREF => -1,
        DELETE_DEREF => 0,
        GET_AWAITABLE => 0,
        BEFORE_ASYNC_WITH | BEFORE_WITH => 1,
        GET_AITER => 0,
        GET_ANEXT => 1,
        GET_YIELD_FROM_ITER => 0,
        END_ASYNC_FOR => -2,
        FORMAT_VALUE => {
            if arg & FVS_MASK == FVS_HAVE_SPEC {
                -1
            } else {
                0
            }
        }
        LOAD_METHOD => 1,
        LOAD_ASSERTION_ERROR => 1,
        LIST_TO_TUPLE => 0,
        LIST_EXTEND | SET_UPDATE | DICT_MERGE | DICT_UPDATE => -1,
        MATCH_CLASS => -2,
        GET_LEN | MATCH_MAPPING | MATCH_SEQUENCE | MATCH_KEYS => 1,
        COPY | PUSH_NULL => 1,
        BINARY_OP => -1,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_caches_match_lib_opcode() {
        assert_eq!(LOAD_CONST, 100);
        assert_eq!(RESUME, 151);
        assert_eq!(cache_entries(LOAD_GLOBAL), 5);
        assert_eq!(cache_entries(LOAD_METHOD), 10);
        assert_eq!(stack_effect(MAKE_FUNCTION, 0x0f, false), Some(-4));
        assert_eq!(stack_effect(SETUP_CLEANUP, 0, true), Some(2));
        assert!(is_jump(SEND) && !is_jump(RETURN_VALUE));
    }
}
