"""safe_eval under Python 3.11 with odoo11_compat: still refuses what Odoo 11
refused, accepts what Odoo's data and domains use."""
import dis
import opcode

import importlib

import pytest
from odoo.tools.safe_eval import const_eval, expr_eval, safe_eval

from odoo11_compat import safe_eval as compat


# odoo.tools re-exports a function named safe_eval over the module's name
safe_eval_module = importlib.import_module('odoo.tools.safe_eval')


class Obj(object):
    attr = 1


@pytest.mark.parametrize('expr', [
    "__import__('os').system('true')",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: 1).__globals__",
    "obj.__dict__",
    "getattr(obj, '__class__')",   # getattr is not in safe_eval's builtins
])
def test_refuses_dunder_and_private_access(expr):
    with pytest.raises((NameError, ValueError)):
        safe_eval(expr, {'obj': Obj()})


@pytest.mark.parametrize('code, mode', [
    ("import os", 'exec'),
    ("from os import path", 'exec'),
    ("from os import *", 'exec'),
])
def test_refuses_imports(code, mode):
    with pytest.raises(ValueError, match='forbidden opcode'):
        safe_eval(code, {}, mode=mode, nocopy=True)


def test_refuses_import_through_builtins():
    # __import__ is refused by name; without the dunder, the name is unknown
    with pytest.raises(NameError):
        safe_eval("__import__('os')")
    with pytest.raises(Exception):
        safe_eval("os.system('true')")


@pytest.mark.parametrize('code', [
    "obj.attr = 2",
    "del obj.attr",
    "setattr(obj, 'attr', 2)",
])
def test_refuses_attribute_writes(code):
    obj = Obj()
    with pytest.raises((ValueError, NameError)):
        safe_eval(code, {'obj': obj}, mode='exec', nocopy=True)
    assert 'attr' not in vars(obj)


@pytest.mark.parametrize('code', [
    "with open('/etc/passwd') as f: pass",
    "class A: pass",
    "def f():\n    x = 1\n    return lambda: x",      # closures: MAKE_CELL / LOAD_DEREF
    "global g\ng = 1",
    "a = [1] @ [2]",
    "match x:\n    case [a]: pass",        # MATCH_SEQUENCE, GET_LEN
])
def test_refuses_constructs_odoo_11_refused(code):
    with pytest.raises(ValueError, match='forbidden opcode'):
        safe_eval(code, {'x': 1}, mode='exec', nocopy=True)


@pytest.mark.parametrize('expr, expected', [
    ("[('state', '=', 'done'), ('qty', '>', 2)]", [('state', '=', 'done'), ('qty', '>', 2)]),
    ("{'default_type': 'out', 'active_test': False}", {'default_type': 'out', 'active_test': False}),
    ("[1, 2, 3] + [4]", [1, 2, 3, 4]),
    ("{1, 2, 3}", {1, 2, 3}),
    ("(1, 2) * 2", (1, 2, 1, 2)),
    ("'%s-%s' % (a, b)", 'x-y'),
    ("a if b == 'y' else None", 'x'),
    ("a is not None and 'x' in a", True),
    ("[i * 2 for i in range(3) if i]", [2, 4]),
    ("{k: v for k, v in [('a', 1)]}", {'a': 1}),
    ("any(i > 1 for i in range(3))", True),
    ("dict(a=1, **extra)", {'a': 1, 'b': 2}),
    ("max([3, 1, 2], key=lambda v: -v)", 1),
    ("not a", False),
    ("-(2 ** 3) // 3 % 5", 2),
])
def test_accepts_expressions_used_by_odoo(expr, expected):
    assert safe_eval(expr, {'a': 'x', 'b': 'y', 'extra': {'b': 2}}) == expected


def test_accepts_statements_used_by_server_actions():
    code = (
        "total = 0\n"
        "for i in range(5):\n"
        "    if i % 2:\n"
        "        continue\n"
        "    total += i\n"
        "try:\n"
        "    1 / 0\n"
        "except Exception:\n"
        "    total += 100\n"
        "assert total == 106, 'bad total'\n"
        "result = total\n"
    )
    ctx = {}
    safe_eval(code, ctx, mode='exec', nocopy=True)
    assert ctx['result'] == 106


def test_const_and_expr_eval_stay_restricted():
    assert const_eval("[1, (2, 3), {'a': 'b'}]") == [1, (2, 3), {'a': 'b'}]
    with pytest.raises(ValueError):
        const_eval("a + 1")
    assert expr_eval("[1, 2] * 2") == [1, 2, 1, 2]
    with pytest.raises(ValueError):
        expr_eval("len([1])")


def test_added_opcodes_are_exactly_the_documented_equivalents():
    """The whitelists grew by the documented tables, and by nothing else."""
    documented = set(compat.CONST_EQUIVALENTS) | set(compat.EXPR_EQUIVALENTS) \
        | set(compat.SAFE_EQUIVALENTS)
    allowed = {opcode.opname[c] for c in safe_eval_module._SAFE_OPCODES}
    # what Odoo 11 itself lists, restricted to names this Python still has
    original = {
        'POP_TOP', 'LOAD_CONST', 'RETURN_VALUE', 'BUILD_LIST', 'BUILD_MAP',
        'BUILD_TUPLE', 'BUILD_SET', 'BUILD_CONST_KEY_MAP', 'UNARY_POSITIVE',
        'UNARY_NEGATIVE', 'UNARY_NOT', 'UNARY_INVERT', 'BINARY_SUBSCR',
        'STORE_SUBSCR', 'BUILD_SLICE', 'LIST_APPEND', 'MAP_ADD', 'SET_ADD',
        'COMPARE_OP', 'POP_EXCEPT', 'MAKE_FUNCTION', 'EXTENDED_ARG',
        'CALL_FUNCTION_EX', 'LOAD_METHOD', 'GET_ITER', 'FOR_ITER',
        'YIELD_VALUE', 'JUMP_FORWARD', 'JUMP_IF_FALSE_OR_POP',
        'JUMP_IF_TRUE_OR_POP', 'RAISE_VARARGS', 'LOAD_NAME', 'STORE_NAME',
        'DELETE_NAME', 'LOAD_ATTR', 'LOAD_FAST', 'STORE_FAST', 'DELETE_FAST',
        'UNPACK_SEQUENCE', 'LOAD_GLOBAL',
    }
    assert allowed - original == documented & set(opcode.opmap)


def test_no_dangerous_opcode_is_allowed():
    dangerous = {
        'IMPORT_NAME', 'IMPORT_FROM', 'IMPORT_STAR', 'STORE_ATTR', 'DELETE_ATTR',
        'STORE_GLOBAL', 'DELETE_GLOBAL', 'LOAD_BUILD_CLASS', 'SETUP_ANNOTATIONS',
        'BEFORE_WITH', 'MAKE_CELL', 'LOAD_CLOSURE', 'LOAD_DEREF', 'STORE_DEREF',
        'LOAD_CLASSDEREF', 'COPY_FREE_VARS', 'PRINT_EXPR', 'DELETE_SUBSCR',
        'DICT_UPDATE', 'GET_AWAITABLE', 'MATCH_CLASS', 'MATCH_MAPPING',
    }
    allowed = {opcode.opname[c] for c in safe_eval_module._SAFE_OPCODES}
    assert not allowed & dangerous


def test_matrix_product_refused_through_binary_op():
    code = compile("a @ b", '', 'eval')
    assert 'BINARY_OP' in {i.opname for i in dis.get_instructions(code)}
    with pytest.raises(ValueError, match='@'):
        safe_eval("a @ b", {'a': 1, 'b': 2})
