# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.2.0: boards. The awards granted before them were the whole
company's: they go to the floor's board (data/ci_board_data.xml), of the
company it is for; other companies' stay without a board (their whole
company's, as before)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE ci_award a SET board_id = d.res_id
          FROM ir_model_data d
          JOIN ci_board b ON b.id = d.res_id
         WHERE d.module = 'ci_incentive' AND d.name = 'ci_board_floor' AND
             d.model = 'ci.board'
           AND a.board_id IS NULL AND a.company_id = b.company_id""")
