"""Headless Chromium: the standard as people see it. The manager reads the
demo SOP version in force and compares two versions; the work order form
shows the version it ran under. No JavaScript error anywhere."""
import datetime
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

EN = {'lang': 'en_US'}


def _stamped_workorder(admin, version_id, operation_id):
    """A work order of the demo routing that contains the SOP's operation, started now."""
    routing_id = admin('mrp.routing.workcenter', 'read', [operation_id], fields=['routing_id'])[0]['routing_id'][0]
    bom = admin('mrp.bom', 'search_read', [('routing_id', '=', routing_id)], fields=['product_id', 'product_tmpl_id'],
                limit=1)[0]
    product_id = bom['product_id'][0] if bom['product_id'] else admin(
        'product.product', 'search', [('product_tmpl_id', '=', bom['product_tmpl_id'][0])], limit=1)[0]
    uom_id = admin('product.product', 'read', [product_id], fields=['uom_id'])[0]['uom_id'][0]
    production = admin('mrp.production', 'create', {'product_id': product_id, 'product_qty': 4,
                                                    'product_uom_id': uom_id, 'bom_id': bom['id']})
    admin('mrp.production', 'button_plan', [production])
    workorder = admin('mrp.workorder', 'search', [('production_id', '=', production),
                                                  ('operation_id', '=', operation_id)])[0]
    admin('mrp.workorder', 'write', [workorder],
          {'date_start': datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S')})
    stamped = admin('mrp.workorder', 'read', [workorder], fields=['ci_sop_version_id'])[0]
    assert stamped['ci_sop_version_id'][0] == version_id
    return workorder


def test_sop_in_the_browser(odoo_server, db_name, artifacts_dir, tmp_path):
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    v1 = admin.ref('ci_process.ci_sop_version_packing_1_demo')
    v1_data = admin('ci.sop.version', 'read', [v1], fields=['state', 'sop_id', 'operation_id'])[0]
    assert v1_data['state'] == 'approved', "the demo SOP is in force"
    sop_id, operation_id = v1_data['sop_id'][0], v1_data['operation_id'][0]
    v2 = admin('ci.sop.version', 'create', {
        'sop_id': sop_id, 'change_summary': 'Foam replaced by paper fill',
        'content': '<ol><li>Check the product label against the work order.</li>'
                   '<li>Fill the gaps with paper, no foam.</li>'
                   '<li>Place four units per carton, labels outwards.</li>'
                   '<li>Tape the carton in an H pattern.</li></ol>'})
    workorder = _stamped_workorder(admin, v1, operation_id)

    with browser.logged_in(odoo_server, db_name, 'manager', profile_dir=str(tmp_path / 'profile')) as driver:
        wait = WebDriverWait(driver, 30)
        driver.get('%s/web#id=%d&model=ci.sop.version&view_type=form' % (odoo_server, v2))
        wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_form_view .o_statusbar_status')))
        # Odoo 11 renders header buttons without their name; web_responsive
        # keeps a hidden copy of them for small screens
        compare = wait.until(lambda d: next((b for b in d.find_elements(
            By.CSS_SELECTOR, '.o_statusbar_buttons button') if b.is_displayed()
            and b.text.strip() in ('Compare', '比较')), None))
        compare.click()
        table = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.modal table.o_ci_sop_diff')))
        rows = table.find_elements(By.CSS_SELECTOR, 'tbody tr')
        assert [r.get_attribute('data-kind') for r in rows] == ['equal', 'changed', 'equal', 'equal']
        assert 'no foam' in rows[1].text and 'Wrap each unit in foam' in rows[1].text
        driver.save_screenshot(os.path.join(artifacts_dir, 'sop-compare-versions.png'))
        driver.find_element(By.CSS_SELECTOR, '.modal .modal-footer button').click()

        driver.get('%s/web#id=%d&model=ci.sop.version&view_type=form' % (odoo_server, v1))
        wait.until(lambda d: 'Wrap each unit in foam' in d.find_element(By.CSS_SELECTOR, '.o_form_view').text)
        sheet = driver.find_element(By.CSS_SELECTOR, '.o_form_view')
        assert not sheet.find_elements(By.CSS_SELECTOR, '.note-editable'), "an approved version is read-only"
        driver.save_screenshot(os.path.join(artifacts_dir, 'sop-version-in-force.png'))
        errors = browser.console_errors(driver)
        assert not errors, errors

    with browser.logged_in(odoo_server, db_name, 'admin', profile_dir=str(tmp_path / 'profile-admin')) as driver:
        wait = WebDriverWait(driver, 30)
        driver.get('%s/web#id=%d&model=mrp.workorder&view_type=form' % (odoo_server, workorder))
        button = wait.until(lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, '.oe_button_box button')
                                            if b.is_displayed() and 'Packing v1' in b.text), None))
        assert 'Standard' in button.text or '标准' in button.text
        tab = next(a for a in driver.find_elements(By.CSS_SELECTOR, '.o_notebook .nav-tabs a')
                   if a.text.strip() in ('Standard', '标准'))
        tab.click()
        wait.until(lambda d: 'Wrap each unit in foam' in d.find_element(By.CSS_SELECTOR, '.o_notebook').text)
        driver.save_screenshot(os.path.join(artifacts_dir, 'sop-on-workorder.png'))
        errors = browser.console_errors(driver, allow_odoo_pdfjs=True)
        assert not errors, errors
