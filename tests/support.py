"""Helpers shared by the tests: run the pipeline, read the warehouse, compare with contract CSVs."""

from __future__ import annotations

import csv
import hashlib
import math
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.runner import RunSummary, run_pipeline
from settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MESSY_LANDING = FIXTURES / "messy_landing"
CONTRACT_EXAMPLE = FIXTURES / "contract_example"
WORKBENCH_LANDING = FIXTURES / "workbench_landing"


def run(landing: Path, warehouse: Path, *, accept_quarantine: bool = True, **settings: object) -> RunSummary:
    """The whole pipeline in process, settings from defaults (not the environment) plus `settings`.
    The test landings are messy on purpose (a broken file, a file lacking a column): their quarantine
    is accepted as an operator would (`--accept-quarantine`) unless a test says otherwise."""
    return run_pipeline(
        load_settings(environ={}, landing_dir=landing, warehouse=warehouse, **settings),
        quiet=True,
        accept_quarantine=accept_quarantine,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(warehouse: Path, sql: str, params: list | None = None) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]


def contract_text(value) -> str:
    """A warehouse value written the way the contract's example CSVs write it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def funnel_differences(warehouse: Path, expected_csv: Path) -> list[str]:
    """Every cell where fct_prospect_funnel differs from an expected CSV, plus missing/extra rows."""
    expected = {row["prospect_id"]: row for row in read_csv(expected_csv)}
    actual = {r["prospect_id"]: r for r in rows(warehouse, "select * from marts.fct_prospect_funnel")}
    problems = [f"missing prospect {p}" for p in expected.keys() - actual.keys()]
    problems += [f"unexpected prospect {p}" for p in actual.keys() - expected.keys()]
    for pid in expected.keys() & actual.keys():
        for column, want in expected[pid].items():
            got = contract_text(actual[pid].get(column, "<no column>"))
            if got != want:
                problems.append(f"{pid}.{column}: expected {want!r}, got {got!r}")
    return sorted(problems)


def csv_of(source: Path, folder: str, drop: int) -> str:
    return f"read_csv('{source / folder}/*_{drop:04d}.csv', all_varchar = true)"


def add_later_drops(source: Path, ats: str) -> None:
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
