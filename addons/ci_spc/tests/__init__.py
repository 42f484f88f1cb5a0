from . import test_ci_spc_rule
from . import test_ci_spc_characteristic
from . import test_spc_capability
from . import test_spc_charts
from . import test_spc_constants
from . import test_spc_phases
from . import test_spc_rules
from . import test_spc_plausibility
