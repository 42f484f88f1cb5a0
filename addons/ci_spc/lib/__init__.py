"""Plain-Python domain computations of ci_spc (numpy only, no ORM, importable
alone)."""

# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
