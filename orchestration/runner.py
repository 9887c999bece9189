"""Run the whole pipeline in process, as `funnel run` and the tests do."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import dagster as dg
import duckdb

from intake.folders import unread_entries
from orchestration import run_slot
from orchestration.definitions import FULL_RUN_JOB, build_definitions
from orchestration.progress import RunProgress, summary_table
from orchestration.quality.history import HistoryNotRecorded, record_dagster_run, record_refused_run
from orchestration.resources import run_options_config
from settings import Settings

SUMMARY_TABLES = ("marts.fct_prospect_funnel", "marts.dim_roles", "marts.dim_recruiters", "marts.dim_ats_candidates")


@dataclass
class RunSummary:
    """What a run did; `failures` lists failed steps and failed ERROR-severity checks (warnings do not fail a run)."""

    success: bool
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    intake: list[tuple] = field(default_factory=list)  # (table, read, staged, quarantined, superseded)
    marts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    refused: bool = False  # another run held the warehouse: this one did not start
    notes: list[str] = field(default_factory=list)

    def slowest_steps(self, count: int = 5) -> dict[str, float]:
        return dict(sorted(self.step_seconds.items(), key=lambda item: -item[1])[:count])

    def status_line(self) -> str:
        if self.refused:
            return f"run refused: {'; '.join(self.failures)}"
        status = "succeeded" if self.success else "FAILED: " + "; ".join(self.failures)
        return f"run {status} in {self.seconds:.1f} s"

    def table(self):
        """A short summary table (rich): rows per landing table and mart, the five slowest steps."""
        return summary_table(self.intake, self.marts, self.slowest_steps())


def _summarize(settings: Settings) -> tuple[list[tuple], dict[str, int], list[str]]:
    """Rows per landing table and mart of the served warehouse, and what its reader should know."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        intake = con.execute(
            "select table_name, rows_read, rows_staged, rows_quarantined, rows_superseded "
            "from audit.reconciliation order by table_name"
        ).fetchall()
        marts = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in SUMMARY_TABLES}
        without, roles = con.execute(
            "select count(*) filter (where recruiter_id is null), count(*) from marts.dim_roles"
        ).fetchone()
    notes = [
        f"{without} of {roles} roles have no recruiter: no recruiter who signs in sees them (the owner is not "
        "among team/recruiters; a Lever connector lands its users in lever/users or lever/user)"
    ]
    return intake, marts, notes if without else []


def unread_notes(settings: Settings) -> list[str]:
    """One line per folder or file of the landing folder that no table reads."""
    return [
        f"{path} in the landing folder is not read: no table of the product lands there"
        for path in unread_entries(settings.landing_dir)
    ]


def _root_cause(error) -> str:
    """The innermost error's first line: what actually went wrong, not Dagster's wrapper."""
    if error is None:
        return "failed"
    while error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0]


def _failures(result: dg.ExecuteInProcessResult) -> list[str]:
    failures = []
    for event in result.all_events:
        if event.is_step_failure:
            failures.append(f"{event.step_key}: {_root_cause(event.step_failure_data.error)}")
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR:
                problem = (evaluation.metadata or {}).get("problem")
                detail = f": {problem.value}" if problem is not None else ""
                failures.append(f"check {evaluation.asset_key.to_user_string()}:{evaluation.check_name} failed{detail}")
    return failures


def _step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    return {
        stats.step_key: stats.end_time - stats.start_time
        for stats in instance.get_run_step_stats(run_id)
        if stats.start_time and stats.end_time
    }


def run_pipeline(
    settings: Settings,
    quiet: bool = False,
    progress: bool = False,
    full_refresh: bool = False,
    confirm_retention: bool = False,
    accept_quarantine: bool = False,
) -> RunSummary:
    """Materialize every asset into this run's build file and publish it when everything passed.

    Only one run at a time builds a warehouse: a run that cannot get the warehouse's run slot
    (within settings.run_wait_seconds) does not start, and is recorded in the history as refused.
    With `progress`, one live display (orchestration/progress.py) instead of log lines; the run's
    own output (dbt's log) goes to `last_run.log` in the warehouse's work folder."""
    started, started_at = time.perf_counter(), datetime.now(UTC).replace(tzinfo=None)
    try:
        slot = run_slot.acquire(settings.work_dir, settings.warehouse.stem, settings.run_wait_seconds, "runner")
    except run_slot.RunRefused as refused:
        record_refused_run(settings.history_database, FULL_RUN_JOB, started_at, str(refused))
        return RunSummary(False, time.perf_counter() - started, failures=[str(refused)], refused=True)
    with slot:
        notes = [f"took over the run lock of pid {slot.took_over_from}, which died"] if slot.took_over_from else []
        job = build_definitions(settings).resolve_job_def(FULL_RUN_JOB)
        instance = dg.DagsterInstance.ephemeral()
        log_level = "DEBUG" if progress else "WARNING" if quiet else "INFO"

        def execute() -> dg.ExecuteInProcessResult:
            return job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config={
                    "loggers": {"console": {"config": {"log_level": log_level}}},
                    **run_options_config(
                        full_refresh=full_refresh,
                        confirm_retention=confirm_retention,
                        accept_quarantine=accept_quarantine,
                    ),
                },
            )

        if progress:
            with RunProgress(len(job.graph.nodes), settings.run_log).showing():
                result = execute()
        else:
            result = execute()
        failures = _failures(result)
        try:
            record_dagster_run(
                instance, result.dagster_run, settings.history_database, slot.build_database, settings.warehouse
            )
        except HistoryNotRecorded as error:
            failures.append(str(error))
        failures = with_disk_full_first(failures)
        summary = RunSummary(
            success=result.success and not failures,
            seconds=time.perf_counter() - started,
            step_seconds=_step_seconds(instance, result.run_id),
            failures=failures,
            notes=notes,
        )
    summary.notes += unread_notes(settings)
    if settings.warehouse.exists():
        try:
            summary.intake, summary.marts, served_notes = _summarize(settings)
            summary.notes += served_notes
        except duckdb.Error as error:  # a corrupt served file: say so and how to recover, no traceback
            summary.notes.append(
                f"the served warehouse cannot be read ({type(error).__name__}): rebuild it with "
                "`funnel run --full-refresh` (docs/privacy.md)"
            )
    return summary


# a cause that fails many steps and checks at once, the words that give it away, and what to do
CAUSES = (
    (
        ("no space left on device", "disk is full", "out of disk space", "errno 28"),
        "the disk is full: free space where the warehouse and its work folder live, then run again",
    ),
    (
        (
            "corrupt database file",
            "could not read enough bytes",
            "could not read all bytes",
            "checksum",
            "metadata pointer",
        ),
        "the warehouse file is corrupt: rebuild it with `funnel run --full-refresh` (docs/privacy.md)",
    ),
)


def with_disk_full_first(failures: list[str]) -> list[str]:
    """The failures, led by one line naming the cause when any failure gives it away (a full disk, a
    corrupt warehouse file): such a cause fails many checks at once, and their lines do not name it."""
    found = [lead for markers, lead in CAUSES if any(m in f.lower() for f in failures for m in markers)]
    return [*found, *failures]
