"""Odoo's addons import hook without ``__spec__`` (breaks on 3.11).

``odoo.modules.module.AddonsHook`` maps ``odoo.addons.<name>`` to the addons
paths with the legacy ``find_module``/``load_module`` protocol and builds the
module object by hand, without ``__spec__``. Since 3.4 the import system
relies on specs; 3.11's ``importlib`` finally refuses the parent package of a
submodule import whose ``__spec__`` is None ("odoo.addons.web.__spec__ is
None").

The replacement below does what ``AddonsHook`` did (same lookup in
``ad_paths``, same module names, the ``openerp.addons`` alias sharing the
module object) through ``find_spec``, so every addon package gets a normal
spec and ``submodule_search_locations``.
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import sys


class _AliasLoader(importlib.abc.Loader):
    """Loads ``openerp.addons.x`` as the very module ``odoo.addons.x``."""

    def __init__(self, canonical):
        self.canonical = canonical

    def create_module(self, spec):
        return importlib.import_module(self.canonical)

    def exec_module(self, module):
        pass


def make_hook_class(odoo_module):
    class AddonsHook(importlib.abc.MetaPathFinder):
        """Makes modules accessible through openerp.addons.* and odoo.addons.*"""

        def find_spec(self, fullname, path=None, target=None):
            if not (fullname.startswith(('odoo.addons.', 'openerp.addons.'))
                    and fullname.count('.') == 2):
                return None
            odoo_name = re.sub(r'^openerp\.addons\.(\w+)$', r'odoo.addons.\g<1>', fullname)
            if odoo_name != fullname:
                return importlib.machinery.ModuleSpec(fullname, _AliasLoader(odoo_name))
            addon_name = fullname.rsplit('.', 1)[1]
            for ad_path in odoo_module.ad_paths:
                pkg = os.path.join(ad_path, addon_name)
                init = os.path.join(pkg, '__init__.py')
                if os.path.isfile(init):
                    return importlib.util.spec_from_file_location(
                        fullname, init, submodule_search_locations=[pkg])
            return None

        # Kept for callers that still use the legacy protocol directly.
        def find_module(self, name, path=None):
            spec = self.find_spec(name, path)
            return spec.loader if spec is not None else None

    return AddonsHook


def patch(module):
    hook_cls = make_hook_class(module)
    # initialize_sys_path() instantiates the global ``AddonsHook`` on first call.
    module.AddonsHook = hook_cls
    try:
        import pkg_resources
        pkg_resources.register_loader_type(hook_cls, pkg_resources.DefaultProvider)
    except ImportError:
        pass
    # Already hooked (patched late): swap the instance in sys.meta_path.
    for i, finder in enumerate(sys.meta_path):
        if type(finder).__name__ == 'AddonsHook' and not isinstance(finder, hook_cls):
            sys.meta_path[i] = hook_cls()
