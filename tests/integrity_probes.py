"""The integrity matrix of issue #13: every workflow-owned field, forged by
every role, through every door, over real XML-RPC.

A probe is one attempt of one role (operator, engineer, manager, admin) at
one model of the suite that adopted ``ci.protected.mixin``:

==============  ==========================================================
kind            what the role tries
==============  ==========================================================
create          a protected field in the values of ``create``
default         a protected field as a context default (``default_<f>``),
                with otherwise valid values: ignored, or the create refused
copy            ``copy`` with ``default={field: forged}``
write           a protected field written on a record of each state
frozen_write    an ordinary field written on a frozen record
frozen_unlink   deleting a frozen record
==============  ==========================================================

A probe is *strong* when the role could do the same without the forged
value: the same create succeeds for it (a control create, rolled back), or
its access rights and record rules let it touch the record the write, copy
or deletion aims at (the first such record of the state is chosen). Else it
is *weak* (its ``weak`` key says why, see WEAK_REASONS): it is refused, but
perhaps by the access rules before the protection is reached. Each result's
``answered_by`` says who refused it, from the server's answer.

Every probe must be refused with an XML-RPC Fault and leave the database as
it was (its row compared by SQL before and after, or its table's highest id
for the probes that would create a row); a ``default`` probe may instead
create a record that does not hold the forged value.

The other side of it, :func:`build_mail_probes`: following a record and
posting a note on it stays open to whoever may write it, frozen or not.

The probe list is built in-process from the registry (:func:`build_probes`),
so it follows the models' ``_protected_fields()`` and ``_frozen()``, and from
the records of the database: a write probe per state present. The matrix's
test module first makes a record of every state the demo plant lacks
(``tests/integrity_seed.py``; ``seed`` below does it from the command line).
The list is plain JSON with record ids, and :class:`ProbeRunner` plays it
against any server. The same list thus measures older code, on a database the same demo
factory built (same ids: a probe whose record is missing there, or has another
state or fingerprint, is reported "n/a", not played)::

    # the list, from this checkout's code and a database built by it (its
    # server running: the records of every state are made over XML-RPC)
    .venv/bin/python tests/integrity_probes.py seed -d ci_h4 --url http://127.0.0.1:8069
    .venv/bin/python tests/integrity_probes.py dump -d ci_h4 -o /tmp/probes.json
    # the code before the fixes, in a worktree, with a database of its own in
    # the same PostgreSQL cluster (never started nor stopped by this)
    main=$PWD; git worktree add /tmp/before ad56c6a; ln -s $main/.venv /tmp/before/.venv
    cd /tmp/before; export PGDATA_DIR=$main/.pgdata
    scripts/db.sh ensure ci_before --fresh --factory
    scripts/odoo.sh -d ci_before --http-port 8070 --workers 0 --max-cron-threads 0 &
    # played there: refused / accepted counts per kind, model and role
    cd $main; .venv/bin/python tests/integrity_probes.py run -d ci_before
        --url http://127.0.0.1:8070 --probes /tmp/probes.json -o /tmp/before.json

(Build ``ci_h4`` the same way, from the older code, then ``scripts/db.sh ensure
ci_h4`` here upgrades it: both databases then hold the very same records.)

``run`` restores what an accepted probe changed when it can (the row by SQL,
a created row deleted); the deletions of frozen records run last.

``tests/test_integrity_matrix.py`` runs the matrix in ``make test``.
"""
import argparse
import collections
import configparser
import json
import os
import re
import sys
import time
import xmlrpc.client

ROLES = ('operator', 'engineer', 'manager', 'admin')
KINDS = ('create', 'default', 'copy', 'write', 'frozen_write', 'frozen_unlink')
MIXIN = 'ci.protected.mixin'

FORGED_DATE = '2001-01-01'
FORGED_DATETIME = '2001-01-01 00:00:00'
FORGED_TEXT = 'forged'
FORGED_INTEGER = 999999
FORGED_FLOAT = 1e6
# field types whose own default a ``default`` probe compares exactly; a char
# or a date may legitimately be rewritten by create() (a sequence, "today")
EXACT_DEFAULT_TYPES = ('selection', 'boolean', 'many2one', 'many2many', 'integer', 'float',
                       'monetary')
SKIPPED_TYPES = ('one2many', 'binary', 'reference', 'serialized')
# the subtypes of a follower (mail.followers.subtype_ids)
FOLLOWER_SUBTYPES = 'mail_followers_mail_message_subtype_rel'
# a timestamp as PostgreSQL gives it back with its microseconds
DATETIME_MICRO = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$')
MAGIC = ('id', 'create_uid', 'create_date', 'write_uid', 'write_date', '__last_update',
         'display_name')


# ----------------------------------------------------------------------
# building the list, in-process
# ----------------------------------------------------------------------
def protected_models(env):
    """The concrete models that inherit the mixin, directly or not, sorted."""
    mixin_cls = env.registry[MIXIN]
    names = set()
    todo = list(env.registry[MIXIN]._inherit_children)
    while todo:
        name = todo.pop()
        if name not in names and name in env.registry:
            names.add(name)
            todo.extend(env.registry[name]._inherit_children)
    # the class check catches what _inherit_children may miss
    names.update(name for name in env.registry if issubclass(env.registry[name], mixin_cls))
    return sorted(name for name in names
                  if name != MIXIN and not env[name]._abstract and not env[name]._transient
                  and env[name]._auto)


def seeded_records(env):
    """{model: ids} of the records tests/integrity_seed.py made in this
    database (its marker), {} when it made none."""
    from integrity_seed import MARKER
    stored = env['ir.config_parameter'].sudo().get_param(MARKER)
    try:
        made = json.loads(stored)['made'] if stored else {}
    except (ValueError, KeyError, TypeError):
        return {}
    return {model: {i for ids in states.values() for i in ids} for model, states in made.items()}


def role_uids(env):
    users = env['res.users'].with_context(active_test=False).search([('login', 'in', list(ROLES))])
    uids = {user.login: user.id for user in users}
    missing = set(ROLES) - set(uids)
    assert not missing, "demo users missing: %s" % sorted(missing)
    return uids


def _selection_values(field, model):
    selection = field.selection
    if callable(selection) or isinstance(selection, str):
        selection = field._description_selection(model.env)
    return [value for value, _label in selection]


def _comodel_ids(env, comodel, cache):
    if comodel not in cache:
        table = env[comodel]._table
        env.cr.execute('SELECT id FROM "%s" ORDER BY id' % table)
        cache[comodel] = [row[0] for row in env.cr.fetchall()]
    return cache[comodel]


def to_plain(field, value):
    """A field's value as XML-RPC writes it (ids for relations)."""
    if field.type == 'many2one':
        return value.id or False
    if field.type == 'many2many':
        return sorted(value.ids)
    if field.type in ('float', 'monetary'):
        return float(value or 0.0)
    return value if value is not None else False


def forge(env, field, avoid, uid, cache):
    """A value of ``field`` that is none of ``avoid`` (plain values), the
    same for the same database; None when the field has no other value."""
    ftype = field.type
    if ftype == 'selection':
        for value in _selection_values(field, env[field.model_name]):
            if value not in avoid:
                return value
        return None
    if ftype == 'many2one':
        ids = _comodel_ids(env, field.comodel_name, cache)
        # a user puts themselves in a user field (self-approval...)
        candidates = ([uid] if field.comodel_name == 'res.users' else []) + ids + [False]
        for value in candidates:
            if value not in avoid:
                return value
        return None
    if ftype == 'many2many':
        for value in _comodel_ids(env, field.comodel_name, cache):
            if [value] not in avoid:
                return [(6, 0, [value])]
        return None
    simple = {'date': FORGED_DATE, 'datetime': FORGED_DATETIME, 'char': FORGED_TEXT,
              'text': FORGED_TEXT, 'html': '<p>forged</p>', 'integer': FORGED_INTEGER,
              'float': FORGED_FLOAT, 'monetary': FORGED_FLOAT}
    if ftype in simple:
        value = simple[ftype]
        return value if value not in avoid else None
    if ftype == 'boolean':
        for value in (True, False):
            if value not in avoid:
                return value
        return None
    return None


def _plain_forged(forged):
    """The forged value as read back (many2many commands -> ids)."""
    if isinstance(forged, list) and forged and isinstance(forged[0], tuple):
        return sorted(forged[0][2])
    if isinstance(forged, list) and forged and isinstance(forged[0], list):
        return sorted(forged[0][2])
    return forged


def own_default(model, name):
    """What ``name`` starts from for the caller of ``model`` (its env)."""
    field = model._fields[name]
    res = model.default_get([name])
    if name not in res:
        return False if field.type != 'many2many' else []
    value = res[name]
    if field.type == 'many2many':
        ids = []
        for command in value or []:
            if command[0] == 6:
                ids = list(command[2])
            elif command[0] == 4:
                ids.append(command[1])
        return sorted(ids)
    if field.type == 'many2one' and hasattr(value, 'id'):
        return value.id
    if field.type in ('float', 'monetary'):
        return float(value or 0.0)
    return value


def ordinary_fields(model):
    """The fields of ``model`` a user edits: stored, not computed, not a
    relation's copy, not protected, not the mail ones frozen records keep."""
    protected = set(model._protected_fields())
    open_fields = model._frozen_open_fields()
    names = []
    for name, field in model._fields.items():
        if name in MAGIC or name in protected or name in open_fields:
            continue
        if not field.store or field.related or field.type in SKIPPED_TYPES:
            continue
        if field.compute and not field.inverse:
            continue
        names.append(name)
    return sorted(names)


def base_vals(model, record, skip=()):
    """Valid values of a new record: those of an existing one (its ordinary
    fields, texts marked as a probe's), or made up for its required fields
    when there is none."""
    protected = set(model._protected_fields())
    names = ordinary_fields(model) if record else [
        name for name, field in model._fields.items()
        if field.required and name in ordinary_fields(model)]
    vals = {}
    for name in sorted(names):
        field = model._fields[name]
        if name in protected or name in skip:
            continue
        value = to_plain(field, record[name]) if record else _made_up(model, field)
        if not value and not field.required:
            continue  # the field's own default
        if field.type == 'many2many':
            value = [(6, 0, value)]
        elif field.type in ('char', 'text') and value:
            value = '%s (probe)' % value
        vals[name] = value
    return vals


def _made_up(model, field):
    """A value of a required field when there is no record to take it from."""
    if field.type in ('many2one', 'many2many'):
        comodel = model.env[field.comodel_name]
        first = comodel.search([], order='id', limit=1).id
        return first if field.type == 'many2one' else [first] if first else []
    if field.type == 'selection':
        return _selection_values(field, model)[0]
    made = {'char': 'probe', 'text': 'probe', 'html': '<p>probe</p>', 'integer': 1, 'float': 1.0,
            'monetary': 1.0, 'boolean': True, 'date': '2020-01-01',
            'datetime': '2020-01-01 00:00:00'}
    return made.get(field.type, False)


def _state_field(model):
    field = model._fields.get('state')
    return 'state' if field is not None and field.store and field.type == 'selection' else None


def _groups(model):
    """The records of ``model`` by workflow state (or by frozen/open when it
    has no state), as {group key: ids sorted}."""
    state = _state_field(model)
    records = model.search([], order='id')
    frozen = set(records._frozen().ids)
    groups = collections.OrderedDict()
    for rec in records:
        key = rec[state] if state else ('frozen' if rec.id in frozen else 'open')
        groups.setdefault(key, []).append(rec.id)
    return groups, frozen


def _pick(model, ids, uid, mode):
    """The first record of ``ids`` the role may ``mode`` (its rights and
    record rules): a refusal then comes from the protection, not from the
    access rules. The first record when the role may touch none."""
    as_role = model.sudo(uid)
    if as_role.check_access_rights(mode, raise_exception=False):
        allowed = as_role.search([('id', 'in', ids)], order='id').ids if mode == 'read' else None
        for rec_id in ids:
            if allowed is not None:
                if rec_id in allowed:
                    return rec_id, True
                continue
            try:
                as_role.browse(rec_id).check_access_rule(mode)
            except Exception:  # AccessError, a record rule
                continue
            return rec_id, True
    return ids[0], False


# why a probe is weak: it is refused, but what refuses it may not be the
# protection (see weak_reason)
WEAK_REASONS = {
    'acl': "the role has no such right on the model at all (its access rights): refused by them, "
           "rightly, whatever the protection does",
    'record_rules': "the role has the right, but no record of that state its record rules let it "
                    "touch",
    'workflow_only': "a model only the workflow creates: no create by the role succeeds, with or "
                     "without the forged field",
    'create_fails': "the same create without the forged field fails too (its required fields are "
                    "the workflow's, or a business rule refuses it)",
}


def weak_reason(model, uid, kind):
    """The key of WEAK_REASONS of a weak probe of ``kind`` by ``uid``."""
    mode = {'create': 'create', 'default': 'create', 'copy': 'read', 'write': 'write',
            'frozen_write': 'write', 'frozen_unlink': 'unlink'}[kind]
    if not model.sudo(uid).check_access_rights(mode, raise_exception=False):
        return 'acl'
    if kind in ('create', 'default'):
        return 'workflow_only' if model._ci_workflow_create else 'create_fails'
    return 'record_rules'


def _relation(field):
    if field.type != 'many2many':
        return None
    return {'table': field.relation, 'column': field.column1}


def control_create(env, model_name, uid, vals, names):
    """What a create of ``vals`` by ``uid`` gives the fields ``names``, in a
    cursor of its own that is rolled back; None when the create is refused."""
    import logging
    # a refused create logs its SQL error: expected here
    sql_log = logging.getLogger('odoo.sql_db')
    level = sql_log.level
    sql_log.setLevel(logging.CRITICAL)
    try:
        return _control_create(env, model_name, uid, vals, names)
    finally:
        sql_log.setLevel(level)


def _control_create(env, model_name, uid, vals, names):
    import odoo
    with env.registry.cursor() as cr:
        try:
            model = odoo.api.Environment(cr, uid, {})[model_name]
            rec = model.create(vals)
            return {name: to_plain(model._fields[name], rec[name]) for name in names}
        except Exception:  # refused to this role, or values it may not use
            return None
        finally:
            cr.rollback()


def build_probes(env, notes=None):
    """The probe list of the database of ``env`` (a superuser env), sorted.
    ``notes`` (a list) receives what could not be probed, and why."""
    uids = role_uids(env)
    cache = {}
    probes = []
    notes = notes if notes is not None else []
    seeded = seeded_records(env)
    for model_name in protected_models(env):
        model = env[model_name]
        protected = model._protected_fields()
        names = sorted(name for name in protected
                       if model._fields[name].store and model._fields[name].type not in SKIPPED_TYPES)
        notes.extend({'model': model_name, 'field': name, 'why': 'type %s' % model._fields[name].type}
                     for name in sorted(set(protected) - set(names)))
        groups, frozen = _groups(model)
        state = _state_field(model)
        default_state = None
        if state and model._fields[state].default:
            default_state = model._fields[state].default(model)
        # the record new ones are made like: one in the initial state (an
        # open one for a model without a state: nothing is frozen at birth),
        # else the first; one the matrix's seeding made first (its values are
        # known to make a record, whatever other tests left before it)
        first_ids = groups.get(default_state) or (groups.get('open') if not state else None) \
            or (min(groups.values(), key=min) if groups else [])
        first_ids = sorted(first_ids, key=lambda i, mine=seeded.get(model_name, ()): (i not in mine, i))
        template = model.browse(first_ids[0]) if first_ids else None
        if not groups:
            notes.append({'model': model_name, 'why': 'no record: no write, copy or frozen probe'})
        for role in ROLES:
            uid = uids[role]
            as_role = model.sudo(uid)
            user = env['res.users'].sudo(uid)
            member = {name: bool(group) and user.has_group(group) for name, group in protected.items()}
            # what the workflow gives a new record: a forged value must differ from it
            control = control_create(env, model_name, uid, base_vals(model, template), names)

            def add(kind, field=None, _model=model, _role=role, _uid=uid, **probe):
                probe.update(model=_model._name, table=_model._table, role=_role, kind=kind,
                             field=field, ftype=_model._fields[field].type if field else None)
                if field:
                    probe['relation'] = _relation(_model._fields[field])
                if probe.get('strong') is False:
                    probe['weak'] = weak_reason(_model, _uid, kind)
                probes.append(probe)

            for name in names:
                field = model._fields[name]
                default = own_default(as_role, name)
                made = [control[name]] if control else []
                # (a) in the values of create, and (b) as a context default
                forged = forge(env, field, [default] + made, uid, cache)
                if forged is None:
                    notes.append({'model': model_name, 'field': name, 'role': role,
                                  'why': 'no value to forge for create'})
                else:
                    vals = base_vals(model, template, skip=(name,))
                    if not member[name]:
                        add('create', name, vals=dict(vals, **{name: forged}),
                            strong=control is not None)
                    expected = None
                    if field.type in EXACT_DEFAULT_TYPES:
                        expected = control[name] if control else default
                    add('default', name, vals=vals, context={'default_%s' % name: forged},
                        expect_default=expected, forged=_plain_forged(forged),
                        strong=control is not None)
                # (d) copy with default={field: forged}, of a record in the initial state
                if template is not None and not member[name]:
                    candidates = first_ids if state else [r for ids in groups.values() for r in ids]
                    rec_id, strong = _pick(model, sorted(candidates), uid, 'read')
                    if not strong and state:
                        # none in the initial state the role may read (a CI
                        # User reads approved SOP versions only): any it may
                        everything = sorted(r for ids in groups.values() for r in ids)
                        other, readable = _pick(model, everything, uid, 'read')
                        if readable:
                            rec_id, strong = other, True
                    current = to_plain(field, model.browse(rec_id)[name])
                    forged = forge(env, field, [default, current] + made, uid, cache)
                    if forged is not None:
                        add('copy', name, record_id=rec_id, default={name: forged},
                            group=_key(model.browse(rec_id), state, frozen), strong=strong)
                # (c) written on a record of each state
                for key, ids in groups.items():
                    frozen_ids = [i for i in ids if i in frozen]
                    # a member of the field's group may write it, where nothing is frozen
                    candidates = ids if not member[name] else frozen_ids
                    if not candidates:
                        continue
                    rec_id, strong = _pick(model, candidates, uid, 'write')
                    current = to_plain(field, model.browse(rec_id)[name])
                    forged = forge(env, field, [current], uid, cache)
                    if forged is None:
                        notes.append({'model': model_name, 'field': name, 'role': role,
                                      'why': 'no other value than %r to write' % (current,)})
                        continue
                    add('write', name, record_id=rec_id, group=key, vals={name: forged},
                        strong=strong)
            # (e) frozen records: any ordinary field, and deletion
            for key, ids in groups.items():
                frozen_ids = [i for i in ids if i in frozen]
                if not frozen_ids:
                    continue
                rec_id, strong = _pick(model, frozen_ids, uid, 'write')
                rec = model.browse(rec_id)
                for name in ordinary_fields(model):
                    field = model._fields[name]
                    forged = forge(env, field, [to_plain(field, rec[name])], uid, cache)
                    if forged is not None:
                        add('frozen_write', name, record_id=rec_id, group=key,
                            vals={name: forged}, strong=strong)
                rec_id, strong = _pick(model, frozen_ids, uid, 'unlink')
                add('frozen_unlink', record_id=rec_id, group=key, strong=strong)
    for probe in probes:
        probe['id'] = probe_id(probe)
        if probe.get('record_id'):
            rec = env[probe['model']].browse(probe['record_id'])
            probe['state'] = _state(rec)
            probe['fingerprint'] = fingerprint(rec)
    probes.sort(key=sort_key)
    ids = [p['id'] for p in probes]
    assert len(ids) == len(set(ids)), "probe ids are not unique"
    return probes


FINGERPRINT_FIELDS = ('name', 'title', 'code', 'timestamp', 'date_start', 'sop_id',
                      'characteristic_id', 'rule_id', 'improvement_id', 'production_id', 'badge_id',
                      'user_id', 'owner_id', 'workcenter_id')


def fingerprint(rec):
    """Two columns that tell this record from another with the same id in
    another database (see ProbeRunner.applicable)."""
    found = {}
    for name in FINGERPRINT_FIELDS:
        field = rec._fields.get(name)
        if field is not None and field.store and field.type not in ('one2many', 'many2many'):
            value = to_plain(field, rec[name])
            found[name] = None if value is False else str(value)
        if len(found) == 2:
            break
    return found


def _key(rec, state, frozen):
    return rec[state] if state else ('frozen' if rec.id in frozen else 'open')


def _state(rec):
    return rec['state'] if _state_field(rec) else None


def build_mail_probes(env):
    """The other side of frozen: following and discussing a record stays
    open (the mixin keeps the mail fields writable). One probe per model with
    a chatter, role and state, on a record the role may write: the role
    follows it and posts a note, which must work. Sorted."""
    if 'mail.thread' not in env.registry:
        return []
    thread = env.registry['mail.thread']
    uids = role_uids(env)
    probes = []
    for model_name in protected_models(env):
        if not issubclass(env.registry[model_name], thread):
            continue
        model = env[model_name]
        groups, frozen = _groups(model)
        for role in ROLES:
            uid = uids[role]
            for key, ids in groups.items():
                rec_id, strong = _pick(model, ids, uid, 'write')
                if not strong:
                    continue  # nor may the role discuss it
                rec = model.browse(rec_id)
                probes.append({
                    'id': 'mail/%s/%s/%s' % (model_name, role, key), 'kind': 'mail',
                    'model': model_name, 'table': model._table, 'role': role, 'group': key,
                    'record_id': rec_id, 'frozen': rec_id in frozen, 'state': _state(rec),
                    'fingerprint': fingerprint(rec),
                    'partner_id': env['res.users'].browse(uid).partner_id.id,
                })
    probes.sort(key=lambda p: (p['model'], ROLES.index(p['role']), str(p['group'])))
    return probes


def probe_id(probe):
    parts = [probe['kind'], probe['model'], probe['role']]
    if probe.get('field'):
        parts.append(probe['field'])
    if probe.get('group') is not None:
        parts.append(str(probe['group']))
    return '/'.join(parts)


def sort_key(probe):
    # deletions last: an accepted one (a bug) takes its record with it
    return (probe['kind'] == 'frozen_unlink', KINDS.index(probe['kind']), probe['model'],
            ROLES.index(probe['role']), probe.get('field') or '', str(probe.get('group')))


# ----------------------------------------------------------------------
# playing it, over XML-RPC
# ----------------------------------------------------------------------
class Rpc(object):
    """One user's XML-RPC session (the same as tests/test_xmlrpc_access.Rpc)."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
        self.uid = common.authenticate(db, login, password, {})
        assert self.uid, "%s cannot log in" % login
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kw)


# what answered a refusal (see answered_by): Odoo's messages, in English and Chinese
ACCESS_RIGHTS_TEXT = ('Sorry, you are not allowed to', '对不起，你没有', '对不起，您没有')
RECORD_RULES_TEXT = ('due to security restrictions', '由于安全限制')


def answered_by(result):
    """Who refused a probe, from the server's answer: 'access rights' or
    'record rules' (Odoo's own messages), 'protection' (a UserError or an
    AccessError of the suite: the mixin, a model's own rule), 'validation'
    (a constraint, a required field), or else the refusal's kind; the
    outcome when the probe was not refused."""
    if result['outcome'] != 'refused':
        return result['outcome']
    answer = result.get('answer') or ''
    if any(text in answer for text in ACCESS_RIGHTS_TEXT):
        return 'access rights'
    if any(text in answer for text in RECORD_RULES_TEXT):
        return 'record rules'
    refusal = result.get('refusal')
    if refusal in ('UserError', 'AccessError'):
        return 'protection'
    if refusal == 'ValidationError':
        return 'validation'
    return refusal or 'unknown'


def classify_fault(fault):
    """The kind of refusal behind a Fault: what the server raised."""
    code = fault.faultCode
    if code == 2:
        return 'UserError'
    if code == 4:
        return 'AccessError'
    if code == 3:
        return 'AccessDenied'
    text = str(fault.faultString).strip()
    last = text.splitlines()[-1] if text else ''
    exc = last.split(':', 1)[0].strip()
    if exc.endswith('ValidationError'):
        return 'ValidationError'
    if exc.startswith('psycopg2'):
        return 'SQL: ' + exc.rsplit('.', 1)[-1]
    return 'crash: ' + (exc or str(code))


def fault_message(fault):
    text = str(fault.faultString).strip()
    if fault.faultCode in (2, 3, 4):
        return text.splitlines()[0][:300] if text else ''
    return (text.splitlines()[-1] if text else '')[:300]


class ProbeRunner(object):
    """Plays probes with one XML-RPC session per role, and checks the rows
    by SQL on a connection of its own (autocommit: committed data only)."""

    def __init__(self, sessions, conn):
        self.rpc = sessions          # {role: callable(model, method, *args, **kw)}
        self.conn = conn
        self.conn.autocommit = True
        self.fields = {}             # {model: set of its field names on the server}

    # -- SQL ------------------------------------------------------------
    def _sql(self, query, params=()):
        with self.conn.cursor() as cr:
            cr.execute(query, params)
            cols = [d[0] for d in cr.description] if cr.description else []
            return cols, cr.fetchall() if cr.description else []

    def row(self, table, rec_id):
        cols, rows = self._sql('SELECT * FROM "%s" WHERE id = %%s' % table, (rec_id,))
        return (cols, rows[0]) if rows else (cols, None)

    def max_id(self, table):
        return self._sql('SELECT COALESCE(MAX(id), 0) FROM "%s"' % table)[1][0][0]

    def rel_rows(self, relation, rec_id):
        if not relation:
            return None
        return sorted(self._sql('SELECT * FROM "%s" WHERE "%s" = %%s'
                                % (relation['table'], relation['column']), (rec_id,))[1])

    def snapshot(self, probe):
        if probe['kind'] in ('create', 'default', 'copy'):
            return self.max_id(probe['table'])
        cols, row = self.row(probe['table'], probe['record_id'])
        return (cols, row, self.rel_rows(probe.get('relation'), probe['record_id']))

    # -- restoring after an accepted probe ------------------------------
    def delete_new_rows(self, probe, after_id):
        """Removes the rows an accepted create made (mail first, no FK there)."""
        model, table = probe['model'], probe['table']
        _cols, rows = self._sql('SELECT id FROM "%s" WHERE id > %%s' % table, (after_id,))
        ids = [r[0] for r in rows]
        if not ids:
            return ids
        try:
            self.rpc['admin'](model, 'unlink', ids)
        except xmlrpc.client.Fault:
            # the model refuses it (frozen...): by SQL, with its mail (no FK there)
            self._sql('DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)', (model, ids))
            for mail_table in ('mail_followers', 'mail_activity'):
                self._sql('DELETE FROM %s WHERE res_model = %%s AND res_id = ANY(%%s)' % mail_table,
                          (model, ids))
            self._sql('DELETE FROM "%s" WHERE id = ANY(%%s)' % table, (ids,))
        return ids

    def restore_row(self, probe, before):
        cols, row, rel = before
        table, rec_id = probe['table'], probe['record_id']
        if row is None:
            return
        _cols, now = self.row(table, rec_id)
        if now is None:
            return  # deleted: not restorable here
        changed = [(c, v) for c, v, w in zip(cols, row, now) if v != w]
        if changed:
            self._sql('UPDATE "%s" SET %s WHERE id = %%s'
                      % (table, ', '.join('"%s" = %%s' % c for c, _v in changed)),
                      tuple(v for _c, v in changed) + (rec_id,))
        relation = probe.get('relation')
        if relation and rel is not None and self.rel_rows(relation, rec_id) != rel:
            self._sql('DELETE FROM "%s" WHERE "%s" = %%s' % (relation['table'], relation['column']),
                      (rec_id,))
            for values in rel:
                self._sql('INSERT INTO "%s" VALUES (%s)'
                          % (relation['table'], ', '.join(['%s'] * len(values))), values)

    # -- the probe ------------------------------------------------------
    def applicable(self, probe):
        """None, or why this server cannot play the probe (another version
        of the code, another database)."""
        model = probe['model']
        if model not in self.fields:
            try:
                self.fields[model] = set(self.rpc['admin'](model, 'fields_get', attributes=['type']))
            except xmlrpc.client.Fault:
                self.fields[model] = None
        known = self.fields[model]
        if known is None:
            return 'no model %s' % model
        names = set(probe.get('vals') or {}) | set(probe.get('default') or {})
        names |= {k[len('default_'):] for k in (probe.get('context') or {})}
        missing = sorted(n for n in names if n not in known)
        if missing:
            return 'no field %s' % ', '.join(missing)
        if probe.get('record_id'):
            cols, row = self.row(probe['table'], probe['record_id'])
            if row is None:
                return 'no record %s' % probe['record_id']
            if probe.get('state') is not None and 'state' in cols \
                    and row[cols.index('state')] != probe['state']:
                return 'record %s is %s, not %s' % (probe['record_id'], row[cols.index('state')],
                                                    probe['state'])
            for name, value in sorted((probe.get('fingerprint') or {}).items()):
                if name in cols:
                    found = row[cols.index(name)]
                    found = None if found is None else str(found)
                    if found and DATETIME_MICRO.match(found):
                        # as the ORM reads it: to the second (a raw write may keep microseconds)
                        found = found[:19]
                    if found != value:
                        return 'record %s has %s = %r, not %r' % (probe['record_id'], name,
                                                                  found, value)
        return None

    def run(self, probe):
        """{'outcome': 'refused' | 'ignored' | 'accepted' | 'changed' |
        'error' | 'n/a', 'answer': what the server said, ...}"""
        why = self.applicable(probe)
        if why:
            return {'outcome': 'n/a', 'answer': why}
        rpc = self.rpc[probe['role']]
        model, kind = probe['model'], probe['kind']
        before = self.snapshot(probe)
        result = {}
        started = time.time()
        try:
            if kind == 'create':
                answer = rpc(model, 'create', probe['vals'])
            elif kind == 'default':
                answer = rpc(model, 'create', probe['vals'], context=probe['context'])
            elif kind == 'copy':
                answer = rpc(model, 'copy', probe['record_id'], default=probe['default'])
            elif kind in ('write', 'frozen_write'):
                answer = rpc(model, 'write', [probe['record_id']], probe['vals'])
            elif kind == 'frozen_unlink':
                answer = rpc(model, 'unlink', [probe['record_id']])
            else:
                raise ValueError(kind)
        except xmlrpc.client.Fault as fault:
            result.update(outcome='refused', refusal=classify_fault(fault),
                          answer=fault_message(fault))
        except (xmlrpc.client.ProtocolError, OSError) as err:
            result.update(outcome='error', answer='%s: %s' % (type(err).__name__, err))
        else:
            result.update(outcome='accepted', answer=repr(answer)[:200])
        if result['outcome'] == 'refused':
            result['answered_by'] = answered_by(result)
        result['ms'] = round((time.time() - started) * 1000, 1)
        after = self.snapshot(probe)
        if kind in ('create', 'default', 'copy'):
            created = after != before
            if kind == 'default' and result['outcome'] == 'accepted':
                result.update(self._check_default(probe, answer))
            elif created and result['outcome'] != 'accepted':
                result.update(outcome='changed', answer=result['answer'] + ' (yet a row was created)')
            if created:
                result['cleaned'] = self.delete_new_rows(probe, before)
        elif after != before:
            if result['outcome'] != 'accepted':
                result.update(outcome='changed', answer=result['answer'] + ' (yet the row changed)')
            if kind != 'frozen_unlink':
                self.restore_row(probe, before)
        return result

    def run_mail(self, probe):
        """A mail probe: {'outcome': 'open' | 'closed' | 'error' | 'n/a', ...};
        the note and the follower (or the row of one who already followed it, which
        Odoo replaces) are undone, and so is the record's write date."""
        why = self.applicable(probe)
        if why:
            return {'outcome': 'n/a', 'answer': why}
        rpc = self.rpc[probe['role']]
        model, rec_id = probe['model'], probe['record_id']
        before = self.snapshot(dict(probe, kind='write'))
        last_message = self.max_id('mail_message')
        followers = self.followers(model, rec_id)
        result = {'outcome': 'open', 'answer': 'followed and posted'}
        try:
            rpc(model, 'message_subscribe', [rec_id], partner_ids=[probe['partner_id']])
            rpc(model, 'message_post', [rec_id], body='integrity probe', message_type='comment',
                subtype='mail.mt_note')
        except xmlrpc.client.Fault as fault:
            result = {'outcome': 'closed', 'refusal': classify_fault(fault),
                      'answer': fault_message(fault)}
        except (xmlrpc.client.ProtocolError, OSError) as err:
            result = {'outcome': 'error', 'answer': '%s: %s' % (type(err).__name__, err)}
        self._sql('DELETE FROM mail_message WHERE id > %s AND model = %s AND res_id = %s',
                  (last_message, model, rec_id))
        self.restore_followers(model, rec_id, followers)
        self.restore_row(dict(probe, kind='write'), before)
        return result

    def followers(self, model, rec_id):
        """The follower rows of a record, and their subtypes."""
        cols, rows = self._sql('SELECT * FROM mail_followers WHERE res_model = %s AND res_id = %s ORDER BY id',
                               (model, rec_id))
        _cols, subtypes = self._sql('SELECT mail_followers_id, mail_message_subtype_id FROM %s '
                                    'WHERE mail_followers_id = ANY(%%s) ORDER BY 1, 2' % FOLLOWER_SUBTYPES,
                                    ([row[cols.index('id')] for row in rows],))
        return cols, rows, subtypes

    def restore_followers(self, model, rec_id, followers):
        """Puts the followers of a record back as they were: subscribing one
        who already follows it replaces their row (Odoo's force mode)."""
        if self.followers(model, rec_id) == followers:
            return
        cols, rows, subtypes = followers
        self._sql('DELETE FROM mail_followers WHERE res_model = %s AND res_id = %s', (model, rec_id))
        for row in rows:
            self._sql('INSERT INTO mail_followers (%s) VALUES (%s)'
                      % (', '.join('"%s"' % c for c in cols), ', '.join(['%s'] * len(cols))), row)
        for pair in subtypes:
            self._sql('INSERT INTO %s (mail_followers_id, mail_message_subtype_id) VALUES (%%s, %%s)'
                      % FOLLOWER_SUBTYPES, pair)

    def _check_default(self, probe, new_id):
        """A create that took a context default must hold the own default."""
        field = probe['field']
        try:
            value = self.rpc['admin'](probe['model'], 'read', [new_id], [field])[0][field]
        except xmlrpc.client.Fault as fault:
            return {'outcome': 'error', 'answer': 'cannot read it back: %s' % fault_message(fault)}
        if probe['ftype'] == 'many2one':
            value = value[0] if value else False
        elif probe['ftype'] == 'many2many':
            value = sorted(value)
        elif probe['ftype'] in ('float', 'monetary'):
            value = float(value or 0.0)
        forged = probe['forged']
        if value == forged or (probe['ftype'] == 'datetime' and str(value)[:10] == str(forged)[:10]):
            return {'outcome': 'accepted', 'answer': 'created holding the forged %s = %r'
                    % (field, value)}
        expected = probe.get('expect_default')
        if expected is not None and value != expected:
            return {'outcome': 'accepted', 'answer': 'created with %s = %r, not its own default %r'
                    % (field, value, expected)}
        return {'outcome': 'ignored', 'answer': 'created with %s = %r (forged %r ignored)'
                % (field, value, forged)}


PASSED = ('refused', 'ignored')


def summarize(probes, results):
    """Counts per kind, model and role, and the probes that failed."""
    by = {'kind': collections.Counter(), 'model': collections.Counter(),
          'role': collections.Counter()}
    failed_by = {'kind': collections.Counter(), 'model': collections.Counter(),
                 'role': collections.Counter()}
    outcomes = collections.Counter()
    refusals = collections.Counter()
    answered = collections.Counter()
    failures, not_applicable = [], []
    for probe in probes:
        res = results.get(probe['id'])
        if res is None:
            continue
        outcomes[res['outcome']] += 1
        if res.get('refusal'):
            refusals[res['refusal']] += 1
        if res.get('answered_by'):
            answered[res['answered_by']] += 1
        if res['outcome'] == 'n/a':
            not_applicable.append({'probe': probe['id'], 'why': res['answer']})
            continue
        for axis in by:
            by[axis][probe[axis]] += 1
        if res['outcome'] not in PASSED:
            for axis in failed_by:
                failed_by[axis][probe[axis]] += 1
            failures.append(dict(probe=probe['id'], outcome=res['outcome'], answer=res['answer'],
                                 vals=probe.get('vals') if probe['kind'] != 'create' else
                                 {probe['field']: probe['vals'].get(probe['field'])},
                                 context=probe.get('context'), default=probe.get('default'),
                                 record_id=probe.get('record_id')))
    return {
        'probes': len(probes),
        'played': sum(by['kind'].values()),
        'outcomes': dict(sorted(outcomes.items())),
        'refusals': dict(sorted(refusals.items())),
        'answered_by': dict(sorted(answered.items())),
        'probes_by': {axis: dict(sorted(c.items())) for axis, c in by.items()},
        'failed_by': {axis: dict(sorted(c.items())) for axis, c in failed_by.items()},
        'failures': failures,
        'not_applicable': not_applicable,
    }


# ----------------------------------------------------------------------
# command line
# ----------------------------------------------------------------------
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _odoo_conf(path):
    parser = configparser.ConfigParser()
    parser.read(path)
    return dict(parser['options'])


def _connect(db, conf):
    import psycopg2
    return psycopg2.connect(dbname=db, host=conf.get('db_host') or None,
                            port=int(conf.get('db_port') or 5432), user=conf.get('db_user'),
                            password=conf.get('db_password'))


def cmd_dump(args):
    import odoo
    odoo.tools.config.parse_config(['-c', args.config, '-d', args.database,
                                    '--log-level', 'warn'])
    registry = odoo.registry(args.database)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        probes = build_probes(env)
        cr.rollback()
    with open(args.output, 'w') as out:
        json.dump(probes, out, indent=1, sort_keys=True)
    counts = collections.Counter(p['kind'] for p in probes)
    print('%d probes -> %s (%s)' % (len(probes), args.output,
                                    ', '.join('%s %d' % (k, counts[k]) for k in KINDS)))


def cmd_seed(args):
    import integrity_seed
    sessions = {role: Rpc(args.url, args.database, role, role) for role in ROLES}
    report = integrity_seed.seed(
        sessions, connect=lambda login: Rpc(args.url, args.database, login, login))
    made = report.get('made') or {}
    print('%s in %s s: %s' % ('already made' if report.get('reused') else 'made', report.get('seconds'),
                              ', '.join('%s %s' % (model, '/'.join(sorted(states)))
                                        for model, states in sorted(made.items()))))


def cmd_run(args):
    conf = _odoo_conf(args.config)
    with open(args.probes) as src:
        probes = json.load(src)
    sessions = {role: Rpc(args.url, args.database, role, role) for role in ROLES}
    conn = _connect(args.database, conf)
    runner = ProbeRunner(sessions, conn)
    results = {}
    started = time.time()
    for i, probe in enumerate(probes, 1):
        results[probe['id']] = runner.run(probe)
        if args.verbose and results[probe['id']]['outcome'] not in PASSED:
            print('%-9s %s: %s' % (results[probe['id']]['outcome'], probe['id'],
                                   results[probe['id']]['answer']))
        if i % 500 == 0:
            print('... %d / %d (%.0f s)' % (i, len(probes), time.time() - started), file=sys.stderr)
    summary = summarize(probes, results)
    summary.update(url=args.url, database=args.database, seconds=round(time.time() - started, 1))
    with open(args.output, 'w') as out:
        json.dump({'summary': summary, 'results': results}, out, indent=1, sort_keys=True)
    print(json.dumps({k: v for k, v in summary.items() if k not in ('failures', 'not_applicable')},
                     indent=1, sort_keys=True))
    print('%d failed, %d not applicable -> %s' % (len(summary['failures']),
                                                  len(summary['not_applicable']), args.output))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    sub = parser.add_subparsers(dest='cmd', required=True)
    dump = sub.add_parser('dump', help='build the probe list from a database, in-process')
    dump.add_argument('-d', '--database', required=True)
    dump.add_argument('-c', '--config', default=os.path.join(ROOT, 'odoo.conf'))
    dump.add_argument('-o', '--output', required=True)
    dump.set_defaults(func=cmd_dump)
    seed = sub.add_parser('seed', help='make a record of every state the demo plant lacks, over XML-RPC')
    seed.add_argument('--url', required=True)
    seed.add_argument('-d', '--database', required=True)
    seed.set_defaults(func=cmd_seed)
    run = sub.add_parser('run', help='play a probe list against a server')
    run.add_argument('--url', required=True)
    run.add_argument('-d', '--database', required=True)
    run.add_argument('-c', '--config', default=os.path.join(ROOT, 'odoo.conf'),
                     help='odoo.conf of the cluster the database is in (for the SQL checks)')
    run.add_argument('--probes', required=True)
    run.add_argument('-o', '--output', required=True)
    run.add_argument('-v', '--verbose', action='store_true')
    run.set_defaults(func=cmd_run)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == '__main__':
    main()
