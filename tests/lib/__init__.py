# A package, so that its conftest is lib.conftest and does not stand for
# tests/conftest.py, which the cross-module tests import as `conftest`.
