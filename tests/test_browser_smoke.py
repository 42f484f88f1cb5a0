"""Headless Chromium: a demo CI User opens the suite's menu with the
web_responsive backend, on a desktop and on a phone, without a JS error."""
import os
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser


@pytest.mark.parametrize('device', ['desktop', 'phone'])
def test_ci_user_opens_the_suite(odoo_server, db_name, artifacts_dir, tmp_path, device):
    phone = device == 'phone'
    driver = browser.make_driver(browser.PHONE if phone else browser.DESKTOP, mobile=phone,
                                 profile_dir=str(tmp_path / 'profile'))
    try:
        browser.login(driver, odoo_server, db_name, 'operator', 'operator')
        wait = WebDriverWait(driver, 30)
        # web_responsive's app drawer: the way a user finds the suite
        toggle = next(t for t in driver.find_elements(By.CSS_SELECTOR, '.app-drawer-toggle')
                      if t.is_displayed())
        toggle.click()
        app = wait.until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, '#odooAppDrawer a[data-menu-xmlid="ci_process.menu_ci_root"]')))
        root_name = app.get_attribute('data-menu-name')
        assert root_name in ('Continuous Improvement', '持续改进')
        driver.save_screenshot(os.path.join(artifacts_dir, 'smoke-%s-app-drawer.png' % device))
        app.click()
        # the suite's first menu entry opens a real view under the suite's name
        # the suite's first menu entry opened one of its own models
        wait.until(lambda d: re.search(r'[#&]model=ci\.\w+', d.current_url))
        if not phone:   # on a phone the menu bar is collapsed behind its toggle
            wait.until(lambda d: any(root_name in e.text for e in
                                     d.find_elements(By.CSS_SELECTOR, '.app-name') if e.is_displayed()))
        view = wait.until(EC.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_content .o_list_view, .o_content .o_kanban_view')))
        assert view.text.strip(), "the first view of the suite is empty"
        assert re.search(r'[#&]action=\d+', driver.current_url)
        assert not driver.find_elements(By.CSS_SELECTOR, '.o_dialog_warning, .o_error_detail')
        shot = os.path.join(artifacts_dir, 'smoke-%s-ci-menu.png' % device)
        driver.save_screenshot(shot)
        assert os.path.getsize(shot) > 10000
        errors = browser.console_errors(driver)
        assert not errors, errors
    finally:
        driver.quit()
