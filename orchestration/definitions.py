"""Assembles the Dagster code location: intake assets and checks, dbt assets, the analytics computed
in Python after dbt (the diagnosis, the requisition triage), publish, jobs, schedules and sensors."""

from __future__ import annotations

import dagster as dg

from orchestration.alerts import build_alert_sensors
from orchestration.analytics.diagnosis import fct_diagnosis_findings, findings_are_well_formed
from orchestration.analytics.requisitions import build_requisition_triage, build_triage_check
from orchestration.automation import build_history_sensors, build_landing_sensor, build_schedules
from orchestration.intake.assets import build_intake_definitions
from orchestration.intake.connectors import build_connector_definitions
from orchestration.progress import progress_logger
from orchestration.publish import build_publish_asset
from orchestration.quality.checks import build_quality_checks
from orchestration.quality.data_quality import data_quality_job
from orchestration.resources import RunOptions, WarehouseResource
from orchestration.spark import SparkResource
from orchestration.transform import build_dbt_assets, dbt_project, dbt_resource
from orchestration.weekly_digest import build_digest_job
from settings import Settings, load_settings

FULL_RUN_JOB = "full_run"


def build_definitions(settings: Settings) -> dg.Definitions:
    project = dbt_project()
    intake_assets, intake_checks = build_intake_definitions(settings.landing_dir)
    intake_assets += build_connector_definitions(settings.landing_dir)
    dbt_models = build_dbt_assets(project, settings.work_lists, settings.on_spark)
    triage = build_requisition_triage(settings.work_lists)
    publish = build_publish_asset([*intake_assets, dbt_models, fct_diagnosis_findings, triage])
    full_run = dg.define_asset_job(
        FULL_RUN_JOB,
        selection=dg.AssetSelection.all(),
        description="Ingest every landing table, build and test the dbt models, publish the warehouse.",
    )
    digest_job = build_digest_job(settings)
    return dg.Definitions(
        assets=[*intake_assets, dbt_models, fct_diagnosis_findings, triage, publish],
        asset_checks=[
            *intake_checks,
            *build_quality_checks(),
            findings_are_well_formed,
            build_triage_check(settings.work_lists),
        ],
        jobs=[full_run, data_quality_job, digest_job],
        schedules=build_schedules(FULL_RUN_JOB),
        sensors=[
            build_landing_sensor(settings, FULL_RUN_JOB),
            *build_history_sensors(settings),
            *build_alert_sensors(settings, FULL_RUN_JOB),
        ],
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "run_options": RunOptions(),  # per run, from its run config
            "spark": SparkResource.from_settings(settings),
            "dbt": dbt_resource(project),
        },
        loggers={"console": progress_logger},
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    """Entry point for `dagster dev` (settings from the environment, see settings/__init__.py)."""
    return build_definitions(load_settings())
