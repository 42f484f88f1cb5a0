"""An operator's whole day on a phone, in Chinese (issue #14), in headless
Chromium at 390 x 844: log in and land on the station; scan the lathe's QR
label; read and acknowledge the standard in force; record a subgroup that is
in control, then one that is not and see the signal; submit an idea; find it
under "my ideas" and the points it earned beside the honour board. The
operator is a new one, CI User and nothing else, as on their first day.

Every screen of the day is read as the operator sees it: it must hold no
JavaScript console error and no Latin word outside the codes and units a
Chinese shop floor reads as they are (browser.LATIN_ALLOWED). The taps each
task takes are counted and written to var/artifacts/operator-day.json;
screenshots go to var/artifacts/screenshots/operator-day-*.png (the README
shows them, copied into docs/screenshots/)."""
import json
import os
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'data'))
import demo_factory  # noqa: E402  (lives in data/, not a package)


def fref(admin, name):
    return admin.ref('%s.%s' % (demo_factory.MODULE, name))


class Day:
    """The phone, the taps counted per task, the screens checked."""

    def __init__(self, driver, artifacts_dir):
        self.driver = driver
        self.wait = WebDriverWait(driver, 30)
        self.artifacts_dir = artifacts_dir
        self.taps = {}
        self.task = None
        self.screens = []

    def tap(self, element):
        self.taps[self.task] = self.taps.get(self.task, 0) + 1
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def type_into(self, element, text):
        # one tap into the field, then the keypad
        self.tap(element)
        element.clear()
        element.send_keys(text)

    def find(self, css):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def in_view(self, css):
        """The answer to a tap is on screen, without scrolling for it."""
        self.wait.until(lambda d: d.execute_script('return document.readyState') == 'complete')
        top, bottom = self.driver.execute_script(
            "var r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.top, r.bottom];", css)
        assert 0 <= top < browser.PHONE[1], "%s is off screen (top %s px)" % (css, top)

    def screen(self, name, show=None, ignore=()):
        """Checks the screen as it is now and keeps a screenshot of it,
        scrolled to the element ``show`` (a CSS selector)."""
        self.wait.until(lambda d: d.execute_script('return document.readyState') == 'complete')
        if show:
            self.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", show)
        latin = browser.latin_words(self.driver, ignore=ignore)
        errors = browser.console_errors(self.driver)
        self.screens.append({'screen': name, 'url': self.driver.current_url,
                             'latin_words': latin, 'console_errors': [e['message'] for e in errors]})
        self.driver.save_screenshot(os.path.join(self.artifacts_dir, 'operator-day-%s.png' % name))
        assert not errors, (name, errors)
        assert not latin, "English left on the Chinese screen %s: %s" % (name, latin)
        width = self.driver.execute_script('return document.documentElement.scrollWidth')
        assert width <= browser.PHONE[0], "%s scrolls sideways on a phone: %s px" % (name, width)


def test_operator_day(odoo_server, db_name, artifacts_dir, tmp_path):
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    # the address the phones use: the QR label encodes it
    admin('ir.config_parameter', 'set_param', 'ci_process.public_url', odoo_server)
    # a new operator, on their first day: CI User and nothing else, in Chinese
    login = 'day.%d' % int(time.time() * 1000)
    op_id = admin('res.users', 'create', {
        'name': '孙小红', 'login': login, 'password': login, 'lang': 'zh_CN', 'tz': 'Asia/Shanghai',
        'groups_id': [(6, 0, [admin.ref('base.group_user'), admin.ref('ci_process.group_ci_user')])]})
    lathe = fref(admin, 'workcenter_cnc1')
    diameter = fref(admin, 'characteristic_shaft_dia')
    qr_url = admin('mrp.workcenter', 'ci_capture_url', [lathe])
    assert qr_url.startswith(odoo_server + '/ci/station'), qr_url
    char = admin('ci.spc.characteristic', 'read', [diameter], ['subgroup_size', 'target', 'usl', 'lsl'])[0]
    measured_before = admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', diameter)])
    n = char['subgroup_size'] or 1
    driver = browser.make_driver(browser.PHONE, mobile=True, profile_dir=str(tmp_path / 'phone'), lang='zh-CN')
    day = Day(driver, artifacts_dir)
    try:
        # 1. log in: an operator lands on the station, not in Discuss
        day.task = 'log in'
        driver.get('%s/web/login?db=%s' % (odoo_server, db_name))
        day.type_into(day.find('input[name=login]'), login)
        day.type_into(day.find('input[name=password]'), login)
        day.tap(day.find('form.oe_login_form button[type=submit]'))
        day.wait.until(lambda d: '/ci/station' in d.current_url)
        day.find('.o_ci_station')
        day.screen('01-login-station')

        # 2. scan the lathe's label: the station of CNC lathe 1, its work order running
        day.task = 'scan the label'
        driver.get(qr_url)
        day.find('.o_ci_station_workorder .o_ci_workorder_name')
        assert day.find('.o_ci_workorder_state').text.strip()
        day.screen('02-station-workorder')

        # 3. read the standard in force and acknowledge it in one tap
        day.task = 'acknowledge the standard'
        sop_name = day.find('.o_ci_sop_name').text
        day.tap(day.find('button.o_ci_ack'))
        day.find('.o_ci_ack_done')
        day.find('.o_ci_sop_acknowledged')
        acks = admin('ci.sop.acknowledgement', 'search_read', [('user_id', '=', op_id)], ['display_name'])
        assert any(sop_name in a['display_name'] for a in acks), (sop_name, acks)
        day.in_view('.o_ci_sop_acknowledged')
        day.screen('03-standard-acknowledged')

        # 4. record a subgroup in control: the keypad, the spec beside it, the answer
        day.task = 'record a measurement'
        form_css = '.o_ci_spc_char[data-id="%d"]' % diameter
        day.find(form_css + ' .o_ci_spc_specs')
        target = char['target'] or (char['usl'] + char['lsl']) / 2.0
        inputs = driver.find_elements(By.CSS_SELECTOR, form_css + ' input.o_ci_value')
        assert len(inputs) == n, (len(inputs), n)
        for el in inputs:
            assert el.get_attribute('inputmode') == 'decimal'
            day.type_into(el, '%g' % target)
        day.tap(driver.find_element(By.CSS_SELECTOR, form_css + ' button.o_ci_measure'))
        day.find('.o_ci_spc_in_control')
        day.in_view('.o_ci_spc_in_control')
        day.screen('04-measurement-in-control')

        # 5. a subgroup far off: out of control, the signal shown and linked
        day.task = 'record an out-of-control subgroup'
        far = target + 6 * ((char['usl'] - char['lsl']) or 1.0)
        inputs = driver.find_elements(By.CSS_SELECTOR, form_css + ' input.o_ci_value')
        for el in inputs:
            day.type_into(el, '%g' % far)
        day.tap(driver.find_element(By.CSS_SELECTOR, form_css + ' button.o_ci_measure'))
        day.find('.o_ci_spc_out_of_control')
        assert day.find('a.o_ci_spc_signal').text.strip()
        day.in_view('.o_ci_spc_out_of_control')
        day.screen('05-measurement-out-of-control')
        # the signal opens (in a tab of its own) in the operator's language
        station_tab = driver.current_window_handle
        day.tap(day.find('a.o_ci_spc_signal'))
        day.wait.until(lambda d: len(d.window_handles) == 2)
        driver.switch_to.window([h for h in driver.window_handles if h != station_tab][0])
        day.find('.o_form_view .o_field_widget')
        day.wait.until(lambda d: d.execute_script(browser.HOME_ACTION_SHOWN))
        day.screen('05b-signal')
        driver.close()
        driver.switch_to.window(station_tab)
        measured = admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', diameter)])
        assert measured > measured_before, (measured, measured_before)

        # 6. submit an idea from the station
        day.task = 'submit an idea'
        day.tap(day.find('a.o_ci_new_idea'))
        problem = day.find('textarea[name=problem]')
        day.screen('06-idea-form')
        day.type_into(problem, '卡盘夹紧后工件偶尔偏心，需要重新找正。')
        day.type_into(day.find('textarea[name=idea]'), '在卡盘上加一个定位销。')
        day.tap(driver.find_element(By.CSS_SELECTOR, 'form button[type=submit]'))
        day.find('.o_ci_done')
        day.screen('07-idea-submitted')
        assert admin('ci.improvement', 'search_count', [('submitter_id', '=', op_id)]) == 1

        # 7. back at the station: my ideas, my points and the honour board
        day.task = 'see my ideas and points'
        day.tap(day.find('a.o_ci_back_station'))
        day.find('.o_ci_idea')
        ideas = [e.text for e in driver.find_elements(By.CSS_SELECTOR, '.o_ci_idea')]
        assert any('卡盘夹紧后工件偶尔偏心' in text for text in ideas), ideas
        balance = int(day.find('.o_ci_points_balance').text.strip())
        ledger = admin('ci.point.entry', 'search_read', [('user_id', '=', op_id)], ['points'])
        assert balance == sum(e['points'] for e in ledger), (balance, ledger)
        assert balance > 0, "the idea earned no points"
        day.find('.o_ci_honour_row')
        day.screen('08-ideas-points-honour-board', show='.o_ci_station_ideas')
    finally:
        # what the phone showed last (the screen a failure stopped at)
        driver.save_screenshot(os.path.join(artifacts_dir, 'operator-day-last.png'))
        with open(os.path.join(os.path.dirname(artifacts_dir), 'operator-day.json'), 'w') as f:
            json.dump({'taps': day.taps, 'screens': day.screens}, f, ensure_ascii=False, indent=1)
        driver.quit()
