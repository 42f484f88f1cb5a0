# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Demo factory: six months of an auto-parts plant, lived through the suite.

    scripts/demo-factory.sh DB          (what `make run` and `make test` call)
    from an Odoo shell:  import demo_factory; demo_factory.main(env)

The plant (people, work centers, products, routings, characteristics, the
improvements and their stories) is described in demo_factory.json beside
this file; everything random is drawn from one generator with a fixed seed,
so the same day gives the same data. Dates count back from the day it runs.

Languages: every human text of the plant (names, SOP texts, ideas, notes) is
given in English and in Chinese, {"en_US": ..., "zh_CN": ...}; the factory
loads the language of the demo users (Chinese when the operator's language
is zh_CN, English otherwise), or the one asked for (load(env, lang=...), or
CI_DEMO_LANG=zh_CN|en_US for scripts/demo-factory.sh). Product names are
translatable in Odoo: they get English as source and the Chinese translation
whichever language is loaded. The random draws never depend on the language:
the same seed and day give the same numbers in both (the summary's `draws`
fingerprints the generators' final states).

How it is built, and why:
  * Configuration (users, work centers, routings, BoMs, teams,
    SPC characteristics, SOPs) through the ORM, as a user would create it.
  * Six months of done work orders (with their time logs and scrap) are plain
    history nobody acts on: they are inserted in bulk with SQL, in the
    columns Odoo itself writes for a done work order; the standard each one
    ran under is stamped afterwards with the rule of mrp.workorder
    (_sop_version_at), in one statement. Creating the ~1,250 productions (1,900 work orders)
    through the ORM would take minutes.
  * Everything with business logic goes through the suite's own methods, as
    the people concerned (sudo(user) in 11.0 acts as that user, record rules
    and all): measurements through ci.spc.measurement.ingest day by day (the
    rules find the shift and open the improvement themselves), improvements
    through their transitions, pilots through start/evaluate/adopt/abandon,
    SOP versions through submit/approve (which starts the SPC phase), points
    through the point rules those transitions call, the honour board through
    the monthly award job.
  * Each of those steps runs at its own date: the clock is frozen and moved
    from event to event (freezegun), so states, points and approvals carry
    the dates they would have had.
  * Today on the shop floor: each work center has a work order in progress
    and the next one ready, made as a planner would (mrp.production create,
    button_plan, button_start by the engineer for the operator who runs it),
    so the standard in force is stamped by the suite's own code
    (ci_demo_factory.workorder_running_<wc>, workorder_ready_<wc>).

Idempotent: a marker (ir.config_parameter ci_demo_factory.loaded) says the
plant is there; a second run adds nothing. Records others may look up get
external ids in the module name 'ci_demo_factory' (e.g.
ci_demo_factory.workcenter_press, ci_demo_factory.improvement_pilot_improved).
"""
import datetime
import hashlib
import json
import logging
import os
import random

from freezegun import freeze_time

_logger = logging.getLogger(__name__)

SEED = 20260417
MARKER = 'ci_demo_factory.loaded'
MODULE = 'ci_demo_factory'
HERE = os.path.dirname(os.path.abspath(__file__))
PLANT = os.path.join(HERE, 'demo_factory.json')

# cycle time factor (actual / expected) and scrap rate of each work center
FACTOR = {'press': 1.10, 'weld': 1.05, 'cnc1': 1.03, 'cnc2': 1.08, 'assy': 1.04, 'test': 1.02}
SCRAP = {'press': 0.008, 'weld': 0.03, 'cnc1': 0.01, 'cnc2': 0.012, 'assy': 0.005, 'test': 0.02}
# the turning scrap while the diameter drifted (out of tolerance parts), and after the fix
SCRAP_SHIFT, SCRAP_AFTER_FIX = 0.035, 0.006
LANGS = ('en_US', 'zh_CN')
STEP_DAYS = {'review': 2, 'reject': 4, 'withdraw': 3, 'approve': 5, 'pilot': 9, 'adopt': 12,
             'sop_submit': 14, 'sop_approve': 16}


def main(env):
    """Entry point of scripts/demo-factory.sh: load and commit (in the
    language of CI_DEMO_LANG when set, else the demo users'; as of the day
    CI_DEMO_TODAY, YYYY-MM-DD, when set, else today)."""
    today = os.environ.get('CI_DEMO_TODAY')
    today = datetime.datetime.strptime(today, '%Y-%m-%d').date() if today else None
    summary = load(env, today=today, lang=os.environ.get('CI_DEMO_LANG') or None)
    env.cr.commit()
    if summary is None:
        print("demo factory: already loaded (%s), nothing added" % env['ir.config_parameter'].sudo().get_param(MARKER))
    else:
        print("demo factory: %s" % json.dumps(summary, sort_keys=True))
    return summary


def load(env, seed=SEED, today=None, lang=None):
    """Build the plant unless it is there; returns a summary, or None when
    the marker says it was loaded already. ``lang``: en_US or zh_CN; by
    default the demo users' language (plant_lang)."""
    env = env(user=1)
    if env['ir.config_parameter'].get_param(MARKER):
        return None
    lang = plant_lang(env, lang)
    if lang != 'en_US':
        ensure_lang(env, lang)
    # the suite's own messages (chatter, reasons) in the plant's language too
    env = env(context=dict(env.context, lang=lang))
    return Factory(env, seed, today, lang).build()


def plant_lang(env, lang=None):
    """The language the plant is loaded in: ``lang`` when given, else zh_CN
    when the demo operator works in Chinese, else en_US."""
    if not lang:
        operator = env.ref('ci_process.user_ci_operator_demo', raise_if_not_found=False)
        lang = 'zh_CN' if operator and operator.lang == 'zh_CN' else 'en_US'
    if lang not in LANGS:
        raise ValueError("demo factory: language %r: en_US or zh_CN" % lang)
    return lang


def lang_installed(env, lang):
    return bool(env['res.lang'].search_count([('code', '=', lang)]))


def ensure_lang(env, lang):
    """Installs ``lang`` with the translations of the installed modules,
    unless it is there (db.sh loads en_US and zh_CN)."""
    if not lang_installed(env, lang):
        _logger.info("demo factory: installing %s", lang)
        env['base.language.install'].create({'lang': lang, 'overwrite': False}).lang_install()


class Factory(object):

    def __init__(self, env, seed, today, lang='en_US'):
        self.env = env
        self.lang = lang
        # one stream per purpose: the measurements do not change when the
        # history or the improvements draw more or fewer numbers
        self.rnd = random.Random(seed)
        self.mrnd = random.Random(seed + 1)
        self.brnd = random.Random(seed + 2)
        self.seed = seed
        with open(PLANT, encoding='utf-8') as fh:
            self.plant = json.load(fh)
        self.today = today or datetime.datetime.utcnow().date()
        self.start = self.today - datetime.timedelta(days=182)
        first = self.today.replace(day=1)
        self.lm = (first - datetime.timedelta(days=1)).replace(day=1)   # first day of last month
        self.users, self.wcs, self.products, self.ops, self.chars = {}, {}, {}, {}, {}
        self.teams, self.sops = {}, {}
        self.today_mos = {}      # product key: today's productions
        self.events = []
        self.clock = None

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def day(self, days_ago=None, lm=None):
        if lm is not None:
            return self.lm + datetime.timedelta(days=lm)
        return self.today - datetime.timedelta(days=days_ago)

    def at(self, day, hour=9, minute=0):
        when = datetime.datetime.combine(day, datetime.time(hour, minute))
        # nothing happens in the future: the last steps of recent items happen today
        return min(when, self.now_real - datetime.timedelta(minutes=30))

    def schedule(self, when, func, *args):
        self.events.append((when, len(self.events), func, args))

    def xmlid(self, name, record):
        self.env['ir.model.data'].create({'module': MODULE, 'name': name, 'model': record._name,
                                          'res_id': record.id, 'noupdate': True})

    def as_(self, key):
        return self.env['res.users'].browse(self.users[key])

    def ref(self, xmlid):
        return self.env.ref(xmlid)

    def _t(self, value):
        """The plant's language of a text of demo_factory.json: a text in
        both languages is {"en_US": ..., "zh_CN": ...}; codes and empty
        values are plain."""
        if isinstance(value, dict):
            return value.get(self.lang) or value['en_US']
        return value

    def text(self, key):
        return self._t(self.plant['texts'][key])

    # ------------------------------------------------------------------
    # the whole build
    # ------------------------------------------------------------------
    def build(self):
        self.now_real = datetime.datetime.utcnow()
        with freeze_time(datetime.datetime.combine(self.start, datetime.time(7, 0))) as clock:
            self.clock = clock
            self.make_people()
            self.localize_addon_demo()
            self.make_plant()
            self.make_teams()
            self.make_characteristics()
            self.make_alert_rules()
            self.make_history()
            self.plan_sops()
            self.plan_measurements()
            self.plan_improvements()
            self.plan_stories()
            self.plan_alerts()
            self.plan_today()
            for when, _seq, func, args in sorted(self.events, key=lambda e: (e[0], e[1])):
                clock.move_to(when)
                func(*args)
        # back to the real clock: what runs today
        self.stamp_history()
        self.make_goals()
        self.env['ci.sop.version']._cron_apply_effective()
        self.acknowledge_standards()
        self.env['ci.award']._cron_grant_monthly_awards()
        summary = self.summary()
        # what was loaded, for whoever compares (tests/test_demo_factory.py)
        self.env['ir.config_parameter'].set_param(MARKER, json.dumps(
            {'seed': self.seed, 'day': str(self.today), 'lang': self.lang, 'summary': summary}, sort_keys=True))
        return summary

    # ------------------------------------------------------------------
    # configuration, through the ORM
    # ------------------------------------------------------------------
    def make_people(self):
        groups = {
            'user': [self.ref('base.group_user').id, self.ref('ci_process.group_ci_user').id],
            'engineer': [self.ref('base.group_user').id, self.ref('mrp.group_mrp_user').id,
                         self.ref('ci_process.group_ci_engineer').id],
        }
        Users = self.env['res.users'].with_context(no_reset_password=True)
        for person in self.plant['people']:
            if person.get('xmlid'):
                # the demo users of the addons: their names in the plant's language
                user = self.ref(person['xmlid'])
                if person.get('name') and user.name != self._t(person['name']):
                    user.write({'name': self._t(person['name'])})
            else:
                user = Users.create({'name': self._t(person['name']), 'login': person['login'],
                                     'password': person['login'],
                                     'email': '%s@example.com' % person['login'],
                                     'groups_id': [(6, 0, groups[person['role']])]})
                self.xmlid('user_%s' % person['key'], user)
            self.users[person['key']] = user.id

    def localize_addon_demo(self):
        """The addons' own demo records in the plant's language (their XML
        is English): what is still open to change; frozen records (an
        approved SOP version) keep their text. Not tracked: a translation is
        no change anybody made."""
        for xmlid, texts in sorted(self.plant['addon_demo'].items()):
            record = self.env.ref(xmlid, raise_if_not_found=False) if '.' in xmlid else None
            if not record or (hasattr(record, '_frozen') and record._frozen()):
                continue
            vals = {name: self._t(value) for name, value in texts.items() if record[name] != self._t(value)}
            if vals:
                record.with_context(tracking_disable=True, mail_notrack=True).write(vals)

    def make_plant(self):
        # the plant counts in yuan (costs per hour, prices, rewards): the
        # company's currency, which every amount of the suite shows
        self.ref('base.CNY').write({'active': True})
        self.env.user.company_id.write({'currency_id': self.ref('base.CNY').id})
        # the plant's clock: an SOP effective on a date starts its phase at
        # midnight of that date in the company's time zone
        self.env.user.company_id.partner_id.write({'tz': 'Asia/Shanghai'})
        unit = self.ref('product.product_uom_unit')
        for wc in self.plant['workcenters']:
            rec = self.env['mrp.workcenter'].create({
                'name': self._t(wc['name']), 'code': wc['code'], 'costs_hour': wc['costs_hour'],
                'owner_id': self.users[wc['owner']], 'time_efficiency': 100, 'capacity': 1})
            self.wcs[wc['key']] = rec
            self.xmlid('workcenter_%s' % wc['key'], rec)
        components = {}
        for comp in self.plant['components']:
            components[comp['key']] = self.make_product(comp, unit)
        for prod in self.plant['products']:
            product = self.make_product(prod, unit)
            routing = self.env['mrp.routing'].create({
                'name': self._t(prod['name']),
                'operation_ids': [(0, 0, {'name': self._t(op['name']),
                                          'workcenter_id': self.wcs[op['workcenter']].id,
                                          'time_cycle_manual': op['minutes'], 'sequence': 10 * (i + 1)})
                                  for i, op in enumerate(prod['operations'])]})
            bom = self.env['mrp.bom'].create({
                'product_tmpl_id': product.product_tmpl_id.id, 'product_id': product.id, 'product_qty': 1,
                'routing_id': routing.id,
                'bom_line_ids': [(0, 0, {'product_id': components[key].id, 'product_qty': qty})
                                 for key, qty in prod['components']]})
            self.products[prod['key']] = {'product': product, 'routing': routing, 'bom': bom, 'spec': prod}
            self.xmlid('product_%s' % prod['key'], product)
            for op, rec in zip(prod['operations'], routing.operation_ids.sorted('sequence')):
                self.ops[op['key']] = rec
                self.xmlid('operation_%s' % op['key'], rec)

    def make_product(self, spec, unit):
        """A product whose name (translatable in Odoo) is English in its
        source and Chinese in its translation, whichever language the plant
        is loaded in: both readers see their own."""
        product = self.env['product.product'].with_context(lang='en_US').create({
            'name': spec['name']['en_US'], 'default_code': spec['code'], 'type': 'product',
            'standard_price': spec['price'], 'uom_id': unit.id, 'uom_po_id': unit.id})
        if lang_installed(self.env, 'zh_CN'):
            product.product_tmpl_id.with_context(lang='zh_CN').write({'name': spec['name']['zh_CN']})
        return product

    def make_teams(self):
        for team in self.plant['teams']:
            rec = self.env['ci.team'].create({
                'name': self._t(team['name']), 'leader_id': self.users[team['leader']],
                'member_ids': [(6, 0, [self.users[k] for k in team['members']])],
                'workcenter_ids': [(6, 0, [self.wcs[k].id for k in team['workcenters']])]})
            self.teams[team['key']] = rec
            self.xmlid('team_%s' % team['key'], rec)
        # the points come from the point rules in the database (ci_incentive's
        # demo rules): the factory adds none of its own

    def make_characteristics(self):
        for spec in self.plant['characteristics']:
            vals = {'name': self._t(spec['name']), 'code': spec['code'],
                    'operation_id': self.ops[spec['operation']].id,
                    'unit': spec['unit'], 'chart_type': spec['chart_type'], 'subgroup_size': spec['subgroup_size'],
                    'owner_id': self.users[spec['owner']], 'auto_improvement': spec['auto_improvement']}
            if 'lsl' in spec:
                vals.update(has_lsl=True, lsl=spec['lsl'], has_usl=True, usl=spec['usl'],
                            has_target=True, target=spec['target'])
            if spec.get('rules'):
                # the rules watched on this chart: beyond 3 sigma and 2 of 3
                # beyond 2 sigma catch a shift of a mean within days, and
                # rarely fire on a stable process
                vals['rule_ids'] = [(6, 0, self.env['ci.spc.rule'].search([('code', 'in', spec['rules'])]).ids)]
            product = next(p['product'] for p in self.products.values()
                           if spec['operation'] in [o['key'] for o in p['spec']['operations']])
            vals['product_id'] = product.id
            rec = self.env['ci.spc.characteristic'].create(vals)
            self.chars[spec['key']] = (rec, spec)
            self.xmlid('characteristic_%s' % spec['key'], rec)

    def make_alert_rules(self):
        """The plant's KPI alert rules, on its own work centers; they are
        evaluated on the timeline (plan_alerts). The addons' demo rules and
        goal (on Odoo's demo work centers, with no work orders here) are
        archived: the plant has its own."""
        for xmlid in ('ci_process.ci_kpi_alert_rule_assembly_cycle_demo',
                      'ci_process.ci_kpi_alert_rule_packing_efficiency_demo',
                      'ci_process.ci_goal_assembly_cycle_time_demo'):
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record:
                record.write({'active': False})
        self.rules = {}
        for spec in self.plant['alert_rules']:
            rule = self.env['ci.kpi.alert.rule'].create({
                'name': self._t(spec['name']), 'kpi': spec['kpi'], 'workcenter_id': self.wcs[spec['wc']].id,
                'mode': spec['mode'], 'threshold': spec['threshold'], 'window_days': spec['window_days'],
                'cooldown_days': spec['cooldown_days']})
            self.rules[spec['key']] = rule
            self.xmlid('alert_rule_%s' % spec['key'], rule)

    def plan_alerts(self):
        """The daily job's evaluations, once a week at 6:00 on the demo's
        days, through the rules' own method: they fire, open improvements,
        wait for them, stay within limits."""
        for spec in self.plant['alert_rules']:
            day = self.day(lm=spec['first_lm']) if 'first_lm' in spec else self.day(spec['first_days'])
            while day < self.today:
                self.schedule(self.at(day, 6, 0), self.evaluate_rule, spec['key'], day)
                day += datetime.timedelta(days=7)

    def evaluate_rule(self, key, day):
        self.rules[key].with_context(lang=self.lang)._evaluate(today=day, trigger='cron')

    def acknowledge_standards(self):
        """Who read the standards in force of the plant: everyone asked,
        except the last of each list (still to do) and the demo operator
        (who acknowledges on the station in the walk-through)."""
        operator = self.users['operator']
        for sop_id in sorted(self.sops.values()):
            version = self.env['ci.sop'].browse(sop_id).current_version_id
            if not version:
                continue
            audience = version._audience().sorted('id')
            for user in audience[:-1]:
                if user.id != operator:
                    version.sudo(user).action_acknowledge()

    def make_goals(self):
        """Goals on the plant's work centers, over its work orders: a
        baseline window before, tracking from a day of the timeline."""
        for spec in self.plant['goals']:
            vals = {'name': self._t(spec['name']), 'workcenter_id': self.wcs[spec['wc']].id, 'kpi': spec['kpi'],
                    'owner_id': self.users[spec['owner']],
                    'baseline_date_from': str(self.day(lm=spec['baseline_lm'][0])),
                    'baseline_date_to': str(self.day(lm=spec['baseline_lm'][1])),
                    'date_start': str(self.day(lm=spec['start_lm'])),
                    'date_deadline': str(self.today + datetime.timedelta(days=spec['deadline_days']))}
            if 'change_pct' in spec:
                baseline = self.env['ci.kpi']._value(spec['kpi'], vals['baseline_date_from'],
                                                      vals['baseline_date_to'], workcenter=self.wcs[spec['wc']])
                vals['target_value'] = round(baseline * (1 + spec['change_pct'] / 100.0), 2)
            else:
                vals['target_value'] = spec['target']
            goal = self.env['ci.goal'].create(vals)
            self.xmlid('goal_%s' % spec['key'], goal)

    # ------------------------------------------------------------------
    # six months of done work orders: plain history, in bulk
    # ------------------------------------------------------------------
    def _factor(self, wc_key, day):
        factor = FACTOR[wc_key]
        story = self.plant['stories']['pilot_improved']
        if wc_key == story['wc'] and day >= self.day(lm=story['pilot_lm'][0]):
            factor *= story['effect']
        return factor

    def _scrap_rate(self, wc_key, day):
        shift = self.plant['stories']['spc_shift']
        op = self.chars[shift['characteristic']][0].operation_id
        if self.wcs[wc_key] == op.workcenter_id:
            if self.day(lm=shift['shift_lm'][0]) <= day < self.day(lm=shift['shift_lm'][1]):
                return SCRAP_SHIFT
            if day >= self.day(lm=shift['shift_lm'][1]):
                return SCRAP_AFTER_FIX
        return SCRAP[wc_key]

    def make_history(self):
        cr, rnd = self.env.cr, self.rnd
        ptype = self.ref('stock.warehouse0').manu_type_id
        src, dest = ptype.default_location_src_id.id, ptype.default_location_dest_id.id
        scrap_loc = self.env['stock.location'].search([('scrap_location', '=', True)], limit=1).id
        productive = self.env['mrp.workcenter.productivity.loss'].search([('loss_type', '=', 'productive')], limit=1)
        failure = self.ref('mrp.block_reason1')   # Equipment Failure
        company = self.env.user.company_id.id
        unit = self.ref('product.product_uom_unit').id
        team_of = {}
        for team in self.teams.values():
            for wc in team.workcenter_ids:
                team_of[wc.id] = team.member_ids.ids
        wc_key = {rec.id: key for key, rec in self.wcs.items()}
        productions, workorders = [], []
        day = self.start
        while day < self.today:
            if day.weekday() != 6:       # Sundays off
                hour = 6.0
                # two lots of each product a day, one per shift
                for pkey in sorted(self.products) * 2:
                    p = self.products[pkey]
                    qty = rnd.randint(*p['spec']['lot'])
                    start = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(hours=hour)
                    hour += 2.0
                    t, wos = start, []
                    for op in p['routing'].operation_ids.sorted('sequence'):
                        key = wc_key[op.workcenter_id.id]
                        expected = op.time_cycle_manual * qty
                        duration = round(expected * self._factor(key, day) * rnd.lognormvariate(0, 0.06), 2)
                        scrap = sum(1 for _i in range(qty) if rnd.random() < self._scrap_rate(key, day))
                        operator = rnd.choice(team_of[op.workcenter_id.id])
                        blocked = round(rnd.uniform(15, 60), 1) if rnd.random() < 0.06 else 0.0
                        wos.append((op, t, duration, expected, qty - scrap, scrap, operator, blocked))
                        t += datetime.timedelta(minutes=duration + blocked + 5)
                    productions.append((p, qty, start, t, wos))
            day += datetime.timedelta(days=1)
        # productions
        cr.execute("""
            INSERT INTO mrp_production (name, origin, product_id, product_qty, product_uom_id, picking_type_id,
                   location_src_id, location_dest_id, date_planned_start, date_planned_finished, date_start,
                   date_finished, bom_id, routing_id, state, availability, user_id, company_id, propagate,
                   priority, is_locked, create_uid, create_date, write_uid, write_date)
            SELECT r.name, 'Demo history', r.product_id, r.qty, %s, %s, %s, %s, r.start, r.stop, r.start, r.stop,
                   r.bom_id, r.routing_id, 'done', 'assigned', %s, %s, false, '1', true, %s, r.start, %s, r.stop
              FROM unnest(%s::varchar[], %s::int[], %s::numeric[], %s::timestamp[], %s::timestamp[], %s::int[],
                          %s::int[]) AS r(name, product_id, qty, start, stop, bom_id, routing_id)
            RETURNING id, name""", [
            unit, ptype.id, src, dest, self.env.uid, company, self.env.uid, self.env.uid,
            ['MO/H/%05d' % (i + 1) for i in range(len(productions))],
            [p['product'].id for p, *_rest in productions], [q for _p, q, *_rest in productions],
            [s for _p, _q, s, *_rest in productions], [t for _p, _q, _s, t, _w in productions],
            [p['bom'].id for p, *_rest in productions], [p['routing'].id for p, *_rest in productions]])
        mo_ids = dict((name, id_) for id_, name in cr.fetchall())
        rows = []
        for i, (p, qty, _start, _stop, wos) in enumerate(productions):
            mo = mo_ids['MO/H/%05d' % (i + 1)]
            for op, t, duration, expected, produced, scrap, operator, blocked in wos:
                rows.append((mo, p['product'].id, op, t, duration, expected, produced, scrap, operator, blocked))
        workorders = rows
        cr.execute("""
            INSERT INTO mrp_workorder (name, workcenter_id, production_id, product_id, production_availability,
                   qty_produced, qty_producing, state, date_planned_start, date_planned_finished, date_start,
                   date_finished, duration_expected, duration, duration_unit, duration_percent, operation_id,
                   capacity, create_uid, create_date, write_uid, write_date)
            SELECT r.name, r.wc, r.mo, r.product_id, 'assigned', r.produced, 0, 'done', r.start, r.stop, r.start,
                   r.stop, r.expected, r.duration, round((r.duration / greatest(r.produced, 1))::numeric, 2),
                   round(100 * (r.expected - r.duration) / r.expected), r.op, 1, %s, r.start, %s, r.stop
              FROM unnest(%s::varchar[], %s::int[], %s::int[], %s::int[], %s::float8[], %s::timestamp[],
                          %s::timestamp[], %s::float8[], %s::float8[], %s::int[])
                   AS r(name, wc, mo, product_id, produced, start, stop, expected, duration, op)
            RETURNING id, production_id, operation_id""", [
            self.env.uid, self.env.uid,
            [w[2].name for w in rows], [w[2].workcenter_id.id for w in rows], [w[0] for w in rows],
            [w[1] for w in rows], [w[6] for w in rows], [w[3] for w in rows],
            [w[3] + datetime.timedelta(minutes=w[4]) for w in rows], [w[5] for w in rows],
            [w[4] for w in rows], [w[2].id for w in rows]])
        wo_ids = dict(((mo, op), id_) for id_, mo, op in cr.fetchall())
        logs, scraps = [], []
        for mo, product_id, op, t, duration, _expected, _produced, scrap, operator, blocked in rows:
            wo = wo_ids[(mo, op.id)]
            stop = t + datetime.timedelta(minutes=duration)
            logs.append((op.workcenter_id.id, wo, operator, productive.id, 'productive', t, stop, duration))
            if blocked:
                logs.append((op.workcenter_id.id, wo, operator, failure.id, failure.loss_type, stop,
                             stop + datetime.timedelta(minutes=blocked), blocked))
            if scrap:
                scraps.append((product_id, scrap, mo, wo, stop))
        cr.execute("""
            INSERT INTO mrp_workcenter_productivity (workcenter_id, workorder_id, user_id, loss_id, loss_type,
                   date_start, date_end, duration, create_uid, create_date, write_uid, write_date)
            SELECT r.wc, r.wo, r.uid, r.loss, r.loss_type, r.start, r.stop, r.duration, %s, r.stop, %s, r.stop
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::varchar[], %s::timestamp[],
                          %s::timestamp[], %s::float8[]) AS r(wc, wo, uid, loss, loss_type, start, stop, duration)""",
                   [self.env.uid, self.env.uid] + [list(c) for c in zip(*logs)])
        cr.execute("""
            INSERT INTO stock_scrap (name, origin, product_id, product_uom_id, location_id, scrap_location_id,
                   scrap_qty, state, date_expected, production_id, workorder_id, create_uid, create_date,
                   write_uid, write_date)
            SELECT 'SP/H/' || lpad(r.n::varchar, 5, '0'), 'Demo history', r.product_id, %s, %s, %s, r.qty, 'done',
                   r.stop, r.mo, r.wo, %s, r.stop, %s, r.stop
              FROM unnest(%s::int[], %s::float8[], %s::int[], %s::int[], %s::timestamp[])
                   WITH ORDINALITY AS r(product_id, qty, mo, wo, stop, n)""",
                   [unit, src, scrap_loc, self.env.uid, self.env.uid] + [list(c) for c in zip(*scraps)])
        self.history = {'productions': len(productions), 'workorders': len(rows), 'scraps': len(scraps)}
        self.env['mrp.workorder'].invalidate_cache()

    def stamp_history(self):
        """The standard each history work order ran under: the version in
        force on its start day (mrp.workorder._sop_version_at, for the
        operation's general SOP: the day in the user's timezone), for all of
        them in one statement."""
        self.env.cr.execute("""
            UPDATE mrp_workorder wo SET ci_sop_version_id = (
                   SELECT v.id FROM ci_sop_version v JOIN ci_sop s ON s.id = v.sop_id
                    WHERE s.operation_id = wo.operation_id AND s.product_id IS NULL
                      AND v.state IN ('approved', 'superseded')
                      AND v.date_effective <= (wo.date_start AT TIME ZONE 'UTC' AT TIME ZONE %s)::date
                    ORDER BY v.date_effective DESC, v.number DESC LIMIT 1)
             WHERE wo.ci_sop_version_id IS NULL AND wo.state = 'done'
               AND wo.production_id IN (SELECT id FROM mrp_production WHERE origin = 'Demo history')""",
                            (self.env.user.tz or 'UTC',))
        self.env['mrp.workorder'].invalidate_cache()

    # ------------------------------------------------------------------
    # the timeline
    # ------------------------------------------------------------------
    def plan_sops(self):
        for spec in self.plant['sops']:
            self.schedule(self.at(self.start, 7, 30), self.first_sop_version, spec)

    def first_sop_version(self, spec):
        op = self.ops[spec['operation']]
        engineer, manager = self.as_('engineer'), self.as_('manager')
        team = next(t for t in self.teams.values() if op.workcenter_id in t.workcenter_ids)
        sop = self.env['ci.sop'].sudo(engineer).create({
            'name': op.name, 'operation_id': op.id, 'owner_id': engineer.id,
            'operator_ids': [(6, 0, team.member_ids.ids)]})
        version = self.env['ci.sop.version'].sudo(engineer).create({
            'sop_id': sop.id, 'content': self._t(spec['content']), 'change_summary': self.text('first_sop')})
        version.action_submit()
        version.sudo(manager).action_approve()
        self.sops[spec['operation']] = sop.id
        self.xmlid('sop_%s' % spec['operation'], sop)

    def plan_measurements(self):
        day = self.start
        while day < self.today:
            self.schedule(self.at(day, 18, 30), self.measure, day)
            day += datetime.timedelta(days=1)

    def measure(self, day):
        rows, rnd = [], self.mrnd
        shift = self.plant['stories']['spc_shift']
        for key in sorted(self.chars):
            char, spec = self.chars[key]
            if spec['chart_type'] == 'xbar_r':
                mean, sigma = spec['mean'], spec['sigma']
                if key == shift['characteristic']:
                    if self.day(lm=shift['shift_lm'][0]) <= day < self.day(lm=shift['shift_lm'][1]):
                        mean += spec['shift']
                    elif day >= self.day(lm=shift['shift_lm'][1]):
                        sigma *= 0.85    # the insert is changed before it wears
                for i in range(spec['subgroup_size']):
                    stamp = datetime.datetime.combine(day, datetime.time(10, i))
                    rows.append({'characteristic': char.code, 'timestamp': str(stamp), 'subgroup': str(day),
                                 'value': round(rnd.gauss(mean, sigma), 4)})
            elif spec['chart_type'] == 'imr':
                rows.append({'characteristic': char.code,
                             'timestamp': str(datetime.datetime.combine(day, datetime.time(11, 0))),
                             'value': round(rnd.gauss(spec['mean'], spec['sigma']), 4)})
            else:
                size = spec['subgroup_size']
                rows.append({'characteristic': char.code,
                             'timestamp': str(datetime.datetime.combine(day, datetime.time(17, 0))),
                             'count': sum(1 for _i in range(size) if rnd.random() < spec['rate']),
                             'sample_size': size})
        result = self.env['ci.spc.measurement'].ingest(rows)
        if result['signals']:
            self.false_alarms(day)

    def false_alarms(self, day):
        """Run rules also fire on a stable process now and then (about one
        point in a hundred with the Western Electric set). Outside the
        shift, the owner looks, finds no assignable cause and rejects the
        improvement the signal opened, as an engineer would."""
        shift = self.plant['stories']['spc_shift']
        in_shift = self.day(lm=shift['shift_lm'][0]) <= day < self.day(lm=shift['shift_lm'][1])
        for key, (char, spec) in sorted(self.chars.items()):
            if not spec['auto_improvement'] or (in_shift and key == shift['characteristic']):
                continue
            imp = self.env['ci.improvement']._spc_open_found(char)
            if imp and imp.state == 'submitted':
                imp = imp.sudo(self.as_(spec['owner']))
                imp.action_start_review()
                imp.action_reject(reason=self.text('false_alarm'))

    def plan_improvements(self):
        for i, spec in enumerate(self.plant['improvements']):
            day = self.day(spec['days'])
            self.schedule(self.at(day, 9, i), self.imp_create, 'improvement_%02d' % (i + 1), spec)
            state = spec['state']
            steps = {
                'draft': [], 'submitted': [],
                'review': ['review'], 'approved': ['review', 'approve'],
                'pilot': ['review', 'approve', 'pilot'], 'adopted': ['review', 'approve', 'adopt'],
                'standardized': ['review', 'approve', 'adopt', 'sop_submit', 'sop_approve'],
                'rejected': ['review', 'reject'], 'withdrawn': ['withdraw'],
            }[state]
            for step in steps:
                when = self.at(day + datetime.timedelta(days=STEP_DAYS[step]), 10, i)
                self.schedule(when, getattr(self, 'imp_' + step), 'improvement_%02d' % (i + 1), spec)

    def _imp(self, name):
        return self.env.ref('%s.%s' % (MODULE, name))

    def imp_create(self, name, spec):
        user = self.as_(spec['by'])
        vals = {'title': self._t(spec['title']), 'problem': self._t(spec['problem']),
                'idea': self._t(spec.get('idea')),
                'workcenter_id': self.wcs[spec['wc']].id,
                'category_id': self.ref('ci_process.ci_category_%s' % spec['cat']).id}
        if spec.get('op'):
            vals['operation_id'] = self.ops[spec['op']].id
        if spec.get('product'):
            vals['product_id'] = self.products[spec['product']]['product'].id
        imp = self.env['ci.improvement'].sudo(user).create(vals)
        self.xmlid(name, imp)
        if spec['state'] != 'draft':
            imp.action_submit()

    def imp_review(self, name, spec):
        # the work center's CI owner takes the review, as the to-do asked
        owner = next(wc['owner'] for wc in self.plant['workcenters'] if wc['key'] == spec['wc'])
        self._imp(name).sudo(self.as_(owner)).action_start_review()

    def imp_approve(self, name, spec):
        imp = self._imp(name)
        imp = imp.sudo(imp.reviewer_id)
        imp.write({'owner_id': self.users[spec.get('owner', 'engineer')],
                   'member_ids': [(6, 0, [self.users[k] for k in spec.get('members', [])])],
                   'benefit_target': self.brnd.choice([1500, 2500, 4000, 6000, 9000])})
        imp.action_approve()

    def imp_reject(self, name, spec):
        imp = self._imp(name)
        imp.sudo(imp.reviewer_id).action_reject(reason=self._t(spec['reason']))

    def imp_withdraw(self, name, spec):
        self._imp(name).sudo(self.as_(spec['by'])).action_withdraw()

    def imp_pilot(self, name, spec):
        imp = self._imp(name)
        owner = imp.owner_id
        day = fields_date(self.clock)
        pilot = self.env['ci.pilot'].sudo(owner).create({
            'name': self.text('pilot') % imp.title, 'improvement_id': imp.id, 'workcenter_id': imp.workcenter_id.id,
            'operation_id': imp.operation_id.id, 'metric': 'cycle_time',
            'baseline_date_from': str(day - datetime.timedelta(days=40)),
            'baseline_date_to': str(day - datetime.timedelta(days=11)),
            'pilot_date_from': str(day), 'pilot_date_to': str(day + datetime.timedelta(days=30))})
        pilot.action_start()

    def imp_adopt(self, name, spec):
        self._imp(name).sudo(self.as_('manager')).action_adopt()

    def imp_sop_submit(self, name, spec, content=None, summary=None):
        imp = self._imp(name)
        version = imp.sop_version_ids.filtered(lambda v: v.state == 'draft')
        author = imp.owner_id
        if not content:
            base = version.content or '<ol></ol>'
            content = base.replace('</ol>', '<li>%s</li></ol>' % self._t(spec.get('idea') or spec['title']))
        version.sudo(author).write({'content': content,
                                    'change_summary': summary or '%s: %s' % (imp.name, imp.title)})
        version.sudo(author).action_submit()

    def imp_sop_approve(self, name, spec):
        imp = self._imp(name)
        imp.sop_version_ids.filtered(lambda v: v.state == 'approval').sudo(self.as_('manager')).action_approve()

    # ------------------------------------------------------------------
    # today on the shop floor: work orders in progress, the next ones ready
    # ------------------------------------------------------------------
    def plan_today(self):
        """At each work center a work order in progress and the next one
        ready. Production i of a product, step j of its routing (n steps):
        with k = i + j, the step is done when k < n - 1, in progress when
        k = n - 1 (a first part recorded when a step follows, which makes
        that next step ready), ready when k = n (the first step of a planned
        production is ready), pending beyond. A one-step routing takes two
        productions, a two-step one three."""
        def hours(ago):
            return self.now_real - datetime.timedelta(hours=ago)
        self.schedule(hours(6), self.today_plan)
        for key in sorted(self.products):
            n = len(self.products[key]['spec']['operations'])
            for i in range(n + 1):
                for j in range(n):
                    k = i + j
                    if k < n - 1:
                        self.schedule(hours(5), self.today_start, key, i, j)
                        self.schedule(hours(3.5), self.today_record, key, i, j, 1.0)
                    elif k == n - 1:
                        self.schedule(hours(2.5), self.today_start, key, i, j)
                        if j < n - 1:
                            self.schedule(hours(1), self.today_record, key, i, j, 0.25)

    def today_plan(self):
        # the planner (an MRP manager) plans the day's productions
        planner = self.as_('manager')
        for key in sorted(self.products):
            p = self.products[key]
            n = len(p['spec']['operations'])
            mos = []
            for _i in range(n + 1):
                mo = self.env['mrp.production'].sudo(planner).create({
                    'product_id': p['product'].id, 'product_qty': p['spec']['lot'][0],
                    'product_uom_id': p['product'].uom_id.id, 'bom_id': p['bom'].id})
                mo.button_plan()
                mos.append(mo)
            self.today_mos[key] = mos
            for i in range(n + 1):
                for j in range(n):
                    state = {n - 1: 'running', n: 'ready'}.get(i + j)
                    if state:
                        wo = self.today_wo(key, i, j)
                        self.xmlid('workorder_%s_%s' % (state, self.wc_key(wo)), wo)

    def today_wo(self, key, i, j):
        return self.today_mos[key][i].workorder_ids.sorted(lambda w: w.operation_id.sequence)[j]

    def wc_key(self, workorder):
        return next(key for key, rec in self.wcs.items() if rec == workorder.workcenter_id)

    def today_start(self, key, i, j):
        """The engineer starts the work order for the operator who runs it:
        the open time log is the operator's (CI Users read work orders,
        only MRP users start them)."""
        engineer = self.as_('engineer')
        operator = self.as_(self.plant['in_progress']['operators'][self.wc_key(self.today_wo(key, i, j))])
        wo = self.today_wo(key, i, j).sudo(engineer)
        wo.button_start()
        log = wo.time_ids.filtered(lambda t: not t.date_end and t.user_id == engineer)
        log.write({'user_id': operator.id,
                   'description': (log.description or '').replace(engineer.name, operator.name)})

    def today_record(self, key, i, j, share):
        """Records ``share`` of the production's quantity at step j: all of
        it finishes the step; a part makes the next step ready."""
        wo = self.today_wo(key, i, j).sudo(self.as_('engineer'))
        qty = wo.production_id.product_qty
        wo.write({'qty_producing': qty if share >= 1 else max(1.0, round(qty * share))})
        wo.record_production()

    # ------------------------------------------------------------------
    # the three stories: a pilot that worked, one that did not, and the
    # SPC shift that became the standard's second version
    # ------------------------------------------------------------------
    def plan_stories(self):
        stories = self.plant['stories']
        for key in ('pilot_improved', 'pilot_no_change'):
            spec = stories[key]
            name = 'improvement_%s' % key
            submit = self.day(lm=spec['submit_lm'])
            self.schedule(self.at(submit, 9, 45), self.imp_create, name, dict(spec, state='submitted'))
            self.schedule(self.at(submit + datetime.timedelta(days=2), 10), self.imp_review, name, spec)
            self.schedule(self.at(submit + datetime.timedelta(days=5), 10), self.imp_approve, name, spec)
            self.schedule(self.at(self.day(lm=spec['baseline_lm'][1]) + datetime.timedelta(days=2), 11),
                          self.story_pilot_start, key, spec)
            self.schedule(self.at(self.day(lm=spec['decide_lm']), 14), self.story_pilot_decide, key, spec)
        spec = stories['pilot_improved']
        decided = self.day(lm=spec['decide_lm'])
        self.schedule(self.at(decided + datetime.timedelta(days=1), 10), self.imp_sop_submit,
                      'improvement_pilot_improved', spec, self._t(spec['sop']), None)
        self.schedule(self.at(decided + datetime.timedelta(days=2), 10), self.imp_sop_approve,
                      'improvement_pilot_improved', spec)
        spec = stories['spc_shift']
        self.schedule(self.at(self.day(lm=spec['review_lm']), 9), self.spc_review, spec)
        self.schedule(self.at(self.day(lm=spec['approve_lm']), 9), self.imp_approve,
                      'improvement_spc_shift', spec)
        self.schedule(self.at(self.day(lm=spec['adopt_lm']), 9), self.imp_adopt, 'improvement_spc_shift', spec)
        self.schedule(self.at(self.day(lm=spec['submit_sop_lm']), 9), self.imp_sop_submit,
                      'improvement_spc_shift', spec, self._t(spec['sop']), self._t(spec['change']))
        self.schedule(self.at(self.day(lm=spec['approve_sop_lm']), 7), self.imp_sop_approve,
                      'improvement_spc_shift', spec)

    def story_pilot_start(self, key, spec):
        imp = self._imp('improvement_%s' % key)
        pilot = self.env['ci.pilot'].sudo(imp.owner_id).create({
            'name': self.text('pilot') % imp.title, 'improvement_id': imp.id, 'workcenter_id': imp.workcenter_id.id,
            'operation_id': imp.operation_id.id, 'product_id': imp.product_id.id, 'metric': spec['metric'],
            'baseline_date_from': str(self.day(lm=spec['baseline_lm'][0])),
            'baseline_date_to': str(self.day(lm=spec['baseline_lm'][1])),
            'pilot_date_from': str(self.day(lm=spec['pilot_lm'][0])),
            'pilot_date_to': str(self.day(lm=spec['pilot_lm'][1]))})
        self.xmlid('pilot_%s' % key, pilot)
        pilot.action_start()

    def story_pilot_decide(self, key, spec):
        pilot = self.env.ref('%s.pilot_%s' % (MODULE, key))
        pilot = pilot.sudo(pilot.improvement_id.owner_id)
        pilot.action_evaluate()
        if pilot.verdict == 'improved':
            pilot.action_adopt()
        else:
            pilot.write({'decision_note': self._t(spec['decision_note'])})
            pilot.action_abandon()

    def spc_review(self, spec):
        char = self.chars[spec['characteristic']][0]
        # the improvement the shift opened: earlier signals of the history
        # may have opened others, since decided (which ones depends on the day
        # the plant is built)
        imp = self.env['ci.improvement'].search([('spc_characteristic_id', '=', char.id),
                                                 ('state', '=', 'submitted')], order='id desc', limit=1)
        if not imp:
            raise RuntimeError("demo factory: the shift of %s opened no improvement by %s: the rules missed it"
                               % (char.code, fields_date(self.clock)))
        self.xmlid('improvement_spc_shift', imp)
        engineer = self.as_(spec['owner'])
        imp = imp.sudo(engineer)
        imp.write({'idea': self.text('spc_idea'),
                   'category_id': self.ref('ci_process.ci_category_quality').id})
        imp.action_start_review()

    # ------------------------------------------------------------------
    def summary(self):
        Imp = self.env['ci.improvement']
        states = {g['state']: g['state_count'] for g in Imp.read_group([], ['state'], ['state'])}
        # where the three generators stopped: the same draws in every language
        draws = hashlib.sha1(repr([r.getstate() for r in (self.rnd, self.mrnd, self.brnd)]).encode()).hexdigest()
        today = self.env['mrp.workorder'].search([('production_id', 'in', [
            mo.id for mos in self.today_mos.values() for mo in mos])])
        return dict(self.history, improvements=sum(states.values()), states=states, draws=draws[:16],
                    workorders_today={state: len(today.filtered(lambda w, s=state: w.state == s))
                                      for state in sorted(set(today.mapped('state')))},
                    measurements=self.env['ci.spc.measurement'].search_count([]),
                    signals=self.env['ci.spc.signal'].search_count([]),
                    point_entries=self.env['ci.point.entry'].search_count([]),
                    awards=self.env['ci.award'].search_count([]))


def fields_date(clock):
    """Today on the factory's clock."""
    return clock().date()
