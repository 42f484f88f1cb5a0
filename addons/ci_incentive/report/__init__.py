from . import ci_leaderboard_user
from . import ci_leaderboard_team
from . import ci_period_results_xlsx
