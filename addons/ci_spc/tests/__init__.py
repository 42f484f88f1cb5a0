from . import test_ci_spc_rule
from . import test_ci_spc_characteristic
