"""The Role page (AppTest) as a recruiter and as a leader: a `?role=` link selects the role in the page's own
selectors (one outside the viewer's scope is refused), and every count opens to exactly the prospects it counts,
by name, never with contact data; each diagnosis finding opens to its group the same way."""

import pytest
from streamlit.testing.v1 import AppTest

from contract import vocabulary as V
from contract.labels import label
from dashboards.filters import Filters
from dashboards.queries import base, diagnosis, people
from dashboards.text import escape_markdown
from dashboards.ui import SHOWN_ROWS
from insights.diagnosis import subject_group
from settings import ENV_WAREHOUSE
from tests.dashboards.test_access import signed_in
from tests.dashboards.test_app_pages import APP, metrics, shown
from tests.support import rows

REFUSED = "The link named a role that is not one of yours (or does not exist): it is not shown."


@pytest.fixture
def single_user(generated_warehouse, monkeypatch) -> AppTest:
    """The app in single-user mode (every role), as `funnel demo` serves it."""
    monkeypatch.setenv(ENV_WAREHOUSE, str(generated_warehouse))
    return AppTest.from_file(APP, default_timeout=60).run()


def titles(warehouse, roles: list[str]) -> set[str]:
    found = rows(warehouse, "select role_title from marts.dim_roles where list_contains(?, role_id)", [roles])
    return {r["role_title"] for r in found}


def prospects(warehouse, role: str, where: str, params: list | None = None) -> set[str]:
    """The prospect ids of a role in fct_prospect_funnel matching `where`: what a count on the page counts."""
    found = rows(
        warehouse,
        f"select prospect_id from marts.fct_prospect_funnel where role_id = ? and {where}",
        [role, *(params or [])],
    )
    return {r["prospect_id"] for r in found}


def people_of(at, key: str, option: str):
    """Pick a count in a "People behind these numbers" picker; the list it opens."""
    at.selectbox(key=f"people_{key}").set_value(option).run()
    assert not at.exception, [e.value for e in at.exception]
    return at.main.get_by_key(f"table_people_{key}").dataframe[0].value


def as_recruiter(warehouse, monkeypatch, recruiter: dict, link: dict | None = None):
    at = signed_in(warehouse, monkeypatch, {"is_logged_in": True, "email": recruiter["recruiter_email"]}, link)
    at.switch_page("views/role_funnel.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def of_prospects(count: int) -> str:
    """How a picker words a count: "1 prospect", "2 prospects"."""
    return f"{count:,} prospect" if count == 1 else f"{count:,} prospects"


def test_a_role_link_selects_the_role_in_the_pages_own_selectors(
    generated_warehouse, recruiter_and_other_role, monkeypatch
):
    recruiter, _ = recruiter_and_other_role
    linked = recruiter["roles"][-1]  # not the first role, which the selector shows without a link
    at = as_recruiter(generated_warehouse, monkeypatch, recruiter, {"role": linked})
    assert at.selectbox(key="role_page_role").value == linked
    assert at.selectbox(key="role_page_recruiter").value == recruiter["recruiter_id"]
    title = recruiter["role_labels"][-1]
    assert any(c.value.startswith(f"Filtered view: role {escape_markdown(title)}") for c in at.caption)
    assert metrics(at)["Sourced"] == f"{len(prospects(generated_warehouse, linked, 'true')):,}"
    assert REFUSED not in [w.value for w in at.warning]
    # picking another role in the page's selector shows that one, and the caption follows it
    at.selectbox(key="role_page_role").set_value(recruiter["roles"][0]).run()
    first = escape_markdown(recruiter["role_labels"][0])
    assert any(c.value.startswith(f"Filtered view: role {first}") for c in at.caption)


def test_a_link_to_a_role_outside_the_recruiters_scope_is_refused_on_the_page(
    generated_warehouse, recruiter_and_other_role, monkeypatch
):
    recruiter, other = recruiter_and_other_role
    at = as_recruiter(generated_warehouse, monkeypatch, recruiter, {"role": other})
    assert REFUSED in [w.value for w in at.warning]
    assert at.selectbox(key="role_page_role").value in recruiter["roles"]
    assert other not in at.selectbox(key="role_page_role").options
    page_text = " ".join(str(e.value) for e in (*at.caption, *at.markdown, *at.warning))
    assert other not in page_text


def test_every_funnel_count_opens_to_exactly_the_prospects_counted(
    generated_warehouse, recruiter_and_other_role, monkeypatch
):
    recruiter, _ = recruiter_and_other_role
    role = recruiter["roles"][0]
    at = as_recruiter(generated_warehouse, monkeypatch, recruiter, {"role": role})
    shown_counts = metrics(at)
    picker = at.selectbox(key="people_funnel")
    assert len(picker.options) == len(V.FUNNEL_STAGES)
    for stage, option in zip(V.FUNNEL_STAGES, picker.options):
        counted = prospects(generated_warehouse, role, "true" if stage == "sourced" else f"{stage}_at is not null")
        assert option.endswith(f": {of_prospects(len(counted))}"), option
        if stage.capitalize() in shown_counts:  # the tiles: Sourced, Contacted, Replied, Hired
            assert shown_counts[stage.capitalize()] == f"{len(counted):,}"
        if not counted:  # a stage nobody of the role reached (often offered or hired): one line, no empty table
            at.selectbox(key="people_funnel").set_value(option).run()
            assert f"Nobody behind “{escape_markdown(option.split(':')[0])}”." in [i.value for i in at.info], stage
            continue
        listed = people_of(at, "funnel", option)
        assert set(listed["prospect_id"]) == counted and len(listed) == len(counted), stage
        assert listed["full_name"].notna().all() and set(listed["role_title"]) == titles(generated_warehouse, [role])
        assert any(c.value.startswith(f"{of_prospects(len(counted))} behind") for c in at.caption)


def test_every_outcome_and_decline_reason_opens_to_its_prospects(single_user, generated_warehouse):
    at = shown(single_user, "role_funnel")
    role = at.selectbox(key="role_page_role").value
    options = at.selectbox(key="people_outcomes").options
    assert any(o.startswith("Outcome: No response") for o in options)
    assert any(o.startswith("Declined citing: ") for o in options)
    for option in options:
        listed = people_of(at, "outcomes", option)
        if option.startswith("Outcome: "):
            (outcome,) = [o for o in V.NOT_ENGAGED_OUTCOMES if option.startswith(f"Outcome: {label(o)}:")]
            counted = prospects(generated_warehouse, role, "outcome = ?", [outcome])
            assert set(listed["outcome"]) == {label(outcome)}  # tables show labels
        else:
            (reason,) = [
                r for r in (*V.DECLINE_REASONS, "unspecified") if option.startswith(f"Declined citing: {label(r)}:")
            ]
            counted = prospects(
                generated_warehouse,
                role,
                "outcome = 'declined' and coalesce(decline_reason, 'unspecified') = ?",
                [reason],
            )
        assert option.endswith(f": {of_prospects(len(counted))}"), option
        if len(counted) <= SHOWN_ROWS:  # a longer list shows its first SHOWN_ROWS; the download has all
            assert set(listed["prospect_id"]) == counted
        else:
            assert set(listed["prospect_id"]) <= counted and len(listed) == SHOWN_ROWS


def test_people_lists_name_people_and_recruiters_never_contact_data(single_user, generated_warehouse):
    at = shown(single_user, "role_funnel")
    listed = people_of(at, "funnel", at.selectbox(key="people_funnel").options[1])  # contacted
    assert list(listed.columns[:3]) == ["full_name", "role_title", "sourced_by"]
    names = {r["recruiter_name"] for r in rows(generated_warehouse, "select recruiter_name from marts.dim_recruiters")}
    assert set(listed["sourced_by"].dropna()) <= names and listed["sourced_by"].notna().any()
    text = listed.astype(str).to_string()
    assert "@" not in text and "linkedin" not in text.lower()
    assert not {"email", "linkedin_url", "recruiter_id", "candidate_id"} & set(listed.columns)


@pytest.mark.parametrize("viewer", ["leader", "recruiter"])
def test_each_finding_opens_to_the_prospects_its_rate_counts(generated_warehouse, recruiter_and_other_role, viewer):
    recruiter, _ = recruiter_and_other_role
    scope = base.EVERYTHING if viewer == "leader" else base.Scope(tuple(recruiter["roles"]))
    version = base.warehouse_version(generated_warehouse)
    found = diagnosis.findings(version, scope, Filters())
    assert len(found) > 0
    for _, finding in found.iterrows():
        listed = people.finding_people(version, scope, Filters(), subject_group(finding))
        key = (finding["dimension"], finding["scope"], finding["subject"], finding["metric"])
        assert len(listed) == finding["subject_eligible"] == listed["prospect_id"].nunique(), key
        assert listed["converted"].sum() == finding["subject_converted"], key
        if viewer == "recruiter":
            assert set(listed["role_title"]) <= titles(generated_warehouse, recruiter["roles"]), key


def test_the_engagement_page_opens_a_finding_to_its_people(single_user, generated_warehouse):
    at = shown(single_user, "engagement")
    option = at.selectbox(key="people_findings").options[0]
    assert option.startswith("Finding 1: ")
    listed = people_of(at, "findings", option)
    (first,) = rows(
        generated_warehouse,
        "select subject_eligible, subject_converted from marts.fct_diagnosis_findings where finding_rank = 1",
    )
    # a table shows its first SHOWN_ROWS people; the download has all of them
    assert len(listed) == min(first["subject_eligible"], SHOWN_ROWS)
    if first["subject_eligible"] <= SHOWN_ROWS:
        assert listed["converted"].sum() == first["subject_converted"]
