"""The Engagement page's questions (also the Role page's): what became of the prospects who did not engage,
why they declined, and who turned whom down at each stage."""

from __future__ import annotations

import pandas as pd

from contract import vocabulary as V
from dashboards.filters import Filters
from dashboards.queries.base import (
    DECLINE_REASON_SQL,
    FILTER_SQL,
    Scope,
    Version,
    bind,
    cached,
    dimension_column,
    query,
)
from insights.rates import with_rate


@cached
def outcome_mix(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = dimension_column(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, outcome, count(*) as prospects
        from marts.fct_prospect_segments
        where {FILTER_SQL} and list_contains($outcomes, outcome)
        group by 1, 2 order by 1, 2""",
        {**bind(scope, filters), "outcomes": list(V.NOT_ENGAGED_OUTCOMES)},
    )
    frame["not_engaged"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "not_engaged", "share_")


@cached
def decline_reasons(version: Version, scope: Scope, filters: Filters, dimension: str | None = None) -> pd.DataFrame:
    group = dimension_column(dimension) if dimension else "'all'"
    frame = query(
        version,
        f"""
        select {group} as segment, {DECLINE_REASON_SQL} as decline_reason, count(*) as prospects
        from marts.fct_prospect_segments where {FILTER_SQL} and outcome = 'declined'
        group by 1, 2 order by 1, 2""",
        bind(scope, filters),
    )
    frame["declined"] = frame.groupby("segment")["prospects"].transform("sum")
    return with_rate(frame, "prospects", "declined", "share_")


@cached
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
            **bind(scope, filters),
            "by_candidate": list(V.TURNED_US_DOWN_OUTCOMES),
            "by_company": list(V.WE_TURNED_DOWN_OUTCOMES),
        },
    )
    order = {stage: i for i, stage in enumerate(V.FUNNEL_STAGES)}
    return frame.sort_values("furthest_stage", key=lambda s: s.map(order)).reset_index(drop=True)
