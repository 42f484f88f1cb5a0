from . import test_ci_reward
