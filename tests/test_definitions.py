import json
from importlib import metadata
from pathlib import Path

import dagster as dg
import dagster_dbt.core.resource
import pytest
from packaging import version

from contract.tables import TABLES
from orchestration.definitions import FULL_RUN_JOB, build_definitions, defs
from orchestration.resources import run_options_config
from orchestration.transform import dbt_project, dbt_resource, duckdb_vars, kept_parse
from settings import load_settings


@pytest.mark.slow
def test_definitions_load_with_every_asset_check_and_job(tmp_path):
    definitions = build_definitions(load_settings(environ={}, landing_dir=tmp_path, warehouse=tmp_path / "w.duckdb"))
    keys = {key.to_user_string() for key in definitions.resolve_all_asset_keys()}
    assert {f"intake/{t.key}" for t in TABLES} <= keys
    assert {
        "marts/fct_prospect_funnel",
        "marts/dim_roles",
        "marts/dim_recruiters",
        "marts/agg_windowed_rates",
        "marts/fct_diagnosis_findings",
        "marts/fct_requisition_triage",
        "published_warehouse",
    } <= keys
    graph = definitions.resolve_asset_graph()
    check_keys = {str(k.name) for k in graph.asset_check_keys}
    assert {"rows_reconcile", "findings_are_well_formed", "triage_is_well_formed"} <= check_keys
    assert dg.AssetCheckKey(dg.AssetKey(["marts", "fct_prospect_funnel"]), "dbt_tests") in graph.asset_check_keys
    assert definitions.resolve_job_def(FULL_RUN_JOB) is not None


def test_code_location_entry_point_loads():
    loaded = defs() if callable(defs) else defs
    assert isinstance(loaded, dg.Definitions)


def test_every_schedule_and_sensor_is_defined_with_its_run_options():
    definitions = defs() if callable(defs) else defs
    schedules = {s.name: s for s in definitions.schedules}
    assert set(schedules) == {"daily_full_run", "hourly_data_quality", "monday_digest"}
    # the daily run rebuilds dbt in full through its run config, as the Launchpad would
    (request,) = schedules["daily_full_run"].evaluate_tick(dg.build_schedule_context()).run_requests
    assert request.run_config == run_options_config(dbt_full_rebuild=True)
    assert {s.name for s in definitions.sensors} == {
        "new_drop_sensor",
        "record_successful_runs",
        "record_failed_runs",
        "alert_failed_runs",
        "alert_after_successful_runs",
    }


def test_a_dbt_call_costs_one_dbt_process_and_no_dbt_adapter_in_this_one(monkeypatch):
    """dagster-dbt ran `dbt --version` before every dbt call (a second dbt process: ~1.8 CPU-s and a
    look-up of the latest release on the network) and loaded every macro of the project into a dbt
    adapter in the run's process (~1.4 CPU-s) that only serves metadata the assets do not fetch."""

    def no_process(*args, **kwargs):
        raise AssertionError(f"started a process: {args[0]}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", no_process)
    resource = dbt_resource(dbt_project())
    assert resource._cli_version == version.parse(metadata.version("dbt-core"))
    assert resource._initialize_dbt_core_adapter(["build", "--vars", "{}"]) is None


def test_the_change_tables_staging_is_compiled_into_its_readers_not_built_in_every_run():
    """The 31 stg_changes__ views were each a dbt node and a Dagster asset (materialization events)
    in every run, for a rename read once by one model: they are ephemeral now."""
    manifest = json.loads(Path(dbt_project().manifest_path).read_text())
    changes = {
        node["name"]: node["config"]["materialized"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("stg_changes__")
    }
    assert len(changes) > 20 and set(changes.values()) == {"ephemeral"}
    asset_names = {key.path[-1] for key in defs().resolve_all_asset_keys()}
    assert "int_changed_candidates" in asset_names and not asset_names & changes.keys()


def test_a_fresh_warehouse_reuses_the_dbt_parse_of_another_warehouse_of_its_name(tmp_path):
    """dbt re-parses the whole project (~4 CPU-s of a 20k run) when its vars change; they named the build
    file by its full path, so the first run of every warehouse (and of every test) parsed from scratch."""
    rules = load_settings().work_lists
    first, second = (tmp_path / folder / ".w.work" / "w.building.duckdb" for folder in ("a", "b"))
    assert kept_parse(duckdb_vars(first, "5GB", rules)) == kept_parse(duckdb_vars(second, "5GB", rules))
    assert kept_parse(duckdb_vars(first, "5GB", rules)) != kept_parse(duckdb_vars(first, "2GB", rules))
