from . import test_ci_reward
from . import test_points_lib
