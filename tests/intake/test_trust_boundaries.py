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
