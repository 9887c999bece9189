"""Incremental pipeline runs (intake + dbt) leave every table exactly as one full run would."""

import re
import shutil

import duckdb
import pytest

from contract.tables import TABLES
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import run
from tests.test_publish_and_idempotency import snapshot

pytestmark = pytest.mark.slow  # runs the pipeline several times


def drop_number(name: str) -> int:
    return int(re.search(r"_(\d{4})", name).group(1))


# when the erasure was applied and what the last run's erasure pass did: runs, not data
ERASURE_RUNS = ("audit.erasure_log", "audit.erasure_pass", "marts.dq_erasure_log", "staging.stg_audit__erasure_log")


def csv_of(source, folder: str, drop: int) -> str:
    return f"read_csv('{source / folder}/*_{drop:04d}.csv', all_varchar = true)"


def add_later_drops(source, ats: str) -> None:
    """Drops that change what earlier drops said, named to land in the rounds after the first: an
    erasure request for a person of the first drop (round 2, before more of their rows could
    arrive), and in round 3 restatements of first-drop CRM candidates (a changed e-mail and no
    LinkedIn URL: the identity keys the ATS links by), prospects (a changed match score) and
    responses (now a decline over location, the evidence of a rediscovery match), and, for the
    contract's ATS, a late correction of first-drop applications' rejections into withdrawals (an ATS
    update to old prospects' applications)."""
    (source / "privacy" / "erasure_requests").mkdir(parents=True)
    with duckdb.connect() as con:
        (erased,) = con.execute(
            f"select min(candidate_id) from {csv_of(source, 'sourcing/candidates', 1)} where email is not null"
        ).fetchone()
        (source / "privacy/erasure_requests/requests_0002.csv").write_text(
            f"email,linkedin_url,crm_candidate_id,requested_at\n,,{erased},2026-01-05T09:00:00Z\n"
        )
        con.execute(f"""
            copy (
                select * replace (cast(least(100, try_cast(match_score as int) + 7) as varchar) as match_score)
                from {csv_of(source, "sourcing/prospects", 1)}
                where hash(prospect_id) % 10 = 0
            ) to '{source}/sourcing/prospects/prospects_0004_restated.csv' (header true)
        """)
        con.execute(f"""
            copy (
                select * replace (' Moved.' || email as email, null as linkedin_url)
                from {csv_of(source, "sourcing/candidates", 1)}
                where hash(candidate_id) % 4 = 0 and (email is not null or linkedin_url is not null)
            ) to '{source}/sourcing/candidates/candidates_0004_restated.csv' (header true)
        """)
        con.execute(f"""
            copy (
                select * replace ('declined' as response_type, 'location' as decline_reason, null as reconnect_after)
                from {csv_of(source, "outreach/responses", 1)}
                where hash(response_id) % 5 = 0
            ) to '{source}/outreach/responses/responses_0004_restated.csv' (header true)
        """)
        if ats != "contract":
            return
        late = con.execute(f"""
            copy (
                select * replace ('withdrawn' as stage, 'accepted_other_offer' as reason)
                from {csv_of(source, "ats/stage_events", 1)}
                where lower(trim(stage)) = 'rejected' and hash(event_id) % 3 = 0
            ) to '{source}/ats/stage_events/stage_events_0004_late.csv' (header true)
        """).fetchone()[0]
        assert late > 0, "some applications of the first drop were rejected"


@pytest.mark.parametrize("ats", ["contract", "lever"])
def test_drops_added_run_by_run_equal_one_full_run(tmp_path, ats):
    """Generated messy exports (updates across drops, duplicates, bad rows, a partial and a
    truncated file) land in three rounds; after each round an incremental run, at the end every
    table of every schema equals a full run over all drops. Also with the ATS as Lever connector
    tables, whose changes reach the incremental models through int_ats__changed_keys. Between the
    rounds an erasure (which rebuilds dbt in full), restated prospects and responses and a late ATS
    update to old applications (add_later_drops): the incremental models, and the rollups read from
    them, follow each, while the data's as-of time moves with every round."""
    source = tmp_path / "all"
    generate_landing(GenerateOptions(out=source, prospects=2_000, seed=5, messy=True, ats=ats), echo=lambda _: None)
    add_later_drops(source, ats)
    secret = tmp_path / "erasure.secret"  # both warehouses anonymize the erased person with the same tokens
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

    full = tmp_path / "full.duckdb"
    assert run(landing, full, erasure_secret=secret).success
    incremental_tables, full_tables = snapshot(warehouse), snapshot(full)
    assert incremental_tables.keys() == full_tables.keys()
    differing = [name for name in full_tables if incremental_tables[name] != full_tables[name]]
    assert [name for name in differing if name not in ERASURE_RUNS] == []
    # the same erasure, logged at the time of the run that applied it (the first column)
    assert [row[1:] for row in incremental_tables["audit.erasure_log"]] == [
        row[1:] for row in full_tables["audit.erasure_log"]
    ]
