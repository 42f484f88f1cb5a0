from . import ci_spc_measurement_entry
from . import ci_spc_measurement_void
