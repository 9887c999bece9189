"""Every question the dashboards ask, one cached function each, over the published warehouse.

Each query opens its own read-only connection and closes it, so a pipeline run that swaps the
warehouse file is never blocked and never blocks a page; results are cached per warehouse
version (path and modification time), so the first request after a swap sees the new data.
SQL is never built from widget text: filter values are bound parameters and grouping columns
come from the fixed DIMENSIONS mapping.

Every function takes the viewer's Scope (dashboards/access.py) and binds it into its SQL, so no
widget, link or download can reach a role outside it; a cached result is cached per scope. Three
kinds of question (README "Access"):
- per role: bound to the scope's roles ($scope_roles), e.g. every count of prospects;
- company-wide (guardrails, the leader's weekly view, the data-quality page, the published
  diagnosis): only for a scope of every role, else OutOfScope;
- reference values that name no role and no person (the data's as-of time, when files landed, the
  work-list rules, the diagnosis' comparison group of a few roles: every other role's prospects
  pooled into one unnamed group): for every signed-in viewer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from contract import labels as L
from contract import vocabulary as V
from dashboards.filters import Filters
from insights import diagnosis, survival
from insights.diagnosis import SubjectGroup
from insights.rates import with_rate
from settings import load_settings

TTL_SECONDS = 60
STAGES = V.FUNNEL_STAGES
# windowed rates the pages show (contract §9.1; the windows themselves are dbt's, macros/windows.sql):
# (stage, days) -> the columns of marts.fct_prospect_windows that count it
REPLY_WINDOW = ("replied", 30)
INTEREST_WINDOW = ("interested", 30)
HIRE_WINDOW = ("hired", 120)
WINDOWS = (("replied", 14), REPLY_WINDOW, INTEREST_WINDOW, ("interested", 120), ("screened", 120), HIRE_WINDOW)
# the window each stage's rate is shown for (stages without one are shown as counts only)
STAGE_WINDOWS = {
    "replied": REPLY_WINDOW,
    "interested": INTEREST_WINDOW,
    "screened": ("screened", 120),
    "hired": HIRE_WINDOW,
}
SURVIVAL_STAGES = ("replied", "hired")
DIMENSIONS = L.DIMENSIONS  # label -> column
# the viewer's roles (Scope.params): null = every role
SCOPE_SQL = "($scope_roles::varchar[] is null or list_contains($scope_roles::varchar[], role_id))"
ROLE_FILTER_SQL = "(len($role::varchar[]) = 0 or list_contains($role::varchar[], role_id))"
# every prospect has a sourced_at, so the date range keeps never-contacted prospects in "Sourced";
# each later stage of the prospects it keeps counts whenever it happened
FILTER_SQL = f"""
    ($sourced_from::date is null
        or (sourced_at >= $sourced_from::date and sourced_at < $sourced_to::date + interval 1 day))
    and (len($department::varchar[]) = 0 or list_contains($department::varchar[], department))
    and {ROLE_FILTER_SQL}
    and (len($recruiter::varchar[]) = 0 or list_contains($recruiter::varchar[], recruiter_id))
    and (len($channel::varchar[]) = 0 or list_contains($channel::varchar[], channel))
    and (len($seniority::varchar[]) = 0 or list_contains($seniority::varchar[], seniority))
    and {SCOPE_SQL}
"""
# a declined prospect's reason as the pages count it (a decline without one is 'unspecified')
DECLINE_REASON_SQL = "coalesce(decline_reason, 'unspecified')"
Version = tuple[str, int]


class NoWarehouse(RuntimeError):
    """No warehouse has been published yet."""


class OutOfScope(PermissionError):
    """A company-wide figure asked for with a scope limited to some roles."""


@dataclass(frozen=True)
class Scope:
    """The roles a viewer may see and the people on them: every role (talent leaders, single-user
    mode) or the roles a recruiter owns. Bound into every query as $scope_roles."""

    roles: tuple[str, ...] | None = None  # None: every role

    @property
    def is_everything(self) -> bool:
        return self.roles is None

    def params(self) -> dict[str, list[str] | None]:
        return {"scope_roles": None if self.roles is None else list(self.roles)}


EVERYTHING = Scope()


def _params(scope: Scope, filters: Filters | None = None, **values: object) -> dict:
    """The bound parameters of a query: the viewer's scope, the filters (FILTER_SQL), other values."""
    return {**scope.params(), **(filters.params() if filters else {}), **values}


def _company_wide(scope: Scope) -> None:
    """Company-wide figures are for a scope of every role (talent leaders, single-user mode)."""
    if not scope.is_everything:
        raise OutOfScope("company-wide figures are shown to talent leaders only")


def warehouse_version(path: Path | None = None) -> Version:
    """Identifies the published warehouse file; changes when a run publishes a new one."""
    path = path or load_settings().warehouse
    try:
        return str(path), path.stat().st_mtime_ns
    except FileNotFoundError:
        raise NoWarehouse(f"No warehouse at {path} yet: run `funnel run` or `funnel demo` first.") from None


def query(version: Version, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    with duckdb.connect(version[0], read_only=True) as con:
        return con.execute(sql, params or {}).df()


def _dimension(label: str) -> str:
    return DIMENSIONS[label]


def _grouping(dimension: str | None) -> str:
    """Group by the segment of a dimension; without one, a single row (zeros when nothing matches)."""
    return "group by 1 order by 1" if dimension else ""


def _window_columns(window: tuple[str, int]) -> tuple[str, str]:
    """(eligible, converted) columns of fct_prospect_windows for a window of WINDOWS."""
    if window not in WINDOWS:
        raise KeyError(f"no windowed rate for {window}")
    stage, days = window
    return f"is_eligible_{days}d", f"{stage}_within_{days}d"


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def filter_options(version: Version, scope: Scope) -> dict:
    """What the sidebar offers: the scope's roles, their departments and owners, its date span and channels."""
    bound = _params(scope)
    roles = query(
        version,
        f"select role_id, role_title, department, recruiter_id from marts.dim_roles where {SCOPE_SQL} order by role_id",
        bound,
    )
    recruiters = query(
        version,
        f"""select recruiter_id, recruiter_name from marts.dim_recruiters
            where $scope_roles::varchar[] is null
               or recruiter_id in (select recruiter_id from marts.dim_roles where {SCOPE_SQL})
            order by recruiter_id""",
        bound,
    )
    span = query(
        version,
        f"""select min(sourced_at)::date as first, max(sourced_at)::date as last
            from marts.fct_prospect_segments where {SCOPE_SQL}""",
        bound,
    )
    channels = query(
        version, f"select distinct channel from marts.fct_prospect_funnel where {SCOPE_SQL} order by 1", bound
    )
    return {
        "first_sourced": None if pd.isna(span.at[0, "first"]) else span.at[0, "first"].date(),
        "last_sourced": None if pd.isna(span.at[0, "last"]) else span.at[0, "last"].date(),
        "department": sorted(roles["department"].dropna().unique().tolist()),
        "role": roles["role_id"].tolist(),
        "role_labels": dict(zip(roles["role_id"], roles["role_title"] + " (" + roles["role_id"] + ")")),
        "roles_by_recruiter": roles.groupby("recruiter_id")["role_id"].apply(list).to_dict(),
        "recruiter": recruiters["recruiter_id"].tolist(),
        "recruiter_labels": dict(zip(recruiters["recruiter_id"], recruiters["recruiter_name"])),
        "channel": channels["channel"].tolist(),
        "seniority": list(V.SENIORITIES),
    }


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def data_as_of(version: Version) -> pd.Timestamp | None:
    """The data's own "now" (contract §9.1), as the pipeline computed it (marts.dim_data_as_of)."""
    frame = query(version, "select data_as_of from marts.dim_data_as_of")
    return None if frame.empty or pd.isna(frame.at[0, "data_as_of"]) else frame.at[0, "data_as_of"]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def stage_counts(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    """Prospects at each stage, overall or per value of a dimension, with headline rates from contacted."""
    group = _dimension(dimension) if dimension else "'all'"
    sums = ", ".join(f"sum(is_{stage}) as {stage}" for stage in STAGES)
    frame = query(
        version,
        f"""
        select {group} as segment, {sums}
        from marts.fct_prospect_segments where {FILTER_SQL}
        {_grouping(dimension)}""",
        _params(scope, filters),
    )
    frame[list(STAGES)] = frame[list(STAGES)].fillna(0).astype(int)
    frame = with_rate(frame, "replied", "contacted", "reply_")
    frame = with_rate(frame, "interested", "contacted", "interest_")
    return with_rate(frame, "hired", "contacted", "hire_")


def funnel_steps(counts: pd.Series) -> pd.DataFrame:
    """One row per stage with its count and conversion from the previous stage (pure)."""
    rows = []
    for i, stage in enumerate(STAGES):
        previous = STAGES[i - 1] if i else None
        rows.append(
            {
                "stage": stage,
                "order": i,
                "prospects": int(counts[stage]),
                "previous_stage": previous or "",
                "previous": int(counts[previous]) if previous else int(counts[stage]),
            }
        )
    steps = with_rate(pd.DataFrame(rows), "prospects", "previous", "step_")
    steps["denominator"] = steps["previous_stage"].where(steps["previous_stage"] != "", "sourced")
    return steps


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def windowed_rates(
    version: Version,
    scope: Scope,
    filters: Filters,
    dimension: str | None = None,
    window: tuple[str, int] = REPLY_WINDOW,
) -> pd.DataFrame:
    """A windowed rate (contract §9.1) per value of a dimension: converted / eligible, where eligible
    prospects had the whole window and converted within it; in_window = contacted prospects still
    inside it (not counted yet)."""
    eligible, converted = _window_columns(window)
    group = _dimension(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, count(*) as contacted, sum({eligible}) as eligible,
               sum({converted}) as converted
        from marts.fct_prospect_windows where {FILTER_SQL}
        {_grouping(dimension)}""",
        _params(scope, filters),
    )
    frame[["eligible", "converted"]] = frame[["eligible", "converted"]].fillna(0).astype(int)
    frame["in_window"] = frame["contacted"] - frame["eligible"]
    return with_rate(frame, "converted", "eligible")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def channel_grid(version: Version, scope: Scope, filters: Filters, dimension: str) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) for every (sourcing channel, value of a targeting dimension) pair."""
    eligible, converted = _window_columns(REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select channel, {_dimension(dimension)} as target, sum({eligible}) as eligible,
               sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL} group by 1, 2 order by 1, 2""",
        _params(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].fillna(0).astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def outcome_mix(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = _dimension(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, outcome, count(*) as prospects
        from marts.fct_prospect_segments
        where {FILTER_SQL} and list_contains($outcomes, outcome)
        group by 1, 2 order by 1, 2""",
        {**_params(scope, filters), "outcomes": list(V.NOT_ENGAGED_OUTCOMES)},
    )
    frame["not_engaged"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "not_engaged", "share_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def decline_reasons(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = _dimension(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, {DECLINE_REASON_SQL} as decline_reason, count(*) as prospects
        from marts.fct_prospect_segments where {FILTER_SQL} and outcome = 'declined'
        group by 1, 2 order by 1, 2""",
        _params(scope, filters),
    )
    frame["declined"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "declined", "share_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def turndowns(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    frame = query(
        version,
        f"""
        select furthest_stage,
               count(*) as prospects,
               count(*) filter (where list_contains($by_candidate, outcome)) as by_candidate,
               count(*) filter (where list_contains($by_company, outcome)) as by_company
        from marts.fct_prospect_segments where {FILTER_SQL}
        group by 1""",
        {
            **_params(scope, filters),
            "by_candidate": list(V.TURNED_US_DOWN_OUTCOMES),
            "by_company": list(V.WE_TURNED_DOWN_OUTCOMES),
        },
    )
    order = {stage: i for i, stage in enumerate(STAGES)}
    return frame.sort_values("furthest_stage", key=lambda s: s.map(order)).reset_index(drop=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def cohort_trend(
    version: Version, scope: Scope, filters: Filters, window: tuple[str, int] = REPLY_WINDOW
) -> pd.DataFrame:
    """A windowed rate per month of first contact; a cohort's in_window prospects are not counted yet."""
    eligible, converted = _window_columns(window)
    frame = query(
        version,
        f"""
        select strftime(cohort_month, '%Y-%m') as cohort_month, count(*) as contacted,
               sum({eligible}) as eligible, sum({converted}) as converted
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1 order by 1""",
        _params(scope, filters),
    )
    frame[["eligible", "converted"]] = frame[["eligible", "converted"]].fillna(0).astype(int)
    frame["in_window"] = frame["contacted"] - frame["eligible"]
    return with_rate(frame[frame["eligible"] > 0], "converted", "eligible").reset_index(drop=True)


DIAGNOSIS_STRATA = (
    "dimension",
    "scope",
    "subject",
    "role_id",
    "match_tier",
    "first_touch_style",
    "metric",
    "window_days",
)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def diagnosis_counts(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """The diagnosis' count tables for the filtered prospects. marts.agg_diagnosis_counts keeps role_id
    among its strata, so narrowed by roles alone (a recruiter's scope, the role filter) they are its
    rows of those roles; any other filter sums marts.fct_diagnosis_observations, a view over every
    contacted prospect (about 1 s at 5M prospects against 0.1 s)."""
    strata = ", ".join(DIAGNOSIS_STRATA)
    if filters == Filters(role=filters.role):
        return query(
            version,
            f"""select {strata}, eligible, converted from marts.agg_diagnosis_counts
                where {ROLE_FILTER_SQL} and {SCOPE_SQL}""",
            _params(scope, role=list(filters.role)),
        )
    return query(
        version,
        f"""
        select {strata}, sum(eligible)::bigint as eligible, sum(converted)::bigint as converted
        from marts.fct_diagnosis_observations where {FILTER_SQL}
        group by all""",
        _params(scope, filters),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def role_labels(version: Version, scope: Scope) -> dict[str, dict[str, str]]:
    roles = query(version, f"select role_id, role_title from marts.dim_roles where {SCOPE_SQL}", _params(scope))
    return {"role_id": dict(zip(roles["role_id"], roles["role_title"] + " (" + roles["role_id"] + ")"))}


def compared_roles(scope: Scope, filters: Filters) -> tuple[str, ...] | None:
    """The roles the diagnosis compares with every comparable prospect of the company: the viewer's
    roles narrowed by the role filter; None for every role."""
    if scope.is_everything:
        return filters.role or None
    return tuple(r for r in scope.roles if not filters.role or r in filters.role)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def other_roles_counts(version: Version, roles: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """The diagnosis' comparison group for a few roles: the role comparisons' counts of every other role,
    under the other filters, pooled into one group that names no role (insights.diagnosis.OTHER_ROLES)."""
    strata = ", ".join(c for c in DIAGNOSIS_STRATA if c not in ("subject", "role_id"))
    pooled = f"""select $other as subject, $other as role_id, {strata},
                        sum(eligible)::bigint as eligible, sum(converted)::bigint as converted"""
    where = "dimension = 'role_id' and not list_contains($roles::varchar[], role_id)"
    if filters == Filters(role=filters.role):
        return query(
            version,
            f"{pooled} from marts.agg_diagnosis_counts where {where} group by all",
            {"roles": list(roles), "other": diagnosis.OTHER_ROLES},
        )
    return query(
        version,
        f"{pooled} from marts.fct_diagnosis_observations where {where} and {FILTER_SQL} group by all",
        _params(EVERYTHING, replace(filters, role=()), roles=list(roles), other=diagnosis.OTHER_ROLES),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _diagnosis(version: Version, scope: Scope, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tests and findings for the filtered prospects of the scope. A few roles (a recruiter's, the
    role filter) are compared with every comparable prospect of the company."""
    counts = diagnosis_counts(version, scope, filters)
    roles = compared_roles(scope, filters)
    if roles is not None:
        counts = pd.concat([counts, other_roles_counts(version, roles, filters)], ignore_index=True)
    tests = diagnosis.run_tests(counts, roles)
    return tests, diagnosis.findings(tests, role_labels(version, scope), counts=counts)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def findings(version: Version, scope: Scope, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Why response is low (contract §9.2) for the filtered prospects of the scope: the published mart
    when nothing is filtered and the scope is every role, else the same `insights` diagnosis run on
    the filtered counts."""
    if filters.is_narrowed or not scope.is_everything:
        found = _diagnosis(version, scope, filters)[1]
    else:
        found = query(version, "select * from marts.fct_diagnosis_findings order by finding_rank")
    return found.head(limit) if limit else found


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def diagnosis_coverage(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Per explanation, whether it was tested and what came of it (marts.fct_diagnosis_coverage when
    nothing is filtered and the scope is every role, else of the same diagnosis as `findings`)."""
    if filters.is_narrowed or not scope.is_everything:
        return diagnosis.coverage(*_diagnosis(version, scope, filters))
    return query(version, "select * from marts.fct_diagnosis_coverage")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def guardrails(version: Version, scope: Scope, scope_type: str = "all") -> pd.DataFrame:
    """Company-wide signs of over-automation (marts.agg_guardrails), overall or per sequence: breaches
    first, then the guardrails in the registry's order (those that must be 0 first), largest value first."""
    _company_wide(scope)
    frame = query(
        version,
        """select guardrail, scope_value, numerator::bigint as numerator, denominator::bigint as denominator,
                  denominator_label, value, is_breached
           from marts.agg_guardrails where scope_type = $scope""",
        {"scope": scope_type},
    )
    order = frame["guardrail"].map({name: i for i, name in enumerate(L.GUARDRAILS)})
    return (
        frame.assign(_order=order)
        .sort_values(["is_breached", "_order", "value", "scope_value"], ascending=[False, True, False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def weekly_outcomes(version: Version, scope: Scope, filters: Filters, weeks: int = 12) -> pd.DataFrame:
    """Per complete week (Monday to Sunday, UTC) of the latest `weeks` before the data's as-of time:
    conversations started (prospects whose first reply came that week) and hired (outbound hires:
    prospects hired that week), among the filtered prospects of the scope. Zero weeks included, oldest first."""
    return query(
        version,
        f"""
        with bounds as (
            select date_trunc('week', data_as_of) - to_weeks($weeks) as first_week,
                   date_trunc('week', data_as_of) as this_week
            from marts.dim_data_as_of
        ),
        recent as (
            select date_trunc('week', replied_at) as replied_week, date_trunc('week', hired_at) as hired_week
            from marts.fct_prospect_segments, bounds
            where (replied_at >= first_week or hired_at >= first_week) and {FILTER_SQL}
        ),
        weeks as (select unnest(range(first_week, this_week, interval 7 day)) as week_start from bounds)
        select weeks.week_start::date as week_start,
               coalesce(replies.n, 0)::bigint as conversations, coalesce(hires.n, 0)::bigint as hired
        from weeks
        left join (select replied_week as week_start, count(*) as n from recent group by 1) as replies
            using (week_start)
        left join (select hired_week as week_start, count(*) as n from recent group by 1) as hires
            using (week_start)
        order by 1""",
        _params(scope, filters, weeks=weeks),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def follow_up_steps(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """What each follow-up adds and costs: per touch (k-th delivered message, 6 = sixth or later), prospects
    still silent when it went out, how many of them replied to it and how many of those opted out.
    Among prospects contacted at least 30 days before data_as_of, so that every sequence had time to run.
    The one home of this metric: the Outreach page (filtered), the weekly view and the digest (company-wide)."""
    eligible, _ = _window_columns(REPLY_WINDOW)
    frame = query(
        version,
        f"""
        with prospects as (  -- counted by (messages, touch of the reply, opted out): a few dozen rows
            select case when delivered_messages >= 6 then 6 else delivered_messages end as delivered,
                   case when touches_to_reply >= 6 then 6 else touches_to_reply end as reply_touch,
                   outcome = 'opted_out' as opted_out, count(*) as prospects
            from marts.fct_prospect_windows
            where {eligible} = 1 and {FILTER_SQL}
            group by all)
        select t.range as touch,
               coalesce(sum(p.prospects) filter (where p.delivered >= t.range
                                                 and coalesce(p.reply_touch, 99) >= t.range), 0)::bigint
                   as still_silent,
               coalesce(sum(p.prospects) filter (where p.reply_touch = t.range), 0)::bigint as replied,
               coalesce(sum(p.prospects) filter (where p.reply_touch = t.range and p.opted_out), 0)::bigint
                   as opted_out
        from range(1, 7) t cross join prospects p
        group by 1 order by 1""",
        _params(scope, filters),
    )
    frame = with_rate(frame, "replied", "still_silent", "reply_")
    return with_rate(frame, "opted_out", "still_silent", "opt_out_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def survival_counts(
    version: Version, scope: Scope, filters: Filters, stage: str, dimension: str | None = None
) -> pd.DataFrame:
    """Per segment and day since first contact: prospects who reached `stage` that day (events) and
    prospects last seen that day without reaching it (censored at data_as_of)."""
    if stage not in SURVIVAL_STAGES:
        raise KeyError(f"no time-to-event curve for {stage}")
    group = _dimension(dimension) if dimension else "'all'"
    return query(
        version,
        f"""
        select {group} as segment, coalesce(days_to_{stage}, floor(days_observed)) as day,
               count(days_to_{stage}) as events, count(*) - count(days_to_{stage}) as censored
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1, 2 order by 1, 2""",
        _params(scope, filters),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def survival_curves(
    version: Version, scope: Scope, filters: Filters, stage: str, dimension: str | None = None
) -> pd.DataFrame:
    """Kaplan-Meier share reaching `stage` within d days of first contact, per segment."""
    return survival.conversion_curves(survival_counts(version, scope, filters, stage, dimension))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def time_to_reply(version: Version, scope: Scope, filters: Filters, dimension: str) -> pd.DataFrame:
    return query(
        version,
        f"""
        select {_dimension(dimension)} as segment, count(*) as replied,
               round(median(hours_to_reply), 1) as median_hours,
               round(quantile_cont(hours_to_reply, 0.9), 1) as p90_hours,
               median(touches_to_reply) as median_touches
        from marts.fct_prospect_segments where is_replied = 1 and {FILTER_SQL}
        group by 1 order by 1""",
        _params(scope, filters),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def send_time(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) by weekday and hour (UTC) of the first delivered message."""
    eligible, converted = _window_columns(REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select isodow(contacted_at) as weekday_number, dayname(contacted_at) as weekday, hour(contacted_at) as hour_utc,
               sum({eligible}) as eligible, sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by all having sum({eligible}) > 0 order by 1, 3""",
        _params(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def templates(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) per first-touch template of each sequence."""
    eligible, converted = _window_columns(REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select first_sequence_id as sequence_id, first_template_id as template_id, count(*) as contacted,
               sum({eligible}) as eligible, sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1, 2 order by 1, 2""",
        _params(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].fillna(0).astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def reconnect_pipeline(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    return query(
        version,
        f"""
        select candidate_id, prospect_id, role_id, role_title, recruiter_id, channel, reconnect_after,
               reconnect_status, days_until_due, recontacted_at, recontacted_role_id, response_after_recontact,
               current_outcome
        from marts.fct_reconnect_pipeline where {FILTER_SQL}
        order by reconnect_after nulls last, prospect_id""",
        _params(scope, filters),
    )


def history_version() -> Version | None:
    """The run-history database beside the warehouse, or None before the first recorded run."""
    path = load_settings().history_database
    return (str(path), path.stat().st_mtime_ns) if path.exists() else None


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def run_history(history: Version, scope: Scope, limit: int = 30) -> pd.DataFrame:
    _company_wide(scope)
    return query(
        history,
        """
        select r.run_id, r.job, r.status, r.started_at, r.finished_at,
               round(date_diff('millisecond', r.started_at, r.finished_at) / 1000.0, 1) as seconds,
               count(c.check_name) as checks,
               count(*) filter (where not c.passed and c.severity = 'ERROR') as failed_blocking,
               count(*) filter (where not c.passed and c.severity = 'WARN') as failed_warnings,
               -- what the operator let through (--accept-quarantine, --confirm-retention); histories
               -- written before the column existed read NULL
               json_extract_string(to_json(r), '$.operator_overrides') as operator_overrides
        from runs r left join check_results c using (run_id)
        group by all order by r.finished_at desc limit $limit""",
        {"limit": limit},
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def check_history(history: Version, scope: Scope) -> pd.DataFrame:
    _company_wide(scope)
    return query(
        history,
        """
        select finished_at, check_name like 'gx_%' as is_gx, severity,
               count(*) as checks, count(*) filter (where passed) as passed
        from check_results group by all order by finished_at""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def reconciliation(version: Version, scope: Scope) -> pd.DataFrame:
    _company_wide(scope)
    return query(version, "select * from marts.dq_reconciliation order by table_name")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def quarantine(version: Version, scope: Scope) -> pd.DataFrame:
    _company_wide(scope)
    return query(
        version,
        """select table_name, source_file, kind, reason, quarantined_rows, first_row_number
                             from marts.dq_quarantine_summary order by quarantined_rows desc, table_name""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def erasure_log(version: Version, scope: Scope) -> pd.DataFrame:
    """Every run that applied erasure requests or retention: when, how many, by which key type (no personal data)."""
    _company_wide(scope)
    return query(version, "select * from marts.dq_erasure_log order by applied_at desc")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def unread_landing_entries(version: Version, scope: Scope) -> pd.DataFrame:
    """Folders and files of the landing folder that no table reads, as the latest run found them."""
    _company_wide(scope)
    return query(version, "select path, is_folder from marts.dq_unread_landing_entries order by path")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def roles_without_recruiter(version: Version, scope: Scope) -> pd.DataFrame:
    """Roles no recruiter owns (their owner is not among team/recruiters), with every role counted as the
    denominator: no recruiter who signs in sees them."""
    _company_wide(scope)
    return query(
        version,
        """select role_id, role_title, is_open, count(*) over () as roles_without_recruiter,
                  (select count(*) from marts.dim_roles) as roles
           from marts.dim_roles where recruiter_id is null order by is_open desc, role_id""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def freshness(version: Version) -> pd.DataFrame:
    return query(version, "select * from marts.dq_source_freshness order by table_name")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def ats_stage_mapping(version: Version, scope: Scope) -> pd.DataFrame:
    """Connector stage names and the contract stage each maps to (unmapped first)."""
    _company_wide(scope)
    return query(
        version,
        """select source_system, stage_name, coalesce(mapped_stage, '(unmapped)') as mapped_stage, mapped_by,
                  mapped_in, is_unmapped, stage_events, applications
           from marts.dq_ats_stage_mapping
           order by is_unmapped desc, stage_events desc, source_system, stage_name""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def requisition_problems(version: Version, scope: Scope) -> pd.DataFrame:
    """Duplicate and malformed requisitions, left out of every count (marts.dq_requisitions)."""
    _company_wide(scope)
    return query(
        version,
        """select role_id, role_title, recruiter_name, problem_kind, requisition_problem, duplicate_of,
                  prospects, applications, opened_at, closed_at, openings
           from marts.dq_requisitions order by problem_kind, role_id""",
    )


# --- the recruiter's workbench and the leader's weekly view (issue 12) ----------------------------
# Pages (dashboards/sections/) and the weekly digest (dashboards/digest.py) read these, so the
# digest's numbers are the pages' numbers. Not narrowed by the sidebar filters: the work lists and
# requisitions by the scope's roles, the weekly view's company-wide marts for talent leaders only.
WORK_LISTS = ("follow_up_due", "interested_not_in_ats", "reconnect_due", "rediscovery")
WEEKLY_METRICS = ("contacted", "replied", "interested", "opted_out", "hired", "ats_hires")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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
        _params(scope, roles=list(roles)),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def work_list_counts(version: Version, scope: Scope) -> pd.DataFrame:
    """People on each work list per recruiter (owner of the roles), for the team's digest."""
    _company_wide(scope)
    return query(
        version,
        """
        select r.recruiter_id, r.recruiter_name,
               count(*) filter (where w.work_list = 'follow_up_due') as follow_up_due,
               count(*) filter (where w.work_list = 'interested_not_in_ats') as interested_not_in_ats,
               count(*) filter (where w.work_list = 'reconnect_due') as reconnect_due,
               count(*) filter (where w.work_list = 'rediscovery') as rediscovery
        from marts.dim_recruiters r
        inner join marts.fct_work_lists w on w.recruiter_id = r.recruiter_id
        group by all order by r.recruiter_id""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def work_list_rules(version: Version) -> dict[str, int]:
    """The thresholds the warehouse's work lists were built with (marts.dim_work_list_rules)."""
    frame = query(version, "select rule, value from marts.dim_work_list_rules")
    return dict(zip(frame["rule"], frame["value"].astype(int)))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def requisition_health(version: Version, scope: Scope, roles: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per counted requisition of the scope (or of these roles in it), most severe first: openings, hires,
    people in process, the chance to fill by the target date, status and outlook (marts.fct_requisition_triage,
    written by the requisition triage asset: the one home of those figures)."""
    return query(
        version,
        f"""select * from marts.fct_requisition_triage
           where ($roles::varchar[] is null or list_contains($roles::varchar[], role_id)) and {SCOPE_SQL}
           order by severity_rank""",
        _params(scope, roles=None if roles is None else list(roles)),
    )


# what a count of the requisition triage (marts.fct_requisition_triage) counts: its column -> the rows of
# marts.fct_requisition_people behind it (the triage's counts and these rows agree by construction)
TRIAGE_COUNTS = {
    "hires": "counted_as = 'hired'",
    "in_flight": "counted_as = 'in_process'",
    **{f"in_{stage}": f"counted_as = 'in_process' and stage = '{stage}'" for stage in V.ATS_PIPELINE_STAGES},
    "ageing": "counted_as = 'in_process' and is_ageing",
}


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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
        _params(scope, role=role),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def weekly_activity(version: Version, scope: Scope, weeks: int = 5) -> pd.DataFrame:
    """The latest complete weeks, newest first."""
    _company_wide(scope)
    return query(
        version,
        "select * from marts.agg_weekly_activity where is_complete order by week_start desc limit $weeks",
        {"weeks": weeks},
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def week_counts(version: Version, scope: Scope, week_start: pd.Timestamp) -> pd.Series:
    """The scope's prospects first contacted, replying, turning interested and hired in the week from
    week_start (Monday to Sunday, UTC, as agg_weekly_activity counts them): a recruiter's week."""
    frame = query(
        version,
        f"""
        select count(*) filter (where contacted_at >= $start and contacted_at < $end) as contacted,
               count(*) filter (where replied_at >= $start and replied_at < $end) as replied,
               count(*) filter (where interested_at >= $start and interested_at < $end) as interested,
               count(*) filter (where hired_at >= $start and hired_at < $end) as hired
        from marts.fct_prospect_funnel where {SCOPE_SQL}""",
        _params(scope, start=week_start, end=week_start + pd.Timedelta(days=7)),
    )
    return frame.iloc[0].astype(int)


def weekly_headline(activity: pd.DataFrame) -> pd.DataFrame:
    """Per metric: the latest complete week, the average of the four weeks before, the change (pure)."""
    this_week, before = activity.head(1), activity.iloc[1:5]
    rows = []
    for metric in WEEKLY_METRICS:
        value = int(this_week[metric].iloc[0]) if len(this_week) else None
        average = float(before[metric].mean()) if len(before) else None
        change = (value - average) / average if value is not None and average else None
        rows.append({"metric": metric, "this_week": value, "previous_4_weeks_average": average, "change_rate": change})
    headline = pd.DataFrame(rows)
    headline.attrs["week_start"] = this_week["week_start"].iloc[0] if len(this_week) else None
    return headline


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def hires_by_channel(version: Version, scope: Scope) -> pd.DataFrame:
    """Outbound hires per sourcing channel (agg_hire_attribution, prospect attribution): their share of every
    outbound hire and the channel's hire rate (hires / contacted)."""
    _company_wide(scope)
    frame = query(
        version,
        """select channel, hires, contacted, sum(hires) over () as all_hires
           from marts.agg_hire_attribution where attribution = 'prospect' order by hires desc, channel""",
    )
    frame = with_rate(frame, "hires", "contacted", "hire_").drop(columns="is_small_sample")
    frame = with_rate(frame, "hires", "all_hires", "share_")
    return frame.rename(columns={"is_small_sample": "share_is_small_sample"})


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def outbound_hire_share(version: Version, scope: Scope) -> pd.DataFrame:
    """Per month of hire: every ATS hire, outbound hires and outbound's share."""
    _company_wide(scope)
    return query(version, "select * from marts.agg_outbound_hire_share order by hire_month")


def outbound_share_total(monthly: pd.DataFrame) -> pd.DataFrame:
    """Outbound's share of every ATS hire over all months (pure)."""
    totals = pd.DataFrame(
        {"outbound_hires": [monthly["outbound_hires"].sum()], "ats_hires": [monthly["ats_hires"].sum()]}
    )
    return with_rate(totals, "outbound_hires", "ats_hires", "outbound_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def volume_quality(version: Version, scope: Scope) -> pd.DataFrame:
    _company_wide(scope)
    frame = query(version, "select * from marts.agg_volume_quality order by cohort_month")
    frame["cohort_month"] = frame["cohort_month"].dt.strftime("%Y-%m")
    return frame


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def channel_mix(version: Version, scope: Scope) -> pd.DataFrame:
    _company_wide(scope)
    return query(version, "select * from marts.agg_channel_mix order by sequence_type")


# contract §9.2, and each finding's next step and stable id
FINDING_COLUMNS = (
    "sentence",
    "impact",
    "explanation",
    "direction",
    "metric",
    "p_adjusted",
    "suggested_action",
    "finding_id",
)


def top_findings(version: Version, scope: Scope, limit: int = 5) -> pd.DataFrame:
    """The first findings (what holds response back first, each direction by impact) for the scope, by the
    columns contract §9.2 publishes and the suggested action: the published mart's for every role, the
    diagnosis of the scope's prospects otherwise."""
    return findings(version, scope, Filters(), limit).reindex(columns=list(FINDING_COLUMNS))


# --- the people behind a count (drill-through, issue 20) -------------------------------------------
# Each count a page shows opens to its prospects: the same table, filters and scope as the count,
# so the list holds exactly the prospects counted. What a person reads: the candidate's name, the
# role, the recruiter who sourced them, how far they got and when; never an e-mail or a profile URL.
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
    """The prospects a funnel count counts: those that reached `stage` (a stage of STAGES) under the
    filters; for an outcome bar only those with this outcome; for a decline-reason bar only the declined
    with this reason (DECLINE_REASON_SQL)."""

    stage: str = "sourced"
    outcome: str | None = None
    decline_reason: str | None = None


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def counted_people(version: Version, scope: Scope, filters: Filters, counted: Counted) -> pd.DataFrame:
    """The prospects behind a count of stage_counts, outcome_mix or decline_reasons, latest sourced first."""
    if counted.stage not in STAGES:
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
        _params(scope, filters, outcome=counted.outcome, decline_reason=counted.decline_reason),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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
        _params(
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
