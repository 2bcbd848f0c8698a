# Two entry points for people: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint install bench bench-dbt clean browser

# The virtual environment is (re)built when the pins change. pip compiles the libraries,
# not an editable project: compileall does, or every command would where
# PYTHONDONTWRITEBYTECODE is set.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	$(PY) -m compileall -q offshoring flows
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/offshoring run

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/sqlfluff lint sql expectations --dialect duckdb

# Headless Chromium for the dashboard's browser test (Debian's chromium, via apt-get).
browser: $(STAMP)
	$(PY) -m tests.integration.chromium

# Every tier: smoke, unit, e2e (temporary warehouses) and integration (Prefect server, browser).
test: lint browser
	$(PY) -m pytest

# The smoke and unit tiers only (about a minute): no warehouse on disk, no Prefect server.
test-fast: $(STAMP)
	$(PY) -m pytest -m "smoke or unit"

bench: $(STAMP)
	$(PY) -m bench.run

# The dbt-duckdb peer of `make bench` (optional extra `dbt`, pinned in constraints.txt).
bench-dbt: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dbt]'

clean:
	rm -rf warehouse/offshoring.duckdb* warehouse/marts warehouse/.publish warehouse/archive warehouse/quarantine
