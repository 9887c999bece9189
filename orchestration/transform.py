"""dbt models as Dagster assets; dbt data tests surface as asset checks, unit tests run in `dbt build`."""

import json
import shutil
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.resources import WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR, DUCKDB_TARGET, WorkListRules
from orchestration.spark import SparkResource

# dbt through a launcher that makes it die with this process, even when this process is SIGKILLed
DBT_EXECUTABLE = str(Path(sys.executable).with_name("funnel-dbt"))


def dbt_project() -> DbtProject:
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_resource(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)


def ensure_manifest(project: DbtProject) -> Path:
    """Parse the dbt project when its manifest is missing or older than any project file."""
    manifest = Path(project.manifest_path)
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    sources += [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    newest = max(p.stat().st_mtime for p in sources if p.is_file())
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        dbt_resource(project).cli(["parse", "--quiet"], target_path=Path("target")).wait()
    return manifest


class LayeredTranslator(DagsterDbtTranslator):
    """Asset keys from model names, groups from the top folder (staging / intermediate / marts).

    Sources keep dagster-dbt's default key `[source, table]`, which for the `intake` source is
    exactly the key of the Dagster intake asset that writes the table. The `intake_changes`
    tables, written by the same intake steps, stay external `[intake_changes, table]` assets
    (Dagster allows one producer per key).
    """

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            return dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else "dbt"
        return super().get_group_name(dbt_resource_props)


def _stream(invocation: DbtCliInvocation) -> Iterator:
    """The invocation's Dagster events; on the way out dbt is stopped (a step that failed mid-stream
    must not leave dbt holding the build file) and its per-run artifacts, read by then, removed."""
    try:
        yield from invocation.stream()
    finally:
        if invocation.process.poll() is None:
            invocation.process.terminate()
            invocation.process.wait()
        shutil.rmtree(invocation.target_path, ignore_errors=True)


def _build_args(
    target: str, dbt_vars: Mapping[str, object], warehouse: WarehouseResource, context: dg.AssetExecutionContext
) -> list[str]:
    # unit tests check the models' logic, not the data: the test suite runs them (tests/test_dbt_unit_tests.py)
    args = ["build", "--target", target, "--exclude-resource-type", "unit_test", "--vars", json.dumps(dbt_vars)]
    rebuilt = warehouse.dbt_full_refresh_needed()  # also after `--full-refresh`: the intake rebuilt every table
    if rebuilt:
        args.append("--full-refresh")  # incremental models would otherwise keep rows of the old drops
    context.log.info("dbt on %s: %s", target, "full refresh" if rebuilt else "incremental")
    return args


def build_dbt_assets(project: DbtProject, work_lists: WorkListRules, on_spark: bool) -> dg.AssetsDefinition:
    """One asset step builds every model. DuckDB: into the build file. Spark: the step exports the
    intake, builds on Spark and brings the published models back as views (orchestration/spark.py)."""
    translator = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))
    manifest_path = ensure_manifest(project)
    assets = dbt_assets(manifest=manifest_path, project=project, dagster_dbt_translator=translator, name="dbt_models")

    def duckdb_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        dbt_vars = {"db_path": warehouse.build_database, "memory_limit": warehouse.memory_limit}
        args = _build_args(DUCKDB_TARGET, {**dbt_vars, **work_lists.dbt_vars()}, warehouse, context)
        yield from _stream(dbt.cli(args, context=context))

    if not on_spark:
        return assets(duckdb_build)
    manifest = json.loads(manifest_path.read_text())
    sources = sorted((source["schema"], source["identifier"]) for source in manifest["sources"].values())

    def spark_build(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, spark: SparkResource
    ):
        with warehouse.connect() as con:
            exported = spark.export_sources(con, sources)
        context.log.info("%d intake tables exported as Parquet for Spark", exported)
        dbt_vars = {**spark.dbt_vars(context.run.run_id), **work_lists.dbt_vars()}
        args = _build_args(spark.target, dbt_vars, warehouse, context)
        try:
            yield from _stream(dbt.cli(args, context=context))
            with warehouse.connect() as con:
                views = spark.create_views(con, context.run.run_id)
        except BaseException:
            spark.discard(context.run.run_id)
            raise
        context.log.info("%d models built on Spark, now views over Parquet in the build database", len(views))

    return assets(spark_build)
