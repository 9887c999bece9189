"""When things run: the daily full run, the scheduled data-quality job, a sensor that runs the
pipeline minutes after a new drop lands, and run-status sensors that append to the run history."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from contract.tables import TABLES
from orchestration.intake.mapping import MAPPING_DIR
from orchestration.quality.history import record_dagster_run
from orchestration.resources import WarehouseResource
from orchestration.settings import Settings
from orchestration.transform import FULL_REBUILD_TAG

DATA_QUALITY_JOB = "data_quality"


def landing_fingerprint(landing_dir: Path) -> str:
    """Changes whenever a file in a table folder or a mapping file is added, removed or rewritten."""
    folders = [table.folder for table in TABLES] + [MAPPING_DIR]
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


@dg.op(description="Runs every GX suite against the published warehouse, builds Data Docs, records the results.")
def validate_published_warehouse(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> dict:
    from expectations.validate import Validator, anomalies_outcome, contract_outcome

    started = datetime.now(UTC).replace(tzinfo=None)
    validator = Validator(Path(warehouse.data_docs_dir) if warehouse.data_docs_dir else None)
    outcomes = []
    with warehouse.connect(served=True) as con:
        for table in TABLES:
            outcomes.append(contract_outcome(con, table, validator))
            outcomes.append(anomalies_outcome(con, table, validator, started, warehouse.freshness_days))
    for outcome in outcomes:
        log = context.log.info if outcome.success else context.log.warning
        log(
            f"{outcome.suite}: {'passed' if outcome.success else 'FAILED'} "
            f"({outcome.failed}/{outcome.evaluated} failed)"
        )
    blocking_failures = [o.suite for o in outcomes if o.severity == "blocking" and not o.success]
    summary = {"suites": len(outcomes), "failed": [o.suite for o in outcomes if not o.success]}
    context.add_output_metadata({"suites": len(outcomes), "failed": dg.MetadataValue.json(summary["failed"])})
    if blocking_failures:
        raise dg.Failure(f"blocking suites failed: {', '.join(blocking_failures)}", metadata=summary)
    return summary


@dg.job(name=DATA_QUALITY_JOB, description="Great Expectations suites on the published warehouse, with Data Docs.")
def data_quality_job():
    validate_published_warehouse()


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
            tags={FULL_REBUILD_TAG: "true"},
        ),
        dg.ScheduleDefinition(
            name="hourly_data_quality",
            job_name=DATA_QUALITY_JOB,
            cron_schedule="30 * * * *",
            execution_timezone="UTC",
            default_status=dg.DefaultScheduleStatus.RUNNING,
        ),
    ]
