"""``yaml.load(stream)`` without ``Loader`` (TypeError since PyYAML 6.0).

Odoo 11 still loads YAML data and tests of its own addons (stock, mrp...)
through ``odoo.tools.yaml_import``, calling ``yaml.load(text)`` and relying on
its ``!record``/``!python`` tags, which ``odoo.tools.yaml_tag`` registers on
``yaml.Loader``. On the PyYAML versions Odoo 11 pinned, ``Loader`` was the
default; only that one Odoo module gets it back (through a private ``yaml``
namespace), so no other code in the process loses PyYAML 6's safe default.
These files come from installed addons' manifests, never from users.
"""
import types

import yaml


def _load(stream, Loader=None):
    return yaml.load(stream, Loader=Loader or yaml.Loader)


def patch(module):
    shim = types.ModuleType('yaml')
    shim.__dict__.update(vars(yaml))
    shim.load = _load
    module.yaml = shim
