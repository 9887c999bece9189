"""Intake of ATS connector tables (Greenhouse, Lever) and of the ATS stage and outcome mapping.

A connector lands a dozen tables per ATS. One asset per table (as for the contract's tables) would
add four Dagster steps per table to every run, also for teams that do not use that ATS, so each
ATS is one step: it ingests its tables in dependency order (the same intake as every landing
table, `ingest_mapped`) and reports, per table, the materialization and the checks a contract
table has (`rows_reconcile`, `quarantine_share`, `gx_contract`, `gx_anomalies`). A system without a
folder in the landing gives empty tables, so dbt's staging models always have their sources.
"""

from pathlib import Path

import dagster as dg

from contract.connectors import CONNECTOR_SYSTEMS
from contract.tables import TABLES, Table
from intake import erasure
from intake.ats_mapping import LANDING_FILE, TABLE, write_ats_value_map
from orchestration.intake.assets import (
    BUILD_ASSET_KEY,
    QUARANTINE_CHECK,
    QUARANTINE_DESCRIPTION,
    RECONCILE_CHECK,
    RECONCILE_DESCRIPTION,
    ingest_mapped,
    intake_key,
    log_report,
    quarantine_result,
    reconciliation_result,
    report_metadata,
)
from orchestration.quality.checks import GX_ANOMALIES_CHECK, GX_CONTRACT_CHECK, GxRun, gx_check_specs
from orchestration.resources import RunOptions, WarehouseResource

VALUE_MAP_KEY = dg.AssetKey(["intake", TABLE])
CHECKS = (
    (RECONCILE_CHECK, RECONCILE_DESCRIPTION),
    (QUARANTINE_CHECK, QUARANTINE_DESCRIPTION),
)


def connector_tables(system: str) -> tuple[Table, ...]:
    return tuple(t for t in TABLES if t.source == system)


def build_connector_intake(system: str, landing_dir: Path) -> dg.AssetsDefinition:
    tables = connector_tables(system)
    specs = [
        dg.AssetSpec(
            intake_key(t),
            deps=[BUILD_ASSET_KEY, dg.AssetKey(["intake", erasure.REQUESTS])],
            group_name="intake",
            kinds={"duckdb"},
            description=f"`{t.folder}` connector table typed and checked: valid rows, latest drop per key.",
            metadata={"landing_folder": t.folder, "primary_key": t.primary_key or "(none)"},
        )
        for t in tables
    ]
    checks = [
        dg.AssetCheckSpec(name, asset=intake_key(t), blocking=True, description=description)
        for t in tables
        for name, description in CHECKS
    ] + [spec for t in tables for spec in gx_check_specs(t)]

    @dg.multi_asset(name=f"intake_{system}", specs=specs, check_specs=checks)
    def _intake(context: dg.AssetExecutionContext, warehouse: WarehouseResource, run_options: RunOptions):
        gx_run = None
        with warehouse.connect() as con:
            for table in tables:
                report = ingest_mapped(con, table, landing_dir, run_options.full_refresh)
                log_report(context, table, report)
                yield dg.MaterializeResult(asset_key=intake_key(table), metadata=report_metadata(report))
                yield reconciliation_result(con, table)
                yield quarantine_result(con, table, warehouse.max_quarantine_share, run_options.accept_quarantine)
                if report.rows_staged == 0:  # a team without this ATS: no rows, nothing for GX to check
                    yield from empty_table_results(table)
                    continue
                gx_run = gx_run or GxRun(warehouse, context.run_id)  # GX: a failed import fails the step
                yield from gx_run.results(con, table)

    return _intake


def empty_table_results(table: Table) -> list[dg.AssetCheckResult]:
    return [
        dg.AssetCheckResult(
            asset_key=intake_key(table), check_name=check, passed=True, severity=severity, metadata={"rows_staged": 0}
        )
        for check, severity in (
            (GX_CONTRACT_CHECK, dg.AssetCheckSeverity.ERROR),
            (GX_ANOMALIES_CHECK, dg.AssetCheckSeverity.WARN),
        )
    ]


def build_value_map_asset(landing_dir: Path) -> dg.AssetsDefinition:
    @dg.asset(
        key=VALUE_MAP_KEY,
        deps=[BUILD_ASSET_KEY],
        group_name="intake",
        kinds={"duckdb"},
        description=(
            "The ATS stage and outcome mapping (intake/ats_mapping.yml, overridden by "
            f"`{LANDING_FILE}` in the landing folder), one row per entry, for dbt."
        ),
    )
    def ats_value_map(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            entries, changed = write_ats_value_map(con, landing_dir)
        context.log.info(
            "ATS mapping: %d entries%s", entries, " (changed: dbt rebuilds every model)" if changed else ""
        )
        return dg.MaterializeResult(metadata={"entries": entries, "changed": changed})

    return ats_value_map


def build_connector_definitions(landing_dir: Path) -> list[dg.AssetsDefinition]:
    return [
        *(build_connector_intake(system, landing_dir) for system in CONNECTOR_SYSTEMS),
        build_value_map_asset(landing_dir),
    ]
