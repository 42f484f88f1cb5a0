from . import ci_award_run
from . import ci_incentive_export
