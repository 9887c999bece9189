"""Retention (FUNNEL_RETENTION_MONTHS): people who never engaged and were last active longer ago than
the retention period before the data's as-of time are anonymized exactly like an erasure."""

import duckdb
import pytest

from contract.tables import TABLES
from intake.erasure import RetentionGuard, install_token_function
from intake.ingest import apply_erasure, ingest_table
from settings import load_settings
from tests.intake.test_incremental_intake import add


@pytest.mark.slow
def test_only_people_past_retention_who_never_engaged_are_anonymized(tmp_path):
    landing = tmp_path / "landing"
    add(landing, "team/recruiters", "r.csv", ["rec1,Ana,,"])
    add(landing, "ats/roles", "r.csv", ["R1,Eng,Eng,,senior,rec1,2023-01-01,,1"])
    add(
        landing,
        "sourcing/candidates",
        "c.csv",
        [
            "C_OLD,Olga Old,olga@mail.example,,,,,,2023-01-01T00:00:00Z",  # contacted 2023, never answered
            "C_REPLIED,Rita Replied,,,,,,,2023-01-01T00:00:00Z",  # answered in 2023
            "C_ATS,Alan Applied,alan@mail.example,,,,,,2023-01-01T00:00:00Z",  # in the ATS
            "C_NEW,Nina New,,,,,,,2023-01-01T00:00:00Z",  # written to recently
        ],
    )
    add(
        landing,
        "sourcing/prospects",
        "p.csv",
        [f"P_{c},C_{c},R1,2023-02-01T00:00:00Z,rec1,event,exact,80," for c in ("OLD", "REPLIED", "ATS", "NEW")],
    )
    add(
        landing,
        "outreach/messages",
        "m.csv",
        [
            "M1,P_OLD,S,T,1,email,2023-02-02T00:00:00Z,delivered,true",
            "M2,P_REPLIED,S,T,1,email,2023-02-02T00:00:00Z,delivered,true",
            "M3,P_ATS,S,T,1,email,2023-02-02T00:00:00Z,delivered,true",
            "M4,P_NEW,S,T,1,email,2026-01-10T00:00:00Z,delivered,true",
        ],
    )
    add(landing, "outreach/responses", "r.csv", ["E1,P_REPLIED,M2,2023-02-03T00:00:00Z,declined,other,"])
    add(landing, "ats/candidates", "a.csv", ["A1,Alan Applied, ALAN@mail.example ,,"])
    with duckdb.connect() as con:
        install_token_function(con, b"retention")
        for table in TABLES:
            ingest_table(con, table, landing)
        # as of 2026-01-10: anything before 2024-01-10; one of four candidates is more than the guard's share
        # of one run (tests/intake/test_trust_boundaries.py), so the operator confirms it
        report = apply_erasure(con, retention_months=24, guard=RetentionGuard(confirmed=True))
        kept = con.execute("select candidate_id, full_name from intake.sourcing__candidates order by 2").fetchall()
        log = con.execute("select retention_candidates, prospects_anonymized from audit.erasure_log").fetchall()
        message = con.execute(
            "select prospect_id from intake.outreach__messages where message_id like 'anon_%'"
        ).fetchall()
        again = apply_erasure(con, retention_months=24, guard=RetentionGuard(confirmed=True))
    names = [name for _, name in kept]
    assert names == ["Alan Applied", "Nina New", "Rita Replied", "erased"]
    assert [cid for cid, name in kept if name == "erased"][0].startswith("anon_")
    assert log == [(1, 1)] and len(message) == 1 and message[0][0].startswith("anon_")
    assert report.kept_rows_anonymized == 3  # candidate, prospect, message
    assert again.new_keys == 0 and again.rows_anonymized == 0  # nothing new: nothing logged


def test_retention_is_a_setting_with_a_documented_default():
    assert load_settings(environ={}).retention_months == 24
    assert load_settings(environ={"FUNNEL_RETENTION_MONTHS": "0"}).retention_months == 0
