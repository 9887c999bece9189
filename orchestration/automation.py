"""When things run, all in one place: the daily full run, the hourly data-quality job, the Monday
digest, a sensor that runs the pipeline minutes after a new drop lands, and run-status sensors that
append every daemon-launched run to the history."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from contract.tables import TABLES
from intake.folders import table_folders
from intake.mapping import MAPPING_DIR
from orchestration.quality.data_quality import DATA_QUALITY_JOB
from orchestration.quality.history import record_dagster_run
from orchestration.resources import run_options_config
from orchestration.weekly_digest import WEEKLY_DIGEST_JOB
from settings import Settings


def landing_fingerprint(landing_dir: Path) -> str:
    """Changes whenever a file in a table folder or a mapping file is added, removed or rewritten."""
    folders = [folder for table in TABLES for folder in table_folders(table)] + [MAPPING_DIR]
    listing = sorted(
        (path.relative_to(landing_dir).as_posix(), path.stat().st_size, path.stat().st_mtime_ns)
        for folder in folders
        if (landing_dir / folder).is_dir()
        for path in (landing_dir / folder).rglob("*")
        if path.is_file()
    )
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()


def build_landing_sensor(settings: Settings, job_name: str) -> dg.SensorDefinition:
    @dg.sensor(
        name="new_drop_sensor",
        job_name=job_name,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Runs the full pipeline when a drop is added to or changed in the landing folder.",
    )
    def new_drop_sensor(context: dg.SensorEvaluationContext):
        if not settings.landing_dir.is_dir():
            return dg.SkipReason(f"landing folder {settings.landing_dir} does not exist")
        fingerprint = landing_fingerprint(settings.landing_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("no new or changed drop since the last run")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return new_drop_sensor


def build_history_sensors(settings: Settings) -> list[dg.SensorDefinition]:
    def _record(context: dg.RunStatusSensorContext) -> None:
        record_dagster_run(
            context.instance,
            context.dagster_run,
            settings.history_database,
            None,  # the run's build is gone by now (removed when the run ended): counts of the served warehouse
            settings.warehouse,
        )

    @dg.run_status_sensor(
        name="record_successful_runs",
        run_status=dg.DagsterRunStatus.SUCCESS,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def record_successful_runs(context: dg.RunStatusSensorContext):
        _record(context)

    @dg.run_failure_sensor(name="record_failed_runs", default_status=dg.DefaultSensorStatus.RUNNING)
    def record_failed_runs(context: dg.RunFailureSensorContext):
        _record(context)

    return [record_successful_runs, record_failed_runs]


def build_schedules(full_run_job: str) -> list[dg.ScheduleDefinition]:
    return [
        dg.ScheduleDefinition(
            name="daily_full_run",
            job_name=full_run_job,
            cron_schedule="0 6 * * *",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
            # every dbt model rebuilt and every data test over every row, once a day (the sensor's runs
            # between are incremental and test the rows they rewrote)
            run_config=run_options_config(dbt_full_rebuild=True),
        ),
        dg.ScheduleDefinition(
            name="hourly_data_quality",
            job_name=DATA_QUALITY_JOB,
            cron_schedule="30 * * * *",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ),
        dg.ScheduleDefinition(
            name="monday_digest",
            job_name=WEEKLY_DIGEST_JOB,
            cron_schedule="0 7 * * 1",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ),
    ]
