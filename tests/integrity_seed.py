"""Records in every workflow state of the protected models, for the
integrity matrix (tests/integrity_probes.py, tests/test_integrity_matrix.py).

The demo plant holds most states, not all: no pilot planned or evaluated, no
SOP version in approval, no review of a standard, no signal acknowledged, no
reward redemption, no KPI alert evaluation, no pilot feedback, no work order
other than done ones... and the CI User's own improvements are not in every
state, so that its write probes were refused by the record rules before the
protection was reached. :func:`seed` makes what is missing, over XML-RPC,
through the workflow's own doors: the transition buttons, called by the
lowest role allowed to press them (e.g. the operator creates and submits an
improvement, the engineer starts its review, names its owner and approves it,
the manager adopts it). Only the plant's configuration (a work center, a
product, its routing and bill of materials) is made by the administrator.

Everything is named ``Integrity matrix ...`` and lives on a work center and
routing of its own (``Integrity matrix bench``: its SOPs, characteristics,
work orders and alert rule): the demo plant's standards, charts and work
orders are not touched, nor anything the other tests count. Improvements,
pilots and signals sort newest first: a test that takes "the first one"
without a domain may get one of these, and none relies on what it holds.
The people's points move as the workflow awards them (the operator's ideas,
a 1-point reward), as they do for any other test's records.

A marker (system parameter ``ci_integrity_matrix.seed``) records what was
made: a second run on the same database makes nothing and reuses it (a run
that failed midway leaves no marker: the next one makes a new set).

What no call can make, by construction (a record frozen from birth), is
listed in :data:`UNREACHABLE` with the reason; the matrix's report carries
it and its test checks that every other state has write probes.
"""
import datetime
import json
import os
import time
import xmlrpc.client

MARKER = 'ci_integrity_matrix.seed'
# bump when the plan below changes: a database seeded by an older plan is seeded again
PLAN_VERSION = 1
TAG = 'Integrity matrix'
EN = {'lang': 'en_US'}
# calls that only look records up: not steps of the workflow
LOOKUPS = ('search', 'read', 'search_read', 'read_group', 'xmlid_to_res_id')

# (model, group): why no record of that state (or group) can exist. The
# groups of a model without a state are 'open', and 'frozen' when it has a
# _frozen() of its own (tests/test_integrity_matrix.py, expected_groups)
UNREACHABLE = {
    ('ci.point.entry', 'open'): "every entry is frozen (_frozen: the ledger is append-only)",
    ('ci.award', 'open'): "every award is frozen once made (_frozen returns every record)",
    ('ci.spc.batch', 'open'): "every batch is frozen (_frozen: the log of the data feed)",
    ('ci.kpi.alert.evaluation', 'open'): "every evaluation is frozen (_frozen: a log)",
    ('ci.sop.acknowledgement', 'open'): "every acknowledgement is frozen (_frozen returns every record)",
}


class Seeder(object):
    """Makes the records, one XML-RPC call at a time, and remembers which
    role made which step (the report's ``steps``)."""

    def __init__(self, rpc, today=None, participant=None):
        # {role: callable(model, method, *args, **kw) with .uid}; ``participant``
        # (a key of rpc, or None for 'admin'): a user who is none of the roles probed
        self.rpc = rpc
        self.participant = participant or 'admin'
        self.today = today or datetime.date.today()
        self.made = {}                  # {model: {state: [ids]}}
        self.steps = []                 # [(role, model, method)]
        self.calls = 0
        self.failed = []                # [{'step', 'error'}]

    def call(self, role, model, method, *args, **kw):
        kw['context'] = dict(EN, **(kw.get('context') or {}))
        self.calls += 1
        if method not in LOOKUPS:
            self.steps.append((role, model, method))
        try:
            return self.rpc[role](model, method, *args, **kw)
        except xmlrpc.client.Fault as fault:
            text = str(fault.faultString).strip().splitlines()
            raise AssertionError('seeding the integrity matrix: %s %s.%s failed: %s'
                                 % (role, model, method, text[-1] if text else fault.faultCode))

    def ref(self, xmlid):
        return self.call('admin', 'ir.model.data', 'xmlid_to_res_id', xmlid)

    def day(self, delta):
        return str(self.today + datetime.timedelta(days=delta))

    def note(self, model, state, rec_id):
        self.made.setdefault(model, {}).setdefault(state, []).append(rec_id)
        return rec_id

    def read(self, model, rec_id, field):
        value = self.call('admin', model, 'read', [rec_id], [field])[0][field]
        return value[0] if isinstance(value, list) and value and field.endswith('_id') else value

    def expect(self, model, rec_id, state):
        found = self.read(model, rec_id, 'state')
        assert found == state, '%s %s is %s, not %s' % (model, rec_id, found, state)
        return self.note(model, state, rec_id)

    # ------------------------------------------------------------------
    # the plan
    # ------------------------------------------------------------------
    def run(self):
        """Each step of the plan; one that fails (the server refused a
        move, a state was not reached) is reported, and the others still run
        (a step that needs an earlier one's records fails with it)."""
        for step in (self.plant, self.standards, self.improvements, self.pilots, self.standardized,
                     self.work_orders, self.alert, self.spc, self.redemptions, self.badge):
            try:
                step()
            except Exception as exc:  # pylint: disable=broad-except
                self.failed.append({'step': step.__name__, 'error': '%s: %s' % (type(exc).__name__, exc)})

    def plant(self):
        """A work center, a product and its routing of three operations (the
        configuration, not a workflow: the administrator)."""
        self.bench = self.call('admin', 'mrp.workcenter', 'create', {
            'name': '%s bench' % TAG, 'code': 'IMX', 'costs_hour': 10.0})
        self.product = self.call('admin', 'product.product', 'create', {
            'name': '%s part' % TAG, 'type': 'consu'})
        self.routing = self.call('admin', 'mrp.routing', 'create', {
            'name': '%s routing' % TAG,
            'operation_ids': [(0, 0, {'name': '%s operation %s' % (TAG, key), 'workcenter_id': self.bench,
                                      'time_cycle_manual': 1.0, 'sequence': 10 * (i + 1)})
                              for i, key in enumerate('ABC')]})
        self.ops = self.call('admin', 'mrp.routing.workcenter', 'search',
                             [('routing_id', '=', self.routing)], order='sequence, id')
        tmpl = self.read('product.product', self.product, 'product_tmpl_id')
        self.bom = self.call('admin', 'mrp.bom', 'create', {
            'product_tmpl_id': tmpl, 'product_id': self.product, 'product_qty': 1,
            'routing_id': self.routing})

    def standards(self):
        """Three SOPs (engineer), each with a first version approved (manager)
        in force for more than a year: their reviews are due, and the review
        job (run as the administrator runs a scheduled action by hand) opens
        them; the engineer confirms one and revises another. A second version
        of B waits in approval; the operator acknowledges A's first one."""
        self.sops, self.first_versions = [], []
        for key, op in zip('ABC', self.ops):
            sop = self.call('engineer', 'ci.sop', 'create', {'name': '%s SOP %s' % (TAG, key),
                                                            'operation_id': op})
            version = self.call('engineer', 'ci.sop.version', 'create', {
                'sop_id': sop, 'content': '<p>%s: the procedure of operation %s.</p>' % (TAG, key),
                'date_effective': self.day(-400)})
            self.call('engineer', 'ci.sop.version', 'action_submit', [version])
            self.call('manager', 'ci.sop.version', 'action_approve', [version])
            self.sops.append(sop)
            self.first_versions.append(version)
        # the acknowledgement: the operator's Acknowledge button
        self.call('operator', 'ci.sop.version', 'action_acknowledge', [self.first_versions[0]])
        ack = self.call('admin', 'ci.sop.acknowledgement', 'search',
                        [('version_id', '=', self.first_versions[0])])
        self.note('ci.sop.acknowledgement', 'frozen', ack[0])
        # the periodic reviews: the scheduled job, run by hand
        cron = self.ref('ci_process.ir_cron_ci_sop_review_due')
        self.call('admin', 'ir.cron', 'method_direct_trigger', [cron])
        reviews = []
        for sop in self.sops:
            found = self.call('admin', 'ci.sop.review', 'search', [('sop_id', '=', sop)])
            assert len(found) == 1, 'the review job opened %s reviews of SOP %s' % (len(found), sop)
            reviews.append(found[0])
        self.expect('ci.sop.review', reviews[0], 'open')
        self.call('engineer', 'ci.sop.review', 'action_confirm', [reviews[1]])
        self.expect('ci.sop.review', reviews[1], 'confirmed')
        self.call('engineer', 'ci.sop.review', 'action_revise', [reviews[2]])
        self.expect('ci.sop.review', reviews[2], 'revised')
        draft = self.read('ci.sop.review', reviews[2], 'new_version_id')
        self.expect('ci.sop.version', draft, 'draft')
        # a version in approval
        second = self.call('engineer', 'ci.sop.version', 'create', {
            'sop_id': self.sops[1], 'content': '<p>%s: the procedure of B, revised.</p>' % TAG})
        self.call('engineer', 'ci.sop.version', 'action_submit', [second])
        self.expect('ci.sop.version', second, 'approval')

    def _idea(self, role, label, **vals):
        vals = dict({'title': '%s: %s' % (TAG, label),
                     'problem': '%s: a record in the state %s.' % (TAG, label)}, **vals)
        return self.call(role, 'ci.improvement', 'create', vals)

    def _approved(self, label, **vals):
        imp = self._idea('operator', label, **vals)
        self.call('operator', 'ci.improvement', 'action_submit', [imp])
        self.call('engineer', 'ci.improvement', 'action_start_review', [imp])
        self.call('engineer', 'ci.improvement', 'write', [imp], {'owner_id': self.rpc['engineer'].uid})
        self.call('engineer', 'ci.improvement', 'action_approve', [imp])
        return imp

    def improvements(self):
        """The operator's own improvement in each state (its record rules let
        it write those only), and a draft of the engineer's and of the
        manager's (drafts are private to their author)."""
        self.expect('ci.improvement', self._idea('operator', 'draft'), 'draft')
        for role in ('engineer', 'manager'):
            self.expect('ci.improvement', self._idea(role, 'draft of the %s' % role), 'draft')
        # the manager's and the administrator's own ideas, submitted: the
        # points they earn pay for a reward, as a request needs a balance
        for role in ('manager', 'admin'):
            imp = self._idea(role, 'submitted by the %s' % role)
            self.call(role, 'ci.improvement', 'action_submit', [imp])
            self.expect('ci.improvement', imp, 'submitted')
        imp = self._idea('operator', 'submitted')
        self.call('operator', 'ci.improvement', 'action_submit', [imp])
        self.expect('ci.improvement', imp, 'submitted')
        imp = self._idea('operator', 'review')
        self.call('operator', 'ci.improvement', 'action_submit', [imp])
        self.call('engineer', 'ci.improvement', 'action_start_review', [imp])
        self.expect('ci.improvement', imp, 'review')
        self.approved = self.expect('ci.improvement', self._approved('approved'), 'approved')
        self.piloted = self._approved('pilot')
        # approved -> adopted without a pilot: a CI Manager's move; no
        # operation, so no SOP draft: it stays adopted
        imp = self._approved('adopted')
        self.call('manager', 'ci.improvement', 'action_adopt', [imp])
        self.expect('ci.improvement', imp, 'adopted')
        imp = self._idea('operator', 'rejected')
        self.call('operator', 'ci.improvement', 'action_submit', [imp])
        self.call('engineer', 'ci.improvement', 'action_reject', [imp], reason='%s: rejected' % TAG)
        self.expect('ci.improvement', imp, 'rejected')
        imp = self._idea('operator', 'withdrawn')
        self.call('operator', 'ci.improvement', 'action_submit', [imp])
        self.call('operator', 'ci.improvement', 'action_withdraw', [imp])
        self.expect('ci.improvement', imp, 'withdrawn')

    def pilots(self):
        """A pilot planned (on the approved improvement) and one evaluated on
        the history of a work center with data (the engineer), with the
        feedback of each role (the operator's through its Give Feedback
        button's form)."""
        history = self.ref('ci_demo_factory.workcenter_press') or self._busy_workcenter()
        windows = {'baseline_date_from': self.day(-150), 'baseline_date_to': self.day(-91),
                   'pilot_date_from': self.day(-60), 'pilot_date_to': self.day(-1)}
        planned = self.call('engineer', 'ci.pilot', 'create', dict(
            windows, name='%s pilot planned' % TAG, improvement_id=self.approved, workcenter_id=history))
        self.expect('ci.pilot', planned, 'draft')
        pilot = self.call('engineer', 'ci.pilot', 'create', dict(
            windows, name='%s pilot evaluated' % TAG, improvement_id=self.piloted, workcenter_id=history))
        self.call('engineer', 'ci.pilot', 'action_start', [pilot])
        self.call('engineer', 'ci.pilot', 'action_evaluate', [pilot])
        self.expect('ci.pilot', pilot, 'evaluated')
        self.expect('ci.improvement', self.piloted, 'pilot')
        # first, a participant who is none of the four roles, on the planned
        # pilot: the probes make new feedback like it, which each role may
        # then give (one feedback per pilot and participant)
        feedbacks = [(self.participant, planned, '4'), ('operator', pilot, '4'), ('engineer', pilot, '5'),
                     ('manager', pilot, '3')]
        for role, on, rating in feedbacks:
            action = self.call(role, 'ci.pilot', 'action_give_feedback', [on])
            context = action.get('context') or {}
            feedback = self.call(role, 'ci.pilot.feedback', 'create', {
                'pilot_id': context.get('default_pilot_id', on), 'rating': rating,
                'comment': '%s: feedback of the %s' % (TAG, role)})
            self.note('ci.pilot.feedback', 'open', feedback)

    def _busy_workcenter(self):
        # without the demo plant: the work center with the most done work orders
        groups = self.call('admin', 'mrp.workorder', 'read_group', [('state', '=', 'done')],
                           ['workcenter_id'], ['workcenter_id'])
        assert groups, 'no done work order to pilot on'
        return max(groups, key=lambda g: (g['workcenter_id_count'], -g['workcenter_id'][0]))['workcenter_id'][0]

    def standardized(self):
        """Adopting an improvement of operation A drafts A's next version
        (manager's move from approved); the engineer submits it, the manager
        approves it: the improvement is standardized, A's first version
        superseded."""
        imp = self._approved('standardized', workcenter_id=self.bench, operation_id=self.ops[0])
        self.call('manager', 'ci.improvement', 'action_adopt', [imp])
        draft = self.call('admin', 'ci.sop.version', 'search', [('improvement_id', '=', imp)])
        assert len(draft) == 1, 'adopting %s drafted %s versions' % (imp, len(draft))
        self.call('engineer', 'ci.sop.version', 'action_submit', draft)
        self.call('manager', 'ci.sop.version', 'action_approve', draft)
        self.expect('ci.improvement', imp, 'standardized')
        self.expect('ci.sop.version', draft[0], 'approved')
        self.expect('ci.sop.version', self.first_versions[0], 'superseded')

    def work_orders(self):
        """Three manufacturing orders of the bench's part (engineer, an MRP
        user): planned, their first work order ready and the others pending;
        one started (in progress), one cancelled."""
        uom = self.read('product.product', self.product, 'uom_id')
        productions = []
        for _i in range(3):
            production = self.call('engineer', 'mrp.production', 'create', {
                'product_id': self.product, 'product_qty': 1, 'product_uom_id': uom, 'bom_id': self.bom,
                'origin': TAG})
            self.call('engineer', 'mrp.production', 'button_plan', [production])
            productions.append(self.call('admin', 'mrp.workorder', 'search',
                                         [('production_id', '=', production)], order='id'))
        self.call('engineer', 'mrp.workorder', 'button_start', [productions[0][0]])
        self.expect('mrp.workorder', productions[0][0], 'progress')
        self.expect('mrp.workorder', productions[0][1], 'pending')
        self.expect('mrp.workorder', productions[1][0], 'ready')
        production = self.read('mrp.workorder', productions[2][0], 'production_id')
        self.call('engineer', 'mrp.production', 'action_cancel', [production])
        self.expect('mrp.workorder', productions[2][0], 'cancel')

    def alert(self):
        """A KPI alert rule on the bench (manager, who configures alerts),
        evaluated by its Evaluate Now button: no data there, so it logs an
        evaluation and opens nothing."""
        rule = self.call('manager', 'ci.kpi.alert.rule', 'create', {
            'name': '%s alert' % TAG, 'workcenter_id': self.bench, 'kpi': 'scrap_rate',
            'mode': 'absolute', 'threshold': 5.0})
        self.call('manager', 'ci.kpi.alert.rule', 'action_evaluate_now', [rule])
        found = self.call('admin', 'ci.kpi.alert.evaluation', 'search_read', [('rule_id', '=', rule)],
                          fields=['outcome'])
        assert [e['outcome'] for e in found] == ['no_data'], found
        self.note('ci.kpi.alert.evaluation', 'frozen', found[0]['id'])

    def spc(self):
        """Two characteristics of the bench (engineer), measured by the
        operator: one whose limits froze from ten points and whose outlier
        the rules signalled (the engineer acknowledges a signal), one with
        three points only, its phase still provisional (measurements not
        frozen)."""
        now = datetime.datetime.utcnow().replace(microsecond=0)

        def stamp(minutes):
            return str(now - datetime.timedelta(minutes=minutes))

        # codes are unique per company: the bench's id tells this run's apart
        codes = {'signal': 'IMX%d-SIGNAL' % self.bench, 'open': 'IMX%d-OPEN' % self.bench}
        chars = {}
        for key, baseline in (('signal', 10), ('open', 25)):
            chars[key] = self.call('engineer', 'ci.spc.characteristic', 'create', {
                'name': '%s gauge %s' % (TAG, codes[key]), 'code': codes[key], 'chart_type': 'imr',
                'workcenter_id': self.bench, 'baseline_subgroups': baseline, 'auto_improvement': False})
        values = [10.0, 10.2, 9.9, 10.1, 9.8, 10.0, 10.3, 9.9, 10.1, 10.0]
        self.call('operator', 'ci.spc.measurement', 'ingest', [
            {'characteristic': codes['signal'], 'value': v, 'timestamp': stamp(60 - i)}
            for i, v in enumerate(values)])
        self.call('operator', 'ci.spc.measurement', 'ingest', [
            {'characteristic': codes['signal'], 'value': 14.0, 'timestamp': stamp(30)}])
        signals = self.call('admin', 'ci.spc.signal', 'search', [('characteristic_id', '=', chars['signal'])],
                            order='id')
        assert signals, 'the outlier raised no signal'
        self.call('engineer', 'ci.spc.signal', 'action_acknowledge', [signals[-1]])
        self.expect('ci.spc.signal', signals[-1], 'acknowledged')
        if len(signals) > 1:
            self.expect('ci.spc.signal', signals[0], 'new')
        self.call('operator', 'ci.spc.measurement', 'ingest', [
            {'characteristic': codes['open'], 'value': v, 'timestamp': stamp(20 - i)}
            for i, v in enumerate((5.0, 5.1, 4.9))])
        phase = self.call('admin', 'ci.spc.phase', 'search', [('characteristic_id', '=', chars['open'])])
        self.expect('ci.spc.phase', phase[0], 'provisional')
        for measurement in self.call('admin', 'ci.spc.measurement', 'search',
                                     [('characteristic_id', '=', chars['open'])], order='id'):
            self.note('ci.spc.measurement', 'open', measurement)

    def redemptions(self):
        """A reward of 1 point (manager); the operator asks for it four
        times: one request stays requested, the manager approves one and
        refuses one, the operator cancels one; the engineer asks once."""
        reward = self.call('manager', 'ci.reward', 'create', {'name': '%s sticker' % TAG, 'points_cost': 1})
        requests = [self.call('operator', 'ci.reward.redemption', 'create', {
            'reward_id': reward, 'note': '%s: request %d' % (TAG, i)}) for i in range(4)]
        self.expect('ci.reward.redemption', requests[0], 'requested')
        self.call('manager', 'ci.reward.redemption', 'action_approve', [requests[1]])
        self.expect('ci.reward.redemption', requests[1], 'approved')
        self.call('manager', 'ci.reward.redemption', 'action_refuse', [requests[2]],
                  reason='%s: refused' % TAG)
        self.expect('ci.reward.redemption', requests[2], 'refused')
        self.call('operator', 'ci.reward.redemption', 'action_cancel', [requests[3]])
        self.expect('ci.reward.redemption', requests[3], 'cancelled')
        # the engineer's own request (a CI User reads its own requests only)
        request = self.call('engineer', 'ci.reward.redemption', 'create', {
            'reward_id': reward, 'note': '%s: request of the engineer' % TAG})
        self.expect('ci.reward.redemption', request, 'requested')

    def badge(self):
        """A badge of Odoo's own (not the programme's) that the operator
        grants the engineer with the Grant Badge wizard: a grant that is not
        frozen."""
        badge = self.ref('gamification.badge_good_job')
        wizard = self.call('operator', 'gamification.badge.user.wizard', 'create', {
            'user_id': self.rpc['engineer'].uid, 'badge_id': badge, 'comment': TAG})
        self.call('operator', 'gamification.badge.user.wizard', 'action_grant_badge', [wizard])
        grant = self.call('admin', 'gamification.badge.user', 'search',
                          [('badge_id', '=', badge), ('user_id', '=', self.rpc['engineer'].uid),
                           ('sender_id', '=', self.rpc['operator'].uid)], order='id desc', limit=1)
        self.note('gamification.badge.user', 'open', grant[0])


def seed(rpc, today=None, connect=None):
    """Makes the records of every missing state once per database (see the
    module's docstring); returns what was made: {'made': {model: {state:
    [ids]}}, 'steps': [[role, model, method]], 'calls', 'seconds',
    'reused': whether an earlier run had made them, 'failed_steps': the
    steps of the plan the server refused, with its answer}. ``connect(login)``: an
    XML-RPC session of another user (password = login, as the demo plant's
    people have), for the participant who is none of the four roles."""
    started = time.time()
    stored = rpc['admin']('ir.config_parameter', 'get_param', MARKER)
    if stored:
        report = json.loads(stored)
        if report.get('version') == PLAN_VERSION:
            report.update(reused=True, seconds=round(time.time() - started, 1))
            return report
    rpc = dict(rpc)
    login = other_participant(connect) if connect else None
    if login:
        rpc[login[0]] = login[1]
    seeder = Seeder(rpc, today, participant=login[0] if login else None)
    seeder.run()
    report = {'version': PLAN_VERSION, 'made': seeder.made, 'calls': seeder.calls,
              'steps': [list(step) for step in seeder.steps],
              'seconds': round(time.time() - started, 1)}
    if not seeder.failed:
        # complete: the next run reuses it (an incomplete one is made again)
        rpc['admin']('ir.config_parameter', 'set_param', MARKER, json.dumps(report, sort_keys=True))
    report.update(reused=False, failed_steps=seeder.failed)
    return report


def other_participant(connect):
    """(login, session) of a CI User of the demo plant who is none of the
    four roles probed, or None (then the administrator stands in)."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'data',
                        'demo_factory.json')
    try:
        with open(path) as src:
            people = json.load(src)['people']
    except (OSError, ValueError, KeyError):
        return None
    for person in people:
        login = person.get('login')
        if not login or person.get('role') != 'user':
            continue
        try:
            return login, connect(login)
        except (AssertionError, OSError, xmlrpc.client.Error):
            continue
    return None
