from . import ci_category
