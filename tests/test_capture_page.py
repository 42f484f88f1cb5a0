"""The phone capture page: from a work center's QR label to a submitted
improvement, in headless Chromium at a phone viewport, and over plain HTTP."""
import io
import os
import re
import xmlrpc.client

import pytest
import requests
import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import browser


@pytest.fixture(scope='module')
def admin_rpc(odoo_server, db_name):
    uid = xmlrpc.client.ServerProxy(odoo_server + '/xmlrpc/2/common').authenticate(db_name, 'admin', 'admin', {})
    models = xmlrpc.client.ServerProxy(odoo_server + '/xmlrpc/2/object', allow_none=True)

    def call(model, method, *args, **kw):
        return models.execute_kw(db_name, uid, 'admin', model, method, list(args), kw)
    return call


@pytest.fixture(scope='module')
def workcenter(admin_rpc, odoo_server):
    # the QR code points at the public address: make it this test server
    admin_rpc('ir.config_parameter', 'set_param', 'web.base.url', odoo_server)
    admin_rpc('ir.config_parameter', 'set_param', 'ci_process.public_url', odoo_server)
    wc_id = admin_rpc('mrp.workcenter', 'create', {'name': 'Capture Test Press'})
    return wc_id


def session(odoo_server, db_name, login):
    s = requests.Session()
    r = s.post(odoo_server + '/web/session/authenticate', json={
        'jsonrpc': '2.0', 'params': {'db': db_name, 'login': login, 'password': login}})
    assert r.json()['result']['uid']
    return s


def test_qr_label_opens_the_capture_page(odoo_server, db_name, workcenter, admin_rpc):
    s = session(odoo_server, db_name, 'operator')
    png = s.get('%s/ci/qr/workcenter/%d.png' % (odoo_server, workcenter))
    assert png.headers['Content-Type'] == 'image/png'
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    # the label leads to the work center's station (its idea button: this page)
    assert [c.text for c in codes] == ['%s/ci/station?workcenter=%d' % (odoo_server, workcenter)]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_phone_capture_in_chromium(odoo_server, db_name, workcenter, admin_rpc, artifacts_dir, tmp_path):
    driver = browser.make_driver(browser.PHONE, mobile=True, profile_dir=str(tmp_path / 'profile'))
    try:
        browser.login(driver, odoo_server, db_name, 'operator', 'operator')
        driver.get('%s/ci/capture?workcenter=%d' % (odoo_server, workcenter))
        wait = WebDriverWait(driver, 30)
        form = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'form.o_ci_capture_form')))
        # the work center comes from the URL
        selected = driver.find_element(By.CSS_SELECTOR, '#workcenter_id option:checked')
        assert selected.get_attribute('value') == str(workcenter)
        # fits a phone: no horizontal scrolling
        assert driver.execute_script('return document.documentElement.scrollWidth') <= browser.PHONE[0]
        driver.find_element(By.ID, 'problem').send_keys('Oil leaks under the press at every cycle')
        driver.find_element(By.ID, 'idea').send_keys('Add a drip tray and check the seal weekly')
        photo = tmp_path / 'leak.png'
        Image.new('RGB', (64, 48), (200, 40, 40)).save(photo)
        driver.find_element(By.ID, 'photo').send_keys(str(photo))
        driver.save_screenshot(os.path.join(artifacts_dir, 'capture-phone-form.png'))
        form.find_element(By.CSS_SELECTOR, 'button.o_ci_submit').click()
        ref = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.o_ci_reference'))).text
        driver.save_screenshot(os.path.join(artifacts_dir, 'capture-phone-done.png'))
        assert re.match(r'^CI/\d{4}/\d+$', ref)
        errors = browser.console_errors(driver)
        assert not errors, errors
    finally:
        driver.quit()
    imp = admin_rpc('ci.improvement', 'search_read', [('name', '=', ref)],
                    fields=['state', 'workcenter_id', 'problem', 'origin', 'submitter_id', 'photo'])
    assert len(imp) == 1
    imp = imp[0]
    assert imp['state'] == 'submitted' and imp['origin'] == 'proposal'
    assert imp['workcenter_id'][0] == workcenter
    assert imp['problem'] == 'Oil leaks under the press at every cycle'
    # the demo operator (李伟 or Li Wei, in the language the demo plant was loaded in)
    operator = admin_rpc('res.users', 'search', [('login', '=', 'operator')])
    assert imp['submitter_id'][0] == operator[0]
    assert imp['photo']


@pytest.mark.parametrize('data, message', [
    ({'problem': '   '}, 'Problem'),
    ({'problem': 'x', 'workcenter_id': 'abc'}, "'abc'"),
    ({'problem': 'x', 'workcenter_id': '999999'}, '999999'),
])
def test_bad_input_writes_nothing(odoo_server, db_name, admin_rpc, data, message):
    s = session(odoo_server, db_name, 'operator')
    page = s.get(odoo_server + '/ci/capture').text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    before = admin_rpc('ci.improvement', 'search_count', [])
    r = s.post(odoo_server + '/ci/capture', data=dict(data, csrf_token=token))
    assert r.status_code == 400
    assert message in r.text
    assert admin_rpc('ci.improvement', 'search_count', []) == before


def test_not_an_image_refused(odoo_server, db_name, admin_rpc):
    s = session(odoo_server, db_name, 'operator')
    token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(odoo_server + '/ci/capture').text).group(1)
    before = admin_rpc('ci.improvement', 'search_count', [])
    r = s.post(odoo_server + '/ci/capture', data={'problem': 'x', 'csrf_token': token},
               files={'photo': ('notes.txt', b'hello', 'text/plain')})
    assert r.status_code == 400 and 'notes.txt' in r.text
    assert admin_rpc('ci.improvement', 'search_count', []) == before
