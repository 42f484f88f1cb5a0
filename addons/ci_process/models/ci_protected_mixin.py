# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

# the context key of a workflow's grant (see CiProtectedMixin._workflow)
GRANT_KEY = 'ci_workflow_grant'


class _Grant(object):
    """The right to set the protected fields of some models. It travels in
    the context: a client can send any JSON or XML-RPC value there, never an
    instance of this class, so only server code can hold one."""

    __slots__ = ('models',)

    def __init__(self, model_names):
        self.models = frozenset(model_names)

    def __repr__(self):
        return '<workflow grant: %s>' % ', '.join(sorted(self.models))


class CiProtectedMixin(models.AbstractModel):
    """Fields a workflow owns, and records it has frozen.

    A protected field is set by the model's own code only: refused in the
    values of ``create``, ``write`` and ``copy``, and never taken from a
    context default or a user default (``ir.default``): those are ignored,
    the field starts from its own default. Frozen records refuse every change
    and deletion; only the workflow may still move their protected fields
    (e.g. an approved SOP version becoming superseded). The model's own code
    acts through ``self._workflow()``.

    One of the suite's mixins (``ci.<what>.mixin`` in
    ``models/ci_<what>_mixin.py``).
    """

    _name = 'ci.protected.mixin'
    _description = 'Workflow-owned Fields'
    # records only the workflow makes (logs, ledgers): nobody creates one
    _ci_workflow_create = False

    def _protected_fields(self):
        """{field name: group xmlid or None}: the fields only the workflow
        sets, and the group that may also write them directly (None: nobody).
        Extend with super()."""
        return {}

    def _stored_fields(self, exclude=()):
        """The names of the stored fields but Odoo's own columns, the chatter's
        and ``exclude``."""
        skip = (
            set(exclude)
            | self._frozen_open_fields()
            | set(models.MAGIC_COLUMNS)
        )
        return [
            name
            for name, field in self._fields.items()
            if field.store and name not in skip
        ]

    def _fixed_fields(self):
        """Fields given at creation that never change afterwards (what a
        record belongs to). Extend with super()."""
        return set()

    def _frozen(self):
        """The records of ``self`` that nothing changes or deletes any more."""
        return self.browse()

    def _frozen_hint(self):
        """What to do instead of changing a frozen record, for its messages."""
        return ''

    def _frozen_open_fields(self):
        """Fields still written on a frozen record: following and discussing
        it changes nothing in it."""
        names = set()
        for mixin in ('mail.thread', 'mail.activity.mixin'):
            if mixin in self.env:
                names.update(
                    n for n in self.env[mixin]._fields if n in self._fields
                )
        return names - set(models.MAGIC_COLUMNS)

    # ------------------------------------------------------------------
    # the grant
    # ------------------------------------------------------------------
    def _workflow(self):
        """These records, allowed to set their model's protected fields."""
        grant = self.env.context.get(GRANT_KEY)
        names = set(grant.models) if isinstance(grant, _Grant) else set()
        if self._name in names:
            return self
        return self.with_context(**{GRANT_KEY: _Grant(names | {self._name})})

    def _is_workflow(self):
        grant = self.env.context.get(GRANT_KEY)
        return isinstance(grant, _Grant) and self._name in grant.models

    # ------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------
    def _protected_refused(self, vals, creating=False):
        """The protected fields of ``vals`` this caller may not set."""
        if self._is_workflow():
            return []
        refused = []
        for name, group in self._protected_fields().items():
            if name not in vals:
                continue
            if group and self.env.user.has_group(group):
                continue
            if creating and self._is_own_default(name, vals[name]):
                continue
            refused.append(name)
        # what the suite computes (related fields included) is not written
        # either: Odoo would store the value until the next recomputation
        refused.extend(
            name
            for name in vals
            if name not in refused and self._is_computed_here(name)
        )
        return refused

    def _is_computed_here(self, name):
        field = self._fields.get(name)
        return bool(
            field
            and field.compute
            and not field.inverse
            and (field._module or '').startswith('ci_')
        )

    def _is_own_default(self, name, value):
        """Whether ``value`` is what the field would start from anyway."""
        field = self._fields[name]
        if not field.default:
            return False
        default = self._convert_to_write({name: field.default(self)})[name]
        if field.type == 'many2one' and isinstance(value, models.BaseModel):
            value = value.id
        return (value or False) == (default or False)

    def _check_protected(self, vals, creating=False):
        """Refuse the protected fields of ``vals`` this caller may not set."""
        refused = self._protected_refused(vals, creating=creating)
        if refused:
            self._raise_protected(refused, vals)

    def _raise_protected(self, refused, vals):
        groups = dict(dict.fromkeys(refused), **self._protected_fields())
        parts = []
        for name in refused:
            parts.append('%s = %r' % (self._fields[name].string, vals[name]))
        by_group = [groups[name] for name in refused if groups[name]]
        if by_group:
            raise AccessError(
                _(
                    "%(model)s: %(fields)s: only a %(group)s sets this, or the "
                    "workflow."
                )
                % {
                    'model': self._description,
                    'fields': ', '.join(parts),
                    'group': self.env.ref(by_group[0]).name,
                }
            )
        raise UserError(
            _(
                "%(model)s: %(fields)s: set or computed by the workflow (its "
                "buttons and scheduled "
                "jobs), not by the caller."
            )
            % {'model': self._description, 'fields': ', '.join(parts)}
        )

    def _check_fixed(self, vals):
        if self._is_workflow():
            return
        for name in self._fixed_fields().intersection(vals):
            field = self._fields[name]
            new = vals[name]
            if isinstance(new, models.BaseModel):
                new = new.id
            for record in self:
                old = (
                    record[name].id
                    if field.type == 'many2one'
                    else record[name]
                )
                if (old or False) != (new or False):
                    raise UserError(
                        _(
                            "%(record)s: %(field)s = %(value)r: set when it "
                            "was created, it does not "
                            "change."
                        )
                        % {
                            'record': record.display_name,
                            'field': field.string,
                            'value': vals[name],
                        }
                    )

    def _check_frozen(self, vals):
        frozen = self._frozen()
        if not frozen:
            return
        allowed = self._frozen_open_fields()
        if self._is_workflow():
            allowed |= set(self._protected_fields())
        changed = sorted(name for name in vals if name not in allowed)
        if changed:
            raise UserError(
                (
                    _(
                        "%(records)s: frozen, nothing in it changes any more "
                        "(%(fields)s = %(values)s)."
                    )
                    % {
                        'records': ', '.join(frozen.mapped('display_name')),
                        'fields': ', '.join(
                            self._fields[n].string if n in self._fields else n
                            for n in changed
                        ),
                        'values': ', '.join(repr(vals[n]) for n in changed),
                    }
                    + ' '
                    + self._frozen_hint()
                ).strip()
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        """Context and user defaults do not reach protected fields: they
        start from the field's own default, as the workflow expects."""
        res = super(CiProtectedMixin, self).default_get(fields_list)
        protected = self._protected_fields()
        own = {}
        for name in fields_list:
            if name in protected:
                res.pop(name, None)
                field = self._fields[name]
                if field.default:
                    own[name] = field.default(self)
        res.update(self._convert_to_write(own))
        return res

    @api.model
    def create(self, vals):
        # the role's rights first: a refused role hears that, not a business rule
        self.check_access_rights('create')
        if self._ci_workflow_create and not self._is_workflow():
            raise AccessError(
                _(
                    "%(model)s: made by the workflow only (its buttons and "
                    "scheduled jobs), "
                    "not created directly."
                )
                % {'model': self._description}
            )
        self._check_protected(vals, creating=True)
        # nor does anything downstream read them (mail.thread subscribes the
        # user a default_user_id names)
        protected = self._protected_fields()
        context = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith('default_') and key[8:] in protected)
        }
        records = self
        if len(context) != len(self.env.context):
            # the whole context, less those keys
            # pylint: disable-next=context-overridden
            records = self.with_context(context)
        return super(CiProtectedMixin, records).create(vals)

    def write(self, vals):
        self.check_access_rights('write')
        self._check_protected(vals)
        self._check_fixed(vals)
        self._check_frozen(vals)
        return super(CiProtectedMixin, self).write(vals)

    def unlink(self):
        self.check_access_rights('unlink')
        frozen = self._frozen()
        if frozen:
            raise UserError(
                (
                    _("%(records)s: frozen, it cannot be deleted.")
                    % {'records': ', '.join(frozen.mapped('display_name'))}
                    + ' '
                    + self._frozen_hint()
                ).strip()
            )
        return super(CiProtectedMixin, self).unlink()

    def copy_data(self, default=None):
        default = dict(default or {})
        # who may not create at all hears that first, not which field is protected
        self.check_access_rights('create')
        self._check_protected(default, creating=True)
        data = super(CiProtectedMixin, self).copy_data(default)
        # a copy starts where the workflow starts
        protected = set(self._protected_fields()) - set(default)
        for vals in data:
            for name in protected.intersection(vals):
                del vals[name]
        return data
