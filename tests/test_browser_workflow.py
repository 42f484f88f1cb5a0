"""Headless Chromium: the workflow's dialogs where people work (issue #15).

In Chinese and in English, on a desktop and on a 390 x 844 phone: an
engineer's *Approve* opens a dialog asking for the owner, and confirming it
approves; *Start Pilot* in the header of the approved improvement opens a new
pilot's form filled from it; a manager's *Approve* of an SOP version opens a
dialog warning of the steps of the version in force it drops, and the comment
lands in the chatter and on the version; the review queue lists the overdue
first, then the oldest, to the minute. No JavaScript error, no English on the
Chinese screens. Screenshots: var/artifacts/screenshots/workflow-*.png (the
ones the docs show are copied into docs/screenshots/)."""
import datetime
import os
import re
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

# the data people type, in their language: steps of the version in force, the new one's
# replacement of the second, the titles and comments
TEXTS = {
    'en_US': {'steps': ['Check the label against the work order.', 'Wrap each unit in foam.',
                        'Place four units per carton.', 'Tape the carton in an H pattern.'],
              'new_step': 'Fill the gaps with paper, no foam.', 'title': 'Magnetic tray',
              'problem': 'Screws fall on the floor', 'comment': 'Pilot on the night shift',
              'sop_comment': 'Paper instead of foam'},
    'zh_CN': {'steps': ['核对产品标签与工单一致。', '每件产品用泡沫包裹。', '每箱放四件。', '用 H 形封箱胶带封箱。'],
              'new_step': '用纸填充空隙，不用泡沫。', 'title': '磁性螺丝托盘',
              'problem': '螺丝掉到地上', 'comment': '先在夜班试点', 'sop_comment': '改用纸代替泡沫'},
}
LABELS = {
    'zh_CN': {'approve': '批准', 'start_pilot': '开始试点'},
    'en_US': {'approve': 'Approve', 'start_pilot': 'Start Pilot'},
}
# names the test types and reads back (data, not the UI's words)
DATA_WORDS = ('Workflow', 'Check', 'the', 'label', 'against', 'work', 'order', 'Wrap', 'each', 'unit', 'in',
              'foam', 'Place', 'four', 'units', 'per', 'carton', 'Tape', 'an', 'H', 'pattern', 'Fill', 'gaps',
              'with', 'paper', 'no', 'Engineer', 'Manager', 'Pilot', 'of', 'tray', 'Magnetic', 'Screws', 'fall',
              'on', 'floor', 'Overdue', 'Fresh', 'Older', 'Oldest', 'idea', 'Packing', 'part', 'Instead',
              'instead', 'Paper', 'zh', 'CN', 'en', 'US', 'desktop', 'phone', 'night', 'shift')
CASES = [('zh_CN', 'desktop'), ('zh_CN', 'phone'), ('en_US', 'desktop'), ('en_US', 'phone')]


def _now(days=0):
    return (datetime.datetime.utcnow() - datetime.timedelta(days=days)).strftime('%Y-%m-%d %H:%M:%S')


class Screen:
    def __init__(self, driver, lang, size, artifacts_dir):
        self.driver, self.lang, self.size = driver, lang, size
        # the form renders again after a dialog closes
        self.wait = WebDriverWait(driver, 40, ignored_exceptions=(StaleElementReferenceException,))
        self.artifacts_dir = artifacts_dir

    def settle(self):
        self.wait.until(lambda d: d.execute_script(browser.HOME_ACTION_SHOWN))

    def button(self, text, scope='.o_form_statusbar'):
        """The visible header button reading ``text`` (web_responsive folds them in a
        dropdown on a phone)."""
        def find(d):
            for b in d.find_elements(By.CSS_SELECTOR, '%s button' % scope):
                if b.is_displayed() and b.text.strip() == text:
                    return b
            for menu in d.find_elements(By.CSS_SELECTOR, '%s .o_statusbar_buttons_dropdown' % scope):
                toggle = menu.find_element(By.CSS_SELECTOR, '.dropdown-toggle')
                if toggle.is_displayed() and 'open' not in (menu.get_attribute('class') or ''):
                    toggle.click()
            return None
        try:
            return self.wait.until(find)
        except Exception:
            self.driver.save_screenshot(os.path.join(self.artifacts_dir, 'workflow-debug.png'))
            with open(os.path.join(self.artifacts_dir, 'workflow-debug.html'), 'w') as f:
                f.write(self.driver.page_source)
            raise

    def click(self, element):
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def check(self, name=None, shot=None, scope='.o_main_content'):
        """No console error, no English on a Chinese screen, nothing wider than the phone."""
        # the visible text of the screen built here only, not the menus of other addons around it
        for css in ([scope] if isinstance(scope, str) else scope):
            browser.assert_clean(self.driver, self.lang, name, allowed=DATA_WORDS, scope=css)
        if self.size == 'phone':
            width = self.driver.execute_script('return document.documentElement.scrollWidth')
            assert width <= browser.PHONE[0], "%s scrolls sideways on a phone: %s px" % (name, width)
        if shot:
            self.driver.save_screenshot(os.path.join(self.artifacts_dir, shot))


@pytest.fixture(scope='module')
def admin(odoo_server, db_name):
    return Rpc(odoo_server, db_name, 'admin', 'admin')


def _user(admin, role, lang):
    stamp = int(time.time() * 1000)
    login = 'wf.%s.%s.%d' % (role, lang, stamp)
    groups = [admin.ref('base.group_user'), admin.ref('ci_process.group_ci_%s' % role)]
    uid = admin('res.users', 'create', {
        'name': 'Workflow %s %s %d' % (role.title(), lang[:2], stamp % 100000), 'login': login, 'password': login, 'lang': lang,
        'tz': 'Asia/Shanghai', 'groups_id': [(6, 0, groups)]})
    return uid, login


def _operation(admin):
    """The demo plant's CNC lathe 1 and an operation of it (names in both languages)."""
    workcenter = admin.ref('ci_demo_factory.workcenter_cnc1')
    ops = admin('mrp.routing.workcenter', 'search', [('workcenter_id', '=', workcenter)], limit=1, order='id')
    return ops[0], workcenter


def _screen(server, db, login, lang, size, artifacts_dir, profile_dir):
    """A browser of ``size`` (desktop, phone) in ``lang``, logged in as ``login``."""
    mobile = size == 'phone'
    driver = browser.make_driver(browser.PHONE if mobile else browser.DESKTOP, mobile=mobile,
                                 profile_dir=str(profile_dir), lang=lang.replace('_', '-'))
    try:
        browser.login(driver, server, db, login, login)
    except Exception:
        driver.quit()
        raise
    return Screen(driver, lang, size, artifacts_dir)


@pytest.mark.parametrize('lang,size', CASES)
def test_workflow_dialogs(odoo_server, db_name, admin, artifacts_dir, tmp_path, lang, size):
    labels, texts = LABELS[lang], TEXTS[lang]
    engineer_id, engineer_login = _user(admin, 'engineer', lang)
    owner_id, _login = _user(admin, 'engineer', lang)
    owner_name = admin('res.users', 'read', [owner_id], ['name'])[0]['name']
    manager_id, manager_login = _user(admin, 'manager', lang)
    engineer = Rpc(odoo_server, db_name, engineer_login, engineer_login)
    operation_id, workcenter_id = _operation(admin)
    ctx = {'lang': lang, 'tz': 'Asia/Shanghai'}
    imp = engineer('ci.improvement', 'create', {
        'title': '%s %s %s' % (texts['title'], lang, size), 'problem': texts['problem'],
        'workcenter_id': workcenter_id, 'operation_id': operation_id}, context=ctx)
    engineer('ci.improvement', 'action_submit', [imp], context=ctx)
    engineer('ci.improvement', 'action_start_review', [imp], context=ctx)

    mobile = size == 'phone'
    screen = _screen(odoo_server, db_name, engineer_login, lang, size, artifacts_dir, tmp_path / 'engineer')
    driver = screen.driver
    short = lang[:2]
    queue = []
    try:
        # 1. Approve asks for the owner
        driver.get('%s/web#id=%d&model=ci.improvement&view_type=form' % (odoo_server, imp))
        screen.click(screen.button(labels['approve']))
        field = screen.wait.until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, '.modal .o_field_many2one[name=owner_id] input')))
        field.send_keys(owner_name)
        option = screen.wait.until(lambda d: next((a for a in d.find_elements(
            By.CSS_SELECTOR, 'ul.ui-autocomplete li a') if a.is_displayed() and a.text.strip() == owner_name), None))
        option.click()
        comment = driver.find_element(By.CSS_SELECTOR, '.modal textarea[name=comment]')
        comment.send_keys('%s %s' % (texts['comment'], size))
        screen.check('approve dialog', scope='.modal-dialog', shot='workflow-approve-%s%s.png' % (short, '-phone' if mobile else ''))
        screen.click(driver.find_element(By.CSS_SELECTOR, '.modal .modal-footer button.btn-primary'))
        screen.wait.until(lambda d: admin('ci.improvement', 'read', [imp], ['state'])[0]['state'] == 'approved')
        data = admin('ci.improvement', 'read', [imp], ['owner_id', 'message_ids'])[0]
        assert data['owner_id'][0] == owner_id
        bodies = [m['body'] for m in admin('mail.message', 'read', data['message_ids'], ['body'])]
        assert any('%s %s' % (texts['comment'], size) in b for b in bodies), bodies

        # 2. Start Pilot, in the header once approved
        screen.click(screen.button(labels['start_pilot']))
        screen.wait.until(lambda d: 'model=ci.pilot' in d.current_url)
        screen.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '.o_form_view.o_form_editable')))
        reference = admin('ci.improvement', 'read', [imp], ['display_name'])[0]['display_name']
        screen.wait.until(lambda d: d.find_element(
            By.CSS_SELECTOR, '.o_form_view .o_field_many2one[name=improvement_id] input').get_attribute('value')
            == reference)
        assert '%s %s %s' % (texts['title'], lang, size) in driver.find_element(
            By.CSS_SELECTOR, '.o_form_view input[name=name]').get_attribute('value')
        wc_name = admin('mrp.workcenter', 'read', [workcenter_id], ['name'], context={'lang': lang})[0]['name']
        wc_field = driver.find_element(By.CSS_SELECTOR, '.o_form_view .o_field_many2one[name=workcenter_id] input')
        assert wc_field.get_attribute('value') == wc_name
        screen.check('new pilot', shot='workflow-start-pilot-%s%s.png' % (short, '-phone' if mobile else ''))

        # 3. the review queue: overdue first, then oldest, to the minute
        tag = '%s %s %d' % (lang, size, engineer_id)
        for title, days in (('Fresh idea', 1), ('Overdue idea', 9), ('Oldest idea', 30)):
            rec = engineer('ci.improvement', 'create', {'title': '%s %s' % (title, tag), 'problem': 'p',
                                                        'workcenter_id': workcenter_id}, context=ctx)
            engineer('ci.improvement', 'action_submit', [rec], context=ctx)
            queue.append(rec)
        # the submission dates of the past, as the plant would have them
        for rec, days in zip(queue, (1, 9, 30)):
            _set_submitted(db_name, rec, _now(days))
        action = admin.ref('ci_process.ci_improvement_action_review')
        # a page of its own: the new pilot's form is left unsaved
        driver.get('%s/web?queue=1#action=%d' % (odoo_server, action))
        shot = 'workflow-review-queue-%s%s.png' % (short, '-phone' if mobile else '')
        try:
            screen.wait.until(lambda d: d.find_elements(
                By.CSS_SELECTOR, '.o_kanban_view .o_kanban_record, .o_list_view tbody tr.o_data_row'))
        except Exception:
            driver.save_screenshot(os.path.join(artifacts_dir, 'workflow-debug.png'))
            raise
        if driver.find_elements(By.CSS_SELECTOR, '.o_kanban_view'):
            # a phone may get the queue's cards (Odoo opens the kanban view there), in the same order
            cards = screen.wait.until(lambda d: [c.get_attribute('textContent') for c in d.find_elements(
                By.CSS_SELECTOR, '.o_kanban_view .o_kanban_record') if ('idea %s' % tag) in c.get_attribute('textContent')])
            assert [c.split('idea %s' % tag)[0].split()[-1] for c in cards] == ['Oldest', 'Overdue', 'Fresh'], cards
            screen.check('review queue', shot=shot, scope=['.o_control_panel'])
        else:
            rows = screen.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.o_list_view tbody tr.o_data_row'))
            row_texts = [r.text for r in rows]
            titles = [t for t in row_texts if ('idea %s' % tag) in t]
            assert [t.split('idea %s' % tag)[0].split()[-1] for t in titles] == ['Oldest', 'Overdue', 'Fresh'], titles
            danger = [('text-danger' in r.get_attribute('class')) for r in rows if ('idea %s' % tag) in r.text]
            assert danger == [True, True, False], danger
            assert all(not re.search(r'\d\d:\d\d:\d\d|\d+时\d+分\d+秒', t) for t in row_texts), row_texts
            # the queue's own words, and the rows of this test (the database holds other tests' ideas)
            mine = ['.o_list_view tbody tr.o_data_row:nth-child(%d)' % (i + 1) for i, r in enumerate(rows)
                    if ('idea %s' % tag) in r.text]
            screen.check('review queue', shot=shot, scope=['.o_control_panel', '.o_list_view thead'] + mine)
    finally:
        driver.quit()
        # the queue's ideas of this test leave it (other tests read the queue too)
        for rec in queue:
            engineer('ci.improvement', 'action_withdraw', [rec], context=ctx)

    # 4. the manager approves a version that drops a step of the one in force
    manager = Rpc(odoo_server, db_name, manager_login, manager_login)
    product = admin('product.product', 'create', {'name': 'Workflow part %s %s %d' % (lang, size, time.time())})
    sop = manager('ci.sop', 'create', {'name': 'Packing %s %s' % (lang, size), 'operation_id': operation_id,
                                       'product_id': product}, context=ctx)
    base = manager('ci.sop.version', 'create', {
        'sop_id': sop, 'content': '<ol>%s</ol>' % ''.join('<li>%s</li>' % s for s in texts['steps'])}, context=ctx)
    manager('ci.sop.version', 'action_submit', [base], context=ctx)
    manager('ci.sop.version', 'action_approve', [base], context=ctx)
    steps = [texts['steps'][0], texts['new_step'], texts['steps'][2]]
    new = manager('ci.sop.version', 'create', {
        'sop_id': sop, 'content': '<ol>%s</ol>' % ''.join('<li>%s</li>' % s for s in steps)}, context=ctx)
    manager('ci.sop.version', 'action_submit', [new], context=ctx)
    screen = _screen(odoo_server, db_name, manager_login, lang, size, artifacts_dir, tmp_path / 'manager')
    driver = screen.driver
    try:
        driver.get('%s/web#id=%d&model=ci.sop.version&view_type=form' % (odoo_server, new))
        screen.click(screen.button(labels['approve']))
        warning = screen.wait.until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, '.modal .o_ci_removed_steps_warning')))
        removed = [li.text.strip() for li in warning.find_elements(By.CSS_SELECTOR, 'ul.o_ci_removed_steps li')]
        # the foam step was replaced by an unlike one, the taping dropped: both are gone
        assert removed == [texts['steps'][1], texts['steps'][3]], removed
        text = '%s %s %s' % (texts['sop_comment'], lang, size)
        driver.find_element(By.CSS_SELECTOR, '.modal textarea[name=comment]').send_keys(text)
        screen.check('sop approve dialog', scope='.modal-dialog', shot='workflow-sop-approve-%s%s.png' % (short, '-phone' if mobile else ''))
        screen.click(driver.find_element(By.CSS_SELECTOR, '.modal .modal-footer button.btn-primary'))
        screen.wait.until(lambda d: admin('ci.sop.version', 'read', [new], ['state'])[0]['state'] == 'approved')
        assert admin('ci.sop.version', 'read', [new], ['approval_comment'])[0]['approval_comment'] == text
        screen.wait.until(lambda d: text in d.find_element(By.CSS_SELECTOR, '.o_form_view .oe_chatter').text)
        screen.check('sop approved', scope='.o_form_view')
    finally:
        driver.quit()


def _set_submitted(db_name, rec_id, when):
    """Back-date a submission (a workflow field: only the database itself writes it here)."""
    import odoo
    with odoo.registry(db_name).cursor() as cr:
        cr.execute("UPDATE ci_improvement SET date_submitted = %s WHERE id = %s", (when, rec_id))
