# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Loaders of the published reference data sets in tests/data (sources in each file)."""
import csv
import os

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), 'data')


def load(name):
    """Rows of data/<name>.csv as a dict of columns (numbers as floats, TRUE/FALSE as bools)."""
    with open(os.path.join(DATA, name + '.csv')) as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith('#')))
    header, body = rows[0], rows[1:]
    cols = {}
    for j, name_ in enumerate(header):
        raw = [r[j] for r in body]
        if raw[0] in ('TRUE', 'FALSE'):
            cols[name_] = np.array([v == 'TRUE' for v in raw])
        else:
            cols[name_] = np.array([float(v) for v in raw])
    return cols


def pistonrings():
    """(40 x 5 array of diameters, phase I mask)."""
    cols = load('pistonrings')
    return np.column_stack([cols['x%d' % i] for i in range(1, 6)]), cols['trial']
