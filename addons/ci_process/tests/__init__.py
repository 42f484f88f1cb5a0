from . import test_ci_security
from . import test_ci_category
