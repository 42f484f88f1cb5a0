"""Headless Chromium: a pilot's evidence as the demo engineer (张敏) reads it,
in Chinese and in English, on a desktop and on a 390 x 844 phone.

Two pilots are run through the normal workflow over XML-RPC on the demo
plant's own windows: the weld cell's scrap rate (a two-proportion test, no
significant change) and the press's cycle time (Welch's t-test, improved).
Each form shows the block of its test only (rates in % with their interval,
z and Cohen's h; means with their intervals, t, df and Hedges' g), a verdict
in words, the before/after chart (SVG), the benefit in the company's
currency, and highlights the decision the verdict points to (improved:
Adopt; no significant change: Extend). No console error; no English on the
Chinese screens. Screenshots: docs/screenshots/pilot-*.png.
"""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, 'docs', 'screenshots')
# statisticians' names stay as the literature writes them (the glossary's "Hedges' g")
NAMES = {"Cohen's", "Hedges'"}
# the plant's people work in Chinese: what the chatter logs is in their language
ZH = {'lang': 'zh_CN'}
WINDOW = ('workcenter_id', 'operation_id', 'product_id', 'metric', 'baseline_date_from', 'baseline_date_to',
          'pilot_date_from', 'pilot_date_to')

FORM_FACTS = '''
    var form = document.querySelector('.o_form_view');
    function shown(el) { return el && !el.closest('.o_invisible_modifier') && el.offsetParent !== null; }
    function label(block, text) {
        return Array.prototype.some.call(block.querySelectorAll('label, .o_td_label'), function (l) {
            return l.textContent.trim() === text; });
    }
    var prop = form.querySelector('.o_ci_evidence_proportion'), welch = form.querySelector('.o_ci_evidence_welch');
    var chart = form.querySelector('.o_ci_pilot_chart svg.o_ci_interval_chart');
    // web_responsive keeps a copy of the header buttons for small screens: read the ones not hidden by the view
    var highlighted = Array.prototype.filter.call(
        form.querySelectorAll('.o_statusbar_buttons button.oe_highlight, .o_statusbar_buttons button.btn-primary'),
        function (b) { return !b.classList.contains('o_invisible_modifier'); });
    return {
        proportion: shown(prop), welch: shown(welch),
        proportion_text: prop ? prop.innerText : '', welch_text: welch ? welch.innerText : '',
        labels: {z: prop && label(prop, 'z'), t: welch && label(welch, 't'),
                 df: welch && (label(welch, 'df') || label(welch, '自由度 df')),
                 h: prop && (label(prop, "Cohen's h") || label(prop, "效应量 Cohen's h")),
                 g: welch && (label(welch, "Hedges' g") || label(welch, "效应量 Hedges' g"))},
        summary: (form.querySelector('.o_ci_pilot_summary') || {}).textContent || '',
        sentence: (form.querySelector('.o_ci_pilot_verdict_sentence') || {}).textContent || '',
        chart: !!chart, chart_points: chart ? chart.querySelectorAll('.o_ci_point').length : 0,
        chart_width: chart ? Math.round(chart.getBoundingClientRect().width) : 0,
        highlighted: highlighted.map(function (b) { return b.className.match(/o_ci_decide_\\w+/) ?
            b.className.match(/o_ci_decide_\\w+/)[0] : b.textContent.trim(); }),
        text: form.innerText,
        scroll: document.documentElement.scrollWidth - window.innerWidth
    };
'''


def _evaluated_pilot(engineer, operator, demo_pilot, title):
    """A new improvement piloted over the windows of a demo pilot, evaluated
    and left to decide: the normal workflow, over XML-RPC."""
    spec = engineer('ci.pilot', 'read', [demo_pilot], fields=list(WINDOW))[0]
    ids = {k: (v[0] if isinstance(v, list) else v) for k, v in spec.items() if k != 'id'}
    imp = operator('ci.improvement', 'create', {
        'title': title, 'problem': title, 'workcenter_id': ids['workcenter_id'],
        'operation_id': ids['operation_id'], 'product_id': ids['product_id']}, context=ZH)
    operator('ci.improvement', 'action_submit', [imp])
    engineer('ci.improvement', 'action_start_review', [imp])
    engineer('ci.improvement', 'write', [imp], {'owner_id': engineer.uid})
    engineer('ci.improvement', 'action_approve', [imp])
    pilot = engineer('ci.pilot', 'create', dict(ids, name=title, improvement_id=imp), context=ZH)
    engineer('ci.pilot', 'action_start', [pilot])
    engineer('ci.pilot', 'action_evaluate', [pilot])
    return pilot


def _open(driver, server, pilot):
    driver.get('%s/web#id=%d&model=ci.pilot&view_type=form' % (server, pilot))
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.o_form_view .o_ci_pilot_chart svg'))
    wait.until(lambda d: d.execute_script(browser.HOME_ACTION_SHOWN))
    return driver.execute_script(FORM_FACTS)


def test_pilot_evidence(odoo_server, db_name, tmp_path, set_user_lang):
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    engineer = Rpc(odoo_server, db_name, 'engineer', 'engineer')
    operator = Rpc(odoo_server, db_name, 'operator', 'operator')
    flat = _evaluated_pilot(engineer, operator, admin.ref('ci_demo_factory.pilot_pilot_no_change'),
                            '焊丝预热罩（第二次试点）')
    fast = _evaluated_pilot(engineer, operator, admin.ref('ci_demo_factory.pilot_pilot_improved'),
                            '伺服送料机（第二条线）')
    results = engineer('ci.pilot', 'read', [flat, fast], fields=['test_kind', 'verdict', 'benefit_annual'])
    assert [(r['test_kind'], r['verdict']) for r in results] == [('proportion', 'no_change'), ('welch', 'improved')]
    company = engineer('res.users', 'read', [engineer.uid], fields=['company_id'])[0]['company_id'][0]
    currency = admin('res.company', 'read', [company], fields=['currency_id'])[0]['currency_id'][0]
    symbol = admin('res.currency', 'read', [currency], fields=['symbol'])[0]['symbol']

    # a desktop tall enough for the whole evidence under the header's buttons
    desktop = (browser.DESKTOP[0], 1300)
    runs = [('zh_CN', desktop, False, 'zh'), ('en_US', desktop, False, 'en'),
            ('zh_CN', browser.PHONE, True, 'phone-zh'), ('en_US', browser.PHONE, True, 'phone-en')]
    for user_lang, size, mobile, tag in runs:
        set_user_lang('engineer', user_lang)
        with browser.logged_in(odoo_server, db_name, 'engineer', size=size, mobile=mobile, lang=user_lang,
                               profile_dir=str(tmp_path / tag)) as driver:
            for pilot, kind in ((flat, 'proportion'), (fast, 'welch')):
                facts = _open(driver, odoo_server, pilot)
                where = '%s %s' % (kind, tag)
                other = 'welch' if kind == 'proportion' else 'proportion'
                assert facts[kind] and not facts[other], where
                assert facts['chart'] and facts['chart_points'] == 2, where
                assert facts['scroll'] <= 1, "no sideways scrolling (%s)" % where
                if mobile:
                    assert facts['chart_width'] <= size[0], where
                block = facts['%s_text' % kind]
                if kind == 'proportion':
                    assert facts['labels']['z'] and facts['labels']['h'], (where, facts['labels'])
                    assert "Cohen's h = " in facts['summary'] and 'z = ' in facts['summary'], where
                    assert block.count('%') >= 4, (where, block)          # rates and their intervals in %
                    assert ('pp' if user_lang == 'en_US' else '个百分点') in block, (where, block)
                    assert facts['highlighted'] == ['o_ci_decide_extend'], (where, facts['highlighted'])
                else:
                    for key in ('t', 'df', 'g'):
                        assert facts['labels'][key], (where, key, facts['labels'])
                    assert "Hedges' g = " in facts['summary'] and 'df = ' in facts['summary'], where
                    assert facts['highlighted'] == ['o_ci_decide_adopt'], (where, facts['highlighted'])
                ci = '95 % CI' if user_lang == 'en_US' else '95% 置信区间'
                assert ci in block and ci in facts['summary'], (where, block)
                assert facts['sentence'], where
                assert symbol in facts['text'] and '€' not in facts['text'], (where, symbol)
                if not mobile:
                    os.makedirs(SHOTS, exist_ok=True)
                    driver.save_screenshot(os.path.join(SHOTS, 'pilot-%s-%s.png' % (kind, tag)))
                else:
                    driver.execute_script(
                        "document.querySelector('.o_ci_pilot_evidence').scrollIntoView(true); window.scrollBy(0, -140);"
                        "var c = document.querySelector('.o_content'); if (c) { c.scrollTop -= 140; }")
                    driver.save_screenshot(os.path.join(SHOTS, 'pilot-%s-%s.png' % (kind, tag)))
                browser.assert_clean(driver, user_lang, where, allowed=NAMES)
