from . import ci_improvement_reject
