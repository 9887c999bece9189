"""The run history the Data quality page shows: every run and its check results, from the history database
beside the warehouse (appended by each run, never rebuilt)."""

from __future__ import annotations

import pandas as pd

from dashboards.queries.base import Scope, Version, cached, company_wide, query
from settings import load_settings


def history_version() -> Version | None:
    """The run-history database beside the warehouse, or None before the first recorded run."""
    path = load_settings().history_database
    return (str(path), path.stat().st_mtime_ns) if path.exists() else None


@cached
def run_history(history: Version, scope: Scope, limit: int = 30) -> pd.DataFrame:
    company_wide(scope)
    return query(
        history,
        """
        select r.run_id, r.job, r.status, r.started_at, r.finished_at,
               round(date_diff('millisecond', r.started_at, r.finished_at) / 1000.0, 1) as seconds,
               count(c.check_name) as checks,
               count(*) filter (where not c.passed and c.severity = 'ERROR') as failed_blocking,
               count(*) filter (where not c.passed and c.severity = 'WARN') as failed_warnings,
               -- what the operator let through (--accept-quarantine, --confirm-retention); histories
               -- written before the column existed read NULL
               json_extract_string(to_json(r), '$.operator_overrides') as operator_overrides
        from runs r left join check_results c using (run_id)
        group by all order by r.finished_at desc limit $limit""",
        {"limit": limit},
    )


@cached
def check_history(history: Version, scope: Scope) -> pd.DataFrame:
    company_wide(scope)
    return query(
        history,
        """
        select finished_at, check_name like 'gx_%' as is_gx, severity,
               count(*) as checks, count(*) filter (where passed) as passed
        from check_results group by all order by finished_at""",
    )
