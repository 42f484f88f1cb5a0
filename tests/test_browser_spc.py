"""Headless Chromium: the control chart as people see it, and measurements
recorded from a work order. No JavaScript error anywhere."""
import datetime
import os
import random

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_browser_sop import _stamped_workorder
from test_xmlrpc_access import Rpc


def _visible_button(driver, labels, scope='.o_statusbar_buttons button, .modal-footer button'):
    return next((b for b in driver.find_elements(By.CSS_SELECTOR, scope)
                 if b.is_displayed() and b.text.strip() in labels), None)


def test_chart_and_entry_in_the_browser(odoo_server, db_name, artifacts_dir, tmp_path):
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    # its own standard, on the demo's manual assembly operation, so that
    # other tests keep the demo packing standard as they expect it
    operation_id = admin.ref('mrp.mrp_routing_workcenter_0')
    sop_id = (admin('ci.sop', 'search', [('operation_id', '=', operation_id)]) or [admin('ci.sop', 'create', {
        'name': 'Manual assembly', 'operation_id': operation_id})])[0]
    code = 'UI-%d' % random.randint(0, 10 ** 9)
    char_id = admin('ci.spc.characteristic', 'create', {
        'name': 'Carton weight', 'code': code, 'chart_type': 'xbar_r', 'subgroup_size': 5, 'unit': 'kg',
        'operation_id': operation_id, 'baseline_subgroups': 20,
        'has_lsl': True, 'lsl': 11.4, 'has_usl': True, 'usl': 12.6, 'has_target': True, 'target': 12.0})
    rnd = random.Random(7)
    start = datetime.datetime.utcnow() - datetime.timedelta(days=3)
    rows = []
    for k in range(30):
        shift = 0.25 if k >= 24 else 0.0
        for j in range(5):
            rows.append({'characteristic': code, 'value': 12.0 + shift + rnd.gauss(0, 0.08),
                         'timestamp': (start + datetime.timedelta(hours=k)).strftime('%Y-%m-%d %H:%M:%S'),
                         'subgroup': 'S%02d' % k})
    result = admin('ci.spc.measurement', 'ingest', rows)
    assert result['created'] == 150 and result['signals'], result
    # a new standard: the chart starts a new phase labelled with it
    v_new = admin('ci.sop.version', 'create', {'sop_id': sop_id, 'content': '<p>Weigh every carton.</p>',
                                               'change_summary': 'Check weigher added'})
    admin('ci.sop.version', 'action_submit', [v_new])
    admin('ci.sop.version', 'action_approve', [v_new])
    v_name = admin('ci.sop.version', 'read', [v_new], fields=['name'])[0]['name']
    # after the new phase's start (midnight of the plant's day), even just after midnight
    phase_start = admin('ci.spc.phase', 'search_read', [('characteristic_id', '=', char_id),
                                                        ('sop_version_id', '=', v_new)], fields=['date_start'])
    base = max(datetime.datetime.strptime(phase_start[0]['date_start'], '%Y-%m-%d %H:%M:%S'),
               datetime.datetime.utcnow() - datetime.timedelta(minutes=40))
    admin('ci.spc.measurement', 'ingest', [
        {'characteristic': code, 'value': 12.0 + rnd.gauss(0, 0.05), 'subgroup': 'N%02d' % k,
         'timestamp': (base + datetime.timedelta(seconds=10 * k)).strftime('%Y-%m-%d %H:%M:%S')}
        for k in range(5) for _j in range(5)])
    workorder = _stamped_workorder(admin, v_new, operation_id)

    with browser.logged_in(odoo_server, db_name, 'admin', profile_dir=str(tmp_path / 'profile')) as driver:
        wait = WebDriverWait(driver, 30)
        driver.get('%s/web#id=%d&model=ci.spc.characteristic&view_type=form' % (odoo_server, char_id))
        # the first page after an update also builds the asset bundles
        chart = WebDriverWait(driver, 90).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, 'svg.o_ci_control_chart_svg')))
        assert chart.find_elements(By.CSS_SELECTOR, 'circle.o_ci_spc_violation'), "violations marked"
        labels = [t.text for t in chart.find_elements(By.CSS_SELECTOR, 'text.o_ci_spc_phase')]
        assert any(v_name in label for label in labels), labels
        assert any('provisional' in label or '临时' in label for label in labels), labels
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", chart)
        driver.save_screenshot(os.path.join(artifacts_dir, 'spc-control-chart.png'))
        tab = next(a for a in driver.find_elements(By.CSS_SELECTOR, '.o_notebook .nav-tabs a')
                   if a.text.strip() in ('Capability', '过程能力'))
        tab.click()
        hist = wait.until(lambda d: next((svg for svg in d.find_elements(By.CSS_SELECTOR, 'svg.o_ci_spc_chart')
                                          if svg.is_displayed() and svg.find_elements(
                                              By.CSS_SELECTOR, 'text.o_ci_spc_index')), None))
        indices = [t.get_attribute('textContent') for t in hist.find_elements(By.CSS_SELECTOR, 'text.o_ci_spc_index')]
        assert any(t.startswith('Cpk = ') for t in indices), indices
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", hist)
        driver.save_screenshot(os.path.join(artifacts_dir, 'spc-capability.png'))

        # the work order: record a subgroup in one go
        driver.get('%s/web#id=%d&model=mrp.workorder&view_type=form' % (odoo_server, workorder))
        button = wait.until(lambda d: _visible_button(d, ('Record Measurements', '记录测量值')))
        button.click()
        modal = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.modal .o_form_view')))
        field = modal.find_element(By.CSS_SELECTOR, '.o_field_widget[name="characteristic_id"] input')
        # the only characteristic measured on the work order's operation is
        # preselected; with several, the operator picks one
        if field.get_attribute('value') != 'Carton weight':
            field.clear()
            field.send_keys('Carton')
            item = wait.until(EC.element_to_be_clickable(
                (By.XPATH, "//ul[contains(@class, 'ui-autocomplete')]//a[contains(., 'Carton weight')]")))
            item.click()
        values = wait.until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, '.modal .o_field_widget[name="values"]')))
        values.send_keys('12.01 11.98 12.03 12.00 11.99')
        driver.save_screenshot(os.path.join(artifacts_dir, 'spc-record-from-workorder.png'))
        _visible_button(driver, ('Record', '记录')).click()
        wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, '.modal .o_form_view')))
        errors = browser.console_errors(driver, allow_odoo_pdfjs=True)
        assert not errors, errors
    recorded = admin('ci.spc.measurement', 'search_read', [('workorder_id', '=', workorder)], fields=['value'])
    assert sorted(r['value'] for r in recorded) == [11.98, 11.99, 12.0, 12.01, 12.03]
