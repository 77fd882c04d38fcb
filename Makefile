# Library Commons: one command per job. `make help` lists them.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install test-tools run test check lint format services services-stop messages requirements bench-search bench resilience

help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the pinned requirements

# axe-core for the accessibility scans, from the npm registry at the version package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "test-tools: npm not found; run scripts/system-deps.sh as root or apt-get install npm" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund || { echo "test-tools: npm ci failed: cannot install axe-core from the npm registry" >&2; exit 1; }
	touch $@

test-tools: node_modules/.installed ## Install the test-time npm packages (axe-core) into node_modules/

run: install ## Run the site at http://127.0.0.1:8000 (SQLite, database search, demo content)
	$(MANAGE) migrate --noinput
	@# The compiled .mo files are committed, so a machine without gettext still gets a translated site.
	@if command -v msgfmt >/dev/null; then $(MANAGE) compilemessages --ignore=.venv --ignore=.services --ignore=.cache -v 0; \
	else echo "msgfmt not found (Debian package gettext): using the committed locale/*.mo"; fi
	$(MANAGE) load_demo_content
	$(MANAGE) runserver $(HOST):$(PORT)

test: ## Run the whole test suite on real PostgreSQL and Elasticsearch (started if not given)
	scripts/test.sh $(ARGS)

bench-search: ## Benchmark search on 20,000 synthetic pages (PostgreSQL, Elasticsearch, gunicorn); prints JSON
	scripts/bench_search.sh $(ARGS)

check: install ## Django checks, migrations up to date, lint and format
	DJANGO_SETTINGS_MODULE=consortium_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=consortium_site.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

services: ## Start PostgreSQL and Elasticsearch for local work and print their URLs
	$(PYTHON) scripts/services.py start

services-stop: ## Stop the local PostgreSQL and Elasticsearch
	$(PYTHON) scripts/services.py stop

messages: install ## Extract interface strings into locale/*/LC_MESSAGES/django.po and compile them
	$(MANAGE) makemessages -l ru -l kk -l uz -l ky --ignore=.venv --ignore=.services --ignore=.cache --ignore=node_modules
	$(MANAGE) compilemessages --ignore=.venv --ignore=.services --ignore=.cache

requirements: ## Recompile the pinned requirements from requirements*.in
	$(BIN)/pip install -q pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in

bench: install ## Requests/s and p50/p95 under gunicorn with 20,000 pages, beside a static file; JSON (ARGS="--pages 2000")
	$(BIN)/python scripts/bench.py $(ARGS)

resilience: install ## Load the site while Elasticsearch stops and PostgreSQL restarts; JSON counts, exit 1 on a failed check
	$(BIN)/python scripts/resilience.py $(ARGS)
