"""Each table's GX validation against passing and failing fixtures (tiny intake tables in DuckDB): the
contract rules it shares with the quarantine, and the anomalies (volume, shares, freshness)."""

from datetime import datetime, timedelta

import duckdb
import pytest

from contract import rules as contract_rules
from contract.rules import Rule
from contract.tables import table
from expectations.validate import Validator, validate_table
from intake.ingest import ensure_audit_tables, ingest_table
from tests.intake.test_ingest import RECRUITERS, reasons, write

NOW = datetime(2026, 3, 1)


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    return Validator(tmp_path_factory.mktemp("docs"))


def warehouse(roles_rows: str, recruiters: str = "('rec1')") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    ensure_audit_tables(con)
    con.execute(f"create table intake.team__recruiters as select * from (values {recruiters}) t(recruiter_id)")
    for connector_key in ("greenhouse__job", "lever__posting"):  # the other tables a role id may name
        con.execute(f"create table intake.{connector_key} (id varchar, _fivetran_deleted boolean)")
    con.execute(f"""create table intake.ats__roles as select *, timestamp '2026-02-28' as _landed_at
                    from (values {roles_rows})
                    t(role_id, title, department, location, seniority, recruiter_id, opened_at, closed_at, openings)""")
    return con


GOOD = (
    "('R1', 'Eng', 'Eng', null, 'senior', 'rec1', date '2026-01-01', null, 1), "
    "('R2', 'AE', 'Sales', 'Berlin', 'mid', 'rec1', date '2026-01-02', null, 2)"
)
ROLES = table("ats__roles")


def check(con, key: str, validator, now: datetime = NOW, recent: list | None = None):
    return validate_table(con, table(key), validator, now, freshness_days=2, recent=recent)


def test_contract_rules_pass_on_conformant_rows(validator):
    outcomes = check(warehouse(GOOD), "ats__roles", validator)
    assert outcomes.contract.success and outcomes.contract.failed == 0 and outcomes.contract.evaluated >= 10


def test_a_staged_row_that_breaks_a_rule_fails_the_contract_with_the_quarantines_reason(validator):
    bad = GOOD + ", ('R2', null, 'Eng', null, 'intern', 'rec9', date '2026-01-01', null, 0)"
    outcomes = check(warehouse(bad), "ats__roles", validator)
    assert not outcomes.contract.success and outcomes.contract.severity == "blocking"
    failed = {f["rule"]: f for f in outcomes.contract.failures}
    assert set(failed) == {
        "title: required value missing",
        "seniority: unknown value (expected one of junior, mid, senior, lead, executive)",
        "openings: outside 1..inf",
        "unique role_id",
        "recruiter_id: not among the staged team/recruiters",
    }
    assert failed["seniority: unknown value (expected one of junior, mid, senior, lead, executive)"]["examples"] == [
        "intern"
    ]
    assert all(f["violations"] == 1 for f in outcomes.contract.failures)


def test_personal_data_is_not_copied_into_failure_examples(validator):
    con = duckdb.connect()
    ensure_audit_tables(con)
    con.execute("""create table intake.sourcing__candidates as select *, timestamp '2026-02-28' as _landed_at
        from (values ('C1', null, 'jane@mail.example', null, null, null, null, 'detailed', timestamp '2026-01-01'),
                     ('C1', 'Jane Roe', null, null, null, null, null, 'detailed', timestamp '2026-01-01')) t(
        candidate_id, full_name, email, linkedin_url, current_title, current_company, location, profile_detail,
        created_at)""")
    outcomes = check(con, "sourcing__candidates", validator)
    assert not outcomes.contract.success
    assert "jane" not in str(outcomes.contract.failures).lower() and "roe" not in str(outcomes.contract.failures)


PLACEHOLDER = Rule(
    "team__recruiters", "name", "placeholder", "upper({text}) = 'TBD'", "name: a placeholder, not a name"
)


def test_a_rule_declared_once_is_enforced_by_the_quarantine_and_by_gx(tmp_path, validator, monkeypatch):
    """A rule planted in contract/rules.py alone: the intake quarantines the rows that break it, and GX
    fails on a staged row that breaks it (one written into the intake behind the quarantine's back)."""
    write(tmp_path, "team/recruiters", "r.csv", RECRUITERS + "rec1,Ana,,\nrec2,tbd,,\n")
    declared = contract_rules.value_rules
    monkeypatch.setattr(
        contract_rules,
        "value_rules",
        lambda t: (PLACEHOLDER, *declared(t)) if t.key == "team__recruiters" else declared(t),
    )
    con = duckdb.connect()
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    assert reasons(con, "team__recruiters") == ["name: a placeholder, not a name"] and report.rows_staged == 1
    assert check(con, "team__recruiters", validator).contract.success
    con.execute(
        "insert into intake_state.team__recruiters values ('rec3', 'TBD', null, null, 'x', 9, 1, ?, null)", [NOW]
    )
    outcomes = check(con, "team__recruiters", validator)
    assert not outcomes.contract.success
    assert [(f["rule"], f["violations"]) for f in outcomes.contract.failures] == [
        ("name: a placeholder, not a name", 1)
    ]


def anomalies_warehouse(drops: list[int], roles: str = GOOD) -> duckdb.DuckDBPyConnection:
    con = warehouse(roles)
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


def failed_figures(outcomes) -> set[str]:
    return {f["column"] for f in outcomes.anomalies.failures}


def test_anomalies_pass_on_steady_fresh_drops(validator):
    outcomes = check(anomalies_warehouse([100, 110]), "ats__roles", validator)
    assert outcomes.anomalies.success, outcomes.anomalies.failures


def test_anomalies_flag_a_volume_jump_and_a_stale_source(validator):
    outcomes = check(anomalies_warehouse([100, 400]), "ats__roles", validator, now=datetime(2026, 3, 10))
    assert not outcomes.anomalies.success and outcomes.anomalies.severity == "warning"
    assert failed_figures(outcomes) == {"newest_drop_ratio", "days_since_newest_drop"}


def test_staged_rows_are_compared_with_the_last_runs(validator):
    """Volume against the run history: 2 staged roles where the last run had 2 is normal; where it had
    40, most of the table went missing."""
    steady = check(anomalies_warehouse([2]), "ats__roles", validator, recent=[{"rows_staged": 2.0}])
    assert steady.anomalies.success, steady.anomalies.failures
    shrunk = check(anomalies_warehouse([2]), "ats__roles", validator, recent=[{"rows_staged": 40.0}])
    assert failed_figures(shrunk) == {"rows_staged"}


def test_a_value_share_that_moved_away_from_the_recent_runs_is_flagged(validator):
    """Half senior and half mid roles, as in the recent runs, passes; every role senior does not."""
    recent = [{"share:seniority=senior": 0.5, "share:seniority=mid": 0.5}] * 3
    assert check(anomalies_warehouse([2]), "ats__roles", validator, recent=recent).anomalies.success
    all_senior = GOOD.replace("'mid'", "'senior'")
    outcomes = check(anomalies_warehouse([2], all_senior), "ats__roles", validator, recent=recent)
    moved = {f["column"]: f for f in outcomes.anomalies.failures}
    assert set(moved) == {"share:seniority=senior", "share:seniority=mid"}
    assert (moved["share:seniority=senior"]["observed_value"], moved["share:seniority=senior"]["recent_mean"]) == (
        1.0,
        0.5,
    )


def test_a_table_without_recent_activity_is_flagged(validator):
    """Freshness of the data itself: the newest candidate was created a day ago (passes) or a month ago."""

    def candidates(created: datetime) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        ensure_audit_tables(con)
        con.execute(
            """create table intake.sourcing__candidates as select 'C1' as candidate_id, 'Ana' as full_name,
               null as email, null as linkedin_url, null as current_title, null as current_company,
               null as location, 'detailed' as profile_detail, ?::timestamp as created_at,
               timestamp '2026-02-28' as _landed_at""",
            [created],
        )
        return con

    assert check(candidates(NOW - timedelta(days=1)), "sourcing__candidates", validator).anomalies.success
    stale = check(candidates(NOW - timedelta(days=30)), "sourcing__candidates", validator)
    assert failed_figures(stale) == {"days_since_latest_activity"}
    assert stale.contract.success


def test_data_docs_are_written(tmp_path):
    docs = Validator(tmp_path / "docs")
    check(warehouse(GOOD), "ats__roles", docs)
    assert (tmp_path / "docs" / "index.html").exists()


def test_a_column_that_empties_and_a_quarantine_that_grows_are_flagged(validator):
    """Half the roles without a location, as in the recent runs, passes; every role without one does
    not; neither does a table of which a tenth of the rows read were quarantined."""
    recent = [{"empty_share:location": 0.5}] * 2
    assert check(anomalies_warehouse([2]), "ats__roles", validator, recent=recent).anomalies.success
    emptied = check(anomalies_warehouse([2], GOOD.replace("'Berlin'", "null")), "ats__roles", validator, recent=recent)
    assert failed_figures(emptied) == {"empty_share:location"}
    con = anomalies_warehouse([2])
    con.execute("update audit.reconciliation set rows_read = 20, rows_quarantined = 2 where table_name = 'ats__roles'")
    assert failed_figures(check(con, "ats__roles", validator, recent=recent)) == {"quarantine_share"}
