"""The diagnosis asset's writer and its blocking check, on a tiny database: passing and failing cases."""

import duckdb
import pandas as pd
import pytest

from insights import diagnosis
from orchestration import run_slot
from orchestration.analytics.diagnosis import (
    FINDINGS_TABLE,
    findings_are_well_formed,
    findings_problems,
    write_findings,
)
from orchestration.resources import WarehouseResource


def sample_findings() -> pd.DataFrame:
    counts = pd.DataFrame(
        [("A", "R1", 500, 25), ("B", "R1", 500, 75), ("C", "R1", 500, 80)],
        columns=["subject", "role_id", "eligible", "converted"],
    ).assign(
        dimension="channel",
        scope="all",
        match_tier="strong",
        first_touch_style="generic",
        metric="reply_rate",
        window_days=30,
    )
    return diagnosis.diagnose(counts)


@pytest.fixture
def warehouse(tmp_path) -> WarehouseResource:
    """A resource over a build file of a held run slot, as during a run."""
    served = tmp_path / "served.duckdb"
    with run_slot.acquire(tmp_path, served.stem, 0, "runner") as slot:
        with duckdb.connect(str(slot.build_database)) as con:
            con.execute("create schema marts")
        yield WarehouseResource(served_database=str(served), work_dir=str(tmp_path))


def test_findings_are_written_typed_and_pass_the_check(warehouse):
    found = sample_findings()
    assert not found.empty
    with warehouse.connect() as con:
        write_findings(con, found)
        assert findings_problems(con) == {rule: 0 for rule in findings_problems(con)}
        assert con.execute(f"select count(*) from {FINDINGS_TABLE}").fetchone()[0] == len(found)
        assert (
            dict(con.execute(f"select column_name, column_type from (describe {FINDINGS_TABLE})").fetchall())[
                "p_adjusted"
            ]
            == "DOUBLE"
        )
    result = findings_are_well_formed(warehouse=warehouse)
    assert result.passed and result.metadata["findings"].value == len(found)


def test_no_findings_is_an_empty_typed_table(warehouse):
    with warehouse.connect() as con:
        write_findings(con, pd.DataFrame(columns=diagnosis.FINDING_COLUMNS))
        assert con.execute(f"select count(*) from {FINDINGS_TABLE}").fetchone()[0] == 0
    assert findings_are_well_formed(warehouse=warehouse).passed


def test_the_check_fails_on_an_insignificant_finding_or_a_rank_out_of_order(warehouse):
    broken = sample_findings()
    broken.loc[0, "p_adjusted"] = 0.3
    broken.loc[0, "finding_rank"] = 7
    with warehouse.connect() as con:
        write_findings(con, broken)
        problems = findings_problems(con)
    assert (
        problems["p_adjusted outside [0, alpha)"] == 1
        and problems["rank not 1..n, worse first, in order of impact"] >= 1
    )
    assert not findings_are_well_formed(warehouse=warehouse).passed


def test_the_check_fails_when_a_contract_column_is_missing(warehouse):
    with warehouse.connect() as con:
        con.execute(f"create table {FINDINGS_TABLE} as select 'outreach' as explanation")
        assert "missing column sentence" in findings_problems(con)
    assert not findings_are_well_formed(warehouse=warehouse).passed
