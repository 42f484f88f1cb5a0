from . import test_ci_spc_rule
