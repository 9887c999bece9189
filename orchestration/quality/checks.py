"""Great Expectations suites as Dagster asset checks on the intake assets.

Each table is validated once per run (one GX validation with all its expectations: expectations/),
and the result is two checks: `gx_contract`, blocking (ERROR): no staged row breaks a rule of the
contract, or dbt and the publish do not run; `gx_anomalies`, a warning (WARN): volume and
distributions against the recent runs (the run history), freshness, time order, reply-rate drift.
Each contract table is checked in a step of its own, all with the run's one GX context; connector
tables inside their intake step (orchestration/intake/connectors.py). GX is imported inside the
check: if it cannot import, every check fails, never passes. Results go to the check metadata and
the run history, and each table's compared figures to audit.table_profiles (the history keeps them
for the next runs); Data Docs are rendered by the `data_quality` job (rendering them after each
validation cost 5 s at 1M prospects).
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from contract.connectors import CONNECTOR_SYSTEMS
from contract.tables import TABLES, Table
from orchestration.intake.assets import intake_key
from orchestration.quality.history import recent_profiles
from orchestration.resources import WarehouseResource


def outcome_metadata(outcome) -> dict:
    return {
        "suite": outcome.suite,
        "expectations_evaluated": outcome.evaluated,
        "expectations_failed": outcome.failed,
        "failures": dg.MetadataValue.json(outcome.failures),
    }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


GX_CONTRACT_CHECK = "gx_contract"
GX_CONTRACT_DESCRIPTION = "GX: no staged row breaks a contract rule (contract/rules.py); keys staged once"
GX_ANOMALIES_CHECK = "gx_anomalies"
GX_ANOMALIES_DESCRIPTION = (
    "GX: volume and value shares against the recent runs, quarantine share, freshness, time order, reply-rate drift"
)


def gx_check_specs(table: Table) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            GX_CONTRACT_CHECK, asset=intake_key(table), blocking=True, description=GX_CONTRACT_DESCRIPTION
        ),
        dg.AssetCheckSpec(GX_ANOMALIES_CHECK, asset=intake_key(table), description=GX_ANOMALIES_DESCRIPTION),
    ]


_VALIDATORS: dict[str, object] = {}  # the GX context of the run this process executes (steps run in one process)


def _validator(run_id: str):
    """One GX context per run: building one costs more CPU than validating a table."""
    from expectations.validate import Validator  # GX: a failed import fails the checks

    if run_id not in _VALIDATORS:
        _VALIDATORS.clear()
        _VALIDATORS[run_id] = Validator()
    return _VALIDATORS[run_id]


class GxRun:
    """What a step's GX checks share: the run's GX context, the clock, the recent runs' figures."""

    def __init__(self, warehouse: WarehouseResource, run_id: str) -> None:
        self.validator = _validator(run_id)
        self.now = _now()
        self.freshness_days = warehouse.freshness_days
        self.recent = recent_profiles(Path(warehouse.history_database)) if warehouse.history_database else {}

    def results(self, con, table: Table) -> list[dg.AssetCheckResult]:
        """One validation of the table: its blocking and its warning check; its figures recorded."""
        from expectations.profile import record_profile
        from expectations.validate import validate_table

        outcomes = validate_table(
            con, table, self.validator, self.now, self.freshness_days, self.recent.get(table.key, [])
        )
        record_profile(con, table, outcomes.profile)
        return [
            _result(table, GX_CONTRACT_CHECK, outcomes.contract, dg.AssetCheckSeverity.ERROR),
            _result(table, GX_ANOMALIES_CHECK, outcomes.anomalies, dg.AssetCheckSeverity.WARN),
        ]


def _result(table: Table, check: str, outcome, severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=intake_key(table),
        check_name=check,
        passed=outcome.success,
        severity=severity,
        metadata=outcome_metadata(outcome),
    )


def unavailable_results(tables: list[Table], error: Exception) -> list[dg.AssetCheckResult]:
    """GX could not be imported: every check fails (never passes), saying why."""
    return [
        dg.AssetCheckResult(
            asset_key=intake_key(table),
            check_name=check,
            passed=False,
            severity=severity,
            metadata={"error": f"Great Expectations could not run ({type(error).__name__}: {error})"},
        )
        for table in tables
        for check, severity in (
            (GX_CONTRACT_CHECK, dg.AssetCheckSeverity.ERROR),
            (GX_ANOMALIES_CHECK, dg.AssetCheckSeverity.WARN),
        )
    ]


def build_gx_checks(table: Table) -> dg.AssetChecksDefinition:
    """One step validating one table (a check of a table blocks its children's intake, so each table
    is its own step)."""

    @dg.multi_asset_check(
        name=f"intake__{table.key}_gx_checks",
        specs=gx_check_specs(table),
        description="Great Expectations: one validation",
    )
    def gx_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        try:
            run = GxRun(warehouse, context.run.run_id)
        except ImportError as error:
            yield from unavailable_results([table], error)
            return
        with warehouse.connect() as con:
            yield from run.results(con, table)

    return gx_checks


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    """The GX checks of the contract's tables; connector tables are checked inside their intake step
    (orchestration/intake/connectors.py), and every table by the `data_quality` job."""
    return [build_gx_checks(table) for table in TABLES if table.source not in CONNECTOR_SYSTEMS]
