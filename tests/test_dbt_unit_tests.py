"""Every dbt unit test (the models' logic on hand-made rows), in the fast tier: no pipeline run.

dbt reads the column types of a unit test's inputs from the relations it depends on, so they must
exist, but they may be empty: intake.sources.create_empty_sources makes every dbt source as a run
makes it, from an empty landing folder, and `dbt build --empty` builds every model with no rows,
running each model's unit tests before it. Data tests are left out: on empty tables they show nothing.
"""

import json
import subprocess

import duckdb
import pytest

from contract.dbt import DBT_PROJECT_DIR
from intake.sources import create_empty_sources
from orchestration.transform import DBT_EXECUTABLE
from settings import WorkListRules


def dbt(*args: str, target) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DBT_EXECUTABLE, *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
        + ["--target-path", str(target)],
        capture_output=True,
        text=True,
    )


@pytest.mark.long
def test_every_dbt_unit_test_passes(tmp_path):
    database = tmp_path / "empty.duckdb"
    with duckdb.connect(str(database)) as con:
        create_empty_sources(con)
    dbt_vars = {**WorkListRules.from_env({}).dbt_vars(), "db_path": str(database)}

    result = dbt("build", "--empty", "--exclude", "test_type:data", "--vars", json.dumps(dbt_vars), target=tmp_path)

    assert result.returncode == 0, result.stdout[-4000:]
    outcomes = json.loads((tmp_path / "run_results.json").read_text())["results"]
    unit_tests = {r["unique_id"]: r["status"] for r in outcomes if r["unique_id"].startswith("unit_test.")}
    assert len(unit_tests) >= 30, sorted(unit_tests)
    assert set(unit_tests.values()) == {"pass"}, {uid: s for uid, s in unit_tests.items() if s != "pass"}
