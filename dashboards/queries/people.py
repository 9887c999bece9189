"""The people behind a count (drill-through, issue 20). Each count a page shows opens to its prospects: the
same table, filters and scope as the count, so the list holds exactly the prospects counted. What a
person reads: the candidate's name, the role, the recruiter who sourced them, how far they got and
when; never an e-mail or a profile URL."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from contract import vocabulary as V
from dashboards.filters import Filters
from dashboards.queries.base import DECLINE_REASON_SQL, FILTER_SQL, Scope, Version, bind, cached, query
from insights.diagnosis import SubjectGroup


# The queries select from a CTE `p` of the counted prospects (fct_prospect_segments' columns).
def _people_sql(extra_columns: str = "") -> str:
    """The people of the CTE `p`, as the drill-through lists them, with `extra_columns` of p after theirs."""
    return f"""
    select c.full_name, roles.role_title, r.recruiter_name as sourced_by, p.furthest_stage, p.outcome, p.decline_reason,
           cast(p.sourced_at as date) as sourced_on, cast(p.contacted_at as date) as contacted_on,
           cast(p.replied_at as date) as replied_on, cast(p.hired_at as date) as hired_on{extra_columns},
           p.prospect_id
    from p
    left join marts.dim_candidates c on c.candidate_id = p.candidate_id
    left join marts.dim_roles roles on roles.role_id = p.role_id
    left join marts.dim_recruiters r on r.recruiter_id = p.recruiter_id"""


@dataclass(frozen=True)
class Counted:
    """The prospects a funnel count counts: those that reached `stage` (a stage of V.FUNNEL_STAGES) under the
    filters; for an outcome bar only those with this outcome; for a decline-reason bar only the declined
    with this reason (DECLINE_REASON_SQL)."""

    stage: str = "sourced"
    outcome: str | None = None
    decline_reason: str | None = None


@cached
def counted_people(version: Version, scope: Scope, filters: Filters, counted: Counted) -> pd.DataFrame:
    """The prospects behind a count of stage_counts, outcome_mix or decline_reasons, latest sourced first."""
    if counted.stage not in V.FUNNEL_STAGES:
        raise KeyError(f"no stage {counted.stage}")
    return query(
        version,
        f"""
        with p as (
            select * from marts.fct_prospect_segments
            where is_{counted.stage} = 1 and {FILTER_SQL}
              and ($outcome::varchar is null or outcome = $outcome)
              and ($decline_reason::varchar is null
                   or (outcome = 'declined' and {DECLINE_REASON_SQL} = $decline_reason)))
        {_people_sql()}
        order by p.sourced_at desc, p.prospect_id""",
        bind(scope, filters, outcome=counted.outcome, decline_reason=counted.decline_reason),
    )


@cached
def finding_people(version: Version, scope: Scope, filters: Filters, group: SubjectGroup) -> pd.DataFrame:
    """The prospects behind a diagnosis finding (insights.diagnosis.subject_group): its subject group's
    observations under the filters, in the strata where the rest of the scope has prospects too; `converted`
    says who counts in the group's rate. As many as the finding's subject_eligible."""
    strata = ", ".join(group.strata or ("dimension",))  # column names from insights.diagnosis; one stratum if none
    return query(
        version,
        f"""
        with cells as (
            select prospect_id, {strata}, converted,
                   coalesce(subject = $subject, substr(subject, 1, 7) between $month_from and $month_to) as in_group
            from marts.fct_diagnosis_observations
            where dimension = $dimension and scope = $obs_scope and metric = $metric and window_days = $window_days
              and {FILTER_SQL}),
        compared as (
            select {strata} from cells group by {strata} having bool_or(in_group) and bool_or(not in_group)),
        members as (
            select cells.prospect_id, cells.converted from cells inner join compared using ({strata})
            where cells.in_group),
        p as (
            select segments.*, members.converted
            from members inner join marts.fct_prospect_segments segments on segments.prospect_id = members.prospect_id)
        {_people_sql(", p.converted")}
        order by p.converted desc, p.sourced_at desc, p.prospect_id""",
        bind(
            scope,
            filters,
            subject=group.subject,
            month_from=group.months[0] if group.months else None,
            month_to=group.months[1] if group.months else None,
            dimension=group.dimension,
            obs_scope=group.scope,
            metric=group.metric,
            window_days=group.window_days,
        ),
    )
