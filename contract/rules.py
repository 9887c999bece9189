"""Every row rule of data contract v1 (docs/contract.md §1-§3), declared once as data.

A rule names its table, its column, the SQL condition under which a row breaks it and the reason a
person reads (it names the column and the rule, never the value: contract §3). The conditions are
written over three placeholders, so one declaration is compiled into both places that enforce it:

- the intake's quarantine (intake/quarantine.py) fills them with a landing row's trimmed text
  (`{text}`), that text typed (`{typed}`) and its file's landing time (`{landed_at}`);
- the contract check on the staged tables (expectations/validate.py) fills them with the staged
  value (already typed) and the row's `_landed_at`: a staged row that breaks a rule is a bug or a
  tampered warehouse, and blocks the publish.

Key uniqueness is the table's primary key (a later drop's row supersedes an earlier one in the
intake; the check counts keys staged twice). The file-level rules of §3 (encoding, duplicate
column names, links out of the landing folder, rows the CSV reader cannot split) are the refusal
reasons of intake/files.py and `CSV_REJECT_REASONS` below.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.sql import ident, literal
from contract.tables import BOOL, DATE, ENUM, INT, TABLES_BY_KEY, TIMESTAMP, Column, Table, keys_relation

LONGEST_VALUE = 1 << 20  # characters; a longer value quarantines its row (contract §3: "longer than 1 MB")
MAX_LINE_BYTES = 2 * LONGEST_VALUE  # a longer CSV line is rejected by the reader, by itself
EARLIEST = "2000-01-01"  # an earlier timestamp or date is implausible (contract §3)
CLOCK_SKEW = "1 day"  # a timestamp later than the run's clock by more than this is implausible
CLOCK = "timezone('UTC', current_timestamp)"  # the run's wall clock, UTC (a file's time can be wrong too)
DATE_HORIZON_YEARS = 10  # a date later than this after its file landed is implausible (decisions.md)
INTEGER_PATTERN = "[+-]?[0-9]+"
# what the CSV reader's reject types mean, in the quarantine's words (never its message: it quotes the line)
CSV_REJECT_REASONS = {
    "MISSING COLUMNS": "row has fewer fields than the header",
    "TOO MANY COLUMNS": "row has more fields than the header",
    "LINE SIZE OVER MAXIMUM": f"row longer than {MAX_LINE_BYTES // LONGEST_VALUE} MB",
    "UNQUOTED VALUE": "row has a value with a stray or unclosed quote",
}

TYPE_LABELS = {INT: "a whole number", TIMESTAMP: "an ISO 8601 timestamp", DATE: "a YYYY-MM-DD date", BOOL: "a boolean"}

EVERY_TEXT = "*"  # the column of a rule that applies to every text column of a row (extra columns too)


@dataclass(frozen=True)
class Rule:
    """One row rule: compiled by the quarantine over landing rows and by the GX check over staged rows."""

    table: str  # key of the table (`<source>__<name>`)
    column: str  # the column it reads, or EVERY_TEXT
    check: str  # short name: required, type, allowed, range, plausible, length, reference
    broken: str  # SQL condition, true when a row breaks the rule, over {text}, {typed} and {landed_at}
    reason: str  # what a person reads; `{column}` stands for the column's name

    def condition(self, column: str, text: str, typed: str, landed_at: str) -> str:
        return self.broken.format(text=text, typed=typed, landed_at=landed_at, column=column)

    def message(self, column: str) -> str:
        return self.reason.format(column=column)


def _type_rules(table: Table, column: Column) -> list[Rule]:
    name = column.name
    rules = []
    if column.required:
        rules.append(Rule(table.key, name, "required", "{text} is null", f"{name}: required value missing"))
    if column.kind == ENUM:
        allowed = ", ".join(literal(v) for v in column.values)
        rules.append(
            Rule(
                table.key,
                name,
                "allowed",
                f"{{text}} is not null and lower({{text}}) not in ({allowed})",
                f"{name}: unknown value (expected one of {', '.join(column.values)})",
            )
        )
    elif column.kind in TYPE_LABELS:
        rules.append(
            Rule(
                table.key,
                name,
                "type",
                "{text} is not null and {typed} is null",
                f"{name}: cannot be read as {TYPE_LABELS[column.kind]}",
            )
        )
    return rules


def _plausibility_rules(table: Table, column: Column) -> list[Rule]:
    """A timestamp or date that cannot be true (contract §3), in the order their reasons are given."""
    name, kind = column.name, column.kind
    if kind not in (TIMESTAMP, DATE):
        return []
    rules = [
        Rule(table.key, name, "plausible", "not isfinite({typed})", f"{name}: not a finite {kind}"),
        Rule(
            table.key, name, "plausible", f"{{typed}} < '{EARLIEST}'", f"{name}: implausible {kind}, before {EARLIEST}"
        ),
    ]
    if column.future:  # a deadline: only the lower bound applies
        return rules
    if kind == TIMESTAMP:  # the file's time may be as wrong as the row's (issue 19)
        rules.append(
            Rule(
                table.key,
                name,
                "plausible",
                f"{{typed}} > {CLOCK} + interval {CLOCK_SKEW}",
                f"{name}: implausible {kind}, later than the run's clock plus {CLOCK_SKEW}",
            )
        )
        latest, later = "{landed_at} + interval 1 day", "later than its file's landing time plus one day"
    else:
        latest = f"({{landed_at}} + interval {DATE_HORIZON_YEARS} year)::date"
        later = f"more than {DATE_HORIZON_YEARS} years after its file landed"
    rules.append(Rule(table.key, name, "plausible", f"{{typed}} > {latest}", f"{name}: implausible {kind}, {later}"))
    return rules


def _range_rules(table: Table, column: Column) -> list[Rule]:
    if column.minimum is None and column.maximum is None:
        return []
    low = "-inf" if column.minimum is None else column.minimum
    high = "inf" if column.maximum is None else column.maximum
    bounds = [f"{{typed}} < {column.minimum}"] if column.minimum is not None else []
    bounds += [f"{{typed}} > {column.maximum}"] if column.maximum is not None else []
    return [Rule(table.key, column.name, "range", " or ".join(bounds), f"{column.name}: outside {low}..{high}")]


def _reference_rule(table: Table, column: Column) -> list[Rule]:
    if not column.references:
        return []
    parent = TABLES_BY_KEY[column.references]
    keys = f"select 1 from {keys_relation(parent)} as p where p.{ident(parent.primary_key)} = {{typed}}"
    return [
        Rule(
            table.key,
            column.name,
            "reference",
            f"{{typed}} is not null and not exists ({keys})",
            f"{column.name}: not among the staged {parent.folder}",
        )
    ]


LENGTH_RULE = "length({text}) > " + str(LONGEST_VALUE)


def value_rules(table: Table) -> tuple[Rule, ...]:
    """The rules on one row's own values, column by column: for each column at most one is broken
    (its reason is the first that applies), then the length rule that every text column obeys."""
    rules = [
        rule
        for column in table.columns
        for rule in (*_type_rules(table, column), *_plausibility_rules(table, column), *_range_rules(table, column))
    ]
    return (*rules, Rule(table.key, EVERY_TEXT, "length", LENGTH_RULE, "{column}: value longer than 1 MB"))


def reference_rules(table: Table) -> tuple[Rule, ...]:
    """A value that must be a staged key of another table (a row of a quarantined parent is quarantined too)."""
    return tuple(rule for column in table.columns for rule in _reference_rule(table, column))


def rules(table: Table) -> tuple[Rule, ...]:
    """Every row rule of a table, in the order the intake gives their reasons."""
    return value_rules(table) + reference_rules(table)
