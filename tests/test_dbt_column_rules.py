"""A model's not_null / unique / accepted_values column tests are one dbt data test (`column_rules`,
macros/tests/): it still fails on a NULL, a repeated value or a value outside the list, and the failed
check names every broken column.

Runs dbt on the two seeds alone (no pipeline run): built and tested as shipped, then with rows that
break each rule, tested again."""

import json

import dagster as dg
import duckdb
import pytest

from orchestration.transform import broken_rules, model_checks
from tests.test_dbt_unit_tests import dbt

STAGES = dg.AssetKey(["reference", "funnel_stages"])
SEEDS = ("--select", "funnel_stages diagnosis_actions")


@pytest.mark.long
def test_a_broken_column_rule_fails_the_check_and_names_the_columns(tmp_path):
    database = tmp_path / "seed.duckdb"
    dbt_vars = json.dumps({"db_path": str(database)})
    shipped = dbt("build", *SEEDS, "--vars", dbt_vars, target=tmp_path)
    assert shipped.returncode == 0, shipped.stdout[-4000:]
    with duckdb.connect(str(database)) as con:  # a stage without a name, at the order of another one
        con.execute("insert into reference.funnel_stages values (null, 3, 'a stage without a name')")
        con.execute("insert into reference.diagnosis_actions values ('targeting', 'sideways', '*', '*', null)")

    tested = dbt("test", *SEEDS, "--vars", dbt_vars, target=tmp_path)

    assert tested.returncode == 1, tested.stdout[-4000:]  # a failed data test fails dbt, hence the run
    manifest = json.loads((tmp_path / "manifest.json").read_text())

    def query(sql):
        with duckdb.connect(str(database), read_only=True) as con:
            return con.execute(sql).fetchall()

    broken = broken_rules(tmp_path / "run_results.json", manifest, query)
    (name,) = [test for test in broken if "funnel_stages" in test]
    assert broken[name] == "stage is NULL in 1 row(s), stage_order repeats 1 value(s)"
    (actions,) = [test for test in broken if "diagnosis_actions" in test]
    assert broken[actions] == "action is NULL in 1 row(s), direction holds 1 value(s) outside its accepted values"
    selected = {dg.AssetCheckKey(STAGES, "dbt_tests")}
    (check,) = model_checks({STAGES: {name: "fail"}}, selected, broken)
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert check.metadata["problem"].value == f"{name}: stage is NULL in 1 row(s), stage_order repeats 1 value(s)"
