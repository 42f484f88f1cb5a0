from . import ci_improvement_reject
from . import ci_sop_version_compare
from . import ci_health_dashboard
from . import ci_approval_dialog_mixin
from . import ci_improvement_approve
from . import ci_sop_version_approve
