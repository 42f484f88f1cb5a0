"""Plain-Python domain computations of ci_incentive (no ORM, importable alone)."""
