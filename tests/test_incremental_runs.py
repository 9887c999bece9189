"""Incremental pipeline runs (intake + dbt) leave every table exactly as one full run would."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import run
from tests.test_publish_and_idempotency import snapshot

pytestmark = pytest.mark.slow  # runs the pipeline several times


def drop_number(name: str) -> int:
    return int(re.search(r"_(\d{4})", name).group(1))


@pytest.fixture(params=["contract", "lever"])
def full_run(request, messy_generated_warehouse, tmp_path) -> tuple[Path, Path]:
    """Generated messy exports (2,000 prospects, seed 5) and one full run over all their drops: the
    session's for the contract's ATS tables, its own for the ATS as Lever connector tables."""
    if request.param == "contract":
        return messy_generated_warehouse.with_name("landing"), messy_generated_warehouse
    source, full = tmp_path / "all", tmp_path / "full.duckdb"
    generate_landing(GenerateOptions(out=source, prospects=2_000, seed=5, messy=True, ats="lever"), echo=lambda _: None)
    assert run(source, full).success
    return source, full


def test_drops_added_run_by_run_equal_one_full_run(full_run, tmp_path):
    """Generated messy exports (updates across drops, duplicates, bad rows, a partial and a
    truncated file) land in three rounds; after each round an incremental run, at the end every
    table of every schema equals a full run over all drops. Also with the ATS as Lever connector
    tables, whose changes reach the incremental models through int_ats__changed_keys."""
    source, full = full_run
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
        summary = run(landing, warehouse)
        assert summary.success, summary.failures
    with duckdb.connect(str(warehouse), read_only=True) as con:
        modes = dict(con.execute("select mode, count(*) from audit.intake_batches group by 1").fetchall())
        changed = con.execute("select count(*) from intermediate.int_changed_candidates").fetchone()[0]
        prospects = con.execute("select count(distinct candidate_id) from marts.fct_prospect_funnel").fetchone()[0]
    assert modes == {"incremental": len(TABLES) + 1}, "the last run read only new drops (and the same ATS mapping)"
    assert 0 < changed < prospects, "the last run recomputed some candidates, not all"

    incremental_tables, full_tables = snapshot(warehouse), snapshot(full)
    assert incremental_tables.keys() == full_tables.keys()
    differing = [name for name in full_tables if incremental_tables[name] != full_tables[name]]
    assert differing == []
