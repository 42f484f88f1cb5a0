from . import models
from . import report
from . import wizards


def uninstall_hook(cr, registry):
    """What the ledger keeps beside the ORM's tables (ci.point.entry and the
    leaderboard models' init): Odoo drops the models' tables and views, not
    these."""
    cr.execute("DROP VIEW IF EXISTS ci_leaderboard_user, ci_leaderboard_team")
    cr.execute(
        "DROP TABLE IF EXISTS ci_point_lock, ci_point_user_total, "
        "ci_point_team_total, ci_point_user_delta, "
        "ci_point_team_delta"
    )
    cr.execute(
        "DROP FUNCTION IF EXISTS ci_point_entry_refuse_change() CASCADE"
    )
    cr.execute("DROP FUNCTION IF EXISTS ci_point_entry_add_totals() CASCADE")
