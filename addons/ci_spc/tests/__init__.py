from . import test_ci_spc_rule
from . import test_ci_spc_characteristic
from . import test_spc_plausibility
from . import test_spc_phase_start
from . import test_ci_spc_cockpit
from . import test_spc_phase_stats
from . import test_spc_archive
