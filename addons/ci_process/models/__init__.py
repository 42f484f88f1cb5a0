from . import ci_category
from . import ci_kpi
from . import ci_goal
from . import ci_improvement
from . import ci_pilot
from . import ci_pilot_feedback
from . import mrp_workcenter
