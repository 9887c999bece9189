"""The `data_quality` job: every GX suite against the published warehouse, with Data Docs (its
schedule is in orchestration/automation.py)."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from contract.tables import TABLES
from orchestration.quality.history import recent_profiles
from orchestration.resources import WarehouseResource

DATA_QUALITY_JOB = "data_quality"


@dg.op(description="Runs every GX suite against the published warehouse, builds Data Docs, records the results.")
def validate_published_warehouse(context: dg.OpExecutionContext, warehouse: WarehouseResource) -> dict:
    from expectations.validate import Validator, validate_table

    started = datetime.now(UTC).replace(tzinfo=None)
    validator = Validator(Path(warehouse.data_docs_dir) if warehouse.data_docs_dir else None)
    recent = recent_profiles(Path(warehouse.history_database)) if warehouse.history_database else {}
    outcomes = []
    with warehouse.connect(served=True) as con:
        for table in TABLES:
            validated = validate_table(
                con, table, validator, started, warehouse.freshness_days, recent.get(table.key, [])
            )
            outcomes += [validated.contract, validated.anomalies]
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
