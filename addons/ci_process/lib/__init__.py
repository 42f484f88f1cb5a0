"""Plain-Python domain computations of ci_process (no ORM, importable alone)."""
