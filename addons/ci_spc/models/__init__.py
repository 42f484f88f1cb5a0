from . import ci_spc_rule
