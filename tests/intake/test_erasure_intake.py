"""Erasure in the intake alone: the anonymous state does not depend on when the request arrived."""

import shutil
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES
from intake.erasure import install_token_function
from intake.ingest import apply_erasure, ingest_table
from tests.intake.test_incremental_intake import intake_snapshot
from tests.support import FIXTURES, MESSY_LANDING
from tests.test_erasure import TRACES

RUN_DESCRIPTIONS = {"audit.intake_batches", "audit.erasure_log", "audit.erasure_pass"}


def intake_run(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    for table in TABLES:
        assert ingest_table(con, table, landing).balanced
    apply_erasure(con, retention_months=0)


def traces_in_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every trace found in any text column of any table the intake writes."""
    found = set()
    for schema, name, column in con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type = 'VARCHAR' and table_schema in ('raw', 'intake_state', 'intake', 'audit', 'privacy')"
    ).fetchall():
        text = con.execute(f'select lower(string_agg("{column}", \' \')) from "{schema}"."{name}"').fetchone()[0]
        found |= {trace for trace in TRACES if text and trace.lower() in text}
    return found


@pytest.mark.slow
def test_a_request_gives_the_same_anonymous_state_whether_it_arrives_before_with_or_after_the_data(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(MESSY_LANDING, landing)
    shutil.copytree(FIXTURES / "erasure" / "people", landing, dirs_exist_ok=True)
    states = []
    for order in ("data first", "together", "request first"):
        with duckdb.connect() as con:
            install_token_function(con, b"one secret")
            if order == "data first":
                intake_run(con, landing)
                assert "Zelda Quarantotti" in traces_in_tables(con)
            shutil.copytree(FIXTURES / "erasure" / "requests", landing, dirs_exist_ok=True)
            if order == "request first":
                shutil.rmtree(landing / "sourcing")  # the people's drops land after the request ...
                intake_run(con, landing)
                shutil.copytree(MESSY_LANDING / "sourcing", landing / "sourcing")
                shutil.copytree(FIXTURES / "erasure" / "people" / "sourcing", landing / "sourcing", dirs_exist_ok=True)
            intake_run(con, landing)
            assert traces_in_tables(con) == set()
            snapshot = intake_snapshot(con)
            states.append({name: rows for name, rows in snapshot.items() if name not in RUN_DESCRIPTIONS})
        shutil.rmtree(landing / "privacy")
    assert states[0] == states[1] == states[2]
