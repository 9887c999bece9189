"""The recruiter's workbench (dashboards/sections/workbench.py, the Role page, the digest and the alerts):
who a signed-in e-mail is, the four work lists, the rules they were built with, requisition triage and
the people in process. Not narrowed by the sidebar filters, only by the scope's roles."""

from __future__ import annotations

import pandas as pd

from contract import vocabulary as V
from dashboards.queries.base import SCOPE_SQL, Scope, Version, bind, cached, query

# the work lists, in the order the pages and the digest show them (marts.fct_work_lists.work_list)
WORK_LISTS = ("follow_up_due", "interested_not_in_ats", "reconnect_due", "rediscovery")

# the requisition triage (marts.fct_requisition_triage) as its tables show it, in this order: the
# recruiter's own roles (without the owner) and the leader's open requisitions (without openings and hires)
REQUISITION_COLUMNS = (
    "role_title",
    "role_id",
    "recruiter_id",
    "status",
    "status_reason",
    "openings",
    "hires",
    "remaining_openings",
    "days_open",
    "in_flight",
    "expected_hires",
    "expected_hires_low",
    "expected_hires_high",
    "chance_to_fill",
    "expected_days_to_fill",
)


def requisition_columns(leave_out: tuple[str, ...] = ()) -> list[str]:
    """The columns of REQUISITION_COLUMNS a table shows, in their order, but those it leaves out."""
    if unknown := set(leave_out) - set(REQUISITION_COLUMNS):
        raise KeyError(f"not a requisition column: {sorted(unknown)}")
    return [column for column in REQUISITION_COLUMNS if column not in leave_out]


@cached
def recruiter_roles(version: Version, email: str) -> pd.DataFrame:
    """The recruiters whose work e-mail this is (team/recruiters, case-insensitive) and each role they own
    (one row per role; role_id null for a recruiter who owns none). Empty: nobody on the team."""
    return query(
        version,
        """select r.recruiter_id, r.recruiter_name, o.role_id
           from marts.dim_recruiters r left join marts.dim_roles o on o.recruiter_id = r.recruiter_id
           where lower(trim(r.recruiter_email)) = lower(trim($email))
           order by r.recruiter_id, o.role_id""",
        {"email": email},
    )


@cached
def work_lists(version: Version, scope: Scope, roles: tuple[str, ...]) -> pd.DataFrame:
    """The four work lists of these roles, every row (the people behind each list's total): who, which role and
    its owner (by name), why, since when, how far they got (names only, never contact data); in each recruiter's
    order of expected value, with the day's cap (`in_daily_cap`) marked."""
    return query(
        version,
        f"""
        with w as (
            select * from marts.fct_work_lists where list_contains($roles, role_id) and {SCOPE_SQL})
        select w.work_list, w.full_name, w.candidate_id, w.role_id, w.role_title, r.recruiter_name as role_owner,
               w.reason, w.evidence, w.since, w.days_since, w.priority, p.furthest_stage, p.outcome,
               cast(p.contacted_at as date) as contacted_on, w.prospect_id, w.recruiter_rank, w.in_daily_cap
        from w
        left join marts.dim_recruiters r on r.recruiter_id = w.recruiter_id
        left join marts.fct_prospect_segments p on p.prospect_id = w.prospect_id
        order by w.work_list, w.recruiter_rank""",
        bind(scope, roles=list(roles)),
    )


@cached
def work_list_rules(version: Version) -> dict[str, int]:
    """The thresholds the warehouse's work lists were built with (marts.dim_work_list_rules)."""
    frame = query(version, "select rule, value from marts.dim_work_list_rules")
    return dict(zip(frame["rule"], frame["value"].astype(int)))


@cached
def requisition_health(version: Version, scope: Scope, roles: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per counted requisition of the scope (or of these roles in it), most severe first: openings, hires,
    people in process, the chance to fill by the target date, status and outlook (marts.fct_requisition_triage,
    written by the requisition triage asset: the one home of those figures)."""
    return query(
        version,
        f"""select * from marts.fct_requisition_triage
           where ($roles::varchar[] is null or list_contains($roles::varchar[], role_id)) and {SCOPE_SQL}
           order by severity_rank""",
        bind(scope, roles=None if roles is None else list(roles)),
    )


# what a count of the requisition triage (marts.fct_requisition_triage) counts: its column -> the rows of
# marts.fct_requisition_people behind it (the triage's counts and these rows agree by construction)
TRIAGE_COUNTS = {
    "hires": "counted_as = 'hired'",
    "in_flight": "counted_as = 'in_process'",
    **{f"in_{stage}": f"counted_as = 'in_process' and stage = '{stage}'" for stage in V.ATS_PIPELINE_STAGES},
    "ageing": "counted_as = 'in_process' and is_ageing",
}


@cached
def requisition_people(version: Version, scope: Scope, role: str, count: str) -> pd.DataFrame:
    """The people behind one count of a requisition's triage row (a TRIAGE_COUNTS column) for a role of the
    scope, by name (marts.fct_requisition_people; never contact data): hires latest first, people in process
    ageing first, then longest in their stage."""
    return query(
        version,
        f"""select full_name, candidate_id, hired_on, stage, stage_entered_on, days_in_stage, usual_days_in_stage,
                  is_ageing, ageing_reason
           from marts.fct_requisition_people
           where role_id = $role and {TRIAGE_COUNTS[count]} and {SCOPE_SQL}
           order by hired_on desc nulls last, is_ageing desc, days_in_stage desc, application_id""",
        bind(scope, role=role),
    )
