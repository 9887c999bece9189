"""The funnel every page shows: prospects at each stage, the step conversions, the windowed rates
(contract §9.1, windows from contract/windows.py) and the time-to-event curves. Read by the Overview,
Channels, Engagement, Network, Outreach and Role pages and the digest."""

from __future__ import annotations

import pandas as pd

from contract import vocabulary as V
from contract import windows as W
from dashboards.filters import Filters
from dashboards.queries.base import (
    FILTER_SQL,
    Scope,
    Version,
    bind,
    cached,
    dimension_column,
    grouping,
    query,
    window_columns,
)
from insights import survival
from insights.rates import with_rate

SURVIVAL_STAGES = ("replied", "hired")


@cached
def stage_counts(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    """Prospects at each stage, overall or per value of a dimension, with headline rates from contacted."""
    group = dimension_column(dimension) if dimension else "'all'"
    sums = ", ".join(f"sum(is_{stage}) as {stage}" for stage in V.FUNNEL_STAGES)
    frame = query(
        version,
        f"""
        select {group} as segment, {sums}
        from marts.fct_prospect_segments where {FILTER_SQL}
        {grouping(dimension)}""",
        bind(scope, filters),
    )
    frame[list(V.FUNNEL_STAGES)] = frame[list(V.FUNNEL_STAGES)].fillna(0).astype(int)
    frame = with_rate(frame, "replied", "contacted", "reply_")
    frame = with_rate(frame, "interested", "contacted", "interest_")
    return with_rate(frame, "hired", "contacted", "hire_")


def funnel_steps(counts: pd.Series) -> pd.DataFrame:
    """One row per stage with its count and conversion from the previous stage (pure)."""
    rows = []
    for i, stage in enumerate(V.FUNNEL_STAGES):
        previous = V.FUNNEL_STAGES[i - 1] if i else None
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


@cached
def windowed_rates(
    version: Version,
    scope: Scope,
    filters: Filters,
    dimension: str | None = None,
    window: tuple[str, int] = W.REPLY_WINDOW,
) -> pd.DataFrame:
    """A windowed rate (contract §9.1) per value of a dimension: converted / eligible, where eligible
    prospects had the whole window and converted within it; in_window = contacted prospects still
    inside it (not counted yet)."""
    eligible, converted = window_columns(window)
    group = dimension_column(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, count(*) as contacted, sum({eligible}) as eligible,
               sum({converted}) as converted
        from marts.fct_prospect_windows where {FILTER_SQL}
        {grouping(dimension)}""",
        bind(scope, filters),
    )
    frame[["eligible", "converted"]] = frame[["eligible", "converted"]].fillna(0).astype(int)
    frame["in_window"] = frame["contacted"] - frame["eligible"]
    return with_rate(frame, "converted", "eligible")


@cached
def survival_counts(
    version: Version, scope: Scope, filters: Filters, stage: str, dimension: str | None = None
) -> pd.DataFrame:
    """Per segment and day since first contact: prospects who reached `stage` that day (events) and
    prospects last seen that day without reaching it (censored at data_as_of)."""
    if stage not in SURVIVAL_STAGES:
        raise KeyError(f"no time-to-event curve for {stage}")
    group = dimension_column(dimension) if dimension else "'all'"
    return query(
        version,
        f"""
        select {group} as segment, coalesce(days_to_{stage}, floor(days_observed)) as day,
               count(days_to_{stage}) as events, count(*) - count(days_to_{stage}) as censored
        from marts.fct_prospect_windows where {FILTER_SQL}
        group by 1, 2 order by 1, 2""",
        bind(scope, filters),
    )


@cached
def survival_curves(
    version: Version, scope: Scope, filters: Filters, stage: str, dimension: str | None = None
) -> pd.DataFrame:
    """Kaplan-Meier share reaching `stage` within d days of first contact, per segment."""
    return survival.conversion_curves(survival_counts(version, scope, filters, stage, dimension))
