from . import ci_point_entry_reverse
from . import ci_reward_redemption_refuse
