"""Great Expectations suites as Dagster asset checks on the intake assets.

`gx_contract` is blocking (ERROR): what reaches the marts must follow the contract, or dbt and
the publish do not run. `gx_anomalies` warns (WARN): volume, freshness, time order, drift.
GX is imported inside the check: if it cannot import or run, the check fails, never passes.
Results go to the check metadata and the run history; Data Docs are rendered by the
`data_quality` job (rendering them after each of a run's 20 validations cost 5 s at 1M prospects).
"""

from datetime import UTC, datetime

import dagster as dg

from contract.connectors import CONNECTOR_SYSTEMS
from contract.tables import TABLES, Table
from orchestration.intake.assets import intake_key
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
GX_CONTRACT_DESCRIPTION = "GX: required values, enums, ranges, unique keys, no orphan references"


def gx_contract_result(con, table: Table, validator) -> dg.AssetCheckResult:
    """The blocking contract suite on one intake table (GX imported by the caller's validator)."""
    from expectations.validate import contract_outcome

    outcome = contract_outcome(con, table, validator)
    return dg.AssetCheckResult(
        asset_key=intake_key(table),
        check_name=GX_CONTRACT_CHECK,
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=outcome_metadata(outcome),
    )


def build_gx_checks(table: Table) -> list[dg.AssetChecksDefinition]:
    @dg.asset_check(asset=intake_key(table), name=GX_CONTRACT_CHECK, blocking=True, description=GX_CONTRACT_DESCRIPTION)
    def gx_contract(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from expectations.validate import Validator

        with warehouse.connect() as con:
            return gx_contract_result(con, table, Validator())

    @dg.asset_check(
        asset=intake_key(table),
        name="gx_anomalies",
        blocking=False,
        description="GX: quarantine share, newest drop vs previous, freshness, time order, reply-rate drift",
    )
    def gx_anomalies(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from expectations.validate import Validator, anomalies_outcome

        with warehouse.connect() as con:
            outcome = anomalies_outcome(con, table, Validator(), _now(), warehouse.freshness_days)
        return dg.AssetCheckResult(
            passed=outcome.success, severity=dg.AssetCheckSeverity.WARN, metadata=outcome_metadata(outcome)
        )

    return [gx_contract, gx_anomalies]


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    """GX checks of the contract's tables; connector tables are checked inside their intake step
    (orchestration/intake/connectors.py), and every table by the `data_quality` job."""
    return [check for table in TABLES if table.source not in CONNECTOR_SYSTEMS for check in build_gx_checks(table)]
