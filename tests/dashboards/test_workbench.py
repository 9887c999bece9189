"""The recruiter's workbench on the Role page (AppTest) against SQL on the hand-made fixture
(tests/fixtures/workbench_landing, described in tests/fixtures/README.md)."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.queries import base, workbench
from dashboards.sections import people
from dashboards.text import escape_markdown
from settings import ENV_WAREHOUSE, WorkListRules
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
           where work_list = ? and list_contains(?, role_id) order by recruiter_rank""",
        [work_list, list(roles)],
    )


def test_header_counts_every_list_of_the_recruiters_roles(ana_on_rb, workbench_warehouse):
    shown = {m.label: m.value for m in ana_on_rb.metric}
    for work_list in LISTS:
        assert shown[LIST_LABELS[work_list]] == f"{len(listed(workbench_warehouse, work_list, ('RA', 'RB'))):,}"
    assert shown["Follow-up due"] == "2" and shown["Rediscovery for open roles"] == "1"


@pytest.mark.parametrize("work_list", [w for w in LISTS if w != "interested_not_in_ats"])  # that one is empty
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


def test_person_level_rules_and_the_touch_window_hold_across_roles(ana_on_rb):
    follow_ups = table(ana_on_rb, "work_list_follow_up_due")
    # Jane Doe opted out for RA, so is not on RB's follow-up list though RB wrote to her and she stayed silent
    assert "Jane Doe" not in set(follow_ups["full_name"])
    # Ben Berg was written to for RB ten days ago: due for RB, not for RA
    ben = follow_ups[follow_ups["full_name"] == "Ben Berg"]
    assert list(ben["role"]) == ["Senior Platform Engineer (RB)"]
    # Omar Lee's last touch is 22 days old, past the 4-21 day window; Kim Park's 5 days: due
    assert set(follow_ups["full_name"]) == {"Kim Park", "Ben Berg"}


def test_only_the_job_family_is_rediscovered_and_old_interest_is_not_listed(ana_on_rb, workbench_warehouse):
    rediscovered = listed(workbench_warehouse, "rediscovery", ("RA", "RB"))
    # Max Ito reached the offer for RD (Senior Backend Engineer): suggested for RA, of that family, not for
    # RB (Senior Platform Engineer); Eva Nox declined RA over location: RB is remote but of another family
    assert [(r["full_name"], r["role_id"]) for r in rediscovered] == [("Max Ito", "RA")]
    # Alex Poe said interested 60 days ago: past the 3-30 day window
    assert listed(workbench_warehouse, "interested_not_in_ats", ("RA", "RB")) == []
    assert any(i.value.startswith("Nobody on this list.") for i in ana_on_rb.info)


def test_this_role_only_narrows_the_lists(ana_on_rb, workbench_warehouse):
    ana_on_rb.radio(key="work_list_scope").set_value("This role only").run()
    shown = {m.label: m.value for m in ana_on_rb.metric}
    assert shown["Reconnect due"] == "0" and shown["Rediscovery for open roles"] == "0"
    follow_ups = table(ana_on_rb, "work_list_follow_up_due")
    assert list(follow_ups["full_name"]) == [
        r["full_name"] for r in listed(workbench_warehouse, "follow_up_due", ("RB",))
    ]


def test_lists_show_names_never_contact_data(ana_on_rb):
    for work_list in ("follow_up_due", "rediscovery"):
        text = table(ana_on_rb, f"work_list_{work_list}").astype(str).to_string()
        assert "@" not in text and "linkedin" not in text.lower()


def health(warehouse, role: str) -> dict:
    (row,) = rows(warehouse, "select * from marts.fct_requisition_triage where role_id = ?", [role])
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
    assert shown["Expected days to fill"].value == "—"  # past the target date: no meaningful chance
    assert at.warning and escape_markdown(mart["status_reason"]) in at.warning[0].value  # text, not markdown
    in_process = rows(
        workbench_warehouse,
        """select full_name from intermediate.int_applications_summarized a
           join intermediate.int_ats__candidates c using (ats_candidate_id)
           where role_id = ? and hired_at is null and coalesce(latest_stage, '') not in ('rejected', 'withdrawn')""",
        [role],
    )
    if not in_process:  # RB: nobody, and one line says so
        assert "Nobody is in process for this role." in [i.value for i in at.info]
        return
    assert sorted(table(at, "requisition_people")["full_name"]) == sorted(r["full_name"] for r in in_process)


def test_requisition_ra_triage_by_hand(workbench_warehouse):
    """RA: 1 hire of 2 openings, two inbound applicants in process. No role has filled all its openings
    yet, so the target is the company's 75th percentile of days from opening to a hire: RA's one hire,
    35 days after it opened; RA's target date is 2026-01-01 + 35 days, long past."""
    mart = health(workbench_warehouse, "RA")
    assert (mart["hires"], mart["remaining_openings"], mart["in_flight"]) == (1, 1, 2)
    assert (mart["target_days_to_fill"], mart["target_basis"], str(mart["target_date"])) == (
        35,
        "days_to_first_hire",
        "2026-02-05",
    )
    assert (mart["status"], mart["chance_to_fill"], mart["expected_days_to_fill"]) == ("at_risk", 0.0, None)
    # 1 of the 3 first contacts that had 120 days was hired: about 3 more first contacts for the seat left
    assert mart["first_contacts_needed"] == 3
    assert mart["status_reason"] == (
        "Past its target date (2026-02-05) with 1 opening left. Unlikely from the current pipeline: about 3 more "
        "first contacts needed (33.3 % of 3 first contacts were hired within 120 days)"
    )
    (page_row,) = workbench.requisition_health(
        base.warehouse_version(workbench_warehouse), base.EVERYTHING, ("RA",)
    ).to_dict("records")
    assert page_row["status_reason"] == mart["status_reason"]


def test_leader_table_lists_open_roles_at_risk_first(workbench_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(workbench_warehouse))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = table(at, "requisitions_open")
    at_risk = rows(workbench_warehouse, "select role_id from marts.fct_requisition_triage where status = 'at_risk'")
    assert set(shown["role_id"]) == {r["role_id"] for r in at_risk} == {"RA", "RB"}
    assert {m.label: m.value for m in at.metric}["At risk"] == "2"


def test_a_long_list_shows_the_days_cap_most_promising_first_and_the_rest_behind_show_all(
    generated_warehouse, monkeypatch
):
    """A recruiter's day holds at most the daily cap of each list, in order of expected value; the rest is one
    toggle away, and the tile still counts everyone."""
    (longest,) = rows(
        generated_warehouse,
        """select w.recruiter_id, w.work_list, any_value(w.role_id) as role_id, count(*) as people,
                  count(*) filter (where w.in_daily_cap) as today
           from marts.fct_work_lists w group by all order by people desc limit 1""",
    )
    cap = WorkListRules.from_env({}).daily_cap
    assert longest["people"] > cap == longest["today"]
    at = role_page(generated_warehouse, monkeypatch, longest["recruiter_id"], longest["role_id"])
    key = f"work_list_{longest['work_list']}"
    assert len(table(at, key)) == cap
    ranked = rows(
        generated_warehouse,
        """select full_name from marts.fct_work_lists where recruiter_id = ? and work_list = ? and in_daily_cap
           order by recruiter_rank""",
        [longest["recruiter_id"], longest["work_list"]],
    )
    assert list(table(at, key)["full_name"]) == [r["full_name"] for r in ranked]
    at.toggle(key=f"work_list_all_{longest['work_list']}").set_value(True).run()
    assert len(table(at, key)) == longest["people"]


def test_every_triage_count_of_the_role_opens_to_the_people_it_counts(workbench_warehouse, monkeypatch):
    """RA's hires (Noah Silva), its two people in process, each stage and the ageing: every count the triage
    shows opens to as many people, by name, never with contact data; the recruiter's other role (RB) opens too."""
    at = role_page(workbench_warehouse, monkeypatch, "rec1", "RA")
    mart = health(workbench_warehouse, "RA")
    ra = "Senior Backend Engineer (RA)"
    counts = {
        f"Hires ({ra})": "hires",
        f"In process ({ra})": "in_flight",
        f"In process at application review ({ra})": "in_application_review",
        f"In process at interview ({ra})": "in_interview",
        f"In process at offer ({ra})": "in_offer",
        f"Ageing in their stage ({ra})": "ageing",
    }
    for picked, column in counts.items():
        at.selectbox(key="people_requisition").set_value(picked).run()
        assert not at.exception, [e.value for e in at.exception]
        if mart[column] == 0:  # nobody at the offer: one line, no empty table
            assert f"Nobody behind “{escape_markdown(picked)}”." in [i.value for i in at.info], picked
            continue
        shown = table(at, "people_requisition")
        assert len(shown) == mart[column], picked
        assert not {"email", "linkedin_url", "profile_url"} & set(shown.columns)
        text = shown.astype(str).to_string()
        assert "@" not in text and "linkedin" not in text.lower()
    at.selectbox(key="people_requisition").set_value(f"Hires ({ra})").run()
    hires = table(at, "people_requisition")
    assert list(hires["full_name"]) == ["Noah Silva"] and str(hires["hired_on"][0])[:10] == "2026-02-05"
    at.selectbox(key="people_requisition").set_value(f"In process ({ra})").run()
    assert sorted(table(at, "people_requisition")["full_name"]) == sorted(table(at, "requisition_people")["full_name"])
    at.selectbox(key="people_requisition").set_value("Hires (Senior Platform Engineer (RB))").run()
    assert health(workbench_warehouse, "RB")["hires"] == 0  # no hire yet
    assert f"Nobody behind “{escape_markdown('Hires (Senior Platform Engineer (RB))')}”." in [i.value for i in at.info]


def keys(at) -> set[str]:
    return {e.key for e in at.main if getattr(e, "key", None)}


def test_a_closed_role_with_nobody_behind_a_count_says_so_in_one_line(workbench_warehouse, monkeypatch):
    """RC is closed and nobody is in process: one line says so, where an empty table with a download was."""
    at = role_page(workbench_warehouse, monkeypatch, "rec2", "RC")
    assert "Nobody is in process for this role (the requisition is closed)." in [i.value for i in at.info]
    assert "table_requisition_people" not in keys(at) and "download_requisition_people" not in keys(at)
    picked = "In process (Data Analyst (RC))"
    at.selectbox(key="people_requisition").set_value(picked).run()
    assert f"Nobody behind “{escape_markdown(picked)}”." in [i.value for i in at.info]
    assert "table_people_requisition" not in keys(at) and "download_people_requisition" not in keys(at)


def test_the_people_in_process_are_headed_in_words(workbench_warehouse, monkeypatch):
    """The requisition's people in process read "Ageing" and "Candidate ID", not "Is ageing" (the column's
    name humanized) or the CRM's jargon; the CSV keeps the machine names."""
    at = role_page(workbench_warehouse, monkeypatch, "rec1", "RA")
    shown = at.main.get_by_key("table_requisition_people").dataframe[0]
    headers = {name: config.get("label") for name, config in json.loads(shown.proto.columns).items()}
    assert headers["is_ageing"] == "Ageing" and headers["candidate_id"] == "Candidate ID"
    assert headers["ageing_reason"] == "Why ageing" and headers["full_name"] == "Name"
    assert list(shown.value.columns) == people.IN_PROCESS_COLUMNS


def test_a_recruiter_cannot_open_the_people_of_another_recruiters_requisition(workbench_warehouse):
    """Ben Recruiter owns RC and RD: RA's hire is not his to list, whatever role the request names."""
    version = base.warehouse_version(workbench_warehouse)
    assert list(workbench.requisition_people(version, base.EVERYTHING, "RA", "hires")["full_name"]) == ["Noah Silva"]
    ben = base.Scope(roles=("RC", "RD"))
    for count in workbench.TRIAGE_COUNTS:
        assert workbench.requisition_people(version, ben, "RA", count).empty, count


def test_the_leaders_open_requisitions_open_to_the_people_in_process(workbench_warehouse, monkeypatch):
    """The Overview's open requisitions: each one's people in process, as many as its row counts."""
    monkeypatch.setenv(ENV_WAREHOUSE, str(workbench_warehouse))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="people_requisitions_open").set_value("In process (Senior Backend Engineer (RA))").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = table(at, "people_requisitions_open")
    assert len(shown) == health(workbench_warehouse, "RA")["in_flight"]
    assert list(shown.columns[:2]) == ["full_name", "candidate_id"]
    picked = "In process (Senior Platform Engineer (RB))"  # nobody: one line says so
    at.selectbox(key="people_requisitions_open").set_value(picked).run()
    assert health(workbench_warehouse, "RB")["in_flight"] == 0
    assert f"Nobody behind “{escape_markdown(picked)}”." in [i.value for i in at.info]


def test_a_count_of_one_reads_one_person(ana_on_rb):
    """RA's one hire, from RB's page: "1 person", not "1 people"."""
    picker = ana_on_rb.selectbox(key="people_requisition")
    assert "Hires (Senior Backend Engineer (RA)): 1 person" in picker.options
