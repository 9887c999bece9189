"""How one text value of a landing row is typed and what can be wrong with it (contract §1-§3).

Everything is a SQL expression over the trimmed text value, so DuckDB types every row at once.
Problems are readable and name the column and the rule, never the value itself: a reason may be
shown and downloaded, and the value can be personal data (contract §3). The raw values are kept
only in the quarantine's own column.
"""

from __future__ import annotations

from contract.sql import ident, literal
from contract.tables import BOOL, DATE, ENUM, INT, TIMESTAMP, Column, Table

LONGEST_VALUE = 1 << 20  # characters; a longer value quarantines its row (contract §3: "longer than 1 MB")
EARLIEST = "2000-01-01"  # an earlier timestamp or date is implausible (contract §3)
CLOCK_SKEW = "1 day"  # a timestamp later than the run's clock by more than this is implausible
CLOCK = "timezone('UTC', current_timestamp)"  # the run's wall clock, UTC (a file's time can be wrong too)
DATE_HORIZON_YEARS = 10  # a date later than this after its file landed is implausible (decisions.md)
INTEGER_PATTERN = "[+-]?[0-9]+"

LABELS = {INT: "a whole number", TIMESTAMP: "an ISO 8601 timestamp", DATE: "a YYYY-MM-DD date", BOOL: "a boolean"}


def typed_expression(column: Column, value: str) -> str:
    """SQL that types one trimmed text value, NULL when it cannot be typed."""
    if column.kind == INT:  # integers only: try_cast alone would round 73.5 and read 0x10 and 1e3
        return f"case when regexp_full_match({value}, '{INTEGER_PATTERN}') then try_cast({value} as bigint) end"
    if column.kind == TIMESTAMP:
        return f"timezone('UTC', try_cast({value} as timestamptz))"
    if column.kind == DATE:
        return f"try_cast({value} as date)"
    if column.kind == BOOL:
        return (
            f"case when lower({value}) in ('true', '1', 'yes') then true "
            f"when lower({value}) in ('false', '0', 'no') then false end"
        )
    if column.kind == ENUM:
        allowed = ", ".join(literal(v) for v in column.values)
        return f"case when lower({value}) in ({allowed}) then lower({value}) end"
    return value


def _plausibility(column: Column, typed: str, landed_at: str) -> str | None:
    """A problem for a typed timestamp or date that cannot be true (contract §3), or None for other kinds."""
    name, kind = column.name, column.kind
    if kind == TIMESTAMP:
        latest, later = f"{landed_at} + interval 1 day", "later than its file's landing time plus one day"
    elif kind == DATE:
        latest = f"({landed_at} + interval {DATE_HORIZON_YEARS} year)::date"
        later = f"more than {DATE_HORIZON_YEARS} years after its file landed"
    else:
        return None
    too_late = (
        "" if column.future else f"when {typed} > {latest} then {literal(f'{name}: implausible {kind}, {later}')} "
    )
    if kind == TIMESTAMP and not column.future:  # the file's time may be as wrong as the row's (issue 19)
        beyond = f"{name}: implausible {kind}, later than the run's clock plus {CLOCK_SKEW}"
        too_late = f"when {typed} > {CLOCK} + interval {CLOCK_SKEW} then {literal(beyond)} {too_late}"
    return (
        f"case when not isfinite({typed}) then {literal(f'{name}: not a finite {kind}')} "
        f"when {typed} < '{EARLIEST}' then {literal(f'{name}: implausible {kind}, before {EARLIEST}')} "
        f"{too_late}end"
    )


def problem_expressions(column: Column, value: str, typed: str, landed_at: str) -> list[str]:
    """SQL expressions giving a readable problem with one value (never the value), or NULL.

    `landed_at` is the SQL for the modification time of the row's file."""
    name = column.name
    problems = []
    if column.required:
        problems.append(f"case when {value} is null then '{name}: required value missing' end")
    if column.kind == ENUM:
        problems.append(
            f"case when {value} is not null and {typed} is null "
            f"then '{name}: unknown value (expected one of {', '.join(column.values)})' end"
        )
    elif column.kind in LABELS:
        problems.append(
            f"case when {value} is not null and {typed} is null "
            f"then '{name}: cannot be read as {LABELS[column.kind]}' end"
        )
    plausibility = _plausibility(column, typed, landed_at)
    if plausibility:
        problems.append(plausibility)
    if column.minimum is not None or column.maximum is not None:
        low = "-inf" if column.minimum is None else column.minimum
        high = "inf" if column.maximum is None else column.maximum
        bounds = " or ".join(
            part
            for part in (
                None if column.minimum is None else f"{typed} < {column.minimum}",
                None if column.maximum is None else f"{typed} > {column.maximum}",
            )
            if part
        )
        problems.append(f"case when {bounds} then '{name}: outside {low}..{high}' end")
    return problems


def length_problem(name: str, value: str) -> str:
    """SQL giving a problem when one raw text value (any column, extra ones too) is longer than 1 MB."""
    return f"case when length({value}) > {LONGEST_VALUE} then {literal(name + ': value longer than 1 MB')} end"


def raw_values_sql(table: Table, alias: str) -> str:
    """SQL for what the quarantine keeps of a raw row (alias `alias`) as JSON text: its contract
    values, or the text of a line the CSV reader could not split into fields."""
    pairs = ", ".join(f"{ident(c.name)} := {alias}.{ident(c.name)}" for c in table.columns)
    return (
        f"case when {alias}._rejected is not null then to_json(struct_pack(_line := {alias}._raw_line))::varchar "
        f"else to_json(struct_pack({pairs}))::varchar end"
    )
