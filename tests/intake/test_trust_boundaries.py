"""Trust boundaries of the intake (issue 19): a hostile export or an unlucky operator must never erase,
leak or mislead. Small landings, the intake alone (no dbt)."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES, TABLES_BY_KEY
from intake.erasure import (
    DEFAULT_GUARD,
    RetentionGuard,
    RetentionNeedsConfirmation,
    forget_derived_keys,
    install_token_function,
)
from intake.ingest import apply_erasure, ingest_table
from orchestration.intake.assets import quarantine_result
from tests.intake.test_incremental_intake import add

SECRET = b"a test secret of thirty-two bytes!"


def intake(landing: Path, retention_months: int = 0, guard: RetentionGuard = DEFAULT_GUARD):
    """Every landing table ingested, then erasure and retention, on a fresh in-memory warehouse."""
    con = duckdb.connect()
    install_token_function(con, SECRET)
    for table in TABLES:
        ingest_table(con, table, landing)
    try:
        apply_erasure(con, retention_months, guard)
    except Exception:
        con.close()
        raise
    return con


def names(con: duckdb.DuckDBPyConnection, table: str = "sourcing__candidates") -> dict[str, str]:
    id_column = "candidate_id" if table == "sourcing__candidates" else "ats_candidate_id"
    return dict(con.execute(f"select {id_column}, full_name from intake.{table}").fetchall())


def test_erasure_finds_the_usual_variants_of_a_link_and_an_email(tmp_path):
    """Defect 6: re-landed under a mobile or country host, a locale segment, a percent-encoded slug or an
    e-mail with a leading tab, an erased person must not come back."""
    landing = tmp_path / "landing"
    add(
        landing,
        "privacy/erasure_requests",
        "r.csv",
        [",https://www.linkedin.com/in/mia-doe,,2026-03-01T10:00:00Z", "mia.doe@mail.example,,,2026-03-01T10:00:00Z"],
    )
    add(
        landing,
        "sourcing/candidates",
        "c.csv",
        [
            "C1,Mia Mobile,,https://m.linkedin.com/in/mia-doe,,,,,2026-01-01T00:00:00Z",
            "C2,Mia Locale,,https://www.linkedin.com/in/mia-doe/en/,,,,,2026-01-01T00:00:00Z",
            "C3,Mia Encoded,,https://de.linkedin.com/in/mia%2Ddoe,,,,,2026-01-01T00:00:00Z",
            '"C4","Mia Tab","\tmia.doe@mail.example",,,,,,2026-01-01T00:00:00Z',
            "C5,Mia Spaced,\u00a0Mia.Doe@Mail.Example\u200b,,,,,,2026-01-01T00:00:00Z",
            "C6,Other Person,other@mail.example,https://www.linkedin.com/in/mia-doe-2,,,,,2026-01-01T00:00:00Z",
        ],
    )
    with intake(landing) as con:
        kept = names(con)
    assert sorted(kept.values()) == ["Other Person"] + ["erased"] * 5


def test_retention_never_reaches_an_engaged_person_through_a_shared_email(tmp_path):
    """Defect 5: two people who declined and one who said "not now" were anonymized because they share
    a talent-pool address with a candidate who never engaged."""
    landing = tmp_path / "landing"
    add(landing, "team/recruiters", "r.csv", ["rec1,Ana,,"])
    add(landing, "ats/roles", "r.csv", ["R1,Eng,Eng,,senior,rec1,2023-01-01,,1"])
    people = {"SILENT": "Sam Silent", "DECLINED": "Dora Declined", "LATER": "Len Later", "OTHER": "Olga Other"}
    add(
        landing,
        "sourcing/candidates",
        "c.csv",
        [
            f"C_{key},{name},{'olga@mail.example' if key == 'OTHER' else 'talent-pool@agency.example'},"
            f"https://www.linkedin.com/in/{'olga' if key == 'OTHER' else 'talent-pool'},,,,,2023-01-01T00:00:00Z"
            for key, name in people.items()
        ],
    )
    add(
        landing,
        "sourcing/prospects",
        "p.csv",
        [f"P_{key},C_{key},R1,2023-02-01T00:00:00Z,rec1,event,exact,80," for key in people],
    )
    add(
        landing,
        "outreach/messages",
        "m.csv",
        [f"M_{key},P_{key},S,T,1,email,2023-02-02T00:00:00Z,delivered,true" for key in people]
        + ["M_NOW,P_OTHER,S,T,2,email,2026-01-10T00:00:00Z,delivered,true"],  # the as-of time: 2026-01-10
    )
    add(
        landing,
        "outreach/responses",
        "r.csv",
        [
            "E1,P_DECLINED,M_DECLINED,2023-02-03T00:00:00Z,declined,other,",
            "E2,P_LATER,M_LATER,2023-02-03T00:00:00Z,not_now,,2023-08-01",
            "E3,P_SILENT,M_SILENT,2023-02-03T00:00:00Z,auto_reply,,",
        ],
    )
    with intake(landing, retention_months=24, guard=RetentionGuard(confirmed=True)) as con:  # 1 of 4
        kept = names(con)
    assert sorted(kept.values()) == ["Dora Declined", "Len Later", "Olga Other", "erased"]
    assert kept.get("C_SILENT") is None  # its id is a token now


def test_a_quarantined_row_reaching_an_erased_person_through_any_id_is_scrubbed(tmp_path):
    """Defect 7: a quarantined response whose prospect_id is empty but whose message_id is the erased
    person's kept its raw values; contract §8 lists message, response and application ids too."""
    landing = tmp_path / "landing"
    add(landing, "privacy/erasure_requests", "r.csv", ["zoe@mail.example,,,2026-03-01T10:00:00Z"])
    add(landing, "team/recruiters", "r.csv", ["rec1,Ana,,"])
    add(landing, "ats/roles", "r.csv", ["R1,Eng,Eng,,senior,rec1,2025-01-01,,1"])
    add(landing, "sourcing/candidates", "c.csv", ["C_ZOE,Zoe Zed,zoe@mail.example,,,,,,2025-06-01T00:00:00Z"])
    add(landing, "sourcing/prospects", "p.csv", ["P_ZOE,C_ZOE,R1,2025-06-02T00:00:00Z,rec1,event,exact,80,"])
    add(landing, "outreach/messages", "m.csv", ["M_ZOE,P_ZOE,S,T,1,email,2025-06-03T00:00:00Z,delivered,true"])
    add(
        landing,
        "outreach/responses",
        "r.csv",
        ["E_ZOE,,M_ZOE,2025-06-04T00:00:00Z,declined,other,", "E_ZOE_2,P_ZOE,M_ZOE,not a time,declined,other,"],
    )
    with intake(landing) as con:
        kept = con.execute(
            "select reason, raw_values from audit.quarantine where table_name = 'outreach__responses' order by 1"
        ).fetchall()
    assert [reason for reason, _ in kept] == [
        "prospect_id: required value missing",
        "responded_at: cannot be read as an ISO 8601 timestamp",
    ]
    assert not any(plain in values for _, values in kept for plain in ("ZOE", "zoe"))


def _people_written_to(landing: Path, count: int, when: str, prefix: str) -> None:
    """`count` candidates, each with one prospect and one delivered message at `when`, never answering."""
    add(
        landing,
        "sourcing/candidates",
        f"{prefix}.csv",
        [f"C_{prefix}{i},Name {prefix}{i},,,,,,,{when}" for i in range(count)],
    )
    add(
        landing,
        "sourcing/prospects",
        f"{prefix}.csv",
        [f"P_{prefix}{i},C_{prefix}{i},R1,{when},rec1,event,exact,80," for i in range(count)],
    )
    add(
        landing,
        "outreach/messages",
        f"{prefix}.csv",
        [f"M_{prefix}{i},P_{prefix}{i},S,T,1,email,{when},delivered,true" for i in range(count)],
    )


def _team(landing: Path) -> None:
    add(landing, "team/recruiters", "r.csv", ["rec1,Ana,,"])
    add(landing, "ats/roles", "r.csv", ["R1,Eng,Eng,,senior,rec1,2020-01-01,,1"])


def _dated_2030(landing: Path) -> Path:
    """A message dated 2030-06-01 in a file whose modification time is 2030 too (a skewed clock)."""
    add(
        landing,
        "outreach/messages",
        "zz_skewed.csv",
        ["M_SKEW,P_recent0,S,T,2,email,2030-06-01T00:00:00Z,delivered,true"],
    )
    path = landing / "outreach/messages/zz_skewed.csv"
    stamp = datetime(2030, 6, 1, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_a_message_dated_beyond_the_clock_is_quarantined_and_ages_nobody(tmp_path):
    """Defect 1: one message dated 2030-06-01 in a file with a 2030 modification time passed the "landing
    time + 1 day" check, became the as-of time, and 24-month retention anonymized almost everyone."""
    landing = tmp_path / "landing"
    _team(landing)
    a_year_ago = (datetime.now(UTC) - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _people_written_to(landing, 20, a_year_ago, "recent")
    _dated_2030(landing)
    with intake(landing, retention_months=24) as con:
        kept = names(con)
        reasons = con.execute(
            "select source_file, reason from audit.quarantine where table_name = 'outreach__messages'"
        ).fetchall()
        log = con.execute("select retention_candidates from audit.erasure_log").fetchall()
    assert reasons == [
        ("outreach/messages/zz_skewed.csv", "sent_at: implausible timestamp, later than the run's clock plus 1 day")
    ]
    assert "erased" not in kept.values() and len(kept) == 20 and log == []


def test_retention_of_more_than_the_configured_share_needs_the_operators_confirmation(tmp_path):
    """Defect 1: retention anonymizing most people in one run must stop the run (nothing is published)
    unless the operator confirms it."""
    landing = tmp_path / "landing"
    _team(landing)
    _people_written_to(landing, 3, "2021-01-01T00:00:00Z", "old")  # past 24 months: 3 of 10, 30 %
    _people_written_to(landing, 7, "2026-01-01T00:00:00Z", "new")
    with pytest.raises(RetentionNeedsConfirmation, match=r"3 of 10 CRM candidates \(30%\).*--confirm-retention"):
        intake(landing, retention_months=24, guard=RetentionGuard(max_share=0.25))
    with intake(landing, retention_months=24, guard=RetentionGuard(max_share=0.25, confirmed=True)) as con:
        assert sorted(names(con).values()).count("erased") == 3
    with intake(landing, retention_months=24, guard=RetentionGuard(max_share=0.30)) as con:
        assert sorted(names(con).values()).count("erased") == 3


def test_a_full_refresh_undoes_retention_caused_by_bad_data_and_keeps_erasures(tmp_path):
    """Defect 1: once the bad data was fixed, `--full-refresh` did not bring people back (their retention
    keys stayed in privacy.erased_keys). An erasure request stays permanent."""
    landing = tmp_path / "landing"
    _team(landing)
    _people_written_to(landing, 1, "2026-01-10T00:00:00Z", "q")  # the as-of time: 2026-01-10
    _people_written_to(landing, 4, "2020-01-01T00:00:00Z", "p")  # an export with wrong dates
    add(landing, "privacy/erasure_requests", "r.csv", [",,C_p0,2026-03-01T10:00:00Z"])
    with intake(landing, retention_months=24, guard=RetentionGuard(confirmed=True)) as con:
        assert sorted(names(con).values()) == ["Name q0"] + ["erased"] * 4
        _people_written_to(landing, 4, "2026-01-01T00:00:00Z", "p")  # the export fixed
        forget_derived_keys(con)  # what `funnel run --full-refresh` does first
        for table in TABLES:
            ingest_table(con, table, landing, full_refresh=True)
        apply_erasure(con, 24)
        assert sorted(names(con).values()) == ["Name p1", "Name p2", "Name p3", "Name q0", "erased"]


def test_a_drop_wholly_or_mostly_quarantined_is_named_with_its_file_and_reason(tmp_path):
    """Defect 10: a Greenhouse rejection_reason export without its `reason` column was quarantined as a
    file, yet the run published and every withdrawal counted as a company rejection."""
    landing = tmp_path / "landing"
    (landing / "greenhouse/rejection_reason").mkdir(parents=True)
    (landing / "greenhouse/rejection_reason/reasons.csv").write_text(
        "id,rejection_reason_type_name,_fivetran_deleted\n1,They rejected us,false\n2,We rejected them,false\n"
    )
    add(landing, "team/recruiters", "few_bad.csv", [f"rec{i},Name {i},," for i in range(29)] + ["rec29,,,"])
    add(landing, "team/recruiters", "more_bad.csv", [f"rex{i},Name {i},," for i in range(28)] + ["rx1,,,", "rx2,,,"])
    with duckdb.connect() as con:
        for key in ("team__recruiters", "greenhouse__rejection_reason"):
            ingest_table(con, TABLES_BY_KEY[key], landing)
        recruiters = quarantine_result(con, TABLES_BY_KEY["team__recruiters"], 0.05, accepted=False)
        reasons = quarantine_result(con, TABLES_BY_KEY["greenhouse__rejection_reason"], 0.05, accepted=False)
        accepted = quarantine_result(con, TABLES_BY_KEY["greenhouse__rejection_reason"], 0.05, accepted=True)
    assert not recruiters.passed and recruiters.metadata["problem"].value == (
        "team/recruiters/more_bad.csv: 2 of 30 rows quarantined (name: required value missing)"
    )  # 1 of 30 (3 %) is within 5 %
    assert not reasons.passed and reasons.metadata["problem"].value == (
        "greenhouse/rejection_reason/reasons.csv: 2 of 2 rows quarantined (file lacks required column(s): reason)"
    )
    assert accepted.passed and accepted.metadata["accepted_by_operator"].value is True
