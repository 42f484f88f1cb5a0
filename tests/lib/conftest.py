"""Tests of the addons' lib/ packages: plain Python, no database.

They import the code as Odoo does (``odoo.addons.ci_spc.lib``), so the
suite's addons folder must be on Odoo's addons path even when pytest runs
without --odoo-config (``pytest tests/lib``).
"""
import os

import pytest
from odoo.modules import module

ADDONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__)))), 'addons')

module.initialize_sys_path()
if ADDONS not in module.ad_paths:
    module.ad_paths.append(ADDONS)


@pytest.fixture(scope='session')
def load_registry():
    """pytest-odoo's autouse fixture of this name loads the registry of
    --odoo-database before any test; lib tests need none, and without
    --odoo-database there is none to load."""
    yield
