"""Publishing is all-or-nothing; runs are idempotent. (Adding a drop equals one run over all drops: the
keep-serving test of tests/dashboards/test_browser.py, which adds the messy landing's later drops.)"""

from pathlib import Path

import duckdb
import pytest

import orchestration.intake.assets as intake_assets
from intake.ingest import ingest_table
from tests.support import MESSY_LANDING, digest, run

pytestmark = pytest.mark.slow  # runs the pipeline

SCHEMAS = ("raw", "intake", "intake_state", "audit", "staging", "intermediate", "marts", "reference")
RUN_DESCRIPTIONS = (
    "audit.intake_batches",
    "intermediate.int_changed_candidates",
    "intermediate.int_changed_crm_candidates",
    "intermediate.int_ats__changed_keys",
)  # what the last run did, not what it holds


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table and view the pipeline writes (except run descriptions), in a stable order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            f"where table_schema in {SCHEMAS} order by 1"
        ).fetchall()
        return {
            name: con.execute(f"select * from {name} order by all").fetchall()
            for (name,) in names
            if not name.startswith(RUN_DESCRIPTIONS)
        }


def test_running_twice_leaves_every_table_identical(messy_run, served_copy):
    """A second run over the same landing folder, on a copy of the session's run, changes no row."""
    first = snapshot(messy_run[0])
    assert run(MESSY_LANDING, served_copy).success
    assert snapshot(served_copy) == first
    assert len(first) > 30 and sum(len(v) for v in first.values()) > 400


def test_failed_step_leaves_the_last_good_warehouse_in_place(served_copy, monkeypatch):
    warehouse = served_copy
    before = digest(warehouse)

    def broken(con, table, landing_dir, *options):
        if table.key == "outreach__messages":
            raise OSError("export share unavailable")
        return ingest_table(con, table, landing_dir, *options)

    monkeypatch.setattr(intake_assets, "ingest_table", broken)
    summary = run(MESSY_LANDING, warehouse)
    assert not summary.success
    assert any("export share unavailable" in failure for failure in summary.failures)
    assert digest(warehouse) == before


def test_failed_reconciliation_blocks_publishing(served_copy, monkeypatch):
    warehouse = served_copy
    before = digest(warehouse)

    def losing_a_row(con, table, landing_dir, *options):
        report = ingest_table(con, table, landing_dir, *options)
        if table.key == "sourcing__prospects":
            con.execute("delete from intake_state.sourcing__prospects where prospect_id = 'P14'")
        return report

    monkeypatch.setattr(intake_assets, "ingest_table", losing_a_row)
    summary = run(MESSY_LANDING, warehouse)
    assert not summary.success
    assert any("sourcing__prospects:rows_reconcile" in failure for failure in summary.failures)
    assert not any(step.startswith("dbt") for step in summary.step_seconds), "dbt ran after a blocking failure"
    assert digest(warehouse) == before


def test_missing_landing_folder_fails_the_run(tmp_path):
    summary = run(tmp_path / "nowhere", tmp_path / "w.duckdb")
    assert not summary.success
    assert any("does not exist" in failure for failure in summary.failures)
    assert not (tmp_path / "w.duckdb").exists()
