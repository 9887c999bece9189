"""Every run's check results, reconciliation and quarantine counts, appended to a small history
database beside the warehouse (`<warehouse>.history.duckdb`).

The warehouse itself is rebuilt and replaced by every run, and a failed run never publishes, so
the history lives in its own file: appended for every run, failed ones included, and replaced
atomically (copy, append, os.replace) so the dashboards can read it while a run records.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

DDL = (
    """create table if not exists runs (
        run_id varchar, job varchar, status varchar, started_at timestamp, finished_at timestamp)""",
    """create table if not exists check_results (
        run_id varchar, finished_at timestamp, asset varchar, check_name varchar, passed boolean,
        severity varchar, details varchar)""",
    """create table if not exists reconciliation (
        run_id varchar, finished_at timestamp, table_name varchar, rows_read bigint, rows_staged bigint,
        rows_quarantined bigint, rows_superseded bigint, balanced boolean)""",
    """create table if not exists quarantine (
        run_id varchar, finished_at timestamp, table_name varchar, kind varchar, reason_kind varchar,
        quarantined bigint)""",
)


@dataclass(frozen=True)
class CheckRow:
    asset: str
    check_name: str
    passed: bool
    severity: str
    details: str


def checks_from_run(instance: dg.DagsterInstance, run_id: str) -> list[CheckRow]:
    """Every asset check evaluated in a run (dbt tests, reconciliation, GX), from Dagster's event log."""
    rows = []
    for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.dagster_event.event_specific_data
        details = {key: str(getattr(value, "value", value))[:500] for key, value in (evaluation.metadata or {}).items()}
        rows.append(
            CheckRow(
                evaluation.asset_key.to_user_string(),
                evaluation.check_name,
                bool(evaluation.passed),
                evaluation.severity.value if evaluation.severity else "ERROR",
                json.dumps(details),
            )
        )
    return rows


def _counts_source(build: Path, served: Path, success: bool) -> Path | None:
    for candidate in (served,) if success else (build, served):
        if candidate.exists():
            return candidate
    return None


def record_run(
    history: Path,
    run_id: str,
    job: str,
    status: str,
    started_at: datetime,
    checks: list[CheckRow],
    counts_from: Path | None,
) -> None:
    """Append one run to the history database (atomically replaced)."""
    finished_at = datetime.now(UTC).replace(tzinfo=None)
    history.parent.mkdir(parents=True, exist_ok=True)
    staging = history.with_name(f".{history.name}.{os.getpid()}.tmp")
    if history.exists():
        shutil.copyfile(history, staging)
    with duckdb.connect(str(staging)) as con:
        for statement in DDL:
            con.execute(statement)
        con.execute("insert into runs values (?, ?, ?, ?, ?)", [run_id, job, status, started_at, finished_at])
        if checks:
            con.executemany(
                "insert into check_results values (?, ?, ?, ?, ?, ?, ?)",
                [[run_id, finished_at, c.asset, c.check_name, c.passed, c.severity, c.details] for c in checks],
            )
        if counts_from is not None:
            con.execute("attach ? as source_warehouse (read_only)", [str(counts_from)])
            if con.execute(
                "select count(*) from duckdb_tables() "
                "where database_name = 'source_warehouse' and schema_name = 'audit' "
                "and table_name = 'reconciliation'"
            ).fetchone()[0]:
                con.execute(
                    """insert into reconciliation select ?, ?, table_name, rows_read, rows_staged,
                                   rows_quarantined, rows_superseded, balanced
                                   from source_warehouse.audit.reconciliation""",
                    [run_id, finished_at],
                )
                con.execute(
                    """insert into quarantine select ?, ?, table_name, kind, split_part(reason, ':', 1), count(*)
                               from source_warehouse.audit.quarantine group by all""",
                    [run_id, finished_at],
                )
            con.execute("detach source_warehouse")
    os.replace(staging, history)


def record_dagster_run(
    instance: dg.DagsterInstance, run: dg.DagsterRun, history: Path, build: Path, served: Path
) -> None:
    stats = instance.get_run_stats(run.run_id)
    started = datetime.fromtimestamp(stats.start_time or stats.launch_time or 0, tz=UTC).replace(tzinfo=None)
    success = run.status == dg.DagsterRunStatus.SUCCESS
    record_run(
        history,
        run.run_id,
        run.job_name,
        run.status.value,
        started,
        checks_from_run(instance, run.run_id),
        _counts_source(build, served, success),
    )
