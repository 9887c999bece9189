# Standard entry points. `make demo` and `make test` are the README's quick start.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: setup browser demo run lint format test test-fast test-spark dashboard dagster clean

$(BIN)/funnel: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	uv sync --frozen --quiet --compile-bytecode  # .pyc files: this environment sets PYTHONDONTWRITEBYTECODE, so imports would compile every time
	@touch $@

setup: $(BIN)/funnel  ## install the locked environment into .venv and parse the dbt project
	cd dbt_project && ../$(BIN)/dbt parse --quiet --no-partial-parse --profiles-dir .  # from scratch: an older version's parse cache can miss a changed macro

demo: setup  ## generate demo data (if absent), run the whole pipeline, serve the dashboards
	$(BIN)/funnel demo

run: setup  ## run the pipeline on FUNNEL_LANDING_DIR into FUNNEL_WAREHOUSE
	$(BIN)/funnel run

browser:  ## Debian's chromium for the real-browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: setup  ## ruff (lint + format check); CI runs it before the tests
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint browser  ## lint, then the whole test suite, as CI runs it; page screenshots land in artifacts/screenshots/
	$(BIN)/pytest -n 2 --dist loadgroup --durations=20  # two workers; the tests sharing a pipeline fixture stay on one (tests/conftest.py)

test-fast: setup  ## the quick tier for the edit-test loop: every test not marked `slow` (no pipeline run, no browser)
	$(BIN)/pytest -m "not slow and not spark" --durations=5

dashboard: setup  ## serve the dashboards over FUNNEL_WAREHOUSE on http://127.0.0.1:8501 (single-user mode; README "Access" for sign-in)
	$(BIN)/funnel dashboard --local

test-spark: setup  ## the dbt project on Spark (installs the `spark` extra, pyspark ~480 MB; needs Java 17): Spark and DuckDB agree
	uv sync --frozen --quiet --compile-bytecode --extra spark
	$(BIN)/pytest -m spark


dagster: setup  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf data dbt_project/target dbt_project/logs .pytest_cache
