# Standard entry points. `make demo` and `make test` are the README's quick start.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: setup demo run test dagster clean

$(BIN)/funnel: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	uv sync --frozen --quiet
	@touch $@

setup: $(BIN)/funnel  ## install the locked environment into .venv and parse the dbt project
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .

demo: setup  ## generate demo data (if absent) and run the whole pipeline on it
	$(BIN)/funnel demo

run: setup  ## run the pipeline on FUNNEL_LANDING_DIR into FUNNEL_WAREHOUSE
	$(BIN)/funnel run

test: setup  ## the whole test suite, as CI runs it
	$(BIN)/pytest

dagster: setup  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000

clean:
	rm -rf data dbt_project/target dbt_project/logs .pytest_cache
