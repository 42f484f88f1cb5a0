"""Headless Chromium: the Phases tab and the measurements of a variables
characteristic (the demo shaft, X̄-R) as an engineer reads them in Chinese and
in English, on a desktop and on a 390-px phone: no phase of 1970, limits at
the characteristic's decimals and none before they freeze, no count or
sample size columns; the PDF report's chart (server SVG) and its XLSX data.
Screenshots: docs/screenshots/phases-{zh,en}.png (phone: phases-phone-*),
chart-svg-{zh,en}.png."""
import io
import os
import re
import shutil
import urllib.request

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, 'docs', 'screenshots')
CODE = 'DS25-DIA'
NUMBER = re.compile(r'^-?[\d,]+\.(\d+)$')


def _get(url, session):
    request = urllib.request.Request(url, headers={'Cookie': 'session_id=%s' % session})
    with urllib.request.urlopen(request, timeout=180) as response:
        return response.headers.get('Content-Type', ''), response.read()


def _save(driver, element, artifacts_dir, name):
    path = os.path.join(artifacts_dir, name)
    if element is None:
        driver.save_screenshot(path)
    else:
        element.screenshot(path)
    os.makedirs(DOCS, exist_ok=True)
    shutil.copy(path, os.path.join(DOCS, name))


def _click_tab(driver, wait, title):
    for link in driver.find_elements(By.CSS_SELECTOR, '.o_notebook .nav-tabs a'):
        if link.get_attribute('textContent').strip() == title:
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", link)
            # a list on a desktop, cards on a phone (Odoo's x2many on small screens)
            return wait.until(EC.visibility_of_element_located(
                (By.CSS_SELECTOR, '.o_notebook .tab-pane.active .o_list_view, '
                                  '.o_notebook .tab-pane.active .o_kanban_view')))
    raise AssertionError("no tab %r" % title)


@pytest.mark.parametrize('lang', ['zh_CN', 'en_US'])
def test_phases_and_measurements(odoo_server, db_name, artifacts_dir, tmp_path, set_user_lang, lang):
    set_user_lang('engineer', lang)
    engineer = Rpc(odoo_server, db_name, 'engineer', 'engineer')
    ctx = {'lang': lang}
    [char] = engineer('ci.spc.characteristic', 'search_read', [('code', '=', CODE)],
                      fields=['id', 'name', 'decimals', 'chart_type', 'phase_ids'], context=ctx)
    assert char['chart_type'] in ('xbar_r', 'xbar_s', 'imr')
    decimals = char['decimals']
    phases = engineer('ci.spc.phase', 'read', char['phase_ids'], fields=['state', 'reason', 'name', 'date_start', 'sop_version_id'],
                      context=ctx)
    assert all(p['date_start'] > '2000' for p in phases), phases
    frozen = [p for p in phases if p['state'] == 'frozen']
    strings = engineer('ci.spc.measurement', 'fields_get', ['count', 'sample_size', 'value'],
                       attributes=['string'], context=ctx)
    phase_strings = engineer('ci.spc.phase', 'fields_get', ['center'], attributes=['string'], context=ctx)
    tab = engineer('ir.translation', 'search_read', [('src', '=', 'Phases'), ('lang', '=', lang),
                                                     ('module', '=', 'ci_spc')], fields=['value'], limit=1)
    tab_title = (tab and tab[0]['value']) or 'Phases'
    short = 'zh' if lang == 'zh_CN' else 'en'
    measurements = engineer('ci.spc.measurement', 'search_read', [('characteristic_id', '=', char['id'])],
                            fields=['subgroup', 'workorder_id', 'user_id'], limit=80, context=ctx)
    data_words = [char['name']] + [p['reason'] or '' for p in phases] + [p['name'] or '' for p in phases]
    data_words += [(p['sop_version_id'] or [0, ''])[1] for p in phases]
    data_words += [m['subgroup'] or '' for m in measurements]
    data_words += [(m['workorder_id'] or [0, ''])[1] for m in measurements]
    data_words += [(m['user_id'] or [0, ''])[1] for m in measurements]

    for layout, size, mobile in (('desktop', browser.DESKTOP, False), ('phone', browser.PHONE, True)):
        with browser.logged_in(odoo_server, db_name, 'engineer', size=size, mobile=mobile, lang=lang,
                               profile_dir=str(tmp_path / layout)) as driver:
            wait = WebDriverWait(driver, 60)
            driver.get('%s/web#id=%d&model=ci.spc.characteristic&view_type=form' % (odoo_server, char['id']))
            wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_form_view .o_notebook')))
            pane = _click_tab(driver, wait, tab_title)
            text = pane.text
            assert '1970' not in text and '0.000000' not in text, text
            if mobile:
                cards = pane.find_elements(By.CSS_SELECTOR, '.o_kanban_record:not(.o_kanban_ghost)')
                assert len(cards) == len(phases), text
                rows = []
            else:
                rows = pane.find_elements(By.CSS_SELECTOR, 'tbody tr.o_data_row')
                assert len(rows) == len(phases)
            headers = [h.text.strip() for h in pane.find_elements(By.CSS_SELECTOR, 'thead th')]
            column = headers.index(phase_strings['center']['string']) if rows else None
            numbers = []
            for row in rows:
                cells = [c.text.strip() for c in row.find_elements(By.CSS_SELECTOR, 'td')]
                numbers += [NUMBER.match(c) for c in cells if NUMBER.match(c)]
                # a phase whose limits are not frozen shows none
                if not cells[column]:
                    continue
                assert NUMBER.match(cells[column]), cells
            assert mobile or len([n for n in numbers if n]) >= 3 * len(frozen)
            assert all(len(n.group(1)) == decimals for n in numbers), [n.group(0) for n in numbers]
            driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", pane)
            if mobile:
                assert driver.execute_script(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1"), "sideways scroll"
            name = 'phases-%s.png' % short if not mobile else 'phases-phone-%s.png' % short
            _save(driver, None, artifacts_dir, name)
            # the Phases tab (the chatter under it holds the plant's data)
            browser.assert_clean(driver, lang, 'phases tab', ignore=data_words,
                                 scope='.o_notebook .tab-pane.active')

            # the measurements of the characteristic: values at its decimals, no count columns
            button = driver.find_element(By.XPATH, '//button[contains(@class, "oe_stat_button")]'
                                                   '[.//*[contains(@class, "fa-list")]]')
            driver.execute_script("arguments[0].click();", button)
            # the list of measurements, in place of the form
            wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '.o_content .o_form_view')
                       and d.find_elements(By.CSS_SELECTOR, '.o_content .o_list_view tbody tr.o_data_row'))
            table = driver.find_element(By.CSS_SELECTOR, '.o_content .o_list_view')
            headers = [h.text.strip() for h in table.find_elements(By.CSS_SELECTOR, 'thead th')]
            assert strings['value']['string'] in headers, headers
            assert strings['count']['string'] not in headers and strings['sample_size']['string'] not in headers
            column = headers.index(strings['value']['string'])
            values = [r.find_elements(By.CSS_SELECTOR, 'td')[column].text.strip()
                      for r in table.find_elements(By.CSS_SELECTOR, 'tbody tr.o_data_row')[:20]]
            assert values and all(NUMBER.match(v) and len(NUMBER.match(v).group(1)) == decimals
                                  for v in values), values
            if mobile:
                driver.execute_script("window.scrollTo(0, 0);")
                _save(driver, None, artifacts_dir, 'phases-measurements-phone-%s.png' % short)
            browser.assert_clean(driver, lang, 'measurements', ignore=data_words, scope='.o_content .o_list_view')

            if not mobile:
                # the report's chart, drawn on the server: its own limits per phase, an R pane, dates;
                # shown alone (the report page's own assets are not the point here)
                session = driver.get_cookie('session_id')['value']
                _kind, body = _get('%s/report/html/ci_spc.report_ci_spc_chart/%d' % (odoo_server, char['id']),
                                   session)
                html = body.decode('utf-8')
                chart = re.search(r'<svg[^>]*o_ci_spc_chart.*?</svg>', html, re.S).group(0)
                page = tmp_path / ('chart-%s.html' % short)
                page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
                                '<body style="margin:8px;background:#fff">%s</body></html>' % chart,
                                encoding='utf-8')
                driver.get('file://%s' % page)
                svg = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, 'svg.o_ci_spc_chart')))
                assert svg.find_elements(By.CSS_SELECTOR, '.o_ci_spc_spread')
                assert len(svg.find_elements(By.CSS_SELECTOR, '.o_ci_spc_xtick')) >= 3
                limits = [e.get_attribute('textContent') for e in svg.find_elements(By.CSS_SELECTOR,
                                                                                     '.o_ci_spc_limit')]
                assert limits and all(re.search(r'\d\.\d{%d}$' % decimals, t) for t in limits), limits
                phase_names = [e.get_attribute('textContent') for e in svg.find_elements(By.CSS_SELECTOR,
                                                                                          '.o_ci_spc_phase')]
                assert phase_names and '1970' not in html
                _save(driver, svg, artifacts_dir, 'chart-svg-%s.png' % short)
                kind, body = _get('%s/report/pdf/ci_spc.report_ci_spc_chart/%d' % (odoo_server, char['id']),
                                  session)
                assert body[:4] == b'%PDF', (kind, body[:200])
                kind, body = _get('%s/report/xlsx/ci_spc.chart_xlsx/%d' % (odoo_server, char['id']), session)
                sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
                assert sheet.cell(5, 4).number_format == '0.' + '0' * decimals
                assert sheet.cell(4, 11).value == 'R'
