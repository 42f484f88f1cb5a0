# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""System messages in the reader's language, however they are stored.

The suite writes chatter notes and log texts on behalf of whoever triggered
them (limits frozen, a version in force, an alert fired). Stored as text they
would stay in that person's language. A system message is a template of a
registry (``ci.message._templates()``: key -> English msgid, other addons add
theirs with ``super()``) and its arguments; a chatter note keeps both on its
``mail.message`` (``ci_msg_key``, ``ci_msg_args``) and reading it renders the
template in the reader's language. Texts stored before, or stored as plain
text (a phase's reason, an alert evaluation's message), are matched against
the templates' English and translated patterns and rendered again.
"""

import html
import json
import re

from odoo import api, models, tools
from odoo.tools import html_escape

from .ci_protected_mixin import GRANT_KEY, _Grant


def _(source):
    """Marks ``source`` for the translation export only: system messages are
    translated when they are read, in the reader's language."""
    return source


TEMPLATES = {
    'improvement.submitted': _("Submitted for review to %(reviewers)s."),
    'improvement.submitted_nobody': _(
        "Submitted, but nobody can review it: set the CI owner of the work "
        "center, or make someone CI Manager."
    ),
    'improvement.adopted_no_operation': _(
        "Adopted. No operation is set, so no SOP draft was prepared: "
        "draft the standard from the SOP of the operation concerned."
    ),
    'improvement.adopted_draft': _(
        "Adopted. Draft %(version)s of the standard is ready to be written up "
        "and approved."
    ),
    'pilot.evaluated': _(
        "Evaluated: %(verdict)s (p %(p)s, n = %(n1)s / %(n2)s)."
    ),
    'sop.approved': _("Approved, in force from %(date)s."),
    'sop.superseded': _("Superseded by %(version)s."),
    'sop.in_force': _("%(version)s is in force from %(date)s."),
    'alert.evidence': _(
        "Evidence of KPI alert rule %(rule)s: the daily values and their chart."
    ),
    'alert.fired': _("Fired: %(breach)s. Opened improvement %(ref)s."),
    'alert.breach': _(
        "%(kpi)s %(value)s from %(date_from)s to %(date_to)s vs limit %(limit)s"
    ),
    'alert.limit_absolute': _("threshold %(limit)s"),
    'alert.limit_relative': _(
        "%(limit)s, the baseline %(baseline)s made %(pct)s%% worse"
    ),
    'alert.no_data': _(
        "No data: %(count)s data points (done work orders, time logs for OEE) from "
        "%(date_from)s to %(date_to)s, %(needed)s needed."
    ),
    'alert.no_baseline': _(
        "No baseline: %(count)s data points from %(date_from)s to %(date_to)s, "
        "%(needed)s needed to measure a degradation."
    ),
    'alert.within_limits': _("Within limits: %(breach)s."),
    'alert.open_task': _(
        "Limit breached (%(breach)s), but improvement %(ref)s of this rule is "
        "still open "
        "(%(state)s): no second one."
    ),
    'alert.cooldown': _(
        "Limit breached (%(breach)s), but the rule fired on %(fired)s and "
        "stays quiet until "
        "%(until)s (cooldown of %(days)s days; at most once a day)."
    ),
    'alert.limit_breached': _(
        "Limit breached (%(breach)s): opened improvement %(ref)s, owner %(owner)s."
    ),
}

# %(name)s, %(name)d, %(name).2f ... in a msgid
_PARAM = re.compile(r'%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifgr]')
_TAGS = re.compile(r'<[^>]+>')


def _pattern(msgid):
    """A regex that matches ``msgid`` rendered with any arguments."""
    parts, seen, pos = ['^'], set(), 0
    for match in _PARAM.finditer(msgid):
        parts.append(re.escape(msgid[pos : match.start()].replace('%%', '%')))
        name = match.group(1)
        parts.append(
            '(?P=%s)' % name if name in seen else '(?P<%s>.+?)' % name
        )
        seen.add(name)
        pos = match.end()
    parts.append(re.escape(msgid[pos:].replace('%%', '%')) + '$')
    return re.compile(''.join(parts), re.S)


class CiMessage(models.AbstractModel):
    """The registry of system messages and their rendering."""

    _name = 'ci.message'
    _description = 'System Messages'

    def _templates(self):
        """{key: English msgid} of the system messages."""
        return dict(TEMPLATES)

    def _selections(self):
        """(model, field) whose selection labels are arguments of system
        messages: stored texts get them back in the reader's language."""
        return [
            ('ci.improvement', 'state'),
            ('ci.pilot', 'verdict'),
            ('ci.kpi.alert.rule', 'kpi'),
        ]

    def _terms(self):
        """Plain code terms that are arguments of system messages."""
        return [
            'no data',
            'none (nobody is CI owner of the work center)',
            "Welch's t-test",
            'Two-proportion z-test',
        ]

    # ------------------------------------------------------------------
    # rendering
    # ------------------------------------------------------------------
    def _reader_lang(self):
        return self.env.context.get('lang') or self.env.user.lang or 'en_US'

    def _translate(self, msgid, lang):
        if not lang or lang == 'en_US':
            return msgid
        return (
            self.env['ir.translation']._get_source(
                None, ('code',), lang, msgid
            )
            or msgid
        )

    def _arg(self, value, lang):
        """An argument as the reader reads it: {'sel': [model, field, key]}
        is a selection label, {'msg': key, 'args': {...}} a nested message,
        {'term': msgid} a code term; anything else as it is."""
        if not isinstance(value, dict):
            return value
        if value.get('sel'):
            model, field, key = value['sel']
            if model in self.env and field in self.env[model]._fields:
                env = self.with_context(lang=lang).env
                return dict(
                    self.env[model]._fields[field]._description_selection(env)
                ).get(key, key)
            return key
        if value.get('msg'):
            return self._render(value['msg'], value.get('args') or {}, lang)
        if value.get('term'):
            return self._translate(value['term'], lang)
        return ''

    def _render(self, key, args, lang=None):
        """The text of message ``key`` with ``args`` in ``lang`` (default:
        the reader's), None for an unknown key."""
        lang = lang or self._reader_lang()
        msgid = self._templates().get(key)
        if msgid is None:
            return None
        values = {
            name: self._arg(value, lang)
            for name, value in (args or {}).items()
        }
        for text in (self._translate(msgid, lang), msgid):
            try:
                return text % values
            except (KeyError, TypeError, ValueError):
                continue
        return msgid

    def _body(self, key, args, lang=None):
        text = self._render(key, args, lang)
        return None if text is None else '<p>%s</p>' % html_escape(text)

    # ------------------------------------------------------------------
    # texts stored before, or as plain text
    # ------------------------------------------------------------------
    def _langs(self):
        return [
            code for code, _name in self.env['res.lang'].sudo().get_installed()
        ]

    @tools.ormcache()
    def _patterns(self):
        """[(key, regex)] for every template in every installed language,
        longest first (the most specific wins)."""
        found = []
        for key, msgid in self._templates().items():
            texts = {msgid} | {
                self._translate(msgid, lang) for lang in self._langs()
            }
            found.extend((key, text, _pattern(text)) for text in texts)
        found.sort(key=lambda item: -len(item[1]))
        return [(key, regex) for key, _text, regex in found]

    @tools.ormcache()
    def _reverse_terms(self):
        """{label in any installed language: argument}: selection labels and
        code terms."""
        found = {}
        for lang in self._langs():
            env = self.with_context(lang=lang).env
            for model, field in self._selections():
                if model in env and field in env[model]._fields:
                    for key, label in (
                        env[model]._fields[field]._description_selection(env)
                    ):
                        found.setdefault(label, {'sel': [model, field, key]})
            for term in self._terms():
                found.setdefault(self._translate(term, lang), {'term': term})
        return found

    def _parse(self, text, depth=0):
        """(key, args) of a rendered system message ``text``, or None."""
        text = (text or '').strip()
        if not text or depth > 3:
            return None
        for key, regex in self._patterns():
            match = regex.match(text)
            if match:
                return key, {
                    name: self._parse_arg(value, depth + 1)
                    for name, value in match.groupdict().items()
                }
        return None

    def _parse_arg(self, value, depth):
        term = self._reverse_terms().get(value.strip())
        if term:
            return term
        nested = self._parse(value, depth)
        if nested:
            return {'msg': nested[0], 'args': nested[1]}
        return value

    def _localize_text(self, text, lang=None):
        """``text`` in the reader's language when it is a system message."""
        lang = lang or self._reader_lang()
        term = self._reverse_terms().get((text or '').strip())
        if term:
            return self._arg(term, lang)
        parsed = self._parse(text)
        if not parsed:
            return text
        key, args = parsed
        # the parsed arguments are text: %d and %.2f of a template read them as such
        msgid = self._templates()[key]
        values = {name: self._arg(value, lang) for name, value in args.items()}
        for template in (self._translate(msgid, lang), msgid):
            try:
                return _PARAM.sub(r'%(\1)s', template) % values
            except (KeyError, TypeError, ValueError):
                continue
        return text

    def _localize_rows(self, rows, field_names, lang=None):
        """Read results: the ``field_names`` of each row in the reader's language."""
        lang = lang or self._reader_lang()
        for row in rows:
            for name in field_names:
                if isinstance(row.get(name), str) and row[name]:
                    row[name] = self._localize_text(row[name], lang)
        return rows

    def _localize_bodies(self, rows, lang=None):
        """mail.message read results: the bodies of system messages in the
        reader's language (marked ones from their key and arguments, older
        ones of the suite's records by their text)."""
        ids = [row['id'] for row in rows if isinstance(row.get('body'), str)]
        if not ids:
            return rows
        lang = lang or self._reader_lang()
        self.env.cr.execute(
            "SELECT id, model, ci_msg_key, ci_msg_args FROM mail_message WHERE "
            "id IN %s",
            (tuple(ids),),
        )
        marks = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for row in rows:
            model, key, args = marks.get(row['id'], (None, None, None))
            body = None
            if key:
                try:
                    body = self._body(key, json.loads(args or '{}'), lang)
                except ValueError:
                    body = None
            elif (
                model
                and (model.startswith('ci.') or model == 'mrp.workorder')
                and row.get('body')
            ):
                text = html.unescape(_TAGS.sub('', row['body'])).strip()
                localized = self._localize_text(text, lang)
                if localized != text:
                    body = '<p>%s</p>' % html_escape(localized)
            if body is not None:
                row['body'] = body
        return rows

    def _localize_trackings(self, messages, lang=None):
        """message_format() results: the tracked changes of the suite's records
        (a state moving) in the reader's language: field labels and selection
        values are stored as the writer read them."""
        lang = lang or self._reader_lang()
        ours = [
            m
            for m in messages
            if (m.get('model') or '').startswith('ci.')
            and m.get('tracking_value_ids')
        ]
        ids = [t['id'] for m in ours for t in m['tracking_value_ids']]
        if not ids:
            return messages
        # sudo: the tracking values of messages the reader has just read
        trackings = {
            t.id: t for t in self.env['mail.tracking.value'].sudo().browse(ids)
        }
        env = self.with_context(lang=lang).env
        for message in ours:
            model = (
                self.env[message['model']]
                if message['model'] in self.env
                else None
            )
            for row in message['tracking_value_ids']:
                tracking = trackings.get(row['id'])
                field = (
                    model is not None
                    and tracking
                    and model._fields.get(tracking.field)
                )
                if not field:
                    continue
                row['changed_field'] = field._description_string(env)
                if field.type == 'selection':
                    labels = self._selection_labels(model._name, field.name)
                    current = dict(field._description_selection(env))
                    for side in ('old_value', 'new_value'):
                        key = labels.get(row.get(side))
                        if key is not None:
                            row[side] = current.get(key, row[side])
        return messages

    @tools.ormcache('model', 'field')
    def _selection_labels(self, model, field):
        """{label in any installed language: key} of a selection field."""
        found = {}
        for lang in self._langs():
            env = self.with_context(lang=lang).env
            for key, label in (
                env[model]._fields[field]._description_selection(env)
            ):
                found.setdefault(label, key)
        return found

    # ------------------------------------------------------------------
    # posting
    # ------------------------------------------------------------------
    @api.model
    def _post(self, records, key, args=None, **kwargs):
        """Post system message ``key`` on each of ``records`` (mail.thread),
        written in the poster's language, read in the reader's."""
        assert key in self._templates(), key
        args = args or {}
        body = self._body(key, args, self.env.lang or self.env.user.lang)
        messages = self.env['mail.message']
        for record in records:
            messages |= record.message_post(body=body, **kwargs)
        # sudo: the mark of the system's own note; the grant keeps anyone else
        # from setting one
        messages.sudo().with_context(
            **{GRANT_KEY: _Grant({'mail.message'})}
        ).write(
            {'ci_msg_key': key, 'ci_msg_args': json.dumps(args, default=str)}
        )
        return messages

    def _text(self, key, args=None):
        """The text of ``key`` in the current language (for stored texts)."""
        return self._render(key, args or {}, self.env.lang or 'en_US')
