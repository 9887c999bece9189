"""Reference values every signed-in viewer may read, and the sidebar's options of the viewer's scope: the
data's as-of time, when files landed, the role labels, what the filters offer."""

from __future__ import annotations

import pandas as pd

from contract import vocabulary as V
from dashboards.queries.base import SCOPE_SQL, Scope, Version, bind, cached, query


@cached
def filter_options(version: Version, scope: Scope) -> dict:
    """What the sidebar offers: the scope's roles, their departments and owners, its date span and channels."""
    bound = bind(scope)
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


@cached
def data_as_of(version: Version) -> pd.Timestamp | None:
    """The data's own "now" (contract §9.1), as the pipeline computed it (marts.dim_data_as_of)."""
    frame = query(version, "select data_as_of from marts.dim_data_as_of")
    return None if frame.empty or pd.isna(frame.at[0, "data_as_of"]) else frame.at[0, "data_as_of"]


@cached
def role_labels(version: Version, scope: Scope) -> dict[str, dict[str, str]]:
    roles = query(version, f"select role_id, role_title from marts.dim_roles where {SCOPE_SQL}", bind(scope))
    return {"role_id": dict(zip(roles["role_id"], roles["role_title"] + " (" + roles["role_id"] + ")"))}


@cached
def freshness(version: Version) -> pd.DataFrame:
    return query(version, "select * from marts.dq_source_freshness order by table_name")
