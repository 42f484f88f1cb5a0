from . import ci_workcenter_qr
from . import ci_health_xlsx
