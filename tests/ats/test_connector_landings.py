"""End to end on hand-made Greenhouse and Lever landings built from the connectors' public schemas
(fivetran/dbt_greenhouse_source, fivetran/dbt_lever_source): the contract example's scenario
with custom stage names, deleted rows, a withdrawal, a prospect / lead that never applied, a
person with two e-mails, and (Lever) outreach exports under other headers and spellings."""

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from contract.tables import TABLES
from intake.ingest import ingest_table
from intake.reading import LINEAGE
from settings import ENV_WAREHOUSE
from tests.support import CONTRACT_EXAMPLE, FIXTURES, ROOT, funnel_differences, rows, run
from tests.test_erasure import traces_in_files

pytestmark = pytest.mark.slow  # runs the pipeline on each connector landing

LANDINGS = {"greenhouse": FIXTURES / "greenhouse_landing", "lever": FIXTURES / "lever_landing"}
# ATS candidate -> (linked CRM candidate, rule) in each fixture
EXPECTED_LINKS = {
    "greenhouse": {
        "101": ("C1", "linkedin_url"),
        "102": ("C2", "email"),  # its second e-mail address
        "103": (None, None),  # shares an e-mail with two CRM people: ambiguous
        "104": ("C8", "crm_candidate_id"),  # custom field mapped by mapping/greenhouse/candidate.yml
        "105": ("C3", "linkedin_url"),
        "107": ("C6", "email"),
    },
    "lever": {
        "ct-jane": ("C1", "linkedin_url"),
        "ct-omar": ("C2", "email"),
        "ct-sam": (None, None),
        "ct-eva": ("C8", "crm_candidate_id"),
        "ct-kim": ("C3", "linkedin_url"),
        "ct-max": ("C7", "email"),
        "ct-lia": ("C6", "email"),
    },
}


@pytest.fixture(scope="module", params=sorted(LANDINGS))
def connector_run(request, tmp_path_factory) -> tuple[str, Path]:
    warehouse = tmp_path_factory.mktemp(request.param) / "warehouse.duckdb"
    summary = run(LANDINGS[request.param] / "landing", warehouse)
    assert summary.success, summary.failures
    return request.param, warehouse


def test_every_role_has_its_recruiter_and_an_unknown_folder_is_reported(connector_run):
    """Issue 19, defect 9: the Lever fixture lands its users as Fivetran's connectors created since mid-2024
    do (`lever/users`, older ones `lever/user`), and a table the product does not read (`lever/interview`).
    The `users` folder was skipped without a word and no role had a recruiter."""
    system, warehouse = connector_run
    roles = rows(warehouse, "select role_id, recruiter_id from marts.dim_roles order by role_id")
    assert roles and all(role["recruiter_id"] for role in roles)
    unread = rows(warehouse, "select path, is_folder from marts.dq_unread_landing_entries")
    assert unread == ([{"path": "lever/interview/", "is_folder": True}] if system == "lever" else [])


def test_funnel_matches_hand_worked_answers(connector_run):
    system, warehouse = connector_run
    assert funnel_differences(warehouse, LANDINGS[system] / "expected_fct_prospect_funnel.csv") == []


def test_every_table_reconciles(connector_run):
    _, warehouse = connector_run
    tables = rows(warehouse, "select table_name, balanced, rows_quarantined from marts.dq_reconciliation")
    assert all(t["balanced"] and t["rows_quarantined"] == 0 for t in tables)


def test_identity_resolution_uses_every_email_and_link(connector_run):
    system, warehouse = connector_run
    links = {
        r["ats_candidate_id"]: (r["candidate_id"], r["link_rule"])
        for r in rows(warehouse, "select * from marts.dim_ats_candidates where source_system = ?", [system])
    }
    assert links == EXPECTED_LINKS[system]


def test_deleted_rows_are_ignored(connector_run):
    """Greenhouse: Max's candidate row is deleted (his hired application would have made P6 hired).
    Lever: the posting Max was hired for is deleted (his application would have made P6 a rediscovery)."""
    system, warehouse = connector_run
    (p6,) = rows(warehouse, "select outcome, is_rediscovery from marts.fct_prospect_funnel where prospect_id = 'P6'")
    assert p6 == {"outcome": "opted_out", "is_rediscovery": False}
    deleted = {"greenhouse": "106", "lever": "ct-max"}[system]
    query = "select * from intermediate.int_ats__applications where ats_candidate_id = ?"
    assert rows(warehouse, query, [deleted]) == []


def test_prospects_and_leads_are_not_applications(connector_run):
    """Kim was a Greenhouse prospect / a Lever lead archived as unresponsive: never an application."""
    _, warehouse = connector_run
    (p3,) = rows(warehouse, "select outcome, furthest_stage from marts.fct_prospect_funnel where prospect_id = 'P3'")
    assert p3 == {"outcome": "no_response", "furthest_stage": "contacted"}
    (kim,) = rows(warehouse, "select applications from marts.dim_ats_candidates where candidate_id = 'C3'")
    assert kim["applications"] == 0


def test_withdrawal_comes_from_the_rejection_reason_type_or_archive_reason(connector_run):
    _, warehouse = connector_run
    (event,) = rows(
        warehouse,
        "select e.stage, e.stage_reason from intermediate.int_ats__stage_events e "
        "join intermediate.int_ats__applications a using (application_id) "
        "join marts.dim_ats_candidates c using (ats_candidate_id) where c.candidate_id = 'C6' and e.stage_progress = 0",
    )
    assert event["stage"] == "withdrawn"
    assert event["stage_reason"] in ("Accepted another offer", "Withdrew")


def test_unmapped_stage_is_reported_with_its_counts_and_left_out(connector_run):
    system, warehouse = connector_run
    mapping = {r["stage_name"]: r for r in rows(warehouse, "select * from marts.dq_ats_stage_mapping")}
    takehome = mapping["Take-home Exercise"]
    assert (takehome["is_unmapped"], takehome["stage_events"], takehome["applications"]) == (True, 1, 1)
    custom = mapping["Hiring Manager Interview"]
    assert (custom["mapped_stage"], custom["mapped_by"], custom["mapped_in"]) == (
        "interview",
        "pattern",
        "mapping/ats.yml",
    )
    if system == "lever":
        assert {mapping[n]["mapped_stage"] for n in ("New lead", "Reached out", "Responded")} == {"lead"}
    assert rows(warehouse, "select * from intermediate.int_ats__stage_events where event_id like '%takehome%'") == []


def test_contact_without_consent_is_a_guardrail_breach(connector_run):
    """Lever: Omar does not allow contact (P2 was messaged once), Eva's permission expired before
    P7's message; Greenhouse has no consent fields."""
    system, warehouse = connector_run
    breaches = rows(
        warehouse,
        "select prospect_id, occurrences from marts.fct_guardrail_breaches "
        "where breach = 'contact_without_consent' order by prospect_id",
    )
    lever = [{"prospect_id": "P2", "occurrences": 1}, {"prospect_id": "P7", "occurrences": 1}]
    expected = {"greenhouse": [], "lever": lever}
    assert breaches == expected[system]
    (guardrail,) = rows(
        warehouse,
        "select numerator, is_breached from marts.agg_guardrails "
        "where guardrail = 'contact_without_consent' and scope_type = 'all'",
    )
    assert guardrail == {"numerator": len(expected[system]), "is_breached": bool(expected[system])}


def test_outreach_exports_stage_as_the_contract_example_whatever_their_headers(connector_run, tmp_path):
    """Lever's landing holds the outreach exports under other headers, spellings and a day-first
    timestamp format, with mapping/outreach/*.yml; Greenhouse's under the contract's names. Staged,
    both equal the contract example's (plus P10's message and reply)."""
    _, warehouse = connector_run
    with duckdb.connect(str(tmp_path / "example.duckdb")) as con:
        for table in TABLES:
            ingest_table(con, table, CONTRACT_EXAMPLE / "landing")
    for table, key in (("outreach__messages", "message_id"), ("outreach__responses", "response_id")):
        query = f"select * exclude ({', '.join(LINEAGE)}) from intake.{table} order by {key}"
        staged = [r for r in rows(warehouse, query) if r[key] not in ("M12", "E8")]
        assert staged == rows(tmp_path / "example.duckdb", query)


def test_quality_page_lists_the_unmapped_stage(connector_run, monkeypatch):
    system, warehouse = connector_run
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    at = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=60).run()
    at.switch_page("views/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1 stage names are not mapped: their 1 events" in w.value for w in at.warning)
    shown = next(d.value for d in at.dataframe if "mapped_stage" in d.value.columns)
    assert "Take-home Exercise" in set(shown["stage_name"])
    # issue 19, defect 9: a folder nothing reads is listed; every role has its recruiter
    assert any(s.value == "Every role has a recruiter." for s in at.success)
    if system == "lever":
        assert any("1 folders or files of the landing folder are not read" in w.value for w in at.warning)
        unread = next(d.value for d in at.dataframe if "is_folder" in d.value.columns)
        assert list(unread["path"]) == ["lever/interview/"]


def test_erasure_removes_a_person_from_the_connector_tables_and_keeps_the_counts(connector_run, tmp_path):
    """An erasure request by the CRM e-mail of Jane (P1) finds her ATS record through her LinkedIn link
    (Greenhouse social media address / Lever contact link), then her name, links, applications and
    stage history; nothing with her name is left in any kept file, and she is still counted as hired,
    linked to her anonymous CRM record."""
    system, served = connector_run
    warehouse = tmp_path / "served" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    for name in ("warehouse.duckdb", "warehouse.history.duckdb", "warehouse.secret"):
        shutil.copy2(served.with_name(name), warehouse.with_name(name))
    landing = tmp_path / "landing"
    shutil.copytree(LANDINGS[system] / "landing", landing)
    requests = landing / "privacy" / "erasure_requests"
    requests.mkdir(parents=True)
    (requests / "requests.csv").write_text(
        "email,linkedin_url,crm_candidate_id,requested_at\nJANE@mail.example,,,2026-03-03T09:00:00Z\n"
    )
    outcomes = "select outcome, count(*) as n from marts.fct_prospect_funnel group by all order by all"
    links = (
        "select source_system, link_status, link_rule, count(*) as n from marts.dim_ats_candidates "
        "group by all order by all"
    )
    before = rows(warehouse, outcomes), rows(warehouse, links)
    # "jane" is also a made-up person of the dbt unit tests, so dbt's log and parse cache are left
    # out of that search; her GitHub handle and Lever contact id are hers alone and searched everywhere
    own_traces = ["janedoe", "ct-jane"] if system == "lever" else ["janedoe"]
    assert traces_in_files(warehouse, ["jane"], dbt_project_files=False), "the search is not blind"
    assert set(traces_in_files(warehouse, own_traces)) == set(own_traces), "the search is not blind"
    summary = run(landing, warehouse)
    assert summary.success, summary.failures
    assert traces_in_files(warehouse, ["jane"], dbt_project_files=False) == {}
    assert traces_in_files(warehouse, own_traces) == {}
    assert (rows(warehouse, outcomes), rows(warehouse, links)) == before
    (p1,) = rows(
        warehouse, "select prospect_id, candidate_id, outcome from marts.fct_prospect_funnel where outcome = 'hired'"
    )
    assert p1["prospect_id"].startswith("anon_") and p1["candidate_id"].startswith("anon_")
