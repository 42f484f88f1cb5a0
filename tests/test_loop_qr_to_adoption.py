"""One improvement walked from the QR label to an adopted pilot, through the
interfaces people and integrators use: the phone page over HTTP, XML-RPC for
the engineer, work orders recorded over XML-RPC as an MES would."""
import datetime as dt
import html
import io
import json
import os
import re
import xmlrpc.client

import requests
import zxingcpp
from PIL import Image

# minutes for 10 units, one done work order a day, before and during the pilot
BEFORE = [62, 65, 60, 63, 66, 61, 64, 62, 67, 63, 60, 65]
DURING = [55, 57, 54, 56, 58, 53, 55, 57, 54, 56, 55, 53]


class Rpc(object):
    def __init__(self, url, db, login):
        self.db, self.password = db, login if login != 'admin' else 'admin'
        self.uid = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common').authenticate(db, login, self.password, {})
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kw)


def record_workorder(admin, product_id, bom_id, workcenter_id, loss_id, when, minutes, qty):
    mo = admin('mrp.production', 'create', {'product_id': product_id, 'product_qty': qty, 'bom_id': bom_id,
                                           'product_uom_id': admin('product.product', 'read', [product_id],
                                                                   fields=['uom_id'])[0]['uom_id'][0]})
    admin('mrp.production', 'button_plan', [mo])
    wo = admin('mrp.workorder', 'search', [('production_id', '=', mo)])[0]
    start = when - dt.timedelta(minutes=minutes)
    fmt = '%Y-%m-%d %H:%M:%S'
    admin('mrp.workcenter.productivity', 'create', {
        'workcenter_id': workcenter_id, 'workorder_id': wo, 'loss_id': loss_id,
        'date_start': start.strftime(fmt), 'date_end': when.strftime(fmt)})
    admin('mrp.workorder', 'write', [wo], {'state': 'done', 'date_start': start.strftime(fmt),
                                           'date_finished': when.strftime(fmt),
                                           'duration_expected': 60.0, 'qty_produced': qty})


def test_qr_capture_to_adopted_pilot(odoo_server, db_name, artifacts_dir):
    admin = Rpc(odoo_server, db_name, 'admin')
    engineer = Rpc(odoo_server, db_name, 'engineer')
    admin('ir.config_parameter', 'set_param', 'web.base.url', odoo_server)
    # the address the QR labels encode: this test's server
    admin('ir.config_parameter', 'set_param', 'ci_process.public_url', odoo_server)
    wc = admin('mrp.workcenter', 'create', {'name': 'Loop Press', 'costs_hour': 48.0,
                                            'owner_id': engineer.uid})
    routing = admin('mrp.routing', 'create', {'name': 'Loop routing', 'operation_ids': [
        (0, 0, {'name': 'Stamp', 'workcenter_id': wc, 'time_cycle_manual': 6.0})]})
    product = admin('product.product', 'create', {'name': 'Loop bracket', 'type': 'product',
                                                   'standard_price': 8.0})
    tmpl = admin('product.product', 'read', [product], fields=['product_tmpl_id'])[0]['product_tmpl_id'][0]
    bom = admin('mrp.bom', 'create', {'product_tmpl_id': tmpl, 'product_qty': 1, 'routing_id': routing})
    loss = admin('mrp.workcenter.productivity.loss', 'search', [('loss_type', '=', 'productive')], limit=1)[0]

    # 1. the operator scans the label of the work center...
    s = requests.Session()
    assert s.post(odoo_server + '/web/session/authenticate', json={'jsonrpc': '2.0', 'params': {
        'db': db_name, 'login': 'operator', 'password': 'operator'}}).json()['result']['uid']
    png = s.get('%s/ci/qr/workcenter/%d.png' % (odoo_server, wc)).content
    url = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))[0].text
    # ... which opens the station of that work center; its idea button
    # leads to the capture page, where they submit one
    station = s.get(url)
    assert re.search(r'<option value="%d" selected' % wc, station.text)
    capture = re.search(r'class="btn btn-primary btn-block o_ci_new_idea" href="([^"]+)"', station.text).group(1)
    page = s.get(odoo_server + html.unescape(capture))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    assert re.search(r'<option value="%d" selected' % wc, page.text)
    done = s.post(odoo_server + '/ci/capture', data={
        'csrf_token': token, 'workcenter_id': str(wc),
        'problem': 'Die change takes 20 minutes, the press waits',
        'idea': 'Quick-change clamps on the die'})
    ref = re.search(r'class="o_ci_reference">([^<]+)<', done.text).group(1)
    imp = admin('ci.improvement', 'search', [('name', '=', ref)])[0]

    # 2. the engineer (CI owner of the press) reviews, takes it, approves
    todo = engineer('mail.activity', 'search_read', [('res_model', '=', 'ci.improvement'), ('res_id', '=', imp)],
                    fields=['user_id'])
    assert [a['user_id'][0] for a in todo] == [engineer.uid]
    engineer('ci.improvement', 'action_start_review', [imp])
    engineer('ci.improvement', 'write', [imp], {'owner_id': engineer.uid, 'benefit_target': 5000})
    engineer('ci.improvement', 'action_approve', [imp])

    # 3. production data: 12 days before, 12 days with the clamps
    day0 = dt.datetime(2026, 5, 4, 14)
    for i, minutes in enumerate(BEFORE):
        record_workorder(admin, product, bom, wc, loss, day0 + dt.timedelta(days=i), minutes, 10)
    for i, minutes in enumerate(DURING):
        record_workorder(admin, product, bom, wc, loss, day0 + dt.timedelta(days=20 + i), minutes, 10)

    # 4. the pilot: engineers plan it, an operator may not
    operator = Rpc(odoo_server, db_name, 'operator')
    for model, vals in (('ci.pilot', {'name': 'x', 'improvement_id': imp, 'workcenter_id': wc}),
                        ('ci.goal', {'name': 'x', 'workcenter_id': wc})):
        try:
            operator(model, 'create', vals)
        except xmlrpc.client.Fault as e:
            assert e.faultCode == 4, e.faultString       # AccessError
        else:
            raise AssertionError('an operator created a %s over XML-RPC' % model)
    pilot = engineer('ci.pilot', 'create', {
        'name': 'Quick-change clamps on Loop Press', 'improvement_id': imp, 'workcenter_id': wc,
        'product_id': product, 'metric': 'cycle_time',
        'baseline_date_from': '2026-05-04', 'baseline_date_to': '2026-05-15',
        'pilot_date_from': '2026-05-24', 'pilot_date_to': '2026-06-04'})
    engineer('ci.pilot', 'action_start', [pilot])
    engineer('ci.pilot', 'action_evaluate', [pilot])
    figures = engineer('ci.pilot', 'read', [pilot], fields=[
        'test_name', 'baseline_n', 'baseline_mean', 'baseline_std', 'pilot_n', 'pilot_mean', 'pilot_std',
        'difference', 'relative_change', 'statistic', 'dof', 'p_value', 'p_value_display',
        'effect_size', 'verdict',
        'benefit_annual', 'benefit_note'])[0]
    assert figures['verdict'] == 'improved'
    assert 0 < figures['p_value'] < 1e-6 and figures['p_value_display'] == '< 0.0001'
    engineer('ci.pilot', 'action_adopt', [pilot])
    final = admin('ci.improvement', 'read', [imp], fields=['state', 'pdca_stage', 'benefit_actual'])[0]
    assert final['state'] == 'adopted' and final['pdca_stage'] == 'act'
    assert abs(final['benefit_actual'] - figures['benefit_annual']) < 0.01
    figures.update(improvement=ref, qr_url=url, improvement_state=final['state'])
    with open(os.path.join(os.path.dirname(artifacts_dir), 'qr-to-adoption.json'), 'w') as fh:
        json.dump(figures, fh, indent=2, ensure_ascii=False)
