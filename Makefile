# Standard entry points. `make demo` and `make test` are the README's quick start.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: setup spark-extra browser demo run lint format test test-fast test-spark dashboard dagster clean

$(BIN)/funnel: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	# --inexact keeps the `spark` extra once `make test` installed it; .pyc files: this environment sets
	# PYTHONDONTWRITEBYTECODE, so imports would compile every time
	uv sync --frozen --inexact --quiet --compile-bytecode
	@touch $@

setup: dbt_project/target/manifest.json  ## install the locked environment into .venv and parse the dbt project

# parsed again when a project file or the environment changed (as orchestration/transform.py's
# manifest_is_stale decides), not at every `make test-fast`: a parse costs about 7 CPU-seconds
DBT_PROJECT_FILES := $(shell find dbt_project/models dbt_project/macros dbt_project/seeds dbt_project/tests -type f 2>/dev/null) dbt_project/dbt_project.yml dbt_project/profiles.yml
dbt_project/target/manifest.json: $(BIN)/funnel $(DBT_PROJECT_FILES)
	cd dbt_project && ../$(BIN)/dbt parse --quiet --no-partial-parse --profiles-dir .  # from scratch: an older version's parse cache can miss a changed macro

spark-extra: setup  ## pyspark and dbt-spark (the `spark` extra, ~480 MB; Spark needs Java 17)
	uv sync --frozen --inexact --quiet --compile-bytecode --extra spark

demo: setup  ## generate demo data (if absent), run the whole pipeline, serve the dashboards
	$(BIN)/funnel demo

run: setup  ## run the pipeline on FUNNEL_LANDING_DIR into FUNNEL_WAREHOUSE
	$(BIN)/funnel run

browser:  ## Debian's chromium for the real-browser tests (Playwright drives it; no browser download)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: setup  ## ruff (lint + format check), the packages' and the dbt graph's layers, sqlfluff (the dbt models), the dependency audit; CI runs it before the tests
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache  # pyproject.toml [tool.importlinter]: packages import downward only
	$(BIN)/python tools/dbt_layers.py dbt_project/target/manifest.json
	cd dbt_project && ../$(BIN)/sqlfluff lint models --processes 2 --disable-progress-bar
	$(BIN)/python -m tools.dependency_audit  # offline: no vulnerability service answers here (see the module)

format: setup  ## apply ruff's fixes and formatting, and sqlfluff's to the dbt models
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	cd dbt_project && ../$(BIN)/sqlfluff fix models --processes 2 --disable-progress-bar

test: lint browser spark-extra  ## lint, then every test, Spark's included, as CI runs it; page screenshots land in artifacts/screenshots/
	$(BIN)/pytest -n 2 --dist loadgroup --no-loadscope-reorder -m "" --durations=20  # two workers, the groups in the order tests/conftest.py gives them (Spark first); each pipeline fixture built once

test-fast: setup  ## the quick tier for the edit-test loop: every test not marked `slow` (no pipeline run, no browser, no Spark)
	$(BIN)/pytest -n 2 --dist loadgroup --no-loadscope-reorder -m "not slow and not spark" --durations=5  # two workers: the dbt unit tests on one, the rest on the other

test-spark: spark-extra  ## only the Spark tests: the dbt project on Spark agrees with DuckDB
	$(BIN)/pytest -m spark

dashboard: setup  ## serve the dashboards over FUNNEL_WAREHOUSE on http://127.0.0.1:8501 (single-user mode; README "Access" for sign-in)
	$(BIN)/funnel dashboard --local

dagster: setup  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf data dbt_project/target dbt_project/logs .pytest_cache
