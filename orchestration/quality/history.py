"""Every run's check results, reconciliation and quarantine counts, appended to a small history
database beside the warehouse (`<warehouse>.history.duckdb`).

The warehouse itself is rebuilt and replaced by every run, and a failed run never publishes, so
the history lives in its own file: appended for every run, failed and refused ones included, and
replaced atomically (copy, append, os.replace) so the dashboards can read it while a run records.
Two processes recording at once take turns (a lock file beside the history), so no run is lost.
The history holds no personal data: run ids, check results, counts, the erasure log, and the erasure
requests' keys as tokens (a full refresh over a lost warehouse keeps every erasure).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
from filelock import FileLock

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
    """create table if not exists erasure_log (
        run_id varchar, finished_at timestamp, applied_at timestamp, requests_by_crm_candidate_id bigint,
        requests_by_email bigint, requests_by_linkedin_url bigint, requests_matched bigint,
        retention_candidates bigint, crm_candidates_anonymized bigint, ats_candidates_anonymized bigint,
        prospects_anonymized bigint, rows_anonymized bigint)""",
    "alter table runs add column if not exists message varchar",
    # each e-mail of a digest or an alert: to whom (a recruiter id or "leader"; never an address), how it went
    """create table if not exists deliveries (
        run_id varchar, sent_at timestamp, kind varchar, subject varchar, audience varchar, reader varchar,
        attempts integer, delivered boolean, error varchar)""",
    # what each alert last said about its subject (a run kind, a role): an alert goes out when this changes
    """create table if not exists alert_states (
        kind varchar, subject varchar, state varchar, recorded_at timestamp)""",
    # the erasure requests' keys (tokens only), kept outside the warehouse too: a warehouse lost or
    # corrupt is rebuilt by `funnel run --full-refresh` without letting an erased person back in
    "create table if not exists erased_request_keys (kind varchar, token varchar)",
    # what the operator let through: `--accept-quarantine`, `--confirm-retention` (NULL: nothing)
    "alter table runs add column if not exists operator_overrides varchar",
    # each table's figures the GX anomaly expectations of later runs compare against (volume, value shares)
    "create table if not exists table_profiles (run_id varchar, finished_at timestamp, table_name varchar, "
    "metric varchar, value double)",
)
OVERRIDES = {"accept_quarantine": "--accept-quarantine", "confirm_retention": "--confirm-retention"}
SUCCESS, REFUSED = dg.DagsterRunStatus.SUCCESS.value, "REFUSED"
RECENT_PROFILES = 5  # runs whose table figures the anomaly expectations compare against (expectations/suites.py)


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


def counts_sources(build: Path | None, served: Path, success: bool) -> list[Path]:
    """Where a run's counts are read, in order: the published warehouse after a success; else the
    run's build (what it had when it failed) when it is still there, then the served warehouse."""
    candidates = [served] if success or build is None else [build, served]
    return [path for path in candidates if path.exists()]


def _attach_first(con: duckdb.DuckDBPyConnection, sources: list[Path]) -> bool:
    """Attach the first source that opens (a build cut short by a stopped run does not) as source_warehouse."""
    for source in sources:
        try:
            con.execute("attach ? as source_warehouse (read_only)", [str(source)])
            return True
        except duckdb.Error:
            continue
    return False


@contextmanager
def _turn(history: Path) -> Iterator[None]:
    """Wait for the other processes recording into this history, then hold it while recording."""
    history.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(history.with_name(f".{history.name}.lock")):  # waits as long as the other takes
        yield


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return (
        con.execute(
            "select count(*) from duckdb_tables() where database_name = 'source_warehouse' "
            "and schema_name = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
        > 0
    )


def _copy_counts(
    con: duckdb.DuckDBPyConnection, run_id: str, finished_at: datetime, started_at: datetime, published: bool
) -> None:
    """Reconciliation and quarantine counts of the attached warehouse, and the erasures this run published."""
    if _has_table(con, "audit", "reconciliation"):
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
    if _has_table(con, "audit", "table_profiles"):
        con.execute(
            "insert into table_profiles select ?, ?, table_name, metric, value "
            "from source_warehouse.audit.table_profiles",
            [run_id, finished_at],
        )
    if published and _has_table(con, "privacy", "erased_keys"):
        con.execute(
            """insert into erased_request_keys
               select distinct kind, token from source_warehouse.privacy.erased_keys where origin = 'request'
               except select kind, token from erased_request_keys"""
        )
    if published and _has_table(con, "audit", "erasure_log"):
        con.execute(
            "insert into erasure_log select ?, ?, * from source_warehouse.audit.erasure_log where applied_at >= ?",
            [run_id, finished_at, started_at],
        )


@dataclass(frozen=True)
class RunRecord:
    """One run as the history keeps it."""

    run_id: str
    job: str
    status: str
    started_at: datetime
    finished_at: datetime
    checks: list[CheckRow]
    counts_from: list[Path]
    message: str | None
    overrides: str | None


class HistoryNotRecorded(RuntimeError):
    """The history could not be appended to (the disk is full, or the file cannot be written)."""


@contextmanager
def _appending(history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a draft of the history (its tables created), which replaces the history when the
    block ends. On a full disk (or any failure to write) the history is left as it was, no draft file
    is left behind, and HistoryNotRecorded says why."""
    with _turn(history):
        draft = history.with_name(f".{history.name}.{os.getpid()}.tmp")
        try:
            if history.exists():
                shutil.copyfile(history, draft)
            with duckdb.connect(str(draft)) as con:
                for statement in DDL:
                    con.execute(statement)
                yield con
            os.replace(draft, history)
        except (OSError, duckdb.Error) as error:
            draft.unlink(missing_ok=True)
            raise HistoryNotRecorded(f"the run history {history} could not be written ({error})") from None


def record_run(
    history: Path,
    run_id: str,
    job: str,
    status: str,
    started_at: datetime,
    checks: list[CheckRow],
    counts_from: list[Path],
    message: str | None = None,
    overrides: str | None = None,
) -> None:
    """Append one run to the history database (atomically replaced; HistoryNotRecorded when it cannot be)."""
    record = RunRecord(run_id, job, status, started_at, _now(), checks, counts_from, message, overrides)
    with _appending(history) as con:
        _write_run(con, record)


def _write_run(con: duckdb.DuckDBPyConnection, record: RunRecord) -> None:
    """One more run in the history's draft."""
    con.execute(
        "insert into runs by name select ? as run_id, ? as job, ? as status, ? as started_at, "
        "? as finished_at, ? as message, ? as operator_overrides",
        [
            record.run_id,
            record.job,
            record.status,
            record.started_at,
            record.finished_at,
            record.message,
            record.overrides,
        ],
    )
    if record.checks:
        con.executemany(
            "insert into check_results values (?, ?, ?, ?, ?, ?, ?)",
            [
                [record.run_id, record.finished_at, c.asset, c.check_name, c.passed, c.severity, c.details]
                for c in record.checks
            ],
        )
    if _attach_first(con, record.counts_from):
        published = record.status == SUCCESS
        _copy_counts(con, record.run_id, record.finished_at, record.started_at, published)
        con.execute("detach source_warehouse")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class DeliveryRow:
    """One e-mail as the history keeps it: who it was for by role, never by address."""

    kind: str  # "digest" or "alert"
    subject: str
    audience: str  # "leader" or "recruiter"
    reader: str  # the recruiter's id, or "leader"
    attempts: int
    delivered: bool
    error: str | None


def record_deliveries(history: Path, run_id: str, rows: list[DeliveryRow]) -> None:
    """Append how each e-mail of a run went (delivered or not, after how many attempts, the SMTP error)."""
    if not rows:
        return
    sent_at = _now()
    with _appending(history) as con:
        con.executemany(
            "insert into deliveries values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[run_id, sent_at, *astuple(row)] for row in rows],
        )


def alert_states(history: Path, kind: str) -> dict[str, str]:
    """What the alerts of this kind last recorded per subject (empty: nothing recorded yet)."""
    if not history.exists():
        return {}
    with duckdb.connect(str(history), read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where table_name = 'alert_states'").fetchone()[0]:
            return {}
        found = con.execute(
            """select subject, arg_max(state, recorded_at) from alert_states where kind = ? group by subject""",
            [kind],
        ).fetchall()
    return dict(found)


def record_alert_states(history: Path, kind: str, states: dict[str, str]) -> None:
    """Record the current state of each subject of this kind (only those that changed are worth a row)."""
    if not states:
        return
    recorded_at = _now()
    with _appending(history) as con:
        con.executemany(
            "insert into alert_states values (?, ?, ?, ?)",
            [[kind, subject, state, recorded_at] for subject, state in states.items()],
        )


def recent_profiles(history: Path, runs: int = RECENT_PROFILES) -> dict[str, list[dict[str, float]]]:
    """Per table, the figures its GX anomaly expectations compare against, of the last `runs` successful
    runs that recorded them, newest first (empty before the first run)."""
    if not history.exists():
        return {}
    with duckdb.connect(str(history), read_only=True) as con:
        if not con.execute("select count(*) from duckdb_tables() where table_name = 'table_profiles'").fetchone()[0]:
            return {}
        found = con.execute(
            """with recent as (
                   select distinct p.run_id, p.finished_at from table_profiles as p
                   join runs as r on r.run_id = p.run_id and r.status = ?
                   order by p.finished_at desc limit ?)
               select p.table_name, p.run_id, p.metric, p.value from table_profiles as p join recent using (run_id)
               order by recent.finished_at desc""",
            [SUCCESS, runs],
        ).fetchall()
    profiles: dict[str, dict[str, dict[str, float]]] = {}
    for table_name, run_id, metric, value in found:
        profiles.setdefault(table_name, {}).setdefault(run_id, {})[metric] = value
    return {table_name: list(by_run.values()) for table_name, by_run in profiles.items()}


def kept_request_keys(history: Path) -> list[tuple[str, str]]:
    """The erasure requests' keys (kind, token) the history kept, for rebuilding a lost warehouse."""
    if not history.exists():
        return []
    with duckdb.connect(str(history), read_only=True) as con:
        found = con.execute("select count(*) from duckdb_tables() where table_name = 'erased_request_keys'").fetchone()[
            0
        ]
        return con.execute("select kind, token from erased_request_keys").fetchall() if found else []


def record_refused_run(history: Path, job: str, started_at: datetime, message: str) -> None:
    """A run that did not start because another run holds the warehouse."""
    run_id = f"refused-{os.getpid()}-{started_at:%Y%m%dT%H%M%S}"
    record_run(history, run_id, job, REFUSED, started_at, [], [], message)


def record_dagster_run(
    instance: dg.DagsterInstance, run: dg.DagsterRun, history: Path, build: Path | None, served: Path
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
        counts_sources(build, served, success),
        overrides=operator_overrides(run.run_config),
    )


def operator_overrides(run_config: dict) -> str | None:
    """The run options by which the operator let a run through a guard, as the flags that set them."""
    options = run_config.get("resources", {}).get("run_options", {}).get("config", {})
    flags = [flag for name, flag in OVERRIDES.items() if options.get(name)]
    return " ".join(flags) or None
