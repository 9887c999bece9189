"""Incremental intake: reading only new drops gives exactly what reading every drop at once gives."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES, table
from intake.ingest import ensure_audit_tables, ingest_table
from intake.reading import FULL, INCREMENTAL, plan_load
from tests.support import MESSY_LANDING

RUN_DESCRIPTIONS = {"audit.intake_batches"}
HEADERS = {t.key: ",".join(c.name for c in t.columns) for t in TABLES}


def ingest_all(con: duckdb.DuckDBPyConnection, landing: Path, tables=TABLES) -> None:
    for t in tables:  # the contract lists parents before children
        assert ingest_table(con, t, landing).balanced


def intake_snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    names = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('raw', 'intake', 'intake_state', 'audit') order by 1"
    ).fetchall()
    return {n: con.execute(f"select * from {n} order by all").fetchall() for (n,) in names if n not in RUN_DESCRIPTIONS}


def assert_same_as_one_pass(con: duckdb.DuckDBPyConnection, landing: Path, tables=TABLES) -> None:
    with duckdb.connect() as fresh:
        ingest_all(fresh, landing, tables)
        expected = intake_snapshot(fresh)
    assert intake_snapshot(con) == expected


def add(landing: Path, folder: str, name: str, rows: list[str]) -> None:
    path = landing / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADERS[folder.replace("/", "__")] + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")


def modes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {
        r[0]: r[1:] for r in con.execute("select table_name, mode, drops_read from audit.intake_batches").fetchall()
    }


@pytest.mark.slow
def test_messy_drops_one_at_a_time_equal_all_at_once(tmp_path):
    """Every drop of the hand-made messy folder (updates, bad rows, bad files) added in turn."""
    landing = tmp_path / "landing"
    files = sorted(p for p in MESSY_LANDING.rglob("*") if p.is_file())
    rounds = sorted({int(re.search(r"_(\d{3})", p.name).group(1)) for p in files})
    assert len(rounds) == 3
    with duckdb.connect() as con:
        for n in rounds:
            for path in files:
                if int(re.search(r"_(\d{3})", path.name).group(1)) == n:
                    target = landing / path.relative_to(MESSY_LANDING)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)  # keeps the modification time: the drop's landed_at
            ingest_all(con, landing)
            assert_same_as_one_pass(con, landing)
            if n == 2:  # new and updated rows: what the incremental dbt models start from
                assert modes(con)["outreach__messages"] == (INCREMENTAL, 1)
                changes = {
                    (t.key, change): count
                    for t in TABLES
                    for change, count in con.execute(
                        f"select _change, count(*) from intake_changes.{t.key} group by 1"
                    ).fetchall()
                }
                assert changes[("outreach__messages", "new")] > 0 and changes[("sourcing__prospects", "old")] > 0


@pytest.mark.slow
def test_references_follow_parents_that_arrive_late_or_go_away(tmp_path):
    landing = tmp_path / "landing"
    add(landing, "team/recruiters", "r_1.csv", ["rec1,Ana,,"])
    add(
        landing, "ats/roles", "r_1.csv", ["R1,Eng,Eng,,senior,rec1,2026-01-01,,1", "R2,Ops,Ops,,mid,rec2,2026-01-01,,1"]
    )
    add(landing, "ats/candidates", "c_1.csv", ["A1,Jo,,,"])
    add(
        landing,
        "ats/applications",
        "a_1.csv",
        ["AP1,A1,R1,2026-02-01T00:00:00Z,sourced", "AP2,A1,R2,2026-02-01T00:00:00Z,sourced"],
    )
    with duckdb.connect() as con:
        ingest_all(con, landing)
        staged = "select application_id from intake.ats__applications order by 1"
        assert con.execute(staged).fetchall() == [("AP1",)]  # R2's recruiter is not staged

        add(landing, "team/recruiters", "r_2.csv", ["rec2,Bo,,"])  # the missing parent arrives
        ingest_all(con, landing)
        assert con.execute(staged).fetchall() == [("AP1",), ("AP2",)]
        assert_same_as_one_pass(con, landing)

        add(landing, "ats/roles", "r_2.csv", ["R1,Eng,Eng,,senior,rec9,2026-01-01,,1"])  # R1 now fails
        ingest_all(con, landing)
        assert con.execute(staged).fetchall() == [("AP2",)]
        removed = con.execute("select _change, role_id from intake_changes.ats__roles").fetchall()
        assert removed == [("old", "R1")]
        assert_same_as_one_pass(con, landing)


def test_only_unchanged_drops_in_path_order_allow_an_incremental_read(tmp_path):
    landing = tmp_path / "landing"
    recruiters = table("team__recruiters")
    add(landing, "team/recruiters", "r_2.csv", ["rec1,Ana,,"])
    with duckdb.connect() as con:
        ensure_audit_tables(con)
        assert plan_load(con, recruiters, landing).mode == FULL  # first run
        ingest_table(con, recruiters, landing)

        add(landing, "team/recruiters", "r_3.csv", ["rec2,Bo,,"])
        plan = plan_load(con, recruiters, landing)
        assert (plan.mode, [d.source_file for d in plan.drops], plan.since) == (
            INCREMENTAL,
            ["team/recruiters/r_3.csv"],
            1,
        )
        assert plan_load(con, recruiters, landing, full_refresh=True).mode == FULL
        ingest_table(con, recruiters, landing)

        add(landing, "team/recruiters", "r_1.csv", ["rec0,Cy,,"])  # sorts before drops already read
        assert plan_load(con, recruiters, landing).mode == FULL
        ingest_table(con, recruiters, landing)
        assert_same_as_one_pass(con, landing, [recruiters])

        add(landing, "team/recruiters", "r_2.csv", ["rec1,Ana Maria,,"])  # a drop already read changed
        assert plan_load(con, recruiters, landing).mode == FULL
        ingest_table(con, recruiters, landing)
        assert_same_as_one_pass(con, landing, [recruiters])


@pytest.mark.slow
def test_a_vanished_drop_rebuilds_the_table(tmp_path):
    landing = tmp_path / "landing"
    add(landing, "team/recruiters", "r_1.csv", ["rec1,Ana,,"])
    add(landing, "team/recruiters", "r_2.csv", ["rec2,Bo,,"])
    with duckdb.connect() as con:
        ingest_all(con, landing)
        (landing / "team/recruiters" / "r_1.csv").unlink()
        assert plan_load(con, table("team__recruiters"), landing).mode == FULL
        ingest_all(con, landing)
        assert con.execute("select recruiter_id from intake.team__recruiters").fetchall() == [("rec2",)]
        assert_same_as_one_pass(con, landing)
