"""Validate each table's suite once per run on its profile, a one-row DataFrame measured in DuckDB (the
pandas route; GX's SQL datasource fails on DuckDB), and turn the GX result into plain outcomes for
Dagster checks and the history tables: the blocking one (contract) and the warning one (anomalies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from contract.sql import ident
from contract.tables import Table
from expectations import suites
from expectations.profile import SHARES, rule_column, rule_condition, staged_rules, table_profile

MATURING_WEEKS = 3
EXAMPLES = 5


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
    """One ephemeral GX context per run, without progress bars; optionally writes Data Docs to `docs_dir`."""

    def __init__(self, docs_dir: Path | None = None) -> None:
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("warehouse")
        self.frames = self.source.add_dataframe_asset("figures").add_batch_definition_whole_dataframe("whole")
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

    def validate(self, suite: gx.ExpectationSuite, frame: pd.DataFrame) -> list:
        """The results of every expectation of the suite on the frame (one validation). With Data Docs it
        runs as a checkpoint, whose action renders them; else on the batch alone (a third less CPU)."""
        if not self.docs_dir:
            return self.frames.get_batch(batch_parameters={"dataframe": frame}).validate(suite).results
        name = suite.name
        suite = self.context.suites.add_or_update(suite)
        asset = self.source.add_dataframe_asset(f"{name}.{len(self.context.validation_definitions.all())}")
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(
                name=asset.name, data=asset.add_batch_definition_whole_dataframe("whole"), suite=suite
            )
        )
        actions = [gx.checkpoint.UpdateDataDocsAction(name="docs")]
        checkpoint = self.context.checkpoints.add(
            gx.Checkpoint(name=asset.name, validation_definitions=[definition], actions=actions)
        )
        return next(iter(checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values())).results


def _plain(value):
    """A value as JSON holds it (numpy's floats as floats, NaN as None)."""
    if isinstance(value, float):
        return None if pd.isna(value) else float(value)
    if value is None or isinstance(value, (str, int, bool)):
        return value
    return str(value)


# the figures GX judges one by one (the rules and the shares are rows of their own)
SCALARS = (
    "quarantine_share",
    "newest_drop_ratio",
    "days_since_newest_drop",
    "days_since_latest_activity",
    "out_of_order",
    "rows_staged",
    "last_week_reply_rate",
)
BATCH_COLUMNS = ("figure", "violations", "share", "recent_mean", "share_shift", *SCALARS)


@dataclass
class TableOutcomes:
    """One table's validation: what blocks (contract rules) and what warns (anomalies)."""

    contract: Outcome
    anomalies: Outcome
    profile: dict


def batch(table: Table, profile: dict, recent: list[dict[str, float]]) -> pd.DataFrame:
    """The frame GX validates for one table: a row of the scalar figures, a row per contract rule with
    the staged rows that break it, a row per share with how far it moved from the recent runs' mean."""
    rows = [{"figure": "table", **{name: profile.get(name) for name in SCALARS}}]
    rows += [
        {"figure": rule.message(column), "violations": profile[rule_column(i)]}
        for i, (rule, column) in enumerate(staged_rules(table))
    ]
    if table.primary_key:
        rows.append({"figure": f"{table.primary_key}: staged once", "violations": profile["keys_staged_twice"]})
    for metric, value in profile.items():
        compared = suites.share_range(metric, recent) if metric.startswith(SHARES) and value is not None else None
        if compared:
            rows.append(
                {"figure": metric, "share": value, "recent_mean": compared[0], "share_shift": abs(value - compared[0])}
            )
    return pd.DataFrame(rows, columns=list(BATCH_COLUMNS)).astype({c: "float64" for c in BATCH_COLUMNS[1:]})


def _rule_failures(con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame) -> list[dict]:
    """A broken contract rule as a person reads it: the rule, how many staged rows break it and up to
    five of their values (never for a missing value, never of a personal-data column)."""
    pii = {c.name for c in table.columns if c.pii}
    failures = []
    for i, (rule, column) in enumerate(staged_rules(table)):
        broken = int(frame["violations"].iloc[i + 1])
        if not broken:
            continue
        examples = []
        if rule.check != "required" and column not in pii:
            examples = [
                str(v[0])
                for v in con.execute(
                    f"select distinct c.{ident(column)} from intake.{table.key} as c "
                    f"where {rule_condition(rule, column)} limit {EXAMPLES}"
                ).fetchall()
            ]
        failures.append({"rule": rule.message(column), "column": column, "violations": broken, "examples": examples})
    twice = frame[frame["figure"] == f"{table.primary_key}: staged once"]["violations"]
    if table.primary_key and int(twice.iloc[0]):
        failures.append(
            {
                "rule": "unique " + table.primary_key,
                "column": table.primary_key,
                "violations": int(twice.iloc[0]),
                "examples": [],
            }
        )
    return failures


def _anomaly_failures(frame: pd.DataFrame, failed: list) -> list[dict]:
    """A failed anomaly expectation as a person reads it: the figure, its value, its expected range."""
    failures = []
    for item in failed:
        figure, kwargs = item.expectation_config.kwargs["column"], item.expectation_config.kwargs
        bounds = {"min_value": _plain(kwargs.get("min_value")), "max_value": _plain(kwargs.get("max_value"))}
        if figure == "share_shift":
            moved = frame[frame["share_shift"] > suites.SHARE_TOLERANCE]
            failures += [
                {
                    "column": row.figure,
                    "observed_value": round(row.share, 4),
                    "recent_mean": round(row.recent_mean, 4),
                    **bounds,
                }
                for row in moved.itertuples()
            ]
        else:
            failures.append({"column": figure, "observed_value": _plain(frame[figure].iloc[0]), **bounds})
    return failures


def validate_table(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    validator: Validator,
    now: datetime,
    freshness_days: float,
    recent: list[dict[str, float]] | None = None,
) -> TableOutcomes:
    """One validation of a table's suite. `recent`: the compared figures of the last successful runs,
    newest first (the run history; none on a first run)."""
    recent = recent or []
    profile = table_profile(con, table, now)
    drift = None
    if table.key == "outreach__responses":
        rates = weekly_reply_rates(con)
        profile["last_week_reply_rate"] = rates[-1] if rates else None
        drift = (min(rates[:-1]), max(rates[:-1])) if len(rates) >= 3 else None
    frame = batch(table, profile, recent)
    results = validator.validate(suites.table_suite(table.key, recent, freshness_days, drift), frame)
    by_severity = {
        severity: [r for r in results if r.expectation_config.meta["severity"] == severity]
        for severity in (suites.BLOCKING, suites.WARNING)
    }
    contract_failures = _rule_failures(con, table, frame)
    anomalies = [r for r in by_severity[suites.WARNING] if not r.success]
    contract = Outcome(
        f"{table.key}.contract",
        table.key,
        suites.BLOCKING,
        all(r.success for r in by_severity[suites.BLOCKING]),
        len(frame["violations"].dropna()),
        len(contract_failures),
        contract_failures,
    )
    warning = Outcome(
        f"{table.key}.anomalies",
        table.key,
        suites.WARNING,
        not anomalies,
        len(by_severity[suites.WARNING]),
        len(anomalies),
        _anomaly_failures(frame, anomalies),
    )
    return TableOutcomes(contract, warning, profile)


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
