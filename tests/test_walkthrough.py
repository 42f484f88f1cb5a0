"""The whole loop in headless Chromium, on the demo factory's plant: the
operator scans CNC Lathe 1's label on a phone and submits an idea; the
engineer reviews it, approves it and starts a pilot over the lathe's
history, evaluates and adopts it; the manager approves the new version of
the standard; a work order started afterwards runs under it; the diameter's
control chart opens a phase for it; the honour board shows the operator's
points. Any JavaScript console error fails the test. Screenshots go to
var/artifacts/screenshots/walkthrough-*.png (the README shows some of them,
copied into docs/screenshots/)."""
import datetime
import os
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'data'))
import demo_factory  # noqa: E402  (lives in data/, not a package)

USERS = ('operator', 'engineer', 'manager')


def fref(admin, name):
    return admin.ref('%s.%s' % (demo_factory.MODULE, name))


def button(driver, label, scope='.o_statusbar_buttons button'):
    # Odoo 11 renders header buttons without their name; web_responsive
    # keeps hidden copies of them for small screens: the visible one
    return WebDriverWait(driver, 30).until(lambda d: next(
        (b for b in d.find_elements(By.CSS_SELECTOR, scope) if b.is_displayed() and b.text.strip() == label), None))


def confirm_dialog(driver):
    # Approve opens a dialog (the owner of an improvement, a comment on a
    # standard): the values are already right, confirm it
    WebDriverWait(driver, 30).until(EC.element_to_be_clickable(
        (By.CSS_SELECTOR, '.modal .modal-footer button.btn-primary'))).click()
    WebDriverWait(driver, 30).until_not(EC.presence_of_element_located((By.CSS_SELECTOR, '.modal-dialog')))


def open_form(driver, base, model, res_id):
    driver.get('%s/web#id=%d&model=%s&view_type=form' % (base, res_id, model))
    WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_form_view')))


def state_is(driver, label):
    WebDriverWait(driver, 30).until(lambda d: any(
        b.text.strip() == label for b in d.find_elements(By.CSS_SELECTOR, '.o_statusbar_status .btn-primary')))


def tab(driver, label):
    next(a for a in driver.find_elements(By.CSS_SELECTOR, '.o_notebook .nav-tabs a')
         if a.text.strip() == label).click()


def shot(driver, artifacts_dir, name):
    driver.save_screenshot(os.path.join(artifacts_dir, 'walkthrough-%s.png' % name))


def no_console_errors(driver, allow_odoo_pdfjs=False):
    errors = browser.console_errors(driver, allow_odoo_pdfjs=allow_odoo_pdfjs)
    assert not errors, errors


def test_walkthrough(odoo_server, db_name, artifacts_dir, tmp_path):
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    engineer = Rpc(odoo_server, db_name, 'engineer', 'engineer')
    admin('ir.config_parameter', 'set_param', 'web.base.url', odoo_server)
    # the address the QR labels encode: this test's server
    admin('ir.config_parameter', 'set_param', 'ci_process.public_url', odoo_server)
    users = admin('res.users', 'search_read', [('login', 'in', USERS)], fields=['lang'])
    # the screens are read in English here (the labels the test clicks)
    admin('res.users', 'write', [u['id'] for u in users], {'lang': 'en_US'})
    lathe = fref(admin, 'workcenter_cnc1')
    turning = fref(admin, 'operation_turn')
    shaft = fref(admin, 'product_shaft')
    diameter = fref(admin, 'characteristic_shaft_dia')
    sop = fref(admin, 'sop_turn')
    qr_url = admin('mrp.workcenter', 'ci_capture_url', [lathe])
    try:
        # 1. the operator scans the lathe's label with a phone and submits an idea
        phone = browser.make_driver(browser.PHONE, mobile=True, profile_dir=str(tmp_path / 'phone'))
        try:
            wait = WebDriverWait(phone, 30)
            browser.login(phone, odoo_server, db_name, 'operator', 'operator')
            # the label opens the lathe's station; its idea button, the capture form
            phone.get(qr_url)
            wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, 'a.o_ci_new_idea'))).click()
            form = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'form.o_ci_capture_form')))
            assert phone.find_element(By.CSS_SELECTOR, '#workcenter_id option:checked').get_attribute('value') \
                == str(lathe)
            phone.find_element(By.ID, 'problem').send_keys(
                'Chips wrap around the shaft at the end of the cut; I stop the lathe to pull them off.')
            phone.find_element(By.ID, 'idea').send_keys('Chip breaker insert and a dwell before retract.')
            shot(phone, artifacts_dir, '01-phone-idea')
            form.find_element(By.CSS_SELECTOR, 'button.o_ci_submit').click()
            ref = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.o_ci_reference'))).text
            shot(phone, artifacts_dir, '02-phone-submitted')
            no_console_errors(phone)
        finally:
            phone.quit()
        imp = admin('ci.improvement', 'search', [('name', '=', ref)])[0]
        assert admin('ci.improvement', 'read', [imp], fields=['state', 'workcenter_id'])[0]['state'] == 'submitted'

        # 2. the engineer, the lathe's CI owner, reviews it, approves it and
        #    pilots it against the lathe's history (scrap of the shafts)
        desk = browser.make_driver(browser.DESKTOP, profile_dir=str(tmp_path / 'engineer'))
        try:
            browser.login(desk, odoo_server, db_name, 'engineer', 'engineer')
            open_form(desk, odoo_server, 'ci.improvement', imp)
            button(desk, 'Start Review').click()
            state_is(desk, 'In Review')
            engineer('ci.improvement', 'write', [imp], {'owner_id': engineer.uid, 'operation_id': turning,
                                                        'product_id': shaft, 'benefit_target': 3000})
            open_form(desk, odoo_server, 'ci.improvement', imp)
            button(desk, 'Approve').click()
            confirm_dialog(desk)
            state_is(desk, 'Approved')
            shot(desk, artifacts_dir, '03-engineer-approved')
            today = datetime.date.today()
            pilot = engineer('ci.pilot', 'create', {
                'name': 'Chip breaker on CNC Lathe 1', 'improvement_id': imp, 'workcenter_id': lathe,
                'operation_id': turning, 'product_id': shaft, 'metric': 'scrap_rate',
                'baseline_date_from': str(today - datetime.timedelta(days=100)),
                'baseline_date_to': str(today - datetime.timedelta(days=71)),
                'pilot_date_from': str(today - datetime.timedelta(days=30)),
                'pilot_date_to': str(today - datetime.timedelta(days=1))})
            open_form(desk, odoo_server, 'ci.pilot', pilot)
            button(desk, 'Start').click()
            state_is(desk, 'Running')
            button(desk, 'Evaluate').click()
            state_is(desk, 'Evaluated')
            verdict = admin('ci.pilot', 'read', [pilot], fields=['verdict'])[0]['verdict']
            assert verdict == 'improved'
            tab(desk, 'Evidence')
            shot(desk, artifacts_dir, '04-engineer-pilot-evaluated')
            button(desk, 'Adopt').click()
            state_is(desk, 'Closed')
            no_console_errors(desk)
        finally:
            desk.quit()
        draft = admin('ci.sop.version', 'search_read', [('improvement_id', '=', imp)],
                      fields=['state', 'content', 'sop_id'])
        assert len(draft) == 1 and draft[0]['state'] == 'draft' and draft[0]['sop_id'][0] == sop
        version = draft[0]['id']
        engineer('ci.sop.version', 'write', [version], {
            'content': draft[0]['content'].replace(
                '</ol>', '<li>Use the chip breaker insert CB-2; dwell 0.2 s before retract.</li></ol>'),
            'change_summary': '%s: chip breaker insert' % ref})
        engineer('ci.sop.version', 'action_submit', [version])

        # 3. the manager approves the new version of the standard
        desk = browser.make_driver(browser.DESKTOP, profile_dir=str(tmp_path / 'manager'))
        try:
            browser.login(desk, odoo_server, db_name, 'manager', 'manager')
            open_form(desk, odoo_server, 'ci.sop.version', version)
            button(desk, 'Approve').click()
            confirm_dialog(desk)
            state_is(desk, 'Approved')
            shot(desk, artifacts_dir, '05-manager-sop-approved')
            no_console_errors(desk)
        finally:
            desk.quit()
        approved = admin('ci.sop.version', 'read', [version], fields=['state', 'name', 'number'])[0]
        assert approved['state'] == 'approved' and approved['number'] >= 3
        assert admin('ci.improvement', 'read', [imp], fields=['state'])[0]['state'] == 'standardized'

        # 4. a work order started now runs under it; the lathe's gauge sends
        #    two subgroups of the diameter: the chart's new phase
        bom = admin('mrp.bom', 'search', [('product_id', '=', shaft)], limit=1)[0]
        uom = admin('product.product', 'read', [shaft], fields=['uom_id'])[0]['uom_id'][0]
        production = admin('mrp.production', 'create', {'product_id': shaft, 'product_qty': 40,
                                                        'product_uom_id': uom, 'bom_id': bom})
        admin('mrp.production', 'button_plan', [production])
        workorder = admin('mrp.workorder', 'search', [('production_id', '=', production)])[0]
        now = datetime.datetime.utcnow()
        admin('mrp.workorder', 'write', [workorder], {'date_start': now.strftime('%Y-%m-%d %H:%M:%S')})
        assert admin('mrp.workorder', 'read', [workorder], fields=['ci_sop_version_id'])[0][
            'ci_sop_version_id'][0] == version
        start = datetime.datetime.combine(now.date(), datetime.time(0, 0, 10))
        rows = [{'characteristic': 'DS25-DIA', 'subgroup': 'walkthrough-%d-%d' % (version, g),
                 'timestamp': (start + datetime.timedelta(seconds=10 * g + i)).strftime('%Y-%m-%d %H:%M:%S'),
                 'value': 25.0 + 0.001 * ((g + i) % 3 - 1)} for g in range(2) for i in range(5)]
        assert engineer('ci.spc.measurement', 'ingest', rows)['created'] == 10
        phase = admin('ci.spc.phase', 'search_read', [('sop_version_id', '=', version)],
                      fields=['characteristic_id', 'origin'])
        assert len(phase) == 1 and phase[0]['characteristic_id'][0] == diameter

        desk = browser.make_driver(browser.DESKTOP, profile_dir=str(tmp_path / 'admin'))
        try:
            browser.login(desk, odoo_server, db_name, 'admin', 'admin')
            open_form(desk, odoo_server, 'mrp.workorder', workorder)
            label = WebDriverWait(desk, 30).until(lambda d: next(
                (b for b in d.find_elements(By.CSS_SELECTOR, '.oe_button_box button')
                 if b.is_displayed() and approved['name'] in b.text), None))
            assert label
            tab(desk, 'Standard')
            WebDriverWait(desk, 30).until(
                lambda d: 'chip breaker insert CB-2' in d.find_element(By.CSS_SELECTOR, '.o_notebook').text)
            shot(desk, artifacts_dir, '06-workorder-new-standard')
            no_console_errors(desk, allow_odoo_pdfjs=True)
        finally:
            desk.quit()

        desk = browser.make_driver(browser.DESKTOP, profile_dir=str(tmp_path / 'chart'))
        try:
            browser.login(desk, odoo_server, db_name, 'engineer', 'engineer')
            open_form(desk, odoo_server, 'ci.spc.characteristic', diameter)
            WebDriverWait(desk, 30).until(lambda d: approved['name'] in ' '.join(
                t.get_attribute('textContent') for t in d.find_elements(By.CSS_SELECTOR, '.o_form_view svg text')))
            chart = desk.find_element(By.CSS_SELECTOR, '.o_form_view svg')
            desk.execute_script("arguments[0].scrollIntoView({block: 'center'});", chart)
            shot(desk, artifacts_dir, '07-spc-chart-new-phase')
            no_console_errors(desk)
        finally:
            desk.quit()

        # 5. the honour board, on the operator's phone: the idea's points
        phone = browser.make_driver(browser.PHONE, mobile=True, profile_dir=str(tmp_path / 'phone2'))
        try:
            browser.login(phone, odoo_server, db_name, 'operator', 'operator')
            action = admin.ref('ci_incentive.ci_leaderboard_user_action_honour')
            phone.get('%s/web#action=%d' % (odoo_server, action))
            operator_name = admin('res.users', 'search_read', [('login', '=', 'operator')], fields=['name'])[0]['name']
            card = WebDriverWait(phone, 30).until(lambda d: next(
                (c for c in d.find_elements(By.CSS_SELECTOR, '.o_kanban_record')
                 if c.is_displayed() and operator_name in c.text), None))
            points = int(card.find_element(By.CSS_SELECTOR, '.fa-star').find_element(By.XPATH, '..').text.split()[0])
            assert points >= 10
            shot(phone, artifacts_dir, '08-phone-honour-board')
            no_console_errors(phone)
        finally:
            phone.quit()
    finally:
        for user in users:
            admin('res.users', 'write', [user['id']], {'lang': user['lang']})
