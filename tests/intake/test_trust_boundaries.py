"""Trust boundaries of the intake (issue 19): a hostile export or an unlucky operator must never erase,
leak or mislead. Small landings, the intake alone (no dbt)."""

from pathlib import Path

import duckdb
import pytest

from contract.tables import TABLES
from orchestration.intake.erasure import install_token_function
from orchestration.intake.ingest import apply_erasure, ingest_table
from tests.intake.test_incremental_intake import add


def intake(landing: Path, retention_months: int = 0, con: duckdb.DuckDBPyConnection | None = None):
    """Every landing table ingested, then erasure and retention, on a fresh in-memory warehouse."""
    con = con or duckdb.connect()
    install_token_function(con, b"a test secret of thirty-two bytes!")
    for table in TABLES:
        ingest_table(con, table, landing)
    apply_erasure(con, retention_months)
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
    with intake(landing, retention_months=24) as con:
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
