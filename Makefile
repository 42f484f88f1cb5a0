# The two commands of the README, and the steps they are made of.
# Every target is idempotent: set-up steps are skipped when their inputs
# did not change (stamps in .state/).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run test test-deploy setup pg-start pg-stop lint odoo-tests i18n clean bench-health

help:
	@echo "make run         set up if needed, serve the suite with demo data at http://localhost:8069"
	@echo "make test        set up if needed, run the whole test suite (what CI runs)"
	@echo "make lint        pylint-odoo over addons/"
	@echo "make odoo-tests  Odoo 11's own tests under our runtime (part of make test)"
	@echo "make test-deploy the production tests alone: two nodes behind nginx, backup and restore, upgrade (part of make test)"
	@echo "make pg-stop     stop the project's PostgreSQL cluster"
	@echo "make bench-health  program health: SQL views against read_group on 1M work orders (bench/README.md)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

test-deploy:
	@scripts/test-deploy.sh

setup:
	@scripts/setup-system.sh && scripts/setup-venv.sh

pg-start:
	@scripts/pg.sh start

pg-stop:
	@scripts/pg.sh stop

bench-health: setup pg-start
	@.venv/bin/python bench/program_health.py

lint: setup
	@scripts/lint.sh

odoo-tests: setup
	@scripts/odoo-tests.sh

clean: pg-stop
	rm -rf .state var .venv tools/node_modules .pgdata
