"""dbt models as Dagster assets; a model's dbt data tests surface as one asset check of that model
(`dbt_tests`), unit tests run in the test suite (tests/test_dbt_unit_tests.py)."""

import hashlib
import json
import os
import shutil
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from importlib import metadata
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
from dagster_dbt.asset_utils import get_asset_check_key_for_test
from dagster_dbt.core.dbt_cli_event import DbtCliEventMessage
from dagster_dbt.dbt_project import DagsterDbtProjectPreparer
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from dagster_shared import record
from packaging import version

from contract.dbt import DBT_PROJECT_DIR
from intake.ingest import dbt_full_rebuild_needed
from orchestration.resources import RunOptions, WarehouseResource
from orchestration.spark import SparkResource
from settings import DUCKDB_TARGET, WorkListRules

# dbt through a launcher that makes it die with this process, even when this process is SIGKILLed
DBT_EXECUTABLE = str(Path(sys.executable).with_name("funnel-dbt"))


class InstalledDbtResource(DbtCliResource):
    """dagster-dbt's dbt resource without two costs it adds to every dbt call, which this project does not need.

    - dbt's version: dagster-dbt asks `dbt --version`, a second dbt process (~1.8 CPU-s, and it looks up
      the latest release on the network); `funnel-dbt` is the dbt-core installed beside this Python.
    - a dbt adapter in this process (~1.5 CPU-s: it loads every macro of the project), which dagster-dbt
      uses only to fetch row counts and column metadata: the assets here fetch neither."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


class StaleManifestPreparer(DagsterDbtProjectPreparer):
    """Parse the project when its manifest is missing or older than any project file: under `dagster
    dev` (the default preparer's case) and also for `funnel run` and the tests, which load the code
    location outside it. A packaged deployment that ships a fresh manifest never parses.

    The parse starts from scratch: a parse cache left by an older version of the project can miss a
    changed macro that overrides one of dbt's own (seen: `changed_candidates_scope is undefined`)."""

    def __init__(self) -> None:
        super().__init__(prepare_project_cli_args=["parse", "--quiet", "--no-partial-parse"])

    def prepare_if_dev(self, project: DbtProject) -> None:
        if manifest_is_stale(Path(project.manifest_path)):
            self.prepare(project)

    def _prepare_manifest(self, project: DbtProject) -> None:
        """dagster-dbt's parse looks for `dbt` on PATH, which an unactivated environment lacks: ours
        names the executable next to this Python."""
        InstalledDbtResource(project_dir=project, dbt_executable=DBT_EXECUTABLE).cli(
            self._prepare_project_cli_args, target_path=project.target_path
        ).wait()


def project_sources() -> list[Path]:
    sources = [p for folder in ("models", "macros", "seeds", "tests") for p in (DBT_PROJECT_DIR / folder).rglob("*")]
    sources += [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    return sorted(p for p in sources if p.is_file())


def manifest_is_stale(manifest: Path) -> bool:
    newest = max(p.stat().st_mtime for p in project_sources())
    return not manifest.exists() or manifest.stat().st_mtime < newest


def project_fingerprint() -> str:
    """A hash of the project's files: a run reuses a kept parse only of this very version of the project."""
    digest = hashlib.sha256()
    for path in project_sources():
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
    return record.replace(project, preparer=StaleManifestPreparer())


def dbt_resource(project: DbtProject) -> InstalledDbtResource:
    return InstalledDbtResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)


PARTIAL_PARSE = "partial_parse.msgpack"
KEPT_PARSES = DBT_PROJECT_DIR / "target" / "run_parses"
KEPT_PARSE_PREFIX = "dbt_partial_parse."
RUN_RESULTS = "run_results.json"
KEPT_RUN_RESULTS = "last_dbt_run_results.json"  # per-node timings, read by bench/


def kept_parse(dbt_vars: Mapping[str, object]) -> Path:
    """Where runs keep dbt's parse of the project for the next run (dbt then re-parses nothing): one
    file per version of the project and set of vars (dbt re-parses everything when its vars or profile
    change). The build file is named relative to dbt's folder (`dbt_vars`), so every warehouse of one
    name shares a parse: a first run, and every test's fresh warehouse, skips dbt's full parse too."""
    options = hashlib.sha256(json.dumps(dbt_vars, sort_keys=True).encode()).hexdigest()[:16]
    return KEPT_PARSES / f"{KEPT_PARSE_PREFIX}{project_fingerprint()}.{options}.msgpack"


def prepare_target(target: Path, kept: Path) -> Path:
    """This run's dbt target folder, holding a previous run's parse of this version of the project if any."""
    target.mkdir(parents=True, exist_ok=True)
    if kept.exists():
        shutil.copyfile(kept, target / PARTIAL_PARSE)
    return target


def _by_age(paths: Iterator[Path]) -> list[Path]:
    """Oldest first; a file another run removed meanwhile is left out."""
    ages = {}
    for path in paths:
        try:
            ages[path] = path.stat().st_mtime
        except FileNotFoundError:
            continue
    return sorted(ages, key=ages.__getitem__)


KEPT_PARSES_AT_MOST = 8  # sets of vars: a Spark run's vars name its own Parquet folder, so its parse is never reused


def keep_artifacts(target: Path, kept: Path, work_dir: Path) -> None:
    """Keep this run's parse as `kept` (written whole, then renamed: runs of other warehouses may read it
    meanwhile; only the most recently used few are kept) and its timings in the warehouse's work folder."""
    if (target / PARTIAL_PARSE).exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
        shutil.copyfile(target / PARTIAL_PARSE, partial)
        os.replace(partial, kept)
        for older in _by_age(kept.parent.glob(f"{KEPT_PARSE_PREFIX}*.msgpack"))[:-KEPT_PARSES_AT_MOST]:
            older.unlink(missing_ok=True)
    if (target / RUN_RESULTS).exists():
        shutil.copyfile(target / RUN_RESULTS, work_dir / KEPT_RUN_RESULTS)


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

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        """Every data test of a model is one check of that model (dagster-dbt keeps one spec per name):
        one check per test flooded the event log (240 tests, ~480 events a run)."""
        if get_asset_check_key_for_test(manifest, self, unique_id, project) is None:
            return None
        return dg.AssetCheckSpec(DBT_TESTS_CHECK, asset=asset_spec.key, description=DBT_TESTS_DESCRIPTION)


DBT_TESTS_CHECK = "dbt_tests"
DBT_TESTS_DESCRIPTION = "Every dbt data test of this model (yml and singular tests); details name the failing ones."
PASS, WARN = "pass", "warn"


def model_checks(
    statuses: Mapping[dg.AssetKey, Mapping[str, str]],
    selected: set[dg.AssetCheckKey],
    broken: Mapping[str, str] | None = None,
) -> Iterator[dg.AssetCheckResult]:
    """One result per model from its tests' statuses (test name -> dbt status): passed when every test
    passed; a failure is an error unless every failing test was only a warning. `broken` (test name ->
    what it found, `broken_rules`) becomes the failed check's `problem`, which the run's summary shows."""
    broken = broken or {}
    for asset_key, by_test in statuses.items():
        if dg.AssetCheckKey(asset_key, DBT_TESTS_CHECK) not in selected:
            continue
        failing = sorted(name for name, status in by_test.items() if status != PASS)
        only_warnings = all(by_test[name] == WARN for name in failing)
        metadata = {"tests": len(by_test), "failing": ", ".join(failing) or "none"}
        found = [f"{name}: {broken[name]}" for name in failing if name in broken]
        if found:
            metadata["problem"] = "; ".join(found)
        yield dg.AssetCheckResult(
            asset_key=asset_key,
            check_name=DBT_TESTS_CHECK,
            passed=not failing,
            severity=dg.AssetCheckSeverity.WARN if only_warnings else dg.AssetCheckSeverity.ERROR,
            metadata=metadata,
        )


# macros/tests/test_column_rules.sql: a model's not_null / unique / accepted_values columns in one test
COLUMN_RULES = "column_rules"
RULE_WORDS = {
    "not_null": "is NULL in {n} row(s)",
    "unique": "repeats {n} value(s)",
    "accepted_values": "holds {n} value(s) outside its accepted values",
}


def broken_rules(run_results: Path, manifest: Mapping[str, Any], query: Callable[[str], list[tuple]]) -> dict[str, str]:
    """What each failed `column_rules` test of a dbt run found (test name -> "email is NULL in 3 row(s)"):
    one merged test covers several columns, so its name no longer says which one broke. The test's own
    compiled query, run again on the build once dbt has stopped, returns one row per broken rule."""
    if not run_results.exists():
        return {}
    found = {}
    for result in json.loads(run_results.read_text())["results"]:
        node = manifest["nodes"].get(result["unique_id"], {})
        if node.get("test_metadata", {}).get("name") != COLUMN_RULES or result["status"] not in ("fail", "warn"):
            continue
        rows = query(result["compiled_code"])
        found[node["name"]] = ", ".join(f"{column} {RULE_WORDS[rule].format(n=n)}" for column, rule, n in rows)
    return found


def _test_status(event: DbtCliEventMessage) -> str:
    node_info = event.raw_event["data"].get("node_info", {})
    return (node_info.get("node_status") or event.raw_event["data"].get("status") or "").lower()


def asset_events(
    invocation: DbtCliInvocation,
    context: dg.AssetExecutionContext,
    query: Callable[[str], list[tuple]] | None = None,
) -> Iterator:
    """dagster-dbt's events for models and seeds; test results gathered per model into one check each.
    `query` runs SQL on the build (DuckDB) to say what a failed merged test found (`broken_rules`)."""
    translator, manifest, project = invocation.dagster_dbt_translator, invocation.manifest, invocation.project
    statuses: dict[dg.AssetKey, dict[str, str]] = defaultdict(dict)
    selected = set(context.selected_asset_check_keys)
    try:
        for event in invocation.stream_raw_events():
            unique_id = event.raw_event["data"].get("node_info", {}).get("unique_id") or ""
            if unique_id.startswith("test.") and event.is_result_event:
                key = get_asset_check_key_for_test(manifest, translator, unique_id, project)
                if key is not None:
                    statuses[key.asset_key][key.name] = _test_status(event)
                continue
            target = invocation.target_path
            yield from event.to_default_asset_events(
                manifest=manifest, dagster_dbt_translator=translator, context=context, target_path=target
            )
    except DagsterDbtCliRuntimeError:  # dbt failed: the tests that ran are reported before the step's failure
        broken = broken_rules(invocation.target_path / RUN_RESULTS, manifest, query) if query else {}
        yield from model_checks(statuses, selected, broken)
        raise
    yield from model_checks(statuses, selected)


def _stream(
    invocation: DbtCliInvocation,
    kept: Path,
    work_dir: Path,
    context: dg.AssetExecutionContext,
    query: Callable[[str], list[tuple]] | None,
) -> Iterator:
    """The invocation's Dagster events; on the way out dbt is stopped (a step that failed mid-stream
    must not leave dbt holding the build file), its parse and timings kept for the next run and its
    per-run artifacts, read by then, removed."""
    try:
        yield from asset_events(invocation, context, query)
    finally:
        if invocation.process.poll() is None:
            invocation.process.terminate()
            invocation.process.wait()
        keep_artifacts(invocation.target_path, kept, work_dir)
        shutil.rmtree(invocation.target_path, ignore_errors=True)


def _build_args(
    target: str,
    dbt_vars: Mapping[str, object],
    warehouse: WarehouseResource,
    run_options: RunOptions,
    context: dg.AssetExecutionContext,
) -> list[str]:
    # unit tests check the models' logic, not the data: the test suite runs them (tests/test_dbt_unit_tests.py).
    # No dbt.log: it would be written at debug level (~10 MB, every statement, a few CPU-s of a 20k run) into
    # the run's target folder, which is removed after the run; the run's log has dbt's output
    args = ["build", "--target", target, "--exclude-resource-type", "unit_test", "--log-level-file", "none"]
    args += ["--vars", json.dumps(dbt_vars)]
    with warehouse.connect() as con:
        rebuilt = dbt_full_rebuild_needed(con)  # also after `--full-refresh`: the intake rebuilt every table
    # run_options.dbt_full_rebuild: the daily schedule (incremental runs test the rows they rewrote:
    # macros/tests/changed_rows_only.sql; this run tests every row)
    full = rebuilt or run_options.dbt_full_rebuild
    if full:  # incremental models would otherwise keep rows of the old drops; every data test reads every row
        args.append("--full-refresh")
    context.log.info("dbt on %s: %s", target, "full refresh" if full else "incremental: changed candidates only")
    return args


def _invoke(
    dbt: DbtCliResource,
    args: list[str],
    dbt_vars: Mapping[str, object],
    warehouse: WarehouseResource,
    context,
    query: Callable[[str], list[tuple]] | None = None,
) -> Iterator:
    warehouse.let_go()  # dbt's own process writes the build file
    kept = kept_parse(dbt_vars)  # hashes the project's files: once per run
    target = prepare_target(warehouse.dbt_target, kept)
    invocation = dbt.cli(args, context=context, target_path=target)
    return _stream(invocation, kept, Path(warehouse.work_dir), context, query)


def build_query(warehouse: WarehouseResource) -> Callable[[str], list[tuple]]:
    """SQL on the build file, for after dbt has stopped (`broken_rules`)."""

    def query(sql: str) -> list[tuple]:
        with warehouse.connect() as con:
            return con.execute(sql).fetchall()

    return query


def duckdb_vars(build_database: Path, memory_limit: str, work_lists: WorkListRules) -> dict[str, object]:
    """dbt's vars for a DuckDB build. The build file by its name only: dbt runs in the work folder
    (orchestration/dbt_child.py), so every warehouse of one name passes dbt the same vars and profile
    and dbt's parse of the project carries over between them (`kept_parse`)."""
    return {"db_path": build_database.name, "memory_limit": memory_limit, **work_lists.dbt_vars()}


def build_dbt_assets(project: DbtProject, work_lists: WorkListRules, on_spark: bool) -> dg.AssetsDefinition:
    """One asset step builds every model. DuckDB: into the build file. Spark: the step exports the
    intake, builds on Spark and brings the published models back as views (orchestration/spark.py)."""
    translator = LayeredTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))
    project.prepare_if_dev()
    manifest_path = Path(project.manifest_path)
    assets = dbt_assets(manifest=manifest_path, project=project, dagster_dbt_translator=translator, name="dbt_models")

    def duckdb_build(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, run_options: RunOptions
    ):
        dbt_vars = duckdb_vars(Path(warehouse.build_database), warehouse.memory_limit, work_lists)
        args = _build_args(DUCKDB_TARGET, dbt_vars, warehouse, run_options, context)
        yield from _invoke(dbt, args, dbt_vars, warehouse, context, build_query(warehouse))

    if not on_spark:
        return assets(duckdb_build)
    manifest = json.loads(manifest_path.read_text())
    sources = sorted((source["schema"], source["identifier"]) for source in manifest["sources"].values())

    def spark_build(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        spark: SparkResource,
        run_options: RunOptions,
    ):
        with warehouse.connect() as con:
            exported = spark.export_sources(con, sources)
        context.log.info("%d intake tables exported as Parquet for Spark", exported)
        dbt_vars = {**spark.dbt_vars(context.run.run_id), **work_lists.dbt_vars()}
        args = _build_args(spark.target, dbt_vars, warehouse, run_options, context)
        try:
            yield from _invoke(dbt, args, dbt_vars, warehouse, context)
            with warehouse.connect() as con:
                views = spark.create_views(con, context.run.run_id)
        except BaseException:
            spark.discard(context.run.run_id)
            raise
        context.log.info("%d models built on Spark, now views over Parquet in the build database", len(views))

    return assets(spark_build)
