from . import ci_reward
from . import ci_team
from . import ci_point_rule
from . import ci_point_entry
from . import ci_improvement
from . import ci_pilot
from . import ci_sop_review
from . import ci_reward_redemption
