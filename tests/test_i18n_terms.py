"""The suite's core terms carry their one right sense in Chinese (issue #14).

Odoo's generic glossary translates State as a province (州/省), Title as
Mr/Mrs (称谓), Members as a club's (会员)... i18n/terms.zh_CN.json lists
each core term's right translation and the senses it must never carry. Both
the addons' zh_CN.po files and what a running database shows a zh_CN user
(the field labels, help and selection values of the suite's models, inherited
fields included, and the suite's views) are checked.
"""
import json
import os
import re

import odoo
import pytest
from odoo.tools.translate import PoFile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ['ci_process', 'ci_spc', 'ci_incentive']

with open(os.path.join(ROOT, 'i18n', 'terms.zh_CN.json'), encoding='utf-8') as _fh:
    TERMS = json.load(_fh)['terms']


def offences(src, trad):
    """The term rules (source, translation) breaks, as messages."""
    found = []
    if not src or not trad:
        return found
    for term, spec in TERMS.items():
        if src.strip() == term:
            if trad.strip() != spec['right']:
                found.append('%r is %r, not %r' % (src, trad, spec['right']))
            continue
        if spec.get('exact') or not re.search(r'\b%s\b' % re.escape(term), src):
            continue
        for wrong in spec['wrong']:
            if wrong in trad:
                found.append('%r is %r: %r is not %s here' % (src, trad, wrong, term))
    return found


def test_the_rules_catch_the_wrong_senses():
    """The rules refuse the senses of issue #14 and accept the right ones."""
    assert offences('State', '州/省') and offences('Title', '称谓') and offences('Members', '会员')
    assert offences('Origin', '原始') and offences('Owner', '所有者') and offences('Recipient', '收件人')
    assert offences('Open', '打开') and offences("Members' points", '会员积分')
    assert not offences('State', '状态') and not offences('Open Odoo', '打开 Odoo')
    assert not offences('Days In State', '当前状态天数') and not offences('Owner', '负责人')


@pytest.mark.parametrize('addon', ADDONS)
def test_po_files_carry_the_right_senses(addon):
    """No entry of the addon's zh_CN.po gives a core term a wrong sense."""
    with open(os.path.join(ROOT, 'addons', addon, 'i18n', 'zh_CN.po'), 'rb') as fh:
        bad = sorted({msg for _t, _n, _r, src, trad, _c in PoFile(fh) for msg in offences(src, trad)})
    assert not bad, bad


def _our_models(env):
    env.cr.execute("SELECT m.model FROM ir_model m JOIN ir_model_data d ON d.model = 'ir.model' "
                   "AND d.res_id = m.id WHERE d.module IN %s", (tuple(ADDONS),))
    # the suite's own models and the manufacturing screens it extends
    names = {row[0] for row in env.cr.fetchall() if row[0].startswith('ci.')}
    return sorted(name for name in names | {'mrp.workorder', 'mrp.workcenter'} if name in env)


def test_running_database_shows_the_right_senses(db_name):
    """A zh_CN user reads no wrong sense in the labels, help and selection
    values of the suite's models (inherited fields included) or in its views."""
    bad = set()
    with odoo.registry(db_name).cursor() as cr:
        en = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'en_US'})
        zh = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'zh_CN'})
        for model in _our_models(en):
            en_fields, zh_fields = en[model].fields_get(), zh[model].fields_get()
            for name, desc in en_fields.items():
                other = zh_fields[name]
                pairs = [(desc.get('string'), other.get('string')), (desc.get('help'), other.get('help'))]
                if isinstance(desc.get('selection'), list) and isinstance(other.get('selection'), list):
                    labels = dict(other['selection'])
                    pairs += [(label, labels.get(key)) for key, label in desc['selection']]
                for src, trad in pairs:
                    bad.update('%s.%s: %s' % (model, name, msg) for msg in offences(src, trad))
        cr.execute("""
            SELECT d.module || '.' || d.name, t.src, t.value FROM ir_translation t
              JOIN ir_model_data d ON d.model = 'ir.ui.view' AND d.res_id = t.res_id
             WHERE t.name = 'ir.ui.view,arch_db' AND t.lang = 'zh_CN' AND d.module IN %s""", (tuple(ADDONS),))
        for view, src, trad in cr.fetchall():
            bad.update('%s: %s' % (view, msg) for msg in offences(src, trad))
    assert not bad, sorted(bad)


def test_phone_form_buttons_menu_is_chinese(db_name):
    """web_responsive's "Task" (a form's buttons on a phone) reads 操作 in zh_CN."""
    with odoo.registry(db_name).cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = 'web_responsive'")
        if (cr.fetchone() or [None])[0] != 'installed':
            pytest.skip("web_responsive is not installed")
        cr.execute("SELECT value FROM ir_translation WHERE lang = 'zh_CN' AND type = 'code' AND src = 'Task' "
                   "AND comments LIKE '%%openerp-web%%' AND value != ''")
        assert [row[0] for row in cr.fetchall()] == ['操作']
