"""Incremental pipeline runs (intake + dbt) leave every table exactly as one full run would."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES
from settings import load_settings
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import add_later_drops, run
from tests.test_publish_and_idempotency import snapshot

pytestmark = pytest.mark.slow  # runs the pipeline several times


def drop_number(name: str) -> int:
    return int(re.search(r"_(\d{4})", name).group(1))


# when the erasure was applied and what the last run's erasure pass did: runs, not data
ERASURE_RUNS = ("audit.erasure_log", "audit.erasure_pass", "marts.dq_erasure_log", "staging.stg_audit__erasure_log")


def landing_and_full_run(ats: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Path, Path, Path]:
    """The generated messy landing with its later drops, the warehouse of one full run over all of it,
    and that run's erasure secret. The contract's ATS shape is the session's run (tests/conftest.py:
    messy_generated_warehouse); Lever's is run here."""
    if ats == "contract":
        full = request.getfixturevalue("messy_generated_warehouse")
        return full.parent / "landing", full, load_settings(environ={}, warehouse=full).erasure_secret_file
    source, full, secret = tmp_path / "all", tmp_path / "full.duckdb", tmp_path / "erasure.secret"
    generate_landing(GenerateOptions(out=source, prospects=2_000, seed=5, messy=True, ats=ats), echo=lambda _: None)
    add_later_drops(source, ats)
    assert run(source, full, erasure_secret=secret).success
    return source, full, secret


@pytest.mark.parametrize("ats", ["contract", "lever"])
def test_drops_added_run_by_run_equal_one_full_run(tmp_path, request, ats):
    """Generated messy exports (updates across drops, duplicates, bad rows, a partial and a
    truncated file) land in three rounds; after each round an incremental run, at the end every
    table of every schema equals a full run over all drops. Also with the ATS as Lever connector
    tables, whose changes reach the incremental models through int_ats__changed_keys. Between the
    rounds an erasure (which rebuilds dbt in full), restated prospects and responses and a late ATS
    update to old applications (add_later_drops): the incremental models, and the rollups read from
    them, follow each, while the data's as-of time moves with every round."""
    # both warehouses anonymize the erased person with the same tokens: the full run's secret
    source, full, secret = landing_and_full_run(ats, tmp_path, request)
    mappings = sorted(source.glob("mapping/**/*.yml"))  # the team's mapping files are there from the start
    files = sorted(p for p in source.rglob("*") if p.is_file() and p not in mappings)
    rounds = [
        mappings + [p for p in files if drop_number(p.name) <= 1],
        [p for p in files if drop_number(p.name) == 2],
        [p for p in files if drop_number(p.name) >= 3],
    ]
    assert all(rounds) and sum(map(len, rounds)) == len(files) + len(mappings)

    landing, warehouse = tmp_path / "landing", tmp_path / "incremental.duckdb"
    for files_of_round in rounds:
        for path in files_of_round:
            target = landing / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)  # keeps the modification time: the drop's landed_at
        summary = run(landing, warehouse, erasure_secret=secret)
        assert summary.success, summary.failures
    with duckdb.connect(str(warehouse), read_only=True) as con:
        modes = dict(con.execute("select mode, count(*) from audit.intake_batches group by 1").fetchall())
        changed = con.execute("select count(*) from intermediate.int_changed_candidates").fetchone()[0]
        prospects = con.execute("select count(distinct candidate_id) from marts.fct_prospect_funnel").fetchone()[0]
        erasures = con.execute("select count(*) from audit.erasure_log").fetchone()[0]
    assert modes == {"incremental": len(TABLES) + 1}, "the last run read only new drops (and the same ATS mapping)"
    assert 0 < changed < prospects, "the last run recomputed some candidates, not all"
    assert erasures > 0, "the erasure request of the second round was applied"

    incremental_tables, full_tables = snapshot(warehouse), snapshot(full)
    assert incremental_tables.keys() == full_tables.keys()
    differing = [name for name in full_tables if incremental_tables[name] != full_tables[name]]
    assert [name for name in differing if name not in ERASURE_RUNS] == []
    # the same erasure, logged at the time of the run that applied it (the first column)
    assert [row[1:] for row in incremental_tables["audit.erasure_log"]] == [
        row[1:] for row in full_tables["audit.erasure_log"]
    ]
