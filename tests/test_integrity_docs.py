"""docs/api.md lists what the workflow owns, as the code says it.

The table between the markers is made from the registry; run this test with
CI_WRITE_DOCS=1 to write it after changing a model's protected fields."""
import os
import re

import odoo
from odoo import SUPERUSER_ID

from conftest import ROOT

DOC = os.path.join(ROOT, 'docs', 'api.md')
START, END = '<!-- protected-fields:start -->', '<!-- protected-fields:end -->'


def _names(names):
    return ', '.join('`%s`' % name for name in sorted(names))


def _frozen_doc(model):
    """The docstring of the model's own ``_frozen()``: what it freezes."""
    method = type(model)._frozen
    mixin = type(model.env['ci.protected.mixin'])._frozen
    return ' '.join((method.__doc__ or '').split()) if method is not mixin else '—'


def render(env):
    rows = ['| model | only the workflow sets | a role sets too | given at creation, then fixed | frozen |',
            '|---|---|---|---|---|']
    for name in sorted(env['ci.protected.mixin']._inherit_children):
        model = env[name]
        protected = model._protected_fields()
        workflow = [field for field, group in protected.items() if not group]
        by_role = ['`%s` (%s)' % (field, env.ref(group).name)
                   for field, group in sorted(protected.items()) if group]
        rows.append('| `%s`%s | %s | %s | %s | %s |' % (
            name, ' (made by the workflow only)' if model._ci_workflow_create else '',
            _names(workflow) or '—', ', '.join(by_role) or '—',
            _names(model._fixed_fields()) or '—', _frozen_doc(model)))
    return '\n'.join(rows)


def test_api_doc_lists_the_protected_fields(db_name):
    with odoo.registry(db_name).cursor() as cr:
        table = render(odoo.api.Environment(cr, SUPERUSER_ID, {}))
    with open(DOC) as f:
        text = f.read()
    match = re.search(re.escape(START) + r'\n(.*?)\n' + re.escape(END), text, re.S)
    assert match, "docs/api.md has the markers of the protected-fields table"
    if os.environ.get('CI_WRITE_DOCS'):
        with open(DOC, 'w') as f:
            f.write(text[:match.start(1)] + table + text[match.end(1):])
        return
    assert match.group(1) == table, "docs/api.md is not up to date: run this test with CI_WRITE_DOCS=1"
