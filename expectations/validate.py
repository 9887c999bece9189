"""Run the suites on DataFrames read from DuckDB (the pandas route; GX's SQL datasource fails on
DuckDB) and turn GX results into plain outcomes for Dagster checks and the history tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd

from expectations import suites
from orchestration.intake.contract import TABLES_BY_KEY, TIMESTAMP, Table
from orchestration.intake.ingest import ident

CHUNK_ROWS = 500_000
MATURING_WEEKS = 3
EXAMPLES = 5
# time order that must hold between tables: (child, child column, parent, parent column, how they join)
ORDER_RULES = {
    "outreach__messages": ("sent_at", "sourcing__prospects", "sourced_at", "prospect_id"),
    "outreach__responses": ("responded_at", "outreach__messages", "sent_at", "message_id"),
}


@dataclass
class Outcome:
    suite: str
    table: str
    severity: str
    success: bool
    evaluated: int = 0
    failed: int = 0
    failures: list[dict] = field(default_factory=list)


class Validator:
    """One ephemeral GX context per run; optionally writes Data Docs to `docs_dir`."""

    def __init__(self, docs_dir: Path | None = None) -> None:
        self.context = gx.get_context(mode="ephemeral")
        self.source = self.context.data_sources.add_pandas("warehouse")
        self.docs_dir = docs_dir
        if docs_dir:
            self.context.add_data_docs_site(site_name="local", site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            })

    def validate(self, suite: gx.ExpectationSuite, frame: pd.DataFrame, pii: set[str] = frozenset()) -> Outcome:
        name = suite.name
        suite = self.context.suites.add_or_update(suite)
        asset = self.source.add_dataframe_asset(f"{name}.{len(self.context.validation_definitions.all())}")
        definition = self.context.validation_definitions.add(gx.ValidationDefinition(
            name=asset.name, data=asset.add_batch_definition_whole_dataframe("whole"), suite=suite))
        actions = [gx.checkpoint.UpdateDataDocsAction(name="docs")] if self.docs_dir else []
        checkpoint = self.context.checkpoints.add(gx.Checkpoint(
            name=asset.name, validation_definitions=[definition], actions=actions))
        result = next(iter(checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values()))
        failures = []
        for item in result.results:
            if item.success:
                continue
            config = item.expectation_config
            column = config.kwargs.get("column")
            examples = [] if column in pii else list(item.result.get("partial_unexpected_list") or [])[:EXAMPLES]
            failures.append({"expectation": config.type, "column": column,
                             "unexpected_count": item.result.get("unexpected_count"),
                             "observed_value": _plain(item.result.get("observed_value")),
                             "examples": [_plain(v) for v in examples]})
        return Outcome(name, "", suite.meta.get("severity", "blocking"), bool(result.success),
                       evaluated=len(result.results), failed=len(failures), failures=failures)


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return None if isinstance(value, float) and pd.isna(value) else value
    return str(value)


def _merge(outcomes: list[Outcome], name: str, table: str, severity: str) -> Outcome:
    return Outcome(name, table, severity, all(o.success for o in outcomes),
                   evaluated=sum(o.evaluated for o in outcomes), failed=sum(o.failed for o in outcomes),
                   failures=[f for o in outcomes for f in o.failures][: EXAMPLES * 2])


def contract_outcome(con: duckdb.DuckDBPyConnection, table: Table, validator: Validator) -> Outcome:
    """Blocking: the intake table's rows, keys and references follow the contract."""
    columns = ", ".join(ident(c.name) for c in table.columns)
    pii = {c.name for c in table.columns if c.pii}
    reader = con.execute(f"select {columns} from intake.{table.key}")
    outcomes = []
    while True:
        chunk = reader.fetch_df_chunk(CHUNK_ROWS // 2048)
        if chunk.empty and outcomes:
            break
        outcomes.append(validator.validate(suites.contract_rows_suite(table), chunk, pii))
        if chunk.empty:
            break
    outcomes.append(validator.validate(suites.zero_violations_suite(f"{table.key}.contract.keys", "blocking"),
                                       integrity_frame(con, table)))
    return _merge(outcomes, f"{table.key}.contract", table.key, "blocking")


def integrity_frame(con: duckdb.DuckDBPyConnection, table: Table) -> pd.DataFrame:
    """One row per key or reference rule with its violation count."""
    rules = []
    if table.primary_key:
        pk = ident(table.primary_key)
        rules.append(("unique " + table.primary_key,
                      f"select count(*) from (select {pk} from intake.{table.key} group by {pk} having count(*) > 1)"))
    for column in (c for c in table.columns if c.references):
        parent = TABLES_BY_KEY[column.references]
        rules.append((f"{column.name} -> {parent.folder}",
                      f"select count(*) from intake.{table.key} c where c.{ident(column.name)} is not null and not exists "
                      f"(select 1 from intake.{parent.key} p where p.{ident(parent.primary_key)} = c.{ident(column.name)})"))
    if not rules:
        return pd.DataFrame({"rule": ["no keys"], "violations": [0]})
    return pd.DataFrame({"rule": [r for r, _ in rules],
                         "violations": [con.execute(sql).fetchone()[0] for _, sql in rules]})


def anomalies_frame(con: duckdb.DuckDBPyConnection, table: Table, now: datetime) -> pd.DataFrame:
    """Aggregates of the landed data: quarantine share, newest drop vs previous, time sanity, drift."""
    key = table.key
    read, quarantined = con.execute(
        "select rows_read, rows_quarantined from audit.reconciliation where table_name = ?", [key]).fetchone() or (0, 0)
    drops = con.execute("""select rows_read from audit.intake_files where table_name = ? and status <> 'unreadable'
                           order by drop_seq desc limit 2""", [key]).fetchall()
    ratio = drops[0][0] / drops[1][0] if len(drops) == 2 and drops[1][0] else 1.0
    stamps = [c.name for c in table.columns if c.kind == TIMESTAMP]
    future = sum(con.execute(f"select count(*) from intake.{key} where {ident(s)} > ?", [now]).fetchone()[0] for s in stamps)
    out_of_order = 0
    if key in ORDER_RULES:
        column, parent, parent_column, join = ORDER_RULES[key]
        out_of_order = con.execute(f"""select count(*) from intake.{key} c join intake.{parent} p using ({join})
                                       where c.{column} < p.{parent_column}""").fetchone()[0]
    newest = con.execute("select max(landed_at) from audit.intake_files where table_name = ?", [key]).fetchone()[0]
    frame = pd.DataFrame({"quarantine_share": [quarantined / read if read else 0.0], "newest_drop_ratio": [ratio],
                          "future_timestamps": [future], "out_of_order": [out_of_order],
                          "days_since_newest_drop": [(now - newest).total_seconds() / 86400 if newest else 0.0]})
    if key == "outreach__responses":
        frame["last_week_reply_rate"] = [weekly_reply_rates(con)[-1] if weekly_reply_rates(con) else None]
    return frame


def weekly_reply_rates(con: duckdb.DuckDBPyConnection) -> list[float]:
    """Share of prospects first contacted in each of the last 9 weeks old enough for replies to have
    arrived (complete weeks, the newest MATURING_WEEKS left out) who replied."""
    rows = con.execute("""
        with first_touch as (
            select prospect_id, min(sent_at) as contacted_at from intake.outreach__messages
            where status = 'delivered' group by 1),
        replied as (
            select distinct r.prospect_id from intake.outreach__responses r join first_touch f using (prospect_id)
            where r.response_type <> 'auto_reply' and r.responded_at >= f.contacted_at),
        weeks as (
            select date_trunc('week', contacted_at) as week, count(*) as contacted,
                   count(replied.prospect_id) as replied
            from first_touch left join replied using (prospect_id) group by 1)
        select replied / contacted from weeks
        where week < (select date_trunc('week', max(contacted_at)) from first_touch) - interval (7 * ?) day
        order by week desc limit 9""", [MATURING_WEEKS]).fetchall()
    return [r[0] for r in reversed(rows)]


def anomalies_outcome(con: duckdb.DuckDBPyConnection, table: Table, validator: Validator, now: datetime,
                      freshness_days: float) -> Outcome:
    drift = None
    if table.key == "outreach__responses":
        rates = weekly_reply_rates(con)
        drift = (min(rates[:-1]), max(rates[:-1])) if len(rates) >= 3 else None
    frame = anomalies_frame(con, table, now)
    outcome = validator.validate(suites.anomalies_suite(table, drift, freshness_days), frame)
    outcome.table = table.key
    return outcome
