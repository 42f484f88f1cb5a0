from . import ci_reward
