"""The operator's station (/ci/station) over real HTTP, as the demo
`operator` (CI User only, zh_CN, no Manufacturing or stock rights): the work
order running at a work center, its standard acknowledged in one tap,
measurements recorded with immediate feedback, ideas, points and the honour
board; bad input answers 400 naming the field and value and writes nothing.
The data this test makes (a manufacturing order in progress, a second
company's work center) is committed and left behind."""
import datetime
import re
import uuid
import xmlrpc.client

import pytest
import requests

from test_capture_page import session as login
from test_xmlrpc_access import RPC_ACCESS_ERROR, Rpc

LATHE_OPERATION = 'ci_demo_factory.operation_turn'
SHAFT = 'DS25-DIA'


@pytest.fixture(scope='module')
def admin(odoo_server, db_name):
    return Rpc(odoo_server, db_name, 'admin', 'admin')


@pytest.fixture(scope='module', autouse=True)
def operator_in_chinese(admin, operator):
    """The issue's operator reads Chinese (the test database's demo users
    are in English): for this module only."""
    lang = admin('res.users', 'read', [operator.uid], ['lang'])[0]['lang']
    admin('res.users', 'write', [operator.uid], {'lang': 'zh_CN'})
    yield
    admin('res.users', 'write', [operator.uid], {'lang': lang})


@pytest.fixture(scope='module')
def station(admin):
    """A manufacturing order of the shaft with its turning work order in
    progress at CNC Lathe 1 (the demo plant's work orders are all done)."""
    # the demo plant's turning operation, whichever language the plant was loaded in
    op = admin('mrp.routing.workcenter', 'read', [admin.ref(LATHE_OPERATION)], ['routing_id', 'workcenter_id'])[0]
    bom = admin('mrp.bom', 'search_read', [('routing_id', '=', op['routing_id'][0])],
                fields=['product_tmpl_id', 'product_uom_id'], limit=1)[0]
    product = admin('product.product', 'search', [('product_tmpl_id', '=', bom['product_tmpl_id'][0])], limit=1)[0]
    mo = admin('mrp.production', 'create', {
        'product_id': product, 'product_qty': 12, 'product_uom_id': bom['product_uom_id'][0],
        'bom_id': bom['id'], 'routing_id': op['routing_id'][0]})
    admin('mrp.production', 'button_plan', [mo])
    wo = admin('mrp.workorder', 'search', [('production_id', '=', mo), ('operation_id', '=', op['id'])])[0]
    admin('mrp.workorder', 'write', [wo], {
        'state': 'progress', 'date_start': datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S')})
    char = admin('ci.spc.characteristic', 'search', [('code', '=', SHAFT)])[0]
    return {'workcenter': op['workcenter_id'][0], 'workorder': wo, 'production': mo, 'characteristic': char,
            'version': admin('mrp.workorder', 'read', [wo], ['ci_sop_version_id'])[0]['ci_sop_version_id'][0]}




def page(s, odoo_server, workcenter):
    r = s.get('%s/ci/station?workcenter=%d' % (odoo_server, workcenter))
    assert r.status_code == 200, r.text[:2000]
    return r.text


def post(s, odoo_server, path, html, data):
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return s.post(odoo_server + path, data=dict(data, csrf_token=token))


def test_the_operator_has_no_stock_rights(operator):
    """What the station must do without: the operator may not read stock moves."""
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('stock.move', 'search', [], limit=1)
    assert err.value.faultCode == RPC_ACCESS_ERROR


def test_station_shows_the_running_work_order(odoo_server, db_name, station, admin):
    s = login(odoo_server, db_name, 'operator')
    html = page(s, odoo_server, station['workcenter'])
    # as the operator reads it: the product's name in Chinese (the demo plant translates it)
    wo = admin('mrp.workorder', 'read', [station['workorder']], ['name', 'product_id'],
               context={'lang': 'zh_CN'})[0]
    mo = admin('mrp.production', 'read', [station['production']], ['name'])[0]
    assert '%s - %s' % (mo['name'], wo['name']) in html
    assert wo['product_id'][1] in html
    # the work order's state and the sections, in Chinese
    assert '进行中' in html and '工单' in html and '作业标准' in html
    # a phone's keypad: one decimal field per member of the shaft's subgroup of 5
    form = re.search(r'<form action="/ci/station/measure[^"]*".*?</form>', html, re.S).group(0)
    assert len(re.findall(r'inputmode="decimal"', form)) == 5
    # spec limits beside it
    assert re.search(r'o_ci_spc_specs.*24\.98.*25\.02', html, re.S)
    # the phone remembers the work center
    assert s.cookies.get('ci_station_workcenter') == str(station['workcenter'])
    again = s.get(odoo_server + '/ci/station')
    assert again.status_code == 200 and wo['name'] in again.text


def test_acknowledge_in_one_tap(odoo_server, db_name, station, admin, operator):
    s = login(odoo_server, db_name, 'operator')
    html = page(s, odoo_server, station['workcenter'])
    acks = admin('ci.sop.acknowledgement', 'search',
                 [('version_id', '=', station['version']), ('user_id', '=', operator.uid)])
    if acks:
        # acknowledged before (a second run on this database): shown as such
        assert 'o_ci_sop_acknowledged' in html and 'o_ci_ack_form' not in html
        return
    assert 'class="btn btn-primary btn-block o_ci_ack"' in html
    r = post(s, odoo_server, '/ci/station/acknowledge', html,
             {'workcenter_id': station['workcenter'], 'version_id': station['version']})
    assert r.status_code == 200
    assert 'o_ci_ack_done' in r.text and 'o_ci_sop_acknowledged' in r.text and 'o_ci_ack_form' not in r.text
    acks = admin('ci.sop.acknowledgement', 'search_read',
                 [('version_id', '=', station['version']), ('user_id', '=', operator.uid)], fields=['display_name'])
    assert len(acks) == 1
    # a name, not a record id
    name = admin('res.users', 'read', [operator.uid], ['name'])[0]['name']
    assert acks[0]['display_name'].startswith(name + ' – ')


def _measure(s, odoo_server, station, values):
    html = page(s, odoo_server, station['workcenter'])
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return s.post(odoo_server + '/ci/station/measure', data=[
        ('csrf_token', token), ('workcenter_id', station['workcenter']),
        ('characteristic_id', station['characteristic'])] + [('value', v) for v in values])


def test_measurements_in_control_then_out_of_control(odoo_server, db_name, station, admin):
    s = login(odoo_server, db_name, 'operator')
    count = admin('ci.spc.measurement', 'search_count', [('workorder_id', '=', station['workorder'])])
    r = _measure(s, odoo_server, station, ['25.001', '24.999', '25.000', '25.002', '24.998'])
    assert r.status_code == 200, r.text[:3000]
    assert 'o_ci_spc_in_control' in r.text and 'o_ci_spc_out_of_control' not in r.text
    rows = admin('ci.spc.measurement', 'search_read', [('workorder_id', '=', station['workorder'])],
                 fields=['value', 'user_id', 'batch_id'], order='id')
    assert len(rows) == count + 5
    assert sorted(r['value'] for r in rows[-5:]) == [24.998, 24.999, 25.0, 25.001, 25.002]
    assert all(r['batch_id'] for r in rows[-5:])   # through ingest: a logged batch
    # a subgroup far above the upper control limit
    r = _measure(s, odoo_server, station, ['25.30'] * 5)
    assert r.status_code == 200
    assert 'o_ci_spc_out_of_control' in r.text
    link = re.search(r'href="/web#model=ci.spc.signal&amp;id=(\d+)&amp;view_type=form"', r.text)
    assert link, r.text[:3000]
    signal = admin('ci.spc.signal', 'read', [int(link.group(1))], ['characteristic_id', 'state'])[0]
    assert signal['characteristic_id'][0] == station['characteristic']


@pytest.mark.parametrize('values, message', [
    (['25.0', '25.0'], '2'),                       # the subgroup has 5 values
    (['25.0', 'abc', '25.0', '25.0', '25.0'], "'abc'"),
    (['25.0', '25.0', '25.0', '25.0', '1e9'], '1000000000'),   # beyond the reasonable limits
])
def test_bad_measurements_write_nothing(odoo_server, db_name, station, admin, values, message):
    s = login(odoo_server, db_name, 'operator')
    before = admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', station['characteristic'])])
    r = _measure(s, odoo_server, station, values)
    assert r.status_code == 400
    error = re.search(r'class="alert alert-danger o_ci_error"[^>]*>(.*?)</div>', r.text, re.S).group(1)
    assert message in error
    # the field: 值 (value) or 测量值 (measurements)
    assert '值' in error or 'value' in error.lower(), error
    assert admin('ci.spc.measurement', 'search_count',
                 [('characteristic_id', '=', station['characteristic'])]) == before


def test_wrong_count_message_reads_right(odoo_server, db_name, station):
    s = login(odoo_server, db_name, 'operator')
    r = _measure(s, odoo_server, station, ['25.0', '25.0'])
    error = re.search(r'o_ci_error"[^>]*>(.*?)</div>', r.text, re.S).group(1)
    # what was entered (2), then what a subgroup has (5)
    assert error.index('2') < error.index('5'), error


def test_another_companys_work_center_is_unknown(odoo_server, db_name, admin):
    tag = uuid.uuid4().hex[:6]
    company2 = admin('res.company', 'create', {'name': 'Station Plant %s' % tag})
    wc2 = admin('mrp.workcenter', 'create', {'name': 'Station Press %s' % tag, 'company_id': company2})
    s = login(odoo_server, db_name, 'operator')
    r = s.get('%s/ci/station?workcenter=%d' % (odoo_server, wc2))
    assert r.status_code == 404 and str(wc2) in r.text
    assert 'Station Press %s' % tag not in r.text
    r = s.get('%s/ci/station?workcenter=abc' % odoo_server)
    assert r.status_code == 400 and "'abc'" in r.text


def test_ideas_points_and_honour_board(odoo_server, db_name, station, admin, operator):
    s = login(odoo_server, db_name, 'operator')
    html = page(s, odoo_server, station['workcenter'])
    assert 'href="/ci/capture?workcenter=%d"' % station['workcenter'] in html
    mine = admin('ci.improvement', 'search_read', [('submitter_id', '=', operator.uid)],
                 fields=['name', 'state'], order='create_date desc, id desc', limit=5)
    assert mine, "the demo operator has ideas"
    for imp in mine:
        assert imp['name'] in html
    assert len(re.findall(r'class="o_ci_row o_ci_idea"', html)) == len(mine)
    # state in words (Chinese), not a code
    states = re.findall(r'o_ci_idea_state">([^<]*)<', html)
    assert states and not any(re.match(r'^[a-z_]+$', st) for st in states), states
    balance = int(re.search(r'o_ci_points_balance"[^>]*>(-?\d+)<', html).group(1))
    entries = admin('ci.point.entry', 'search_read', [('user_id', '=', operator.uid)], fields=['points'])
    assert balance == sum(e['points'] for e in entries)
    assert 'o_ci_station_honour' in html and '荣誉榜' in html


def test_operator_lands_on_the_station_others_in_the_backend(odoo_server, db_name):
    for login_name, home in (('operator', '/ci/station'), ('engineer', '/web'), ('manager', '/web'),
                             ('admin', '/web')):
        s = requests.Session()
        form = s.get(odoo_server + '/web/login').text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        r = s.post(odoo_server + '/web/login', data={'login': login_name, 'password': login_name,
                                                     'csrf_token': token, 'db': db_name},
                   allow_redirects=False)
        # Odoo answers a login with a page that keeps the URL's #hash
        assert "window.location = '%s' + location.hash" % home in r.text, (login_name, r.text[:500])


def test_station_fits_a_phone(odoo_server, db_name, station):
    """Big tap targets and nothing wider than a phone in the page's own styles."""
    s = login(odoo_server, db_name, 'operator')
    html = page(s, odoo_server, station['workcenter'])
    assert 'min-height: 44px' in html and 'name="viewport"' in html
    assert not re.search(r'(?<!max-)width:\s*[4-9]\d\dpx', html)


def test_station_on_a_phone_in_chromium(odoo_server, db_name, station, artifacts_dir, tmp_path):
    """At 390 px: the operator lands on the station, no horizontal scroll, tap targets ≥ 44 px."""
    import os
    import browser
    from selenium.webdriver.common.by import By
    driver = browser.make_driver(browser.PHONE, mobile=True, profile_dir=str(tmp_path / 'profile'))
    try:
        browser.login(driver, odoo_server, db_name, 'operator', 'operator', backend=False)
        driver.get('%s/ci/station?workcenter=%d' % (odoo_server, station['workcenter']))
        driver.find_element(By.CSS_SELECTOR, '.o_ci_station_spc')
        assert driver.execute_script('return document.documentElement.scrollWidth') <= browser.PHONE[0]
        for button in driver.find_elements(By.CSS_SELECTOR, '.o_ci_station .btn, .o_ci_station input.o_ci_value'):
            assert button.size['height'] >= 44, button.get_attribute('outerHTML')[:200]
        driver.save_screenshot(os.path.join(artifacts_dir, 'station-phone.png'))
        errors = browser.console_errors(driver)
        assert not errors, errors
    finally:
        driver.quit()


def test_one_post_is_one_subgroup_not_a_batch(odoo_server, db_name, admin):
    """An I-MR chart's station form has one field: a forged post with
    thousands of values is refused whole (batches are ingest's, over XML-RPC)."""
    chars = admin('ci.spc.characteristic', 'search_read', [('chart_type', '=', 'imr')],
                  fields=['workcenter_id', 'operation_id'])
    s = login(odoo_server, db_name, 'operator')
    for char in chars:
        if not (char['workcenter_id'] or char['operation_id']):
            continue    # measured on no station (a product's, from other tests)
        wc = char['workcenter_id'] or admin('mrp.routing.workcenter', 'read', [char['operation_id'][0]],
                                            ['workcenter_id'])[0]['workcenter_id']
        html = page(s, odoo_server, wc[0])
        if re.search(r'class="o_ci_spc_char"[^>]*data-id="%d"' % char['id'], html):
            break
    else:
        pytest.fail("no I-MR characteristic on a station of the demo plant: %s" % chars)
    before = admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char['id'])])
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    r = s.post(odoo_server + '/ci/station/measure', data=[
        ('csrf_token', token), ('workcenter_id', wc[0]), ('characteristic_id', char['id'])]
        + [('value', '%.3f' % (20 + 0.001 * (i % 7))) for i in range(300)])
    assert r.status_code == 400
    error = re.search(r'o_ci_error"[^>]*>(.*?)</div>', r.text, re.S).group(1)
    assert '300' in error, error
    assert admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char['id'])]) == before


def test_ids_beyond_the_database_are_refused_clearly(odoo_server, db_name, station):
    s = login(odoo_server, db_name, 'operator')
    huge = '99999999999999999999'
    r = s.get('%s/ci/station?workcenter=%s' % (odoo_server, huge))
    assert r.status_code == 400 and huge in r.text
    html = page(s, odoo_server, station['workcenter'])
    r = post(s, odoo_server, '/ci/station/measure', html, {
        'workcenter_id': huge, 'characteristic_id': station['characteristic'], 'value': '25'})
    assert r.status_code == 400 and huge in r.text
    # a remembered work center that is no id is forgotten, not an error
    s.cookies.set('ci_station_workcenter', huge)
    assert s.get(odoo_server + '/ci/station').status_code == 200


@pytest.mark.parametrize('redirect, lands', [
    ('https://evil.example/phish', '/ci/station'),
    ('//evil.example/phish', '/ci/station'),
    ('/\\evil.example/phish', '/ci/station'),
    ('{server}/ci/station?workcenter=7', '{server}/ci/station?workcenter=7'),   # a QR code scanned logged out
    ('/ci/capture', '/ci/capture'),
])
def test_login_leads_to_this_server_only(odoo_server, db_name, redirect, lands):
    redirect, lands = redirect.format(server=odoo_server), lands.format(server=odoo_server)
    s = requests.Session()
    form = s.get(odoo_server + '/web/login').text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    r = s.post(odoo_server + '/web/login', data={'login': 'operator', 'password': 'operator', 'redirect': redirect,
                                                 'csrf_token': token, 'db': db_name}, allow_redirects=False)
    assert "window.location = '%s' + location.hash" % lands in r.text, (redirect, r.text[:500])
