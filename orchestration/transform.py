"""dbt models as Dagster assets; dbt data tests surface as asset checks, unit tests run in `dbt build`."""

import json
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer
from dagster_shared import record

from orchestration.intake.ingest import dbt_full_rebuild_needed
from orchestration.resources import RunOptions, WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR, WorkListRules

# dbt through a launcher that makes it die with this process, even when this process is SIGKILLed
DBT_EXECUTABLE = str(Path(sys.executable).with_name("funnel-dbt"))


class StaleManifestPreparer(DagsterDbtProjectPreparer):
    """Parse the project when its manifest is missing or older than any project file: under `dagster
    dev` (the default preparer's case) and also for `funnel run` and the tests, which load the code
    location outside it. A packaged deployment that ships a fresh manifest never parses."""

    def prepare_if_dev(self, project: DbtProject) -> None:
        if manifest_is_stale(Path(project.manifest_path)):
            self.prepare(project)


def manifest_is_stale(manifest: Path) -> bool:
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    sources += [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    newest = max(p.stat().st_mtime for p in sources if p.is_file())
    return not manifest.exists() or manifest.stat().st_mtime < newest


def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    return record.replace(project, preparer=StaleManifestPreparer())


def dbt_resource(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)


PARTIAL_PARSE = "partial_parse.msgpack"
# what a run keeps of dbt's target folder in the warehouse's work folder: its parse of the project, which
# the next run starts from (dbt re-parses only changed files), and its per-node timings (read by bench/)
KEPT_ARTIFACTS = {PARTIAL_PARSE: "dbt_partial_parse.msgpack", "run_results.json": "last_dbt_run_results.json"}


def prepare_target(target: Path, work_dir: Path) -> Path:
    """This run's dbt target folder, holding the previous run's parse of the project when there is one."""
    target.mkdir(parents=True, exist_ok=True)
    kept = work_dir / KEPT_ARTIFACTS[PARTIAL_PARSE]
    if kept.exists():
        shutil.copyfile(kept, target / PARTIAL_PARSE)
    return target


def keep_artifacts(target: Path, work_dir: Path) -> None:
    for name, kept in KEPT_ARTIFACTS.items():
        if (target / name).exists():
            shutil.copyfile(target / name, work_dir / kept)


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


def build_dbt_assets(project: DbtProject, work_lists: WorkListRules) -> dg.AssetsDefinition:
    translator = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    project.prepare_if_dev()

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=translator)
    def dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, run_options: RunOptions
    ):
        # the same vars and profile in every run of a warehouse (one build file name): dbt's partial parse stays valid
        dbt_vars = json.dumps(
            {"db_path": warehouse.build_database, "memory_limit": warehouse.memory_limit, **work_lists.dbt_vars()}
        )
        # unit tests check the models' logic, not the data: the test suite runs them (tests/test_dbt_unit_tests.py)
        args = ["build", "--exclude-resource-type", "unit_test", "--vars", dbt_vars]
        with warehouse.connect() as con:
            rebuilt = dbt_full_rebuild_needed(con)  # also after `--full-refresh`: the intake rebuilt every table
        # run_options.dbt_full_rebuild: the daily schedule (incremental runs test the rows they rewrote:
        # macros/tests/changed_rows_only.sql; this run tests every row)
        if rebuilt or run_options.dbt_full_rebuild:
            # incremental models would otherwise keep rows of the old drops; every data test reads every row
            args.append("--full-refresh")
        context.log.info(
            "dbt %s", "full refresh" if "--full-refresh" in args else "incremental: changed candidates only"
        )
        target = prepare_target(warehouse.dbt_target, Path(warehouse.work_dir))
        invocation = dbt.cli(args, context=context, target_path=target)
        try:
            yield from invocation.stream()
        finally:
            if invocation.process.poll() is None:  # the step failed mid-stream: dbt must not keep the build file locked
                invocation.process.terminate()
                invocation.process.wait()
        keep_artifacts(target, Path(warehouse.work_dir))
        shutil.rmtree(target, ignore_errors=True)  # per-run artifacts, read by now

    return dbt_models
