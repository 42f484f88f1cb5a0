"""``odoo.tools.safe_eval`` opcode whitelists for CPython 3.11's bytecode.

``safe_eval`` accepts an expression only if every opcode its compiled code
uses is whitelisted by name. Python 3.8-3.11 renamed, split or replaced many
opcodes, so on 3.11 every XML ``eval``, domain and context is refused until the
whitelists know the new names.

Only opcodes that do what an opcode Odoo 11 already allowed did are added,
each listed below with the one(s) it stands for. Nothing that imports
(``IMPORT_NAME``), writes or deletes attributes (``STORE_ATTR``,
``DELETE_ATTR``), touches closures, classes, ``with`` blocks or ``match`` is
added, and ``assert_no_dunder_name`` (no ``__x__`` names) is unchanged.
``tests/test_compat_safe_eval.py`` proves those refusals still hold.
"""
import dis
from opcode import opmap

# new opcode: (Python version, what it replaces among the allowed ones)
CONST_EQUIVALENTS = {
    'RESUME': ('3.11', 'nothing: marks the start of a code object, like NOP'),
    'NOP': ('3.0', 'nothing: emitted by 3.11 for line numbers of removed code'),
    'CACHE': ('3.11', 'nothing: inline cache slot, never executed'),
    'COPY': ('3.11', 'DUP_TOP / DUP_TOP_TWO'),
    'SWAP': ('3.11', 'ROT_TWO / ROT_THREE / ROT_FOUR'),
    'LIST_EXTEND': ('3.9', 'BUILD_LIST (a constant list literal)'),
    'SET_UPDATE': ('3.9', 'BUILD_SET (a constant set literal)'),
    'LIST_TO_TUPLE': ('3.9', 'BUILD_TUPLE'),
}
EXPR_EQUIVALENTS = {
    'BINARY_OP': ('3.11', 'BINARY_* / INPLACE_* (not @, see _get_opcodes)'),
    'IS_OP': ('3.9', 'COMPARE_OP is / is not'),
    'CONTAINS_OP': ('3.9', 'COMPARE_OP in / not in'),
    'FORMAT_VALUE': ('3.11', "BINARY_MODULO: 3.11 compiles '%s' % x to it"),
    'BUILD_STRING': ('3.11', "BINARY_MODULO: 3.11 compiles '%s' % x to it"),
}
SAFE_EQUIVALENTS = {
    'PUSH_NULL': ('3.11', 'CALL_FUNCTION (first half of a call)'),
    'PRECALL': ('3.11', 'CALL_FUNCTION / CALL_METHOD'),
    'CALL': ('3.11', 'CALL_FUNCTION / CALL_METHOD'),
    'KW_NAMES': ('3.11', 'CALL_FUNCTION_KW'),
    'DICT_MERGE': ('3.9', 'CALL_FUNCTION_EX with **kwargs'),
    'RETURN_GENERATOR': ('3.11', 'MAKE_FUNCTION of a generator expression'),
    'JUMP_BACKWARD': ('3.11', 'JUMP_ABSOLUTE'),
    'JUMP_BACKWARD_NO_INTERRUPT': ('3.11', 'JUMP_ABSOLUTE'),
    'POP_JUMP_FORWARD_IF_FALSE': ('3.11', 'POP_JUMP_IF_FALSE'),
    'POP_JUMP_FORWARD_IF_TRUE': ('3.11', 'POP_JUMP_IF_TRUE'),
    'POP_JUMP_BACKWARD_IF_FALSE': ('3.11', 'POP_JUMP_IF_FALSE'),
    'POP_JUMP_BACKWARD_IF_TRUE': ('3.11', 'POP_JUMP_IF_TRUE'),
    'POP_JUMP_FORWARD_IF_NONE': ('3.11', 'COMPARE_OP is None + POP_JUMP_IF_TRUE'),
    'POP_JUMP_FORWARD_IF_NOT_NONE': ('3.11', 'COMPARE_OP is not None + POP_JUMP_IF_TRUE'),
    'POP_JUMP_BACKWARD_IF_NONE': ('3.11', 'COMPARE_OP is None + POP_JUMP_IF_TRUE'),
    'POP_JUMP_BACKWARD_IF_NOT_NONE': ('3.11', 'COMPARE_OP is not None + POP_JUMP_IF_TRUE'),
    'PUSH_EXC_INFO': ('3.11', 'SETUP_EXCEPT (try/except)'),
    'CHECK_EXC_MATCH': ('3.11', 'COMPARE_OP exception-match'),
    'RERAISE': ('3.9', 'END_FINALLY (re-raise at the end of a handler)'),
    'LOAD_ASSERTION_ERROR': ('3.9', 'LOAD_GLOBAL AssertionError'),
}

# BINARY_OP arguments for the matrix product, never allowed by Odoo 11
# (BINARY_MATRIX_MULTIPLY was left out of its whitelists).
_MATMUL_ARGS = frozenset(
    i for i, (name, _) in enumerate(getattr(dis, '_nb_ops', ())) if name.endswith('MATRIX_MULTIPLY')
)


class ForbiddenBinaryOp(ValueError):
    pass


def _get_opcodes(codeobj):
    for instr in dis.get_instructions(codeobj):
        if instr.opname == 'BINARY_OP' and instr.arg in _MATMUL_ARGS:
            raise ForbiddenBinaryOp("forbidden opcode(s) in code: BINARY_OP %s" % instr.argrepr)
        yield instr.opcode


def _codes(table):
    return {opmap[name] for name in table if name in opmap}


def patch(module):
    const = _codes(CONST_EQUIVALENTS)
    expr = const | _codes(EXPR_EQUIVALENTS)
    safe = expr | _codes(SAFE_EQUIVALENTS)
    # Sets are updated in place: ``test_expr`` callers across Odoo hold
    # references to these very objects.
    module._CONST_OPCODES.update(const)
    module._EXPR_OPCODES.update(expr)
    module._SAFE_OPCODES.update(safe)
    module._get_opcodes = _get_opcodes
