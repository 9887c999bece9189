"""The recruiter's workbench on the Role page (AppTest) against SQL on the hand-made fixture
(tests/fixtures/workbench_landing, described in tests/fixtures/README.md)."""

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import data
from orchestration.settings import ENV_WAREHOUSE
from tests.support import ROOT, rows

APP = str(ROOT / "dashboards" / "app.py")
LISTS = ("follow_up_due", "interested_not_in_ats", "reconnect_due", "rediscovery")
LIST_LABELS = {
    "follow_up_due": "Follow-up due",
    "interested_not_in_ats": "Interested, not yet in the ATS",
    "reconnect_due": "Reconnect due",
    "rediscovery": "Rediscovery for open roles",
}


def table(at, name: str):
    """The table a page drew under this name (ui.table keys its container)."""
    return at.main.get_by_key(f"table_{name}").dataframe[0].value


def role_page(warehouse, monkeypatch, recruiter: str, role: str) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("views/role_funnel.py").run()
    at.selectbox(key="role_page_recruiter").set_value(recruiter).run()
    at.selectbox(key="role_page_role").set_value(role).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def ana_on_rb(workbench_warehouse, monkeypatch) -> AppTest:
    return role_page(workbench_warehouse, monkeypatch, "rec1", "RB")


def listed(warehouse, work_list: str, roles: tuple[str, ...]) -> list[dict]:
    return rows(
        warehouse,
        """select full_name, candidate_id, role_id, reason from marts.fct_work_lists
           where work_list = ? and list_contains(?, role_id) order by role_id, priority""",
        [work_list, list(roles)],
    )


def test_header_counts_every_list_of_the_recruiters_roles(ana_on_rb, workbench_warehouse):
    shown = {m.label: m.value for m in ana_on_rb.metric}
    for work_list in LISTS:
        assert shown[LIST_LABELS[work_list]] == f"{len(listed(workbench_warehouse, work_list, ('RA', 'RB'))):,}"
    assert shown["Follow-up due"] == "2" and shown["Rediscovery for open roles"] == "3"


@pytest.mark.parametrize("work_list", LISTS)
def test_each_list_shows_who_why_and_since_when_as_sql_says(ana_on_rb, workbench_warehouse, work_list):
    expected = listed(workbench_warehouse, work_list, ("RA", "RB"))
    shown = table(ana_on_rb, f"work_list_{work_list}")
    assert list(shown.columns[:4]) == ["full_name", "role", "role_owner", "reason"]
    assert set(shown["role_owner"]) == {"Ana Recruiter"}  # the roles' owner by name, not rec1
    got = [
        (r["full_name"], r["candidate_id"], r["role"].split("(")[-1].rstrip(")"), r["reason"])
        for _, r in shown.iterrows()
    ]
    assert got == [(e["full_name"], e["candidate_id"], e["role_id"], e["reason"]) for e in expected]
    assert shown["since"].str.match(r"\d{4}-\d{2}-\d{2}$").all()


def test_person_level_rules_hold_across_roles(ana_on_rb):
    follow_ups = table(ana_on_rb, "work_list_follow_up_due")
    # Jane Doe opted out for RA, so is not on RB's follow-up list though RB wrote to her and she stayed silent
    assert "Jane Doe" not in set(follow_ups["full_name"])
    # Ben Berg was written to for RB ten days ago: due for RB, not for RA
    ben = follow_ups[follow_ups["full_name"] == "Ben Berg"]
    assert list(ben["role"]) == ["Senior Platform Engineer (RB)"]
    assert set(follow_ups["full_name"]) == {"Omar Lee", "Ben Berg"}


def test_this_role_only_narrows_the_lists(ana_on_rb, workbench_warehouse):
    ana_on_rb.radio(key="work_list_scope").set_value("This role only").run()
    shown = {m.label: m.value for m in ana_on_rb.metric}
    assert shown["Reconnect due"] == "0" and shown["Interested, not yet in the ATS"] == "0"
    rediscovered = table(ana_on_rb, "work_list_rediscovery")
    assert list(rediscovered["full_name"]) == [
        r["full_name"] for r in listed(workbench_warehouse, "rediscovery", ("RB",))
    ]
    assert list(rediscovered["full_name"]) == ["Max Ito", "Eva Nox"]


def test_lists_show_names_never_contact_data(ana_on_rb):
    for work_list in ("follow_up_due", "rediscovery"):
        text = table(ana_on_rb, f"work_list_{work_list}").astype(str).to_string()
        assert "@" not in text and "linkedin" not in text.lower()


def health(warehouse, role: str) -> dict:
    (row,) = rows(warehouse, "select * from marts.agg_requisition_health where role_id = ?", [role])
    return row


@pytest.mark.parametrize("role", ["RA", "RB"])
def test_requisition_figures_equal_the_mart(workbench_warehouse, monkeypatch, role):
    at = role_page(workbench_warehouse, monkeypatch, "rec1", role)
    mart = health(workbench_warehouse, role)
    shown = {m.label: m for m in at.metric}
    assert shown["Openings"].value == f"{mart['openings']:,}"
    assert shown["Hires"].value == f"{mart['hires']:,}"
    assert shown["Days open"].value == f"{mart['days_open']:,}"
    assert shown["In process"].value == f"{mart['in_flight']:,}"
    assert shown["Expected hires"].value == f"{mart['expected_hires']:.1f}"
    assert shown["Expected days to fill"].value == f"{mart['expected_days_to_fill']:,.0f}"
    assert at.warning and mart["risk_reason"] in at.warning[0].value
    stages = table(at, "requisition_stages").set_index("stage")
    (in_flight,) = rows(
        workbench_warehouse,
        """select count(*) filter (where coalesce(latest_stage, 'application_review') = 'application_review') as review,
                  count(*) filter (where latest_stage = 'interview') as interview
           from intermediate.int_applications_summarized
           where role_id = ? and hired_at is null and coalesce(latest_stage, '') not in ('rejected', 'withdrawn')""",
        [role],
    )
    assert stages.at["application_review", "people_in_process"] == in_flight["review"]
    assert stages.at["interview", "people_in_process"] == in_flight["interview"]


def test_requisition_ra_forecast_by_hand(workbench_warehouse):
    """RA: one applicant in review (1 of 3 eligible hired) and one at the interview (1 of 2)."""
    mart = health(workbench_warehouse, "RA")
    assert (mart["hires"], mart["remaining_openings"], mart["in_flight"]) == (1, 1, 2)
    assert mart["expected_hires"] == pytest.approx(1 / 3 + 1 / 2, abs=0.01)
    assert mart["status"] == "at_risk" and "expected to bring 0.8 hires for 1 open seat" in mart["risk_reason"]
    (forecast,) = data.requisition_health(
        data.warehouse_version(workbench_warehouse), data.EVERYTHING, ("RA",)
    ).to_dict("records")
    assert (forecast["expected_hires_low"], forecast["expected_hires_high"]) == (0, 2)
    assert 0 < forecast["chance_to_fill"] < 1


def test_leader_table_lists_open_roles_at_risk_first(workbench_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(workbench_warehouse))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = table(at, "requisitions_open")
    at_risk = rows(workbench_warehouse, "select role_id from marts.agg_requisition_health where status = 'at_risk'")
    assert set(shown["role_id"]) == {r["role_id"] for r in at_risk} == {"RA", "RB"}
    assert {m.label: m.value for m in at.metric}["At risk"] == "2"
