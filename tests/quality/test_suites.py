"""Each GX suite against a passing and a failing fixture (tiny intake tables in DuckDB)."""

from datetime import datetime

import duckdb
import pytest

from contract.tables import table
from expectations.validate import Validator, anomalies_outcome, contract_outcome
from intake.ingest import ensure_audit_tables

NOW = datetime(2026, 3, 1)


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    return Validator(tmp_path_factory.mktemp("docs"))


def warehouse(roles_rows: str, recruiters: str = "('rec1')") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_audit_tables(con)
    con.execute(f"create table intake.team__recruiters as select * from (values {recruiters}) t(recruiter_id)")
    con.execute(f"""create table intake.ats__roles as select * from (values {roles_rows})
                    t(role_id, title, department, location, seniority, recruiter_id, opened_at, closed_at, openings)""")
    return con


GOOD = (
    "('R1', 'Eng', 'Eng', null, 'senior', 'rec1', date '2026-01-01', null, 1), "
    "('R2', 'AE', 'Sales', 'Berlin', 'mid', 'rec1', date '2026-01-02', null, 2)"
)


def test_contract_suite_passes_on_conformant_rows(validator):
    outcome = contract_outcome(warehouse(GOOD), table("ats__roles"), validator)
    assert outcome.success and outcome.failed == 0 and outcome.evaluated >= 10


def test_contract_suite_fails_with_examples_on_bad_rows(validator):
    bad = GOOD + ", ('R2', null, 'Eng', null, 'intern', 'rec9', date '2026-01-01', null, 0)"
    outcome = contract_outcome(warehouse(bad), table("ats__roles"), validator)
    assert not outcome.success
    failed = {(f["rule"], f["column"]): f for f in outcome.failures}
    assert set(failed) == {
        ("not null", "title"),
        ("in set", "seniority"),
        (">= 1", "openings"),
        ("unique role_id", None),
        ("recruiter_id -> team/recruiters", None),
    }
    assert failed[("in set", "seniority")]["examples"] == ["intern"]
    assert all(f["violations"] == 1 for f in outcome.failures)


def test_personal_data_is_not_copied_into_failure_examples(validator):
    con = duckdb.connect()
    ensure_audit_tables(con)
    con.execute("""create table intake.sourcing__candidates as select * from (values
        ('C1', null, 'jane@mail.example', null, null, null, null, 'detailed', timestamp '2026-01-01')) t(
        candidate_id, full_name, email, linkedin_url, current_title, current_company, location, profile_detail,
        created_at)""")
    outcome = contract_outcome(con, table("sourcing__candidates"), validator)
    assert not outcome.success and "jane" not in str(outcome.failures)


def anomalies_warehouse(drops: list[int], future: bool = False) -> duckdb.DuckDBPyConnection:
    con = warehouse(GOOD.replace("date '2026-01-01'", "date '2027-01-01'") if future else GOOD)
    for seq, rows in enumerate(drops, start=1):
        con.execute(
            "insert into audit.intake_files values ('ats__roles', ?, ?, 'csv', 'loaded', ?, null, null, ?, 1000)",
            [f"ats/roles/{seq}.csv", seq, rows, datetime(2026, 2, 28)],
        )
    con.execute(
        "insert into audit.reconciliation values ('ats__roles', ?, 0, ?, ?, 0, 0, true)",
        [len(drops), sum(drops), sum(drops)],
    )
    return con


def test_anomalies_suite_passes_on_steady_fresh_drops(validator):
    outcome = anomalies_outcome(anomalies_warehouse([100, 110]), table("ats__roles"), validator, NOW, freshness_days=2)
    assert outcome.success, outcome.failures


def test_anomalies_suite_flags_a_volume_jump_and_a_stale_source(validator):
    outcome = anomalies_outcome(
        anomalies_warehouse([100, 400]), table("ats__roles"), validator, datetime(2026, 3, 10), freshness_days=2
    )
    assert not outcome.success and outcome.severity == "warning"
    assert {f["column"] for f in outcome.failures} == {"newest_drop_ratio", "days_since_newest_drop"}


def test_data_docs_are_written(validator, tmp_path):
    docs = Validator(tmp_path / "docs")
    contract_outcome(warehouse(GOOD), table("ats__roles"), docs)
    assert (tmp_path / "docs" / "index.html").exists()
