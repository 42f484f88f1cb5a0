"""Headless Chromium: the interactive control chart at the top of the
characteristic form, as an engineer reads it in Chinese and in English, on a
desktop and on a 390-px phone: both panes, a time axis, limits at the
characteristic's decimals, one band per phase named by its SOP version, a
legend; a red point's rules on hover, its signal on click; no JavaScript
error. Screenshots: docs/screenshots/chart-{desktop,phone}-{zh,en}.png."""
import os
import re
import shutil

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, 'docs', 'screenshots')
# what the demo plant measures on the shaft: an X̄-R chart with a shift the rules caught
CODE = 'DS25-DIA'


def _fmt(value, decimals):
    return '%.*f' % (decimals, value)


def _chart_texts(driver, css):
    return [e.get_attribute('textContent') for e in driver.find_elements(By.CSS_SELECTOR, css)]


def _chart_latin_words(driver, ignore):
    """Latin words of the chart widget's visible text outside LATIN_ALLOWED."""
    texts = driver.execute_script("""
        var out = [];
        document.querySelectorAll('.o_ci_control_chart').forEach(function (root) {
            var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            var node;
            while ((node = walker.nextNode())) {
                var el = node.parentElement;
                if (el && el.closest('title')) continue;
                if (el && window.getComputedStyle(el).display !== 'none') out.push(node.textContent);
            }
        });
        return out;""")
    # the zones' letters (A, B, C) are SPC's, like UCL
    return browser.unlisted_latin(texts, allowed=('A', 'B', 'C'), ignore=ignore)


@pytest.mark.parametrize('lang', ['zh_CN', 'en_US'])
def test_control_chart_widget(odoo_server, db_name, artifacts_dir, tmp_path, set_user_lang, lang):
    set_user_lang('engineer', lang)
    engineer = Rpc(odoo_server, db_name, 'engineer', 'engineer')
    ctx = {'lang': lang}
    [char] = engineer('ci.spc.characteristic', 'search_read', [('code', '=', CODE)], fields=['id', 'name'],
                      context=ctx)
    data = engineer('ci.spc.characteristic', 'chart_data', [char['id']], context=ctx)
    points = [p for p in data['points'] if p['value'] is not False]
    decimals = data['decimals']
    # the phases the points shown fall in, in order, each once
    shown = []
    for p in points:
        if not shown or shown[-1] != p['phase_id']:
            shown.append(p['phase_id'])
    labels = {ph['id']: ph['label'] for ph in data['phases']}
    red = [i for i, p in enumerate(points) if p['rules'] and p['signal_ids']]
    assert red, "the demo shaft has an out-of-control point with its signal"
    index = red[-1]
    rule_name = data['rule_names'][points[index]['rules'][0]]
    short = 'zh' if lang == 'zh_CN' else 'en'
    data_words = [char['name'], data['name'], data['code'], data['unit'] or ''] + list(labels.values())

    for layout, size, mobile in (('desktop', browser.DESKTOP, False), ('phone', browser.PHONE, True)):
        with browser.logged_in(odoo_server, db_name, 'engineer', size=size, mobile=mobile, lang=lang,
                               profile_dir=str(tmp_path / layout)) as driver:
            wait = WebDriverWait(driver, 30)
            driver.get('%s/web#id=%d&model=ci.spc.characteristic&view_type=form' % (odoo_server, char['id']))
            svg = WebDriverWait(driver, 90).until(EC.visibility_of_element_located(
                (By.CSS_SELECTOR, '.o_ci_control_chart svg.o_ci_control_chart_svg')))
            # at the top of the form: above the specification and every group of fields
            groups = [g for g in driver.find_elements(By.CSS_SELECTOR, '.o_form_sheet .o_group') if g.is_displayed()]
            assert groups and all(svg.location['y'] < g.location['y'] for g in groups)
            width = driver.execute_script("return document.querySelector('.o_form_sheet').clientWidth")
            assert svg.size['width'] >= width * 0.8, (svg.size, width)     # full width
            if mobile:
                # nothing scrolls sideways on the phone
                assert driver.execute_script(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1"), "sideways scroll"
            # the main pane and, under it, the R pane
            assert svg.find_elements(By.CSS_SELECTOR, 'g.o_ci_chart_main')
            assert svg.find_elements(By.CSS_SELECTOR, 'g.o_ci_chart_spread')
            titles = _chart_texts(driver, '.o_ci_chart_pane_title')
            assert titles == ['X̄', 'R'], titles
            # a time axis with dates
            ticks = _chart_texts(driver, '.o_ci_chart_time_tick text')
            assert len(ticks) >= 3, ticks
            assert all(re.match(r'^(\d\d-\d\d)?( ?\d\d:\d\d)?$', t) and t for t in ticks), ticks
            # the limits of the last phase at the characteristic's decimals, with the specification
            limit_labels = _chart_texts(driver, '.o_ci_chart_main .o_ci_chart_limit_label')
            last = points[-1]
            for name, key in (('UCL', 'ucl'), ('CL', 'center'), ('LCL', 'lcl')):
                assert '%s %s' % (name, _fmt(last[key], decimals)) in limit_labels, (name, limit_labels)
            assert 'USL %s' % _fmt(data['usl'], decimals) in limit_labels, limit_labels
            assert all(re.search(r'\d+\.\d{%d}$' % decimals, t) for t in limit_labels), limit_labels
            # one band per phase shown, named by its SOP version
            phase_labels = _chart_texts(driver, 'text.o_ci_spc_phase')
            assert len(phase_labels) == len(shown), (phase_labels, shown)
            for label, phase_id in zip(phase_labels, shown):
                assert label.startswith(labels[phase_id]), (label, labels[phase_id])
            # a legend of what is drawn
            keys = [k.text for k in driver.find_elements(By.CSS_SELECTOR, '.o_ci_chart_legend .o_ci_chart_key')]
            assert len(keys) >= 7 and any('UCL' in k for k in keys), keys
            # the red point: its rules in words on hover
            target = svg.find_element(By.CSS_SELECTOR, 'rect.o_ci_chart_target[data-index="%d"]' % index)
            assert 'o_ci_chart_target_out' in target.get_attribute('class')
            assert svg.find_elements(By.CSS_SELECTOR, 'circle.o_ci_spc_violation[data-index="%d"]' % index)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", svg)
            if mobile:
                # a tap shows the point, its signal one more tap away
                target.click()
                tip = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_ci_chart_tip_pinned')))
            else:
                ActionChains(driver).move_to_element(target).perform()
                tip = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_ci_chart_tip')))
            assert rule_name in tip.text, (rule_name, tip.text)
            driver.save_screenshot(os.path.join(artifacts_dir, 'chart-%s-%s.png' % (layout, short)))
            if lang == 'zh_CN':
                # the chart's own words (the form around it has tests of its
                # own); the zones' letters (A, B, C) are SPC's, like UCL
                found = _chart_latin_words(driver, data_words)
                assert not found, found
            os.makedirs(DOCS, exist_ok=True)
            shutil.copy(os.path.join(artifacts_dir, 'chart-%s-%s.png' % (layout, short)),
                        os.path.join(DOCS, 'chart-%s-%s.png' % (layout, short)))
            # a click (or a tap, then its button) opens the signal
            if mobile:
                tip.find_element(By.CSS_SELECTOR, '.o_ci_chart_open_signal').click()
            else:
                target.click()
            try:
                wait.until(lambda d: 'model=ci.spc.signal' in d.current_url
                           and re.search(r'[#&]id=(\d+)', d.current_url))
            except Exception:
                raise AssertionError(driver.current_url)
            signal_id = int(re.search(r'[#&]id=(\d+)', driver.current_url).group(1))
            assert signal_id in points[index]['signal_ids']
            wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_form_view .o_field_widget')))
            errors = browser.console_errors(driver)
            assert not errors, errors
