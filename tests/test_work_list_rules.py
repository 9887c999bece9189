"""The work-list thresholds: one home (settings/__init__.py), passed to dbt, recorded in the warehouse."""

import dataclasses
import subprocess

import pytest

from contract.dbt import DBT_PROJECT_DIR
from orchestration.transform import DBT_EXECUTABLE
from settings import WorkListRules, load_settings
from tests.support import rows


def test_defaults_and_environment_overrides():
    assert load_settings(environ={}).work_lists == WorkListRules()
    custom = load_settings(environ={"FUNNEL_FOLLOW_UP_MAX_TOUCHES": "4", "FUNNEL_INTERESTED_WAIT_DAYS": "21"})
    assert (custom.work_lists.follow_up_max_touches, custom.work_lists.interested_wait_days) == (4, 21)
    assert custom.work_lists.dbt_vars()["work_list_rules"]["follow_up_after_days"] == 4
    with pytest.raises(ValueError, match="positive"):
        WorkListRules.from_env({"FUNNEL_FOLLOW_UP_MAX_TOUCHES": "0"})


def test_a_window_that_ends_before_it_starts_or_a_chance_above_100_is_refused():
    with pytest.raises(ValueError, match="window"):
        WorkListRules.from_env({"FUNNEL_FOLLOW_UP_AFTER_DAYS": "30", "FUNNEL_FOLLOW_UP_WITHIN_DAYS": "21"})
    with pytest.raises(ValueError, match="window"):
        WorkListRules.from_env({"FUNNEL_INTERESTED_WITHIN_DAYS": "2"})
    with pytest.raises(ValueError, match="at risk <= on track"):
        WorkListRules.from_env({"FUNNEL_AT_RISK_CHANCE_PCT": "80"})
    with pytest.raises(ValueError, match="percentages"):
        WorkListRules.from_env({"FUNNEL_ON_TRACK_CHANCE_PCT": "170"})


def test_the_warehouse_records_the_rules_it_was_built_with(generated_warehouse):
    recorded = {r["rule"]: r["value"] for r in rows(generated_warehouse, "select * from marts.dim_work_list_rules")}
    assert recorded == {**dataclasses.asdict(WorkListRules()), "recontact_gap_days": 30}


@pytest.mark.slow
def test_dbt_without_the_rules_says_where_they_come_from(tmp_path):
    done = subprocess.run(
        [
            DBT_EXECUTABLE,
            "compile",
            "--select",
            "dim_work_list_rules",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=DBT_PROJECT_DIR,
    )
    assert done.returncode != 0 and "settings/__init__.py" in done.stdout
