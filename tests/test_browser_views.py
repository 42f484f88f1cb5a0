"""Headless Chromium: every menu entry of the suite opens for the role that
sees it, and so does the form of its first record, without an error dialog
or a JavaScript error. Catches views that name a missing field, widgets that
break on our data, actions with a bad domain or context."""
import os

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import browser
from test_xmlrpc_access import Rpc

VIEW = '.o_content .oe_view_nocontent, .o_content .o_view_nocontent, .o_content .o_list_view, .o_content .o_kanban_view, .o_content .o_form_view, ' \
       '.o_content .o_pivot, .o_content .o_graph_controller, .o_content .o_graph, .o_content .o_calendar_view, ' \
       '.modal .o_form_view'   # a wizard (target new) opens in a dialog
# Odoo 11's dialogs for a UserError/ValidationError and for a crash
ERROR = '.o_dialog_warning, .o_error_detail'


def _menus(rpc):
    """(menu name, action id) of the suite's menu entries this user sees."""
    root = rpc.ref('ci_process.menu_ci_root')
    visible = set(rpc('ir.ui.menu', 'search', [('id', 'child_of', root)]))
    menus = rpc('ir.ui.menu', 'search_read', [('id', 'child_of', root), ('action', '!=', False)],
                fields=['complete_name', 'action', 'parent_id'], context={'lang': 'en_US'})
    # an entry under a folder the user cannot see is not in their menu
    return [(m['complete_name'], int(m['action'].split(',')[1])) for m in menus
            if m['action'].startswith('ir.actions.act_window,') and m['parent_id'][0] in visible]


@pytest.mark.parametrize('login', ['operator', 'manager'])
def test_every_menu_opens(odoo_server, db_name, artifacts_dir, tmp_path, login):
    rpc = Rpc(odoo_server, db_name, login, login)
    menus = _menus(rpc)
    assert len(menus) >= (12 if login == 'manager' else 6), menus
    driver = browser.make_driver(browser.DESKTOP, profile_dir=str(tmp_path / 'profile'))
    wait = WebDriverWait(driver, 30)
    opened = []
    try:
        browser.login(driver, odoo_server, db_name, login, login)
        for name, action_id in menus:
            driver.get('%s/web#action=%d' % (odoo_server, action_id))
            driver.refresh()   # a new hash alone does not reload the client
            try:
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, VIEW) or d.find_elements(By.CSS_SELECTOR, ERROR))
            except TimeoutException:
                driver.save_screenshot(os.path.join(artifacts_dir, 'views-%s-failed.png' % login))
                raise AssertionError('%s: no view within 30 s' % name)
            dialogs = driver.find_elements(By.CSS_SELECTOR, ERROR)
            if dialogs:
                driver.save_screenshot(os.path.join(artifacts_dir, 'views-%s-error.png' % login))
            assert not dialogs, '%s: error dialog: %s' % (name, ' '.join(d.get_attribute('textContent')[:600]
                                                                          for d in dialogs))
            rows = [r for r in driver.find_elements(By.CSS_SELECTOR, '.o_list_view tbody tr.o_data_row')
                    if r.is_displayed()]
            create = [b for b in driver.find_elements(By.CSS_SELECTOR, '.o_cp_buttons .o-kanban-button-new, '
                                                              '.o_cp_buttons .o_list_button_add')
                      if b.is_displayed()]
            if rows or create:
                # the first record's form, else an empty one
                (rows[0].find_elements(By.CSS_SELECTOR, 'td')[-1] if rows else create[0]).click()
                wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.o_content .o_form_view')
                           or d.find_elements(By.CSS_SELECTOR, ERROR))
                assert not driver.find_elements(By.CSS_SELECTOR, ERROR), '%s: error in the form' % name
            errors = browser.console_errors(driver)
            assert not errors, (name, errors)
            opened.append(name)
        driver.save_screenshot(os.path.join(artifacts_dir, 'views-%s-last.png' % login))
    finally:
        driver.quit()
    assert len(opened) == len(menus)
