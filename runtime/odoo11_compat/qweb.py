"""QWeb's hand-built AST for CPython 3.8+ (3.8, 3.9, 3.11 changes).

``odoo.addons.base.ir.ir_qweb.qweb`` compiles templates by building a Python
AST by hand and passing it to ``compile()``. Newer compilers validate fields
the 3.5/3.6 AST did not have:

* ``ast.arguments`` needs ``posonlyargs`` (3.8, PEP 570);
* ``ast.Module`` needs ``type_ignores`` (3.8);
* ``Name(id='None'|'True'|'False')`` is refused: they are keywords, to be
  ``Constant`` nodes (3.8 removed the tolerance of 3.4-3.7);
* every node's ``lineno..end_lineno`` / column range must be well ordered
  (3.11 validates positions; QWeb sets ``lineno`` from template lines but
  ``end_lineno`` is copied from elsewhere).

The module's ``compile`` name is pointed at a function that fixes exactly
these fields on the tree and then calls the builtin. The generated code is the
same: the fixes only restore defaults the old compilers assumed.

Templates also see the names ``odoo.tools.safe_eval._BUILTINS`` promises
(``xrange``, ``unicode``, ``reduce``). ``ir.qweb`` compiles expressions with
those names left bare, as Python builtins; they were builtins on Python 2
only, so on any Python 3 ``[... for x in xrange(...)]`` in Odoo 11.0.7's
own ``stock.report_location_barcode`` raises NameError (caught by
``base.tests.test_reports``, which renders every report). The template
module's namespace now gets them, with the very values safe_eval gives them.
"""
import ast
import builtins

_CONSTANT_NAMES = {'None': None, 'True': True, 'False': False}


class _Normalizer(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in _CONSTANT_NAMES and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Constant(value=_CONSTANT_NAMES[node.id]), node)
        return node

    def visit_arguments(self, node):
        for field, default in (('posonlyargs', []), ('kwonlyargs', []), ('kw_defaults', []),
                               ('defaults', []), ('vararg', None), ('kwarg', None)):
            if not hasattr(node, field):
                setattr(node, field, default)
        self.generic_visit(node)
        return node

    def visit_Module(self, node):
        if not hasattr(node, 'type_ignores'):
            node.type_ignores = []
        self.generic_visit(node)
        return node


def normalize(tree):
    tree = _Normalizer().visit(tree)
    ast.fix_missing_locations(tree)
    for node in ast.walk(tree):
        if 'lineno' in node._attributes:
            node.end_lineno = node.lineno
            node.end_col_offset = node.col_offset
    return tree


def compile_normalized(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = normalize(source)
    return builtins.compile(source, filename, mode, *args, **kwargs)


def _eval_with_safe_eval_builtins(code, namespace=None, *args):
    if namespace is not None and '__builtins__' not in namespace:
        from odoo.tools.safe_eval import _BUILTINS
        scope = dict(vars(builtins))
        scope.update((k, v) for k, v in _BUILTINS.items() if k not in scope)
        namespace['__builtins__'] = scope
    return eval(code, namespace, *args)


def patch(module):
    module.compile = compile_normalized
    # qweb.py calls its module-level alias ``unsafe_eval`` only to run the
    # compiled template module.
    module.unsafe_eval = _eval_with_safe_eval_builtins
