from . import ci_spc_chart_xlsx
