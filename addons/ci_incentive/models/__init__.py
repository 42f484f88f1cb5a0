from . import ci_reward
from . import ci_team
from . import ci_point_rule
from . import ci_point_entry
