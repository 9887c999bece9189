"""The Overview page's own questions: the windowed rate per month of first contact and the latest weeks'
conversations and hires."""

from __future__ import annotations

import pandas as pd

from contract import windows as W
from dashboards.filters import Filters
from dashboards.queries.base import FILTER_SQL, Scope, Version, bind, cached, query, window_columns
from insights.rates import with_rate


@cached
def cohort_trend(
    version: Version, scope: Scope, filters: Filters, window: tuple[str, int] = W.REPLY_WINDOW
) -> pd.DataFrame:
    """A windowed rate per month of first contact; a cohort's in_window prospects are not counted yet."""
    eligible, converted = window_columns(window)
    frame = query(
        version,
        f"""
        select strftime(cohort_month, '%Y-%m') as cohort_month, count(*) as contacted,
               sum({eligible}) as eligible, sum({converted}) as converted
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1 order by 1""",
        bind(scope, filters),
    )
    frame[["eligible", "converted"]] = frame[["eligible", "converted"]].fillna(0).astype(int)
    frame["in_window"] = frame["contacted"] - frame["eligible"]
    return with_rate(frame[frame["eligible"] > 0], "converted", "eligible").reset_index(drop=True)


@cached
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
        bind(scope, filters, weeks=weeks),
    )
