"""Why response is low (contract §9.2), as the pages ask it: the published diagnosis for every role and
no filter, else the `insights` diagnosis run on the filtered counts of the scope (a few roles compared
with every other role's prospects pooled into one unnamed group). Read by the Overview, Engagement and
Role pages, the people behind a finding and the digest."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboards.filters import Filters
from dashboards.queries.base import (
    EVERYTHING,
    FILTER_SQL,
    ROLE_FILTER_SQL,
    SCOPE_SQL,
    Scope,
    Version,
    bind,
    cached,
    query,
)
from dashboards.queries.reference import role_labels
from insights import diagnosis as insights_diagnosis

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


@cached
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
            bind(scope, role=list(filters.role)),
        )
    return query(
        version,
        f"""
        select {strata}, sum(eligible)::bigint as eligible, sum(converted)::bigint as converted
        from marts.fct_diagnosis_observations where {FILTER_SQL}
        group by all""",
        bind(scope, filters),
    )


def compared_roles(scope: Scope, filters: Filters) -> tuple[str, ...] | None:
    """The roles the diagnosis compares with every comparable prospect of the company: the viewer's
    roles narrowed by the role filter; None for every role."""
    if scope.is_everything:
        return filters.role or None
    return tuple(r for r in scope.roles if not filters.role or r in filters.role)


@cached
def other_roles_counts(version: Version, roles: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """The diagnosis' comparison group for a few roles: the role comparisons' counts of every other role,
    under the other filters, pooled into one group that names no role (insights.insights_diagnosis.OTHER_ROLES)."""
    strata = ", ".join(c for c in DIAGNOSIS_STRATA if c not in ("subject", "role_id"))
    pooled = f"""select $other as subject, $other as role_id, {strata},
                        sum(eligible)::bigint as eligible, sum(converted)::bigint as converted"""
    where = "dimension = 'role_id' and not list_contains($roles::varchar[], role_id)"
    if filters == Filters(role=filters.role):
        return query(
            version,
            f"{pooled} from marts.agg_diagnosis_counts where {where} group by all",
            {"roles": list(roles), "other": insights_diagnosis.OTHER_ROLES},
        )
    return query(
        version,
        f"{pooled} from marts.fct_diagnosis_observations where {where} and {FILTER_SQL} group by all",
        bind(EVERYTHING, replace(filters, role=()), roles=list(roles), other=insights_diagnosis.OTHER_ROLES),
    )


@cached
def _diagnosis(version: Version, scope: Scope, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tests and findings for the filtered prospects of the scope. A few roles (a recruiter's, the
    role filter) are compared with every comparable prospect of the company."""
    counts = diagnosis_counts(version, scope, filters)
    roles = compared_roles(scope, filters)
    if roles is not None:
        counts = pd.concat([counts, other_roles_counts(version, roles, filters)], ignore_index=True)
    tests = insights_diagnosis.run_tests(counts, roles)
    return tests, insights_diagnosis.findings(tests, role_labels(version, scope), counts=counts)


@cached
def findings(version: Version, scope: Scope, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """Why response is low (contract §9.2) for the filtered prospects of the scope: the published mart
    when nothing is filtered and the scope is every role, else the same `insights` diagnosis run on
    the filtered counts."""
    if filters.is_narrowed or not scope.is_everything:
        found = _diagnosis(version, scope, filters)[1]
    else:
        found = query(version, "select * from marts.fct_diagnosis_findings order by finding_rank")
    return found.head(limit) if limit else found


@cached
def diagnosis_coverage(version: Version, scope: Scope, filters: Filters) -> pd.DataFrame:
    """Per explanation, whether it was tested and what came of it (marts.fct_diagnosis_coverage when
    nothing is filtered and the scope is every role, else of the same diagnosis as `findings`)."""
    if filters.is_narrowed or not scope.is_everything:
        return insights_diagnosis.coverage(*_diagnosis(version, scope, filters))
    return query(version, "select * from marts.fct_diagnosis_coverage")
