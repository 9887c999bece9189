"""Every question the dashboards ask, one cached function each, over the published warehouse.

Each query opens its own read-only connection and closes it, so a pipeline run that swaps the
warehouse file is never blocked and never blocks a page; results are cached per warehouse
version (path and modification time), so the first request after a swap sees the new data.
SQL is never built from widget text: filter values are bound parameters and grouping columns
come from the fixed DIMENSIONS mapping.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from contract import vocabulary as V
from dashboards.filters import Filters
from dashboards.stats import with_rate
from orchestration.settings import load_settings

TTL_SECONDS = 60
STAGES = V.FUNNEL_STAGES
DIMENSIONS = {
    "Channel": "channel",
    "Match tier": "match_tier",
    "Title match": "title_match",
    "Profile detail": "profile_detail",
    "Rediscovery": "rediscovery",
    "Department": "department",
    "Seniority": "seniority",
    "Role": "role_id",
    "Recruiter": "recruiter_id",
    "First outreach channel": "first_outreach_channel",
    "Sequence": "first_sequence_id",
    "Template": "first_template_id",
    "First-touch style": "first_touch_style",
    "Cohort month": "cohort_month",
}
FILTER_SQL = """
    ($contacted_from::date is null
        or (contacted_at >= $contacted_from::date and contacted_at < $contacted_to::date + interval 1 day))
    and (len($department::varchar[]) = 0 or list_contains($department::varchar[], department))
    and (len($role::varchar[]) = 0 or list_contains($role::varchar[], role_id))
    and (len($recruiter::varchar[]) = 0 or list_contains($recruiter::varchar[], recruiter_id))
    and (len($channel::varchar[]) = 0 or list_contains($channel::varchar[], channel))
    and (len($seniority::varchar[]) = 0 or list_contains($seniority::varchar[], seniority))
"""
Version = tuple[str, int]


class NoWarehouse(RuntimeError):
    """No warehouse has been published yet."""


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


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def filter_options(version: Version) -> dict:
    roles = query(version, "select role_id, role_title, department, recruiter_id from marts.dim_roles order by role_id")
    recruiters = query(version, "select recruiter_id, recruiter_name from marts.dim_recruiters order by recruiter_id")
    span = query(
        version,
        "select min(contacted_at)::date as first, max(contacted_at)::date as last from marts.fct_prospect_funnel",
    )
    channels = query(version, "select distinct channel from marts.fct_prospect_funnel order by 1")
    return {
        "first_contact": None if pd.isna(span.at[0, "first"]) else span.at[0, "first"].date(),
        "last_contact": None if pd.isna(span.at[0, "last"]) else span.at[0, "last"].date(),
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
    frame = query(
        version,
        """select greatest(max(sourced_at), max(contacted_at), max(replied_at), max(hired_at)) as as_of
                              from marts.fct_prospect_funnel""",
    )
    return frame.at[0, "as_of"]


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def stage_counts(version: Version, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    """Prospects at each stage, overall or per value of a dimension, with headline rates from contacted."""
    group = _dimension(dimension) if dimension else "'all'"
    sums = ", ".join(f"sum(is_{stage}) as {stage}" for stage in STAGES)
    frame = query(
        version,
        f"""
        select {group} as segment, {sums}
        from marts.fct_prospect_segments where {FILTER_SQL}
        group by 1 order by 1""",
        filters.params(),
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
def channel_grid(version: Version, filters: Filters, dimension: str) -> pd.DataFrame:
    """Reply rate for every (sourcing channel, value of a targeting dimension) pair."""
    frame = query(
        version,
        f"""
        select channel, {_dimension(dimension)} as target, sum(is_contacted) as contacted,
               sum(is_replied) as replied, sum(is_hired) as hired
        from marts.fct_prospect_segments where {FILTER_SQL} group by 1, 2 order by 1, 2""",
        filters.params(),
    )
    return with_rate(frame, "replied", "contacted", "reply_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def outcome_mix(version: Version, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = _dimension(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, outcome, count(*) as prospects
        from marts.fct_prospect_segments
        where {FILTER_SQL} and list_contains($outcomes, outcome)
        group by 1, 2 order by 1, 2""",
        {**filters.params(), "outcomes": list(V.NOT_ENGAGED_OUTCOMES)},
    )
    frame["not_engaged"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "not_engaged", "share_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def decline_reasons(version: Version, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = _dimension(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, coalesce(decline_reason, 'unspecified') as decline_reason, count(*) as prospects
        from marts.fct_prospect_segments where {FILTER_SQL} and outcome = 'declined'
        group by 1, 2 order by 1, 2""",
        filters.params(),
    )
    frame["declined"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "declined", "share_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def turndowns(version: Version, filters: Filters) -> pd.DataFrame:
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
            **filters.params(),
            "by_candidate": list(V.TURNED_US_DOWN_OUTCOMES),
            "by_company": list(V.WE_TURNED_DOWN_OUTCOMES),
        },
    )
    order = {stage: i for i, stage in enumerate(STAGES)}
    return frame.sort_values("furthest_stage", key=lambda s: s.map(order)).reset_index(drop=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def cohort_trend(version: Version, filters: Filters) -> pd.DataFrame:
    frame = query(
        version,
        f"""
        select s.cohort_month, sum(s.is_contacted) as contacted, sum(s.is_replied) as replied,
               sum(s.is_interested) as interested, sum(s.is_hired) as hired,
               bool_and(m.is_mature) as reply_mature
        from marts.fct_prospect_segments s
        left join marts.agg_cohort_maturity m
            on m.cohort_grain = 'month' and m.cohort = s.cohort_month and m.stage = 'replied'
        where s.is_contacted = 1 and {FILTER_SQL}
        group by 1 order by 1""",
        filters.params(),
    )
    frame = with_rate(frame, "replied", "contacted", "reply_")
    return with_rate(frame, "hired", "contacted", "hire_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def findings(version: Version, limit: int = 50) -> pd.DataFrame:
    return query(
        version,
        """select finding_rank, explanation, strength, sentence, x1, n1, x2, n2,
                                    rate_subject, rate_rest, difference, difference_ci_low, difference_ci_high,
                                    p_adjusted
                             from marts.fct_diagnosis_findings order by finding_rank limit $limit""",
        {"limit": limit},
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def guardrails(version: Version, scope_type: str = "all") -> pd.DataFrame:
    return query(
        version,
        """select guardrail, scope_value, numerator, denominator, denominator_label, value, is_breached
                             from marts.agg_guardrails where scope_type = $scope order by guardrail, scope_value""",
        {"scope": scope_type},
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def replies_by_touch(version: Version, filters: Filters) -> pd.DataFrame:
    frame = query(
        version,
        f"""
        with prospects as (
            select touches_to_reply from marts.fct_prospect_segments where is_contacted = 1 and {FILTER_SQL}),
        replies as (
            select least(touches_to_reply, 6) as touch, count(*) as replies from prospects
            where touches_to_reply is not null group by 1)
        select t.range as touch, coalesce(replies.replies, 0) as replies, (select count(*) from prospects) as contacted
        from range(1, 7) t left join replies on replies.touch = t.range order by 1""",
        filters.params(),
    )
    frame["cumulative_replies"] = frame["replies"].cumsum()
    frame = with_rate(frame, "replies", "contacted", "added_")
    return with_rate(frame, "cumulative_replies", "contacted", "cumulative_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def time_to_reply(version: Version, filters: Filters, dimension: str) -> pd.DataFrame:
    return query(
        version,
        f"""
        select {_dimension(dimension)} as segment, count(*) as replied,
               round(median(hours_to_reply), 1) as median_hours,
               round(quantile_cont(hours_to_reply, 0.9), 1) as p90_hours,
               median(touches_to_reply) as median_touches
        from marts.fct_prospect_segments where is_replied = 1 and {FILTER_SQL}
        group by 1 order by 1""",
        filters.params(),
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def send_time(version: Version, filters: Filters) -> pd.DataFrame:
    frame = query(
        version,
        f"""
        select isodow(contacted_at) as weekday_number, dayname(contacted_at) as weekday, hour(contacted_at) as hour_utc,
               count(*) as contacted, sum(is_replied) as replied
        from marts.fct_prospect_segments where is_contacted = 1 and {FILTER_SQL}
        group by all order by 1, 3""",
        filters.params(),
    )
    return with_rate(frame, "replied", "contacted", "reply_")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def templates(version: Version) -> pd.DataFrame:
    return query(
        version,
        """select sequence_id, step, template_id, delivered, replies, reply_rate, reply_ci_low, reply_ci_high,
                                    reply_rate_other_templates, p_adjusted, is_significant, is_small_sample
                             from marts.agg_template_performance order by sequence_id, step, template_id""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def reconnect_pipeline(version: Version, filters: Filters) -> pd.DataFrame:
    return query(
        version,
        f"""
        select prospect_id, role_id, role_title, recruiter_id, channel, reconnect_after,
               reconnect_status, days_until_due, recontacted_at, response_after_recontact, current_outcome
        from marts.fct_reconnect_pipeline where {FILTER_SQL}
        order by reconnect_after nulls last, prospect_id""",
        filters.params(),
    )


def history_version() -> Version | None:
    """The run-history database beside the warehouse, or None before the first recorded run."""
    path = load_settings().history_database
    return (str(path), path.stat().st_mtime_ns) if path.exists() else None


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def run_history(history: Version, limit: int = 30) -> pd.DataFrame:
    return query(
        history,
        """
        select r.run_id, r.job, r.status, r.started_at, r.finished_at,
               round(date_diff('millisecond', r.started_at, r.finished_at) / 1000.0, 1) as seconds,
               count(c.check_name) as checks,
               count(*) filter (where not c.passed and c.severity = 'ERROR') as failed_blocking,
               count(*) filter (where not c.passed and c.severity = 'WARN') as failed_warnings
        from runs r left join check_results c using (run_id)
        group by all order by r.finished_at desc limit $limit""",
        {"limit": limit},
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def check_history(history: Version) -> pd.DataFrame:
    return query(
        history,
        """
        select finished_at, check_name like 'gx_%' as is_gx, severity,
               count(*) as checks, count(*) filter (where passed) as passed
        from check_results group by all order by finished_at""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def reconciliation(version: Version) -> pd.DataFrame:
    return query(version, "select * from marts.dq_reconciliation order by table_name")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def quarantine(version: Version) -> pd.DataFrame:
    return query(
        version,
        """select table_name, source_file, kind, reason, quarantined_rows, first_row_number
                             from marts.dq_quarantine_summary order by quarantined_rows desc, table_name""",
    )


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def erasure_log(version: Version) -> pd.DataFrame:
    """Every run that applied erasure requests or retention: when, how many, by which key type (no personal data)."""
    return query(version, "select * from marts.dq_erasure_log order by applied_at desc")


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def freshness(version: Version) -> pd.DataFrame:
    return query(version, "select * from marts.dq_source_freshness order by table_name")
