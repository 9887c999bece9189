"""Run the suites on DataFrames read from DuckDB (the pandas route; GX's SQL datasource fails on
DuckDB) and turn GX results into plain outcomes for Dagster checks and the history tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd

from contract.sql import ident
from contract.tables import ENUM, INT, TABLES_BY_KEY, TIMESTAMP, Table
from expectations import suites

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
            self.context.add_data_docs_site(
                site_name="local",
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )

    def validate(self, suite: gx.ExpectationSuite, frame: pd.DataFrame) -> Outcome:
        name = suite.name
        suite = self.context.suites.add_or_update(suite)
        asset = self.source.add_dataframe_asset(f"{name}.{len(self.context.validation_definitions.all())}")
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(
                name=asset.name, data=asset.add_batch_definition_whole_dataframe("whole"), suite=suite
            )
        )
        actions = [gx.checkpoint.UpdateDataDocsAction(name="docs")] if self.docs_dir else []
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(name=asset.name, validation_definitions=[definition], actions=actions)
        )
        result = next(iter(checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values()))
        failures = []
        for item in result.results:
            if item.success:
                continue
            config = item.expectation_config
            column = config.kwargs.get("column")
            examples = list(item.result.get("partial_unexpected_list") or [])[:EXAMPLES]
            failures.append(
                {
                    "expectation": config.type,
                    "column": column,
                    "unexpected_count": item.result.get("unexpected_count"),
                    "observed_value": _plain(item.result.get("observed_value")),
                    "examples": [_plain(v) for v in examples],
                }
            )
        return Outcome(
            name,
            "",
            suite.meta.get("severity", "blocking"),
            bool(result.success),
            evaluated=len(result.results),
            failed=len(failures),
            failures=failures,
        )


def _plain(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return None if isinstance(value, float) and pd.isna(value) else value
    return str(value)


def contract_outcome(con: duckdb.DuckDBPyConnection, table: Table, validator: Validator) -> Outcome:
    """Blocking: the intake table's values, keys and references follow the contract.

    Each rule is counted in SQL over the whole table (one scan), and GX validates the frame of
    counts: fast at millions of rows, and a failure names the rule, the column and a few
    offending values (never values of personal-data columns)."""
    frame = contract_frame(con, table)
    outcome = validator.validate(
        suites.zero_violations_suite(f"{table.key}.contract", "blocking"), frame[["rule", "column", "violations"]]
    )
    outcome.table = table.key
    outcome.evaluated = len(frame)
    outcome.failures = [
        {
            "rule": row.rule,
            "column": None if pd.isna(row.column) else row.column,
            "violations": int(row.violations),
            "examples": row.examples,
        }
        for row in frame.itertuples()
        if row.violations
    ]
    outcome.failed = len(outcome.failures)
    return outcome


def _column_rules(table: Table) -> list[tuple[str, str, str]]:
    """(rule, column, SQL condition that marks a violating row) for every value rule of the contract."""
    rules = []
    for column in table.columns:
        name = ident(column.name)
        if column.required:
            rules.append(("not null", column.name, f"{name} is null"))
        if column.kind == ENUM:
            allowed = ", ".join("'" + v + "'" for v in column.values)
            rules.append(("in set", column.name, f"{name} not in ({allowed})"))
        if column.kind == INT and column.minimum is not None:
            rules.append((f">= {column.minimum}", column.name, f"{name} < {column.minimum}"))
        if column.kind == INT and column.maximum is not None:
            rules.append((f"<= {column.maximum}", column.name, f"{name} > {column.maximum}"))
    return rules


def contract_frame(con: duckdb.DuckDBPyConnection, table: Table) -> pd.DataFrame:
    """One row per contract rule with its violation count and up to five offending values."""
    rules = _column_rules(table)
    counts = (
        con.execute(
            "select "
            + ", ".join(f"count(*) filter (where {condition})" for _, _, condition in rules)
            + f" from intake.{table.key}"
        ).fetchone()
        if rules
        else ()
    )
    pii = {c.name for c in table.columns if c.pii}
    rows = []
    for (rule, column, condition), violations in zip(rules, counts):
        examples = []
        if violations and rule != "not null" and column not in pii:
            examples = [
                str(v[0])
                for v in con.execute(
                    f"select distinct {ident(column)} from intake.{table.key} where {condition} limit {EXAMPLES}"
                ).fetchall()
            ]
        rows.append((rule, column, violations, examples))
    keys = integrity_frame(con, table)
    rows += [(rule, None, violations, []) for rule, violations in zip(keys["rule"], keys["violations"])]
    return pd.DataFrame(rows, columns=["rule", "column", "violations", "examples"])


def integrity_frame(con: duckdb.DuckDBPyConnection, table: Table) -> pd.DataFrame:
    """One row per key or reference rule with its violation count."""
    rules = []
    if table.primary_key:
        pk = ident(table.primary_key)
        rules.append(
            (
                "unique " + table.primary_key,
                f"select count(*) from (select {pk} from intake.{table.key} group by {pk} having count(*) > 1)",
            )
        )
    for column in (c for c in table.columns if c.references):
        parent = TABLES_BY_KEY[column.references]
        rules.append(
            (
                f"{column.name} -> {parent.folder}",
                f"select count(*) from intake.{table.key} c where c.{ident(column.name)} is not null and not exists "
                f"(select 1 from {parent.keys_relation} p "
                f"where p.{ident(parent.primary_key)} = c.{ident(column.name)})",
            )
        )
    return pd.DataFrame(
        {"rule": [r for r, _ in rules], "violations": [con.execute(sql).fetchone()[0] for _, sql in rules]}
    )


def anomalies_frame(
    con: duckdb.DuckDBPyConnection, table: Table, now: datetime, reply_rates: list[float]
) -> pd.DataFrame:
    """Aggregates of the landed data: quarantine share, newest drop vs previous, time sanity, drift."""
    key = table.key
    read, quarantined = con.execute(
        "select rows_read, rows_quarantined from audit.reconciliation where table_name = ?", [key]
    ).fetchone() or (0, 0)
    drops = con.execute(
        """select rows_read from audit.intake_files where table_name = ? and status <> 'unreadable'
                           order by drop_seq desc limit 2""",
        [key],
    ).fetchall()
    ratio = drops[0][0] / drops[1][0] if len(drops) == 2 and drops[1][0] else 1.0
    stamps = [c.name for c in table.columns if c.kind == TIMESTAMP]
    future = sum(
        con.execute(f"select count(*) from intake.{key} where {ident(s)} > ?", [now]).fetchone()[0] for s in stamps
    )
    out_of_order = 0
    if key in ORDER_RULES:
        column, parent, parent_column, join = ORDER_RULES[key]
        out_of_order = con.execute(f"""select count(*) from intake.{key} c join intake.{parent} p using ({join})
                                       where c.{column} < p.{parent_column}""").fetchone()[0]
    newest = con.execute("select max(landed_at) from audit.intake_files where table_name = ?", [key]).fetchone()[0]
    frame = pd.DataFrame(
        {
            "quarantine_share": [quarantined / read if read else 0.0],
            "newest_drop_ratio": [ratio],
            "future_timestamps": [future],
            "out_of_order": [out_of_order],
            "days_since_newest_drop": [(now - newest).total_seconds() / 86400 if newest else 0.0],
        }
    )
    if key == "outreach__responses":
        frame["last_week_reply_rate"] = [reply_rates[-1] if reply_rates else None]
    return frame


def weekly_reply_rates(con: duckdb.DuckDBPyConnection) -> list[float]:
    """Share of prospects first contacted in each of the last 9 weeks old enough for replies to have
    arrived (complete weeks, the newest MATURING_WEEKS left out) who replied."""
    rows = con.execute(
        """
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
        order by week desc limit 9""",
        [MATURING_WEEKS],
    ).fetchall()
    return [r[0] for r in reversed(rows)]


def anomalies_outcome(
    con: duckdb.DuckDBPyConnection, table: Table, validator: Validator, now: datetime, freshness_days: float
) -> Outcome:
    rates = weekly_reply_rates(con) if table.key == "outreach__responses" else []
    drift = (min(rates[:-1]), max(rates[:-1])) if len(rates) >= 3 else None
    frame = anomalies_frame(con, table, now, rates)
    outcome = validator.validate(suites.anomalies_suite(table, drift, freshness_days), frame)
    outcome.table = table.key
    return outcome
