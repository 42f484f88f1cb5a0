from . import ci_period_results_xlsx
