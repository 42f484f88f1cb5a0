from . import ci_health_improvement
from . import ci_health_participation
from . import ci_health_workorder
from . import ci_workcenter_qr_report
from . import ci_health_xlsx
