# Developer commands: `make run` and `make test` are all a new developer needs.
#
# Every target may be run again at any time. The slow steps (installing the lock file, migrating
# and loading the fixtures, compiling translations) leave stamp files under .venv/ and run again
# only when their inputs change, so a second `make setup` takes a second or two.
#
# The local run and the set-up commands use the development settings (DEBUG=1): SQLite in
# db.sqlite3 unless DATABASE_URL names another database (e.g. postgresql://postgres@127.0.0.1/x).

SHELL := /bin/bash
.SHELLFLAGS := -e -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
DEV := DEBUG=1
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Options for pytest, e.g. make test PYTEST_ARGS="-k readyz -x".
PYTEST_ARGS ?=
# Browser tests (pytest marker "browser") drive Debian's Chromium at CHROMIUM_PATH. They are left
# out when it is missing or with BROWSER_TESTS=0; .ci/run installs it.
CHROMIUM_PATH ?= /usr/bin/chromium
BROWSER_TESTS ?= $(if $(wildcard $(CHROMIUM_PATH)),1,0)
export CHROMIUM_PATH
PYTEST_MARKERS := $(if $(filter 0,$(BROWSER_TESTS)),-m "not browser")

# The inputs of each slow step.
LOCK := requirements-dev.lock
MIGRATIONS := $(wildcard apps/*/migrations apps/*/migrations/*.py)
JURISDICTIONS := $(wildcard fixtures/jurisdictions.json)
POLICIES := $(sort $(wildcard fixtures/policies/*.json))
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

DEPS_STAMP := $(VENV)/.stamp-deps
# One stamp per database, keyed on DATABASE_URL (empty: the SQLite default, which is set up again
# when db.sqlite3 is missing). A PostgreSQL database dropped and made again under the same name
# needs `make clean` first.
DB_STAMP := $(VENV)/.stamp-db-$(shell printf '%s' "$$DATABASE_URL" | cksum | cut -d' ' -f1)
DB_MISSING := $(if $(DATABASE_URL),,$(if $(wildcard db.sqlite3),,FORCE))

UV_VERSION := 0.13.9
UV_COMPILE := pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock"

.PHONY: help setup run test lint prod-check bench lock clean gettext schema FORCE

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

setup: $(DEPS_STAMP) $(MO_FILES) $(DB_STAMP) ## Create .venv, install the lock file, migrate, load fixtures, compile translations

run: setup ## Set up, then serve on http://127.0.0.1:8000 (or PORT) with DEBUG=1
	$(DEV) $(MANAGE) runserver 127.0.0.1:$${PORT:-8000}

test: setup ## Set up, then run the whole test suite (PYTEST_ARGS=... for pytest)
	$(if $(filter 0,$(BROWSER_TESTS)),@echo "Browser tests left out: no Chromium at $(CHROMIUM_PATH) (or BROWSER_TESTS=0).")
	$(BIN)/pytest $(PYTEST_MARKERS) $(PYTEST_ARGS)

lint: $(DEPS_STAMP) ## ruff, the import layers, mypy, migrations made for every model change
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(DEV) $(BIN)/mypy
	$(DEV) $(MANAGE) makemigrations --check --dry-run

schema: $(DEPS_STAMP) ## Write fixtures/policy.schema.json, the policy files' JSON Schema, from its models
	$(DEV) $(MANAGE) policy_schema

prod-check: $(DEPS_STAMP) $(MO_FILES) ## Serve with production settings through gunicorn and check it from outside
	scripts/prod-check

# The figures of README's "Performance": the engine alone, beside OpenFisca (its own virtualenv,
# bench/.venv-openfisca, made on first use), and the web service under wrk with production
# settings on PostgreSQL (database `bench`) and Redis (database 15). About 15 minutes; the output
# is also kept in bench/results/latest.txt. Needs wrk: apt-get install -y wrk.
bench: $(DEPS_STAMP) $(MO_FILES) ## Measure the engine, OpenFisca beside it, and the web service under load
	@mkdir -p bench/results
	{ $(BIN)/python bench/engine.py --profile && $(BIN)/python bench/openfisca_compare.py && \
		bench/web.sh; } 2>&1 | tee bench/results/latest.txt

lock: ## Regenerate both lock files from pyproject.toml (LOCK_ARGS=--upgrade for new releases)
	tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	$(PYTHON) -m venv "$$tools" && "$$tools/bin/pip" install --quiet uv==$(UV_VERSION) && \
	"$$tools/bin/uv" $(UV_COMPILE) $(LOCK_ARGS) -o requirements.lock && \
	"$$tools/bin/uv" $(UV_COMPILE) $(LOCK_ARGS) --extra dev -c requirements.lock \
		-o requirements-dev.lock

clean: ## Remove generated files and stamps (keeps .venv and db.sqlite3)
	rm -rf staticfiles .pytest_cache .ruff_cache $(VENV)/.stamp-*
	rm -f $(MO_FILES)
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

$(DEPS_STAMP): $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	@touch $@

# compilemessages compiles only the catalogues whose .mo is older than the .po.
$(MO_FILES): %.mo: %.po | $(DEPS_STAMP) gettext
	$(DEV) $(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules

gettext: # msgfmt, which compilemessages runs, comes with Debian's gettext
	@command -v msgfmt >/dev/null || { \
		echo "msgfmt is missing: installing Debian's gettext"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gettext; }

$(DB_STAMP): $(DEPS_STAMP) $(MIGRATIONS) $(JURISDICTIONS) $(wildcard fixtures/policies) $(POLICIES) $(DB_MISSING)
	$(DEV) $(MANAGE) migrate --noinput
	$(DEV) $(MANAGE) createcachetable
ifneq ($(JURISDICTIONS),)
	$(DEV) $(MANAGE) loaddata $(JURISDICTIONS)
else
	@echo "fixtures/jurisdictions.json is missing: no jurisdiction tree loaded."
endif
ifneq ($(POLICIES),)
	$(DEV) $(MANAGE) load_policy $(POLICIES)
else
	@echo "No policy files in fixtures/policies/ yet: nothing for load_policy."
endif
	@touch $@

FORCE:
