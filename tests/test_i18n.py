"""Every user-facing string of the suite has a Chinese translation."""
import io
import os

import odoo
import pytest
from odoo.tools.translate import PoFile, trans_export

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ['ci_process', 'ci_spc', 'ci_incentive']
# the same in Chinese
# capability indices are written the same way in Chinese quality practice
SAME_IN_CHINESE = {'ID', 'SPC', 'KPI', 'OEE', 'PDCA', 'p', 'Cp', 'Cpk', 'Cpm', 'Pp', 'Ppk',
                   # control-limit codes, the same on Chinese charts (LATIN_ALLOWED)
                   'CL', 'UCL / LCL'}


def read_po(path):
    with open(path, 'rb') as fh:
        return {(src, typ, name, res_id): trad for typ, name, res_id, src, trad, _c in PoFile(fh)}


@pytest.mark.parametrize('addon', ADDONS)
def test_zh_cn_po_is_complete_and_current(addon, db_name):
    """zh_CN.po holds exactly the addon's current terms, all translated."""
    buf = io.BytesIO()
    with odoo.registry(db_name).cursor() as cr:
        trans_export(False, [addon], buf, 'po', cr)     # the template of the code as it is
    buf.seek(0)
    current = {(src, typ, name, res_id) for typ, name, res_id, src, _t, _c in PoFile(buf)}
    po = read_po(os.path.join(ROOT, 'addons', addon, 'i18n', 'zh_CN.po'))
    sources = {key[0] for key in current}
    missing = sorted(src for src in sources if src not in {k[0] for k in po})
    assert not missing, "strings not in zh_CN.po (run scripts/i18n-export.sh): %s" % missing
    untranslated = sorted({key[0] for key, trad in po.items()
                           if key[0] in sources and (not trad or (trad == key[0] and key[0] not in SAME_IN_CHINESE))})
    assert not untranslated, "untranslated in %s zh_CN.po: %s" % (addon, untranslated)
    stale = sorted({key[0] for key in po} - sources)
    assert not stale, "obsolete entries in %s zh_CN.po: %s" % (addon, stale)


def test_chinese_is_served(db_name):
    """The installed translations reach users whose language is zh_CN."""
    with odoo.registry(db_name).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'lang': 'zh_CN'})
        assert env.ref('ci_process.ci_category_quality').name == '质量'
        assert env.ref('ci_process.menu_ci_root').name == '持续改进'
        assert env.ref('ci_process.group_ci_manager').name == '持续改进经理'
        fields = env['ci.reward'].fields_get(['points_cost'])
        assert fields['points_cost']['string'] == '价格（积分）'
