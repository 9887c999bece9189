"""The Outreach page's questions: over-automation guardrails (also the Overview's and the digest's), what
each follow-up adds and costs, time to reply, send time and first-touch templates."""

from __future__ import annotations

import pandas as pd

from contract import labels as L
from contract import windows as W
from dashboards.filters import Filters
from dashboards.queries.base import (
    FILTER_SQL,
    Scope,
    Version,
    bind,
    cached,
    company_wide,
    dimension_column,
    query,
    window_columns,
)
from insights.rates import with_rate


@cached
def guardrails(version: Version, scope: Scope, scope_type: str = "all") -> pd.DataFrame:
    """Company-wide signs of over-automation (marts.agg_guardrails), overall or per sequence: breaches
    first, then the guardrails in the registry's order (those that must be 0 first), largest value first."""
    company_wide(scope)
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


@cached
def follow_up_steps(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """What each follow-up adds and costs: per touch (k-th delivered message, 6 = sixth or later), prospects
    still silent when it went out, how many of them replied to it and how many of those opted out.
    Among prospects contacted at least 30 days before data_as_of, so that every sequence had time to run.
    The one home of this metric: the Outreach page (filtered), the weekly view and the digest (company-wide)."""
    eligible, _ = window_columns(W.REPLY_WINDOW)
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
        bind(scope, filters),
    )
    frame = with_rate(frame, "replied", "still_silent", "reply_")
    return with_rate(frame, "opted_out", "still_silent", "opt_out_")


@cached
def time_to_reply(version: Version, scope: Scope, filters: Filters, dimension: str) -> pd.DataFrame:
    return query(
        version,
        f"""
        select {dimension_column(dimension)} as segment, count(*) as replied,
               round(median(hours_to_reply), 1) as median_hours,
               round(quantile_cont(hours_to_reply, 0.9), 1) as p90_hours,
               median(touches_to_reply) as median_touches
        from marts.fct_prospect_segments where is_replied = 1 and {FILTER_SQL}
        group by 1 order by 1""",
        bind(scope, filters),
    )


@cached
def send_time(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) by weekday and hour (UTC) of the first delivered message."""
    eligible, converted = window_columns(W.REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select isodow(contacted_at) as weekday_number, dayname(contacted_at) as weekday, hour(contacted_at) as hour_utc,
               sum({eligible}) as eligible, sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by all having sum({eligible}) > 0 order by 1, 3""",
        bind(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")


@cached
def templates(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) per first-touch template of each sequence."""
    eligible, converted = window_columns(W.REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select first_sequence_id as sequence_id, first_template_id as template_id, count(*) as contacted,
               sum({eligible}) as eligible, sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1, 2 order by 1, 2""",
        bind(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].fillna(0).astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")
