from . import test_ci_reward
from . import test_points_lib
from . import test_ranking_lib
from . import test_ci_leaderboard
from . import test_ci_award
from . import test_ci_incentive_export
