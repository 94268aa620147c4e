# _opcode: dis.stack_effect, with and without jump.
import dis, opcode
for name in ('POP_TOP', 'BINARY_OP', 'LOAD_CONST', 'CALL', 'FOR_ITER', 'JUMP_IF_TRUE_OR_POP', 'BUILD_LIST', 'SEND'):
    op = opcode.opmap[name]
    arg = 2 if op >= opcode.HAVE_ARGUMENT else None
    print(name, dis.stack_effect(op, arg), dis.stack_effect(op, arg, jump=True), dis.stack_effect(op, arg, jump=False))
for bad in ((1, 5), (opcode.opmap['LOAD_CONST'],), (0,)):
    try:
        dis.stack_effect(*bad)
    except ValueError as e:
        print('ValueError', e)
