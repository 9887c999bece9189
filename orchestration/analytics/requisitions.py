"""Requisition triage as a Dagster asset: dbt's counts in, one row per requisition with its status out.

dbt counts (marts.agg_requisition_health, fct_requisition_pipeline, agg_stage_hire_durations,
agg_windowed_rates); `insights.requisitions` decides each role's chance to fill by its target date,
its status and outlook; this asset writes marts.fct_requisition_triage into the build database, the
one home of those figures: the Role page, the Overview and the weekly digest read it. A blocking
check keeps a malformed table from being served.
"""

import dagster as dg
import duckdb
import pandas as pd

from contract.windows import HIRE_WINDOW  # the windowed contact-to-hire rate (contract §9.1)
from insights import requisitions
from orchestration.resources import WarehouseResource
from settings import WorkListRules

TRIAGE_KEY = dg.AssetKey(["marts", "fct_requisition_triage"])
INPUT_KEYS = [
    dg.AssetKey(["marts", "agg_requisition_health"]),
    dg.AssetKey(["marts", "fct_requisition_pipeline"]),
    dg.AssetKey(["marts", "agg_stage_hire_durations"]),
    dg.AssetKey(["marts", "agg_windowed_rates"]),
]
TRIAGE_TABLE = "marts.fct_requisition_triage"
# the triage columns insights.requisitions adds to agg_requisition_health's, with their warehouse type
TRIAGE_TYPES = {
    "status": "varchar",
    "status_reason": "varchar",
    "chance_to_fill": "double",
    "expected_hires": "double",
    "expected_hires_low": "integer",
    "expected_hires_high": "integer",
    "expected_days_to_fill": "integer",
    "first_contacts_needed": "integer",
    "severity_rank": "integer",
}


def triage_rules(rules: WorkListRules) -> requisitions.TriageRules:
    return requisitions.TriageRules(
        on_track_chance=rules.on_track_chance_pct / 100,
        at_risk_chance=rules.at_risk_chance_pct / 100,
        days_to_fill_min_chance=rules.days_to_fill_min_chance_pct / 100,
    )


def read_inputs(
    con: duckdb.DuckDBPyConnection,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, requisitions.ContactRate]:
    health = con.execute("select * from marts.agg_requisition_health").df()
    pipeline = con.execute("select role_id, stage, days_in_stage from marts.fct_requisition_pipeline").df()
    durations = con.execute("select stage, day, events, censored from marts.agg_stage_hire_durations").df()
    (contact,) = con.execute(
        """select coalesce(any_value(converted), 0), coalesce(any_value(eligible), 0) from marts.agg_windowed_rates
           where segment_type = 'all' and cohort_month is null and stage = $stage and window_days = $days""",
        {"stage": HIRE_WINDOW[0], "days": HIRE_WINDOW[1]},
    ).fetchall()
    rate = requisitions.ContactRate(hired=int(contact[0]), eligible=int(contact[1]), window_days=HIRE_WINDOW[1])
    return health, pipeline, durations, rate


def write_triage(con: duckdb.DuckDBPyConnection, triaged: pd.DataFrame) -> None:
    """Replace the triage table: agg_requisition_health's columns as they are, the triage columns typed."""
    frame = triaged[["role_id", *TRIAGE_TYPES]].astype(object)
    frame = frame.where(frame.notna(), None)
    con.register("triage_frame", frame)
    try:
        casts = ", ".join([f"cast(f.{name} as {kind}) as {name}" for name, kind in TRIAGE_TYPES.items()])
        con.execute(
            f"""create or replace table {TRIAGE_TABLE} as
                select h.*, {casts}
                from marts.agg_requisition_health h
                inner join triage_frame f on f.role_id = h.role_id
                order by severity_rank"""
        )
    finally:
        con.unregister("triage_frame")


def build_requisition_triage(rules: WorkListRules) -> dg.AssetsDefinition:
    decide = triage_rules(rules)

    @dg.asset(key=TRIAGE_KEY, deps=INPUT_KEYS, group_name="reports", kinds={"python", "duckdb"})
    def fct_requisition_triage(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        """One row per counted requisition: status, chance to fill by its target date, outlook."""
        with warehouse.connect() as con:
            health, pipeline, durations, contact = read_inputs(con)
            triaged = requisitions.triage(health, pipeline, durations, decide, contact)
            write_triage(con, triaged)
        mix = triaged["status"].value_counts().to_dict()
        context.log.info("requisition triage: %s", mix)
        return dg.MaterializeResult(metadata={"requisitions": len(triaged), "status_mix": dg.MetadataValue.json(mix)})

    return fct_requisition_triage


def triage_problems(con: duckdb.DuckDBPyConnection, rules: WorkListRules) -> dict[str, int]:
    """Rows breaking each rule of a well-formed triage table (all 0 when it is)."""
    statuses = ", ".join(f"'{s}'" for s in requisitions.STATUSES)
    checks = {
        "unknown status": f"status is null or status not in ({statuses})",
        "over-filled or filled role not marked so": (
            "is_open and ((hires > openings and status <> 'over_filled') or (hires = openings and status <> 'filled'))"
        ),
        "chance outside [0, 1]": "chance_to_fill < 0 or chance_to_fill > 1",
        "open role needing hires without a chance": "needs_hires and chance_to_fill is null",
        "expected days to fill below the minimum chance": (
            f"expected_days_to_fill is not null and chance_to_fill < {rules.days_to_fill_min_chance_pct / 100}"
        ),
        # the mean of a skewed count may lie outside its central 95 % interval (one person at 2 %: 0.02, [0, 0])
        "interval upside down": "expected_hires_low > expected_hires_high",
        "no reason": "status_reason is null or status_reason = ''",
    }
    counts = {
        rule: con.execute(f"select count(*) from {TRIAGE_TABLE} where {condition}").fetchall()[0][0]
        for rule, condition in checks.items()
    }
    counts["severity rank not 1..n"] = con.execute(
        f"select count(*) from (select severity_rank, row_number() over (order by severity_rank) as n "
        f"from {TRIAGE_TABLE}) where severity_rank <> n"
    ).fetchall()[0][0]
    counts["roles missing"] = con.execute(
        f"select count(*) from marts.agg_requisition_health where role_id not in (select role_id from {TRIAGE_TABLE})"
    ).fetchall()[0][0]
    return counts


def build_triage_check(rules: WorkListRules) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=TRIAGE_KEY,
        name="triage_is_well_formed",
        blocking=True,
        description="Every counted requisition once; known statuses; over-filled and filled roles never at risk; "
        "chances in [0, 1]; expected days only from the minimum chance; severity ranks 1..n",
    )
    def triage_is_well_formed(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            problems = triage_problems(con, rules)
            rows = con.execute(f"select count(*) from {TRIAGE_TABLE}").fetchall()[0][0]
        failed = {rule: n for rule, n in problems.items() if n}
        return dg.AssetCheckResult(
            passed=not failed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"requisitions": rows, "problems": dg.MetadataValue.json(failed)},
        )

    return triage_is_well_formed
