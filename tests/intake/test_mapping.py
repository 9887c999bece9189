"""Exports under other names (mapping/<source>/<table>.yml) and the ATS stage mapping (mapping/ats.yml)."""

from pathlib import Path

import duckdb
import pytest

from contract.tables import table
from intake.ats_mapping import load_ats_mapping, write_ats_value_map
from intake.mapping import MappingError, load_mapping
from intake.reading import LINEAGE
from orchestration.intake.assets import folder_expected, ingest_mapped

CANDIDATES = table("sourcing__candidates")
CONTRACT_EXPORT = (
    "candidate_id,full_name,email,linkedin_url,current_title,current_company,location,profile_detail,created_at\n"
    "C1,Jane Doe,jane@mail.example,,Engineer,Initech,Berlin,detailed,2026-02-01T09:30:00Z\n"
    "C2,Omar Lee,,,Lead,Hooli,Berlin,sparse,2026-02-02T17:05:00Z\n"
    "C3,Kim Park,,,Engineer,Globex,Remote,standard,2026-02-03T08:00:00Z\n"
)
# the same people as another tool exports them: other headers and order, other spellings, a
# day-first local format with an offset, and an extra column (kept in raw)
OTHER_EXPORT = (
    "Added On,Profile Richness,Candidate ID,Name,E-mail,Job Title,Employer,City,LinkedIn,Owner\n"
    "01.02.2026 10:30 +0100,Rich,C1,Jane Doe,jane@mail.example,Engineer,Initech,Berlin,,ana\n"
    "02.02.2026 18:05 +0100,Thin,C2,Omar Lee,,Lead,Hooli,Berlin,,ana\n"
    "03.02.2026 09:00 +0100,STANDARD,C3,Kim Park,,Engineer,Globex,Remote,,ben\n"
)
MAPPING = """
columns:
  Added On: created_at
  Profile Richness: profile_detail
  Candidate ID: candidate_id
  Name: full_name
  E-mail: email
  Job Title: current_title
  Employer: current_company
  City: location
  LinkedIn: linkedin_url
values:
  profile_detail: {Rich: detailed, Thin: sparse}
timestamps:
  created_at: "%d.%m.%Y %H:%M %z"
"""


def land(root: Path, export: str, mapping: str | None = None) -> Path:
    (root / "sourcing/candidates").mkdir(parents=True, exist_ok=True)
    (root / "sourcing/candidates/candidates_001.csv").write_text(export)
    if mapping is not None:
        (root / "mapping/sourcing").mkdir(parents=True, exist_ok=True)
        (root / "mapping/sourcing/candidates.yml").write_text(mapping)
    return root


def staged(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        f"select * exclude ({', '.join(LINEAGE)}) from intake.sourcing__candidates order by candidate_id"
    ).fetchall()


def quarantine(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("select reason from audit.quarantine order by row_number").fetchall()]


def test_export_with_other_headers_and_spellings_round_trips_through_its_mapping(tmp_path):
    contract, other = duckdb.connect(), duckdb.connect()
    ingest_mapped(contract, CANDIDATES, land(tmp_path / "a", CONTRACT_EXPORT), False)
    report = ingest_mapped(other, CANDIDATES, land(tmp_path / "b", OTHER_EXPORT, MAPPING), False)
    assert report.rows_staged == 3 and report.rows_quarantined == 0
    assert staged(other) == staged(contract)
    owners = other.execute("select owner from raw.sourcing__candidates order by _row_number").fetchall()
    assert owners == [("ana",), ("ana",), ("ben",)]


def test_unmapped_values_are_quarantined_with_the_missing_mapping_named(tmp_path):
    export = OTHER_EXPORT.replace("Thin,C2", "Sparse-ish,C2").replace("03.02.2026 09:00 +0100", "3 Feb 2026 09:00")
    con = duckdb.connect()
    report = ingest_mapped(con, CANDIDATES, land(tmp_path, export, MAPPING), False)
    assert (report.rows_staged, report.rows_quarantined) == (1, 2)
    first, second = quarantine(con)
    assert first.startswith("profile_detail: unknown value (expected one of") and "Sparse-ish" not in first
    assert first.endswith(
        "profile_detail: no entry for this spelling under values.profile_detail in mapping/sourcing/candidates.yml"
    )
    assert second.endswith(
        "created_at: matches none of the formats under timestamps.created_at in mapping/sourcing/candidates.yml"
    )


def test_a_changed_mapping_rereads_every_drop(tmp_path):
    export = OTHER_EXPORT.replace("Thin,C2", "Sparse-ish,C2")
    landing = land(tmp_path, export, MAPPING)
    con = duckdb.connect()
    assert ingest_mapped(con, CANDIDATES, landing, False).rows_quarantined == 1
    assert ingest_mapped(con, CANDIDATES, landing, False).rows_quarantined == 1  # unchanged: nothing re-read
    (landing / "mapping/sourcing/candidates.yml").write_text(MAPPING.replace("Thin: sparse", "Sparse-ish: sparse"))
    report = ingest_mapped(con, CANDIDATES, landing, False)
    assert (report.rows_staged, report.rows_quarantined) == (3, 0)
    mode = con.execute("select mode from audit.intake_batches where table_name = 'sourcing__candidates'").fetchone()
    assert mode == ("full",)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("columns: {Added On: added}", "mapping/sourcing/candidates.yml columns: 'added' is not a column"),
        ("values: {profile_detail: {Rich: very}}", "values.profile_detail: 'very' is not one of sparse, standard"),
        ("timestamps: {email: '%Y'}", "timestamps.email: not a timestamp or date column"),
        ("renames: {}", "expected a mapping with the sections columns, values, timestamps"),
        ("columns: [unclosed", "not valid YAML"),
    ],
)
def test_a_bad_mapping_file_is_a_clear_error(tmp_path, mapping, message):
    with pytest.raises(MappingError, match=message.replace("(", r"\(")):
        load_mapping(land(tmp_path, CONTRACT_EXPORT, mapping), CANDIDATES)


def test_ats_mapping_tries_the_teams_entries_first_exact_before_patterns(tmp_path):
    (tmp_path / "mapping").mkdir()
    (tmp_path / "mapping/ats.yml").write_text(
        'greenhouse:\n  stages:\n    "*interview*": final_interview\n    Phone Interview: interview\n'
    )
    entries = [e for e in load_ats_mapping(tmp_path) if (e.source_system, e.kind) == ("greenhouse", "stages")]
    assert [(e.match_type, e.match_value, e.defined_in) for e in entries[:3]] == [
        ("exact", "phone interview", "mapping/ats.yml"),
        ("pattern", "%interview%", "mapping/ats.yml"),
        ("exact", "application review", "defaults"),
    ]
    assert [e.precedence for e in entries] == sorted(e.precedence for e in entries)


def test_ats_mapping_change_makes_dbt_rebuild(tmp_path):
    con = duckdb.connect()
    assert write_ats_value_map(con, tmp_path)[1] is True
    assert write_ats_value_map(con, tmp_path)[1] is False
    (tmp_path / "mapping").mkdir()
    (tmp_path / "mapping/ats.yml").write_text("lever:\n  archive_reasons:\n    Took another job: withdrawn\n")
    assert write_ats_value_map(con, tmp_path)[1] is True
    modes = con.execute("select mode from audit.intake_batches where table_name = 'ats_value_map'").fetchall()
    assert modes == [("full",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("greenhouse:\n  stages:\n    Onsite: onsite\n", "greenhouse.stages.Onsite: 'onsite' is not one of"),
        ("lever:\n  rejection_reasons: {}\n", "lever.rejection_reasons is not a section"),
        ("workday:\n  stages: {}\n", "unknown section"),
    ],
)
def test_a_bad_ats_mapping_is_a_clear_error(tmp_path, text, message):
    (tmp_path / "mapping").mkdir()
    (tmp_path / "mapping/ats.yml").write_text(text)
    with pytest.raises(MappingError, match=message):
        load_ats_mapping(tmp_path)


def test_ats_tables_are_not_expected_when_the_ats_lands_as_connector_tables(tmp_path):
    assert folder_expected(table("ats__roles"), tmp_path)
    (tmp_path / "lever/opportunity").mkdir(parents=True)
    assert not folder_expected(table("ats__roles"), tmp_path)
    assert folder_expected(table("sourcing__prospects"), tmp_path)
    assert not folder_expected(table("greenhouse__job"), tmp_path)  # connector tables are optional
