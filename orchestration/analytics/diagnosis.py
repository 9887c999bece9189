"""The diagnosis (contract §9.2) as Dagster assets: dbt's count tables in, findings out.

dbt counts (marts.agg_diagnosis_counts, eligible prospects only); `insights.diagnosis` tests; this
multi-asset writes marts.fct_diagnosis_findings and marts.fct_diagnosis_coverage (per explanation:
tested or not, comparisons, findings) into the build database, so the publish step ships them with
the marts they were computed from. A blocking check keeps a malformed findings table from being served.
"""

import dagster as dg
import duckdb
import pandas as pd

from contract import vocabulary as V
from insights import diagnosis
from orchestration.resources import WarehouseResource

FINDINGS_KEY = dg.AssetKey(["marts", "fct_diagnosis_findings"])
COVERAGE_KEY = dg.AssetKey(["marts", "fct_diagnosis_coverage"])
INPUT_KEYS = [dg.AssetKey(["marts", "agg_diagnosis_counts"]), dg.AssetKey(["marts", "dim_roles"])]
FINDINGS_TABLE = "marts.fct_diagnosis_findings"
COVERAGE_TABLE = "marts.fct_diagnosis_coverage"
# every column of insights.diagnosis.FINDING_COLUMNS, with its warehouse type
COLUMN_TYPES = {
    "finding_rank": "integer",
    "explanation": "varchar",
    "dimension": "varchar",
    "scope": "varchar",
    "subject": "varchar",
    "metric": "varchar",
    "direction": "varchar",
    "window_days": "integer",
    "subject_rate": "double",
    "comparison_rate": "double",
    "effect": "double",
    "ci_low": "double",
    "ci_high": "double",
    "p_value": "double",
    "p_adjusted": "double",
    "impact": "double",
    "subject_eligible": "bigint",
    "subject_converted": "bigint",
    "comparison_eligible": "bigint",
    "comparison_converted": "bigint",
    "odds_ratio": "double",
    "adjusted_for": "varchar",
    "family_tests": "integer",
    "test": "varchar",
    "small_sample": "boolean",
    "merged_with": "varchar",
    "finding_id": "varchar",
    "sentence": "varchar",
    "suggested_action": "varchar",
}
COVERAGE_TYPES = {
    "explanation": "varchar",
    "tested": "boolean",
    "comparisons": "integer",
    "findings": "integer",
    "summary": "varchar",
}


def read_counts(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """The count tables and the labels sentences name roles by."""
    counts = con.execute("select * from marts.agg_diagnosis_counts").df()
    roles = con.execute("select role_id, role_title from marts.dim_roles").df()
    labels = {"role_id": dict(zip(roles["role_id"], roles["role_title"] + " (" + roles["role_id"] + ")"))}
    return counts, labels


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, types: dict[str, str]) -> None:
    """Replace `table` with `frame`, typed as `types` (also when empty)."""
    frame = frame[list(types)].astype(object).where(frame[list(types)].notna(), None)
    con.register("diagnosis_frame", frame)
    try:
        casts = ", ".join(f"cast({name} as {kind}) as {name}" for name, kind in types.items())
        con.execute(f"create or replace table {table} as select {casts} from diagnosis_frame")
    finally:
        con.unregister("diagnosis_frame")


def write_findings(con: duckdb.DuckDBPyConnection, findings: pd.DataFrame) -> None:
    write_table(con, FINDINGS_TABLE, findings, COLUMN_TYPES)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            FINDINGS_KEY,
            deps=INPUT_KEYS,
            group_name="reports",
            kinds={"python", "duckdb"},
            description="Why response is low (contract §9.2): one row per finding, with its suggested action.",
        ),
        dg.AssetSpec(
            COVERAGE_KEY,
            deps=INPUT_KEYS,
            group_name="reports",
            kinds={"python", "duckdb"},
            description="One row per explanation of §9.2: tested or not, comparisons made, findings.",
        ),
    ]
)
def fct_diagnosis_findings(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """insights.diagnosis on dbt's counts: the findings and what was checked."""
    with warehouse.connect() as con:
        counts, labels = read_counts(con)
        tests = diagnosis.run_tests(counts)
        found = diagnosis.findings(tests, labels, counts=counts)
        covered = diagnosis.coverage(tests, found)
        write_findings(con, found)
        write_table(con, COVERAGE_TABLE, covered, COVERAGE_TYPES)
    context.log.info("%d findings from %d comparisons", len(found), len(tests))
    per_family = tests.groupby("explanation").size().to_dict() if not tests.empty else {}
    yield dg.MaterializeResult(
        asset_key=FINDINGS_KEY,
        metadata={
            "findings": len(found),
            "comparisons": len(tests),
            "comparisons_per_family": dg.MetadataValue.json({k: int(v) for k, v in per_family.items()}),
        },
    )
    yield dg.MaterializeResult(asset_key=COVERAGE_KEY, metadata={"untested": int((~covered["tested"]).sum())})


def findings_problems(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows breaking each rule of a well-formed findings table (all 0 when it is)."""
    columns = {row[0] for row in con.execute(f"select column_name from (describe {FINDINGS_TABLE})").fetchall()}
    problems = {f"missing column {c}": 1 for c in diagnosis.CONTRACT_COLUMNS if c not in columns}
    if problems:
        return problems
    explanations = ", ".join(f"'{e}'" for e in V.DIAGNOSIS_EXPLANATIONS)
    directions = ", ".join(f"'{d}'" for d in V.FINDING_DIRECTIONS)
    rules = {
        "p_adjusted outside [0, alpha)": f"p_adjusted is null or p_adjusted < 0 or p_adjusted >= {diagnosis.ALPHA}",
        "rate outside [0, 1]": "subject_rate not between 0 and 1 or comparison_rate not between 0 and 1",
        "effect is not subject_rate - comparison_rate": "abs(effect - (subject_rate - comparison_rate)) > 1e-9",
        "interval does not hold the effect": "not (ci_low <= effect and effect <= ci_high)",
        "unknown explanation": f"explanation is null or explanation not in ({explanations})",
        "unknown direction": f"direction is null or direction not in ({directions})",
        "negative impact": "impact is null or impact < 0",
        "no sentence": "sentence is null or sentence = ''",
        "no suggested action": "suggested_action is null or suggested_action = ''",
    }
    counts = {
        rule: con.execute(f"select count(*) from {FINDINGS_TABLE} where {condition}").fetchone()[0]
        for rule, condition in rules.items()
    }
    counts["rank not 1..n, worse first, in order of impact"] = con.execute(
        f"""select count(*) from (
                select finding_rank, row_number() over (
                    order by direction <> 'worse', impact desc, finding_rank) as expected
                from {FINDINGS_TABLE}) where finding_rank <> expected"""
    ).fetchone()[0]
    return counts


@dg.asset_check(
    asset=FINDINGS_KEY,
    name="findings_are_well_formed",
    blocking=True,
    description="Contract §9.2 columns present; p_adjusted < 0.05; rates in [0, 1]; known explanations and "
    "directions; interval holds the effect; a suggested action each; ranks: worse first, then by impact",
)
def findings_are_well_formed(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        problems = findings_problems(con)
        rows = con.execute(f"select count(*) from {FINDINGS_TABLE}").fetchone()[0]
    failed = {rule: n for rule, n in problems.items() if n}
    return dg.AssetCheckResult(
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={"findings": rows, "problems": dg.MetadataValue.json(failed)},
    )
