"""The Network page's question: where each person who said "not now" stands (marts.fct_reconnect_pipeline)."""

from __future__ import annotations

import pandas as pd

from dashboards.filters import Filters
from dashboards.queries.base import FILTER_SQL, Scope, Version, bind, cached, query


@cached
def reconnect_pipeline(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    return query(
        version,
        f"""
        select candidate_id, prospect_id, role_id, role_title, recruiter_id, channel, reconnect_after,
               reconnect_status, days_until_due, recontacted_at, recontacted_role_id, response_after_recontact,
               current_outcome
        from marts.fct_reconnect_pipeline where {FILTER_SQL}
        order by reconnect_after nulls last, prospect_id""",
        bind(scope, filters),
    )
