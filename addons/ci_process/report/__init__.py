from . import ci_workcenter_qr
