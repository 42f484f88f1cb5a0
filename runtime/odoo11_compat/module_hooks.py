"""Patches of ``odoo.modules.module`` (see each module's docstring)."""
from . import addons_hook, module_list


def patch(module):
    addons_hook.patch(module)
    module_list.patch(module)
