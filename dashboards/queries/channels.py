"""The Channels & targeting page's own question: the reply rate of every (channel, targeting value) pair."""

from __future__ import annotations

import pandas as pd

from contract import windows as W
from dashboards.filters import Filters
from dashboards.queries.base import FILTER_SQL, Scope, Version, bind, cached, dimension_column, query, window_columns
from insights.rates import with_rate


@cached
def channel_grid(version: Version, scope: Scope, filters: Filters, dimension: str) -> pd.DataFrame:
    """Windowed reply rate (within 30 days) for every (sourcing channel, value of a targeting dimension) pair."""
    eligible, converted = window_columns(W.REPLY_WINDOW)
    frame = query(
        version,
        f"""
        select channel, {dimension_column(dimension)} as target, sum({eligible}) as eligible,
               sum({converted}) as replied
        from marts.fct_prospect_windows where {FILTER_SQL} group by 1, 2 order by 1, 2""",
        bind(scope, filters),
    )
    frame[["eligible", "replied"]] = frame[["eligible", "replied"]].fillna(0).astype(int)
    return with_rate(frame, "replied", "eligible", "reply_")
