from . import ci_spc_rule
from . import ci_spc_characteristic
from . import ci_spc_phase
from . import ci_spc_measurement
from . import ci_spc_signal
from . import ci_improvement
from . import ci_sop_version
from . import mrp_workorder
