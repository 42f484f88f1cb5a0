from . import test_ci_reward
from . import test_points_lib
from . import test_point_rules
from . import test_ledger
from . import test_redemption
