"""What every query module of the dashboards shares: the published warehouse's version, the read-only
connection, the viewer's scope, the bound filters and the cache.

Each query opens its own read-only connection and closes it, so a pipeline run that swaps the
warehouse file is never blocked and never blocks a page; results are cached per warehouse
version (path and modification time), so the first request after a swap sees the new data.
SQL is never built from widget text: filter values are bound parameters and grouping columns
come from the fixed label registry (contract.labels.DIMENSIONS).

Every query takes the viewer's Scope (dashboards/access.py) and binds it into its SQL, so no
widget, link or download can reach a role outside it; a cached result is cached per scope. Three
kinds of question (README "Access"):
- per role: bound to the scope's roles ($scope_roles), e.g. every count of prospects;
- company-wide (guardrails, the leader's weekly view, the data-quality page, the published
  diagnosis): only for a scope of every role, else OutOfScope (`company_wide`);
- reference values that name no role and no person (the data's as-of time, when files landed, the
  work-list rules, the diagnosis' comparison group of a few roles: every other role's prospects
  pooled into one unnamed group): for every signed-in viewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from contract import labels as L
from contract import windows as W
from dashboards.filters import Filters
from settings import load_settings

TTL_SECONDS = 60
# every query function's cache: per warehouse version, scope and arguments, for TTL_SECONDS
cached = st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
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


def bind(scope: Scope, filters: Filters | None = None, **values: object) -> dict:
    """The bound parameters of a query: the viewer's scope, the filters (FILTER_SQL), other values."""
    return {**scope.params(), **(filters.params() if filters else {}), **values}


def company_wide(scope: Scope) -> None:
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


def dimension_column(label: str) -> str:
    return L.DIMENSIONS[label]


def grouping(dimension: str | None) -> str:
    """Group by the segment of a dimension; without one, a single row (zeros when nothing matches)."""
    return "group by 1 order by 1" if dimension else ""


def window_columns(window: tuple[str, int]) -> tuple[str, str]:
    """(eligible, converted) columns of fct_prospect_windows for a window of W.RATE_WINDOWS."""
    if window not in W.RATE_WINDOWS:
        raise KeyError(f"no windowed rate for {window}")
    stage, days = window
    return f"is_eligible_{days}d", f"{stage}_within_{days}d"
