"""Each patch of odoo11_compat restores what Odoo 11 expects, and no more."""
import ast
import base64
import collections
import collections.abc
import inspect
import sys

import pytest

import odoo11_compat
from odoo.tests.common import TransactionCase
from odoo11_compat import module_list, qweb


def test_layer_is_active_before_odoo():
    assert odoo11_compat.installed()
    # the .pth installed the hook before anything imported odoo
    assert any(type(f).__name__ == 'PostImportFinder' for f in sys.meta_path)


def test_collections_aliases_are_the_abc_classes():
    assert collections.Iterable is collections.abc.Iterable
    assert collections.MutableMapping is collections.abc.MutableMapping


def test_getargspec_matches_the_old_contract():
    def f(a, b=2, *args, **kw):
        pass
    spec = inspect.getargspec(f)
    assert spec == (['a', 'b'], 'args', 'kw', (2,))
    assert inspect.formatargspec(*spec) == '(a, b=2, *args, **kw)'

    def g(a, *, b):
        pass
    with pytest.raises(ValueError):
        inspect.getargspec(g)


def test_base64_aliases():
    assert base64.encodestring(b'odoo') == base64.encodebytes(b'odoo') == b'b2Rvbw==\n'
    assert base64.decodestring(b'b2Rvbw==\n') == b'odoo'


def test_elementtree_getchildren_and_getiterator():
    from xml.etree import ElementTree
    root = ElementTree.fromstring('<a><b/><c><b/></c></a>')
    assert [e.tag for e in root.getchildren()] == ['b', 'c']
    assert len(root.getiterator('b')) == 2


def test_yaml_default_loader_only_for_odoo_yaml_import():
    import importlib
    import yaml
    yaml_import = importlib.import_module('odoo.tools.yaml_import')
    assert yaml_import.yaml.load('a: 1') == {'a': 1}
    # the process-wide yaml module keeps PyYAML 6's explicit-Loader API
    with pytest.raises(TypeError):
        yaml.load('a: 1')


def test_addon_packages_have_specs():
    import odoo.addons.base as base_pkg
    assert base_pkg.__spec__ is not None
    assert base_pkg.__spec__.submodule_search_locations
    import odoo.addons.ci_process.models.ci_category as mod
    assert mod.__spec__.name == 'odoo.addons.ci_process.models.ci_category'


def test_openerp_alias_is_the_same_module():
    import odoo.addons.base
    import openerp.addons.base
    assert openerp.addons.base is odoo.addons.base


def test_connections_read_floats_with_odoo_11_precision():
    from odoo.sql_db import connection_info_for, db_connect
    _db, info = connection_info_for('postgres')
    assert 'extra_float_digits=0' in info['options']
    with db_connect('postgres').cursor() as cr:
        cr.execute("SHOW extra_float_digits")
        assert cr.fetchone()[0] == '0'
        # the value stock's UoM test sums: 15 significant digits, like PG <= 11
        cr.execute("SELECT 999.9975000000001::float8")
        assert cr.fetchone()[0] == 999.9975


def test_prefork_workers_may_set_a_float_cpu_limit():
    """Worker.process_limit passes the CPU time used (a float) to setrlimit."""
    import resource
    from odoo.service import server
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    with pytest.raises(TypeError):
        resource.setrlimit(resource.RLIMIT_CPU, (float(soft), hard))
    # the same limits again, as a float: accepted, truncated, nothing changed
    server.resource.setrlimit(resource.RLIMIT_CPU, (float(soft) + 0.75 if soft >= 0 else float(soft), hard))
    assert resource.getrlimit(resource.RLIMIT_CPU) == (soft, hard)
    assert server.resource.getrusage is resource.getrusage
    assert sys.modules['resource'].setrlimit is resource.setrlimit


def test_module_list_drops_addons_with_missing_dependencies():
    deps = {'a': [], 'b': ['a'], 'c': ['missing'], 'd': ['c'], 'e': ['b', 'a']}
    assert module_list.installable_closure(deps, deps.get) == {'a', 'b', 'e'}


def test_module_list_hides_only_uninstallable_addons():
    from odoo.modules.module import get_modules
    names = set(get_modules())
    assert {'base', 'mail', 'mrp', 'gamification', 'ci_process', 'ci_spc'} <= names
    assert 'website_crm' not in names   # needs website_form, not shipped


def test_qweb_ast_normalised_for_311():
    tree = ast.Module(body=[ast.Expr(value=ast.Name(id='None', ctx=ast.Load()))])
    code = qweb.compile_normalized(tree, '<t>', 'exec')
    ns = {}
    exec(code, ns)


class TestQwebUnder311(TransactionCase):
    """QWeb templates compile and render under 3.11 (hand-built AST, xrange)."""

    def test_render(self):
        view = self.env['ir.ui.view'].create({
            'name': 'compat_qweb', 'type': 'qweb', 'key': 'odoo11_compat.compat_qweb',
            'arch': '<t t-name="odoo11_compat.compat_qweb"><ul>'
                    '<li t-foreach="xrange(0, 3)" t-as="i"><t t-esc="i if i is not None else 0"/></li>'
                    '</ul><t t-set="label" t-value="\'%s/%s\' % (1, 2)"/><p t-esc="label"/></t>',
        })
        html = self.env['ir.qweb'].render(view.id).decode()
        self.assertEqual(html.strip(), '<ul><li>0</li><li>1</li><li>2</li></ul><p>1/2</p>')
