# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# Web client terms of the modules the suite runs with that ship no Chinese:
# OCA web_responsive names the dropdown of a form's buttons on a phone "Task".
# {lang: [(module, file, source, translation)]}
WEB_TERMS = {
    'zh_CN': [
        (
            'web_responsive',
            'addons/web_responsive/static/src/xml/form_view.xml',
            'Task',
            '操作',
        ),
    ],
}

# Labels of fields the suite's models inherit from Odoo's mixins whose
# modules ship no translation of them (mail's activity_state)
INHERITED_LABELS = {
    'zh_CN': {'State': '状态'},
}


class IrModuleModule(models.Model):
    _inherit = 'ir.module.module'

    def _update_translations(self, filter_lang=None):
        res = super(IrModuleModule, self)._update_translations(
            filter_lang=filter_lang
        )
        self._ci_load_web_terms()
        self._ci_load_inherited_labels()
        return res

    def _ci_load_inherited_labels(self):
        """INHERITED_LABELS for the suite's models' fields that have none."""
        installed = {
            code for code, _name in self.env['res.lang'].get_installed()
        }
        for lang, labels in INHERITED_LABELS.items():
            if lang not in installed:
                continue
            self.env.cr.execute(
                """
                SELECT f.id, f.field_description FROM ir_model_fields f
                 WHERE f.model LIKE 'ci.%%' AND f.field_description IN %s
                   AND NOT EXISTS (SELECT 1 FROM ir_translation t
                                    WHERE t.name =
                                        'ir.model.fields,field_description' AND
                                            t.type = 'model'
                                      AND t.res_id = f.id AND t.lang = %s)""",
                (tuple(labels), lang),
            )
            rows = self.env.cr.fetchall()
            # sudo: translations are loaded with the modules, whoever installs them
            Translation = self.env['ir.translation'].sudo()
            for field_id, src in rows:
                Translation.create(
                    {
                        'type': 'model',
                        'name': 'ir.model.fields,field_description',
                        'lang': lang,
                        'res_id': field_id,
                        'src': src,
                        'value': labels[src],
                        'state': 'translated',
                        'module': 'ci_process',
                    }
                )

    def _ci_load_web_terms(self):
        """The WEB_TERMS of the installed languages, once (the web client reads
        code terms flagged openerp-web of any installed module)."""
        # sudo: translations are loaded with the modules, whoever installs them
        Translation = self.env['ir.translation'].sudo()
        installed = {
            code for code, _name in self.env['res.lang'].get_installed()
        }
        for lang, terms in WEB_TERMS.items():
            if lang not in installed:
                continue
            for module, path, src, value in terms:
                if Translation.search_count(
                    [
                        ('type', '=', 'code'),
                        ('lang', '=', lang),
                        ('module', '=', module),
                        ('src', '=', src),
                        ('value', '!=', False),
                    ]
                ):
                    continue
                Translation.create(
                    {
                        'type': 'code',
                        'lang': lang,
                        'module': module,
                        'name': path,
                        'src': src,
                        'value': value,
                        'state': 'translated',
                        'comments': 'openerp-web',
                    }
                )
