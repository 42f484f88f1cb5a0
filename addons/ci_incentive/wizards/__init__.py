from . import ci_point_entry_reverse
from . import ci_reward_redemption_refuse
from . import ci_award_run
from . import ci_incentive_export
