"""Float read-back of PostgreSQL >= 12 (``extra_float_digits``).

Not Python but the database: PostgreSQL 12 changed the default of
``extra_float_digits`` from 0 to 1, so ``double precision`` values are sent as
the shortest exact representation instead of rounded to 15 significant
digits. Odoo 11 was built and tested on PostgreSQL 9.x/10 and relies on that
rounding: stock quantities computed through unit-of-measure conversions came
back as ``999.9975`` and now come back as ``999.9975000000001``
(``stock.tests.test_stock_flow.test_10_pickings_transfer_with_different_uom``
fails on PostgreSQL 15, and so would any comparison on such sums).

Every connection Odoo opens now sets ``extra_float_digits=0``, the setting
under which Odoo 11 was written; on PostgreSQL 12+ this selects exactly the
old 15-digit output. It only changes how floats are printed to the client,
never what is stored, and leaves ``numeric`` columns alone.
"""
import functools

OPTION = '-c extra_float_digits=0'


def patch(module):
    original = module.connection_info_for

    @functools.wraps(original)
    def connection_info_for(db_or_uri):
        db_name, info = original(db_or_uri)
        info = dict(info)
        options = info.get('options', '')
        if 'extra_float_digits' not in options:
            info['options'] = (options + ' ' + OPTION).strip()
        return db_name, info

    module.connection_info_for = connection_info_for
