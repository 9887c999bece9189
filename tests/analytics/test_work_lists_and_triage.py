"""The recruiter's day on generated data (the shared 30,000-prospect run): every listed row keeps its
rule, recomputed here from the intake and intermediate tables rather than read from the marts' own columns."""

import re
from collections import defaultdict

from dashboards.queries import workbench
from settings import WorkListRules
from tests.support import rows

RULES = WorkListRules()
SENIORITY_WORD = re.compile(
    r"^(junior|jr[.]?|senior|sr[.]?|lead|principal|staff|head of|vp|vice president|chief|associate) +"
)
LEVELS = {"junior": 1, "mid": 2, "senior": 3, "lead": 4, "executive": 5}


def family(title: str) -> str:
    return SENIORITY_WORD.sub("", title.strip().lower(), count=1)


def openings_left(warehouse) -> dict[str, int]:
    """Open roles' openings minus their ATS hires."""
    return {
        r["role_id"]: r["openings_left"]
        for r in rows(
            warehouse,
            """select r.role_id, r.openings - count(a.hired_at) as openings_left
               from intake.ats__roles r
               left join intermediate.int_applications_summarized a on a.role_id = r.role_id
               where r.closed_at is null group by r.role_id, r.openings""",
        )
    }


def test_follow_ups_are_inside_their_window_and_for_roles_with_openings_left(generated_warehouse):
    listed = rows(
        generated_warehouse,
        """select w.role_id,
                  date_diff('day', cast(max(m.sent_at) as date), cast(any_value(d.data_as_of) as date)) as age
           from marts.fct_work_lists w
           join intermediate.int_messages_merged m on m.merged_prospect_id = w.prospect_id and m.is_delivered
           cross join marts.dim_data_as_of d
           where w.work_list = 'follow_up_due' group by w.role_id, w.prospect_id""",
    )
    assert listed, "the generated data has follow-ups due"
    left = openings_left(generated_warehouse)
    assert all(RULES.follow_up_after_days <= r["age"] <= RULES.follow_up_within_days for r in listed)
    assert all(left.get(r["role_id"], 0) > 0 for r in listed)


def test_interest_reconnects_and_rediscovery_keep_their_windows_and_roles(generated_warehouse):
    listed = rows(generated_warehouse, "select * from marts.fct_work_lists where work_list <> 'follow_up_due'")
    left = openings_left(generated_warehouse)
    by_list = defaultdict(list)
    for r in listed:
        by_list[r["work_list"]].append(r)
    assert all(
        RULES.interested_wait_days <= r["days_since"] <= RULES.interested_within_days
        for r in by_list["interested_not_in_ats"]
    )
    assert all(0 <= r["days_since"] <= RULES.reconnect_within_days for r in by_list["reconnect_due"])
    for work_list in ("interested_not_in_ats", "rediscovery"):
        assert all(left.get(r["role_id"], 0) > 0 for r in by_list[work_list]), work_list


def test_rediscovery_suggests_only_the_job_family_within_a_seniority_level(generated_warehouse):
    roles = {r["role_id"]: r for r in rows(generated_warehouse, "select * from intake.ats__roles")}
    earlier = defaultdict(set)  # person -> roles they were a finalist for or declined
    for r in rows(
        generated_warehouse,
        """select candidate_id, role_id from intermediate.int_applications_summarized where furthest_progress >= 4
           union select candidate_id, role_id from marts.fct_prospect_funnel where outcome = 'declined'""",
    ):
        earlier[r["candidate_id"]].add(r["role_id"])
    matches = rows(
        generated_warehouse, "select candidate_id, role_id from marts.fct_work_lists where work_list = 'rediscovery'"
    )
    assert matches, "the generated data has rediscovery matches"
    for m in matches:
        role = roles[m["role_id"]]
        assert any(
            family(roles[past]["title"]) == family(role["title"])
            and abs(LEVELS[roles[past]["seniority"]] - LEVELS[role["seniority"]]) <= 1
            for past in earlier[m["candidate_id"]]
            if past != m["role_id"]
        ), m


def test_each_recruiters_day_is_capped_and_ranked_by_expected_value(generated_warehouse):
    listed = rows(
        generated_warehouse,
        "select work_list, recruiter_id, recruiter_rank, expected_value, in_daily_cap from marts.fct_work_lists",
    )
    days = defaultdict(list)
    for r in listed:
        days[(r["work_list"], r["recruiter_id"])].append(r)
    for day in days.values():
        day.sort(key=lambda r: r["recruiter_rank"])
        assert [r["recruiter_rank"] for r in day] == list(range(1, len(day) + 1))
        assert [r["in_daily_cap"] for r in day] == [i < RULES.daily_cap for i in range(len(day))]
        values = [r["expected_value"] for r in day]
        assert values == sorted(values, reverse=True)


def test_no_over_filled_or_filled_role_is_at_risk(generated_warehouse):
    triage = rows(generated_warehouse, "select * from marts.fct_requisition_triage")
    assert {r["status"] for r in triage} <= {"at_risk", "watch", "on_track", "over_filled", "filled", "closed"}
    for r in triage:
        if r["is_open"] and r["hires"] > r["openings"]:
            assert r["status"] == "over_filled" and "%" not in r["status_reason"], r
        elif r["is_open"] and r["hires"] == r["openings"]:
            assert r["status"] == "filled", r
        if r["expected_days_to_fill"] is not None:
            assert r["chance_to_fill"] >= RULES.days_to_fill_min_chance_pct / 100, r
    assert [r["severity_rank"] for r in sorted(triage, key=lambda r: r["severity_rank"])] == list(
        range(1, len(triage) + 1)
    )


def test_every_triage_count_equals_the_people_listed_behind_it(generated_warehouse):
    """Each count of a requisition's triage row (hires, in process, per stage, ageing) opens on the Role page to
    the rows of marts.fct_requisition_people that workbench.TRIAGE_COUNTS names: as many as the count, for every role;
    the hires listed are the role's hired ATS applications in the intermediate layer."""
    rules = workbench.TRIAGE_COUNTS.items()
    counts = ", ".join(f"count(*) filter (where {rule}) as {column}" for column, rule in rules)
    listed = {
        r.pop("role_id"): r
        for r in rows(generated_warehouse, f"select role_id, {counts} from marts.fct_requisition_people group by all")
    }
    triage = rows(
        generated_warehouse, f"select role_id, {', '.join(workbench.TRIAGE_COUNTS)} from marts.fct_requisition_triage"
    )
    no_one = dict.fromkeys(workbench.TRIAGE_COUNTS, 0)
    for role in triage:
        assert listed.get(role.pop("role_id"), no_one) == role
    assert sum(r["hires"] for r in triage) > 0 and sum(r["ageing"] for r in triage) > 0  # not vacuous
    assert set(listed) <= {
        r["role_id"] for r in rows(generated_warehouse, "select role_id from marts.fct_requisition_triage")
    }
    hired = rows(
        generated_warehouse,
        """select a.role_id, a.application_id from intermediate.int_applications_summarized a
           join marts.dim_roles r using (role_id) where a.hired_at is not null and r.is_counted
           except select role_id, application_id from marts.fct_requisition_people where counted_as = 'hired'""",
    )
    assert hired == []
