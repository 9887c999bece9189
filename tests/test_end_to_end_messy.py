"""End to end on the hand-made messy landing folder, against answers worked out by hand."""

from pathlib import Path

import pytest

from tests.support import FIXTURES, funnel_differences, read_csv, rows

pytestmark = pytest.mark.slow  # runs the pipeline


def test_run_succeeds_and_publishes(messy_run):
    warehouse, summary = messy_run
    assert summary.success, summary.failures
    assert warehouse.exists()
    assert not any(warehouse.parent.glob(f".{warehouse.stem}.work/*.duckdb")), "build file left behind"


def test_funnel_matches_hand_worked_answers(messy_run):
    warehouse, _ = messy_run
    assert funnel_differences(warehouse, FIXTURES / "messy_expected_fct_prospect_funnel.csv") == []


def test_every_bad_row_is_quarantined_with_its_reason(messy_run):
    warehouse, _ = messy_run
    actual = rows(warehouse, "select table_name, kind, source_file, row_number, reason from audit.quarantine")
    got = {
        (r["table_name"], r["kind"], r["source_file"], "" if r["row_number"] is None else str(r["row_number"])): r[
            "reason"
        ]
        for r in actual
    }
    expected = read_csv(FIXTURES / "messy_expected_quarantine.csv")
    assert len(actual) == len(expected)
    for row in expected:
        key = (row["table_name"], row["kind"], row["source_file"], row["row_number"])
        assert key in got, f"not quarantined: {key}"
        if row["reason"].endswith("*"):
            assert got[key].startswith(row["reason"][:-1]), got[key]
        else:
            assert got[key] == row["reason"]


def test_quarantine_keeps_raw_values_but_never_for_unparseable_files(messy_run):
    warehouse, _ = messy_run
    (bad,) = rows(
        warehouse,
        "select raw_values from audit.quarantine where source_file like '%prospects_001.csv' and row_number = 14",
    )
    assert '"match_score":"eighty"' in bad["raw_values"] and '"prospect_id":"P90"' in bad["raw_values"]


def test_rows_reconcile_per_table(messy_run):
    warehouse, _ = messy_run
    actual = {r["table_name"]: r for r in rows(warehouse, "select * from audit.reconciliation")}
    for row in read_csv(FIXTURES / "messy_expected_reconciliation.csv"):
        got = actual[row["table_name"]]
        assert {k: str(got[k]) for k in row} == row
        assert got["balanced"] is True


def test_identity_resolution_reports_rule_or_reason(messy_run):
    warehouse, _ = messy_run
    actual = {r["ats_candidate_id"]: r for r in rows(warehouse, "select * from marts.dim_ats_candidates")}
    for row in read_csv(FIXTURES / "messy_expected_links.csv"):
        got = actual[row["ats_candidate_id"]]
        assert [got["candidate_id"] or "", got["link_status"], got["link_rule"] or ""] == [
            row["candidate_id"],
            row["link_status"],
            row["link_rule"],
        ]
    assert actual["A3"]["unlinked_reason"] == "email matches 2 CRM candidates"


def test_lineage_and_extra_columns_are_kept_in_raw(messy_run):
    warehouse, _ = messy_run
    (row,) = rows(
        warehouse, "select exported_by, _source_file, _row_number from raw.team__recruiters where recruiter_id = 'rec3'"
    )
    assert row == {"exported_by": "crm-sync", "_source_file": "team/recruiters/recruiters_002.csv", "_row_number": 2}


def test_responses_before_contact_are_kept_and_flagged(messy_run):
    warehouse, _ = messy_run
    (row,) = rows(
        warehouse,
        "select is_before_contact, counts_for_funnel from intermediate.int_responses_merged where response_id = 'E6'",
    )
    assert row == {"is_before_contact": True, "counts_for_funnel": False}


def test_fixture_is_really_messy():
    """Guards the fixture itself: the mess the test claims to cover is in the files."""
    landing = FIXTURES / "messy_landing"
    assert (landing / "team/recruiters/recruiters_001.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    prospects = (landing / "sourcing/prospects/prospects_001.csv").read_text()
    assert "+01:00" in prospects and "-05:00" in prospects and "EMPLOYEE_REFERRAL" in prospects
    assert list(Path(landing).rglob("*.parquet"))
