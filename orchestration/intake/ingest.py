"""Landing files -> raw tables -> typed, validated intake tables plus quarantine.

Set-based throughout: DuckDB reads every file and types every value; Python only loops
over files and tables. Per table the result satisfies the contract's reconciliation:
rows read = rows staged + rows quarantined + rows superseded by a later drop.

Schemas written:
  raw.<table>            every row read, all text, with lineage (_source_file, _drop_seq,
                         _row_number = 1-based data row within its file, _landed_at = the
                         file's modification time, UTC)
  intake.<table>         typed rows that passed every rule; latest version per key
  audit.intake_files     one row per file seen (loaded / missing_columns / unreadable)
  audit.quarantine       every rejected row (kind 'row') or file (kind 'file') with its reason
  audit.reconciliation   the four counts per table, counted independently

Every value written depends only on the landing folder, so running twice gives identical tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from orchestration.intake.contract import BOOL, DATE, ENUM, INT, TIMESTAMP, TABLES_BY_KEY, Column, Table

LINEAGE = ("_source_file", "_drop_seq", "_row_number", "_landed_at")
CSV_OPTIONS = "all_varchar=true, header=true, delim=',', quote='\"', escape='\"'"
DATA_SUFFIXES = (".csv", ".parquet")

AUDIT_DDL = (
    "create schema if not exists raw",
    "create schema if not exists intake",
    "create schema if not exists audit",
    """create table if not exists audit.intake_files (
        table_name varchar, source_file varchar, drop_seq integer, file_format varchar,
        status varchar, rows_read bigint, missing_columns varchar, error varchar,
        landed_at timestamp)""",
    """create table if not exists audit.quarantine (
        table_name varchar, kind varchar, source_file varchar, row_number bigint,
        raw_values varchar, reason varchar, landed_at timestamp)""",
    """create table if not exists audit.reconciliation (
        table_name varchar, files_read integer, files_unreadable integer, rows_read bigint,
        rows_staged bigint, rows_quarantined bigint, rows_superseded bigint,
        balanced boolean)""",
)


@dataclass(frozen=True)
class IntakeReport:
    table: str
    files_read: int
    files_unreadable: int
    rows_read: int
    rows_staged: int
    rows_quarantined: int
    rows_superseded: int

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_staged + self.rows_quarantined + self.rows_superseded


def ident(name: str) -> str:
    """A quoted SQL identifier (column names come from files and cannot be trusted)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ensure_audit_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in AUDIT_DDL:
        con.execute(statement)


def list_drops(landing_dir: Path, table: Table) -> list[Path]:
    """Every file of a table folder, in the lexicographic order of its path."""
    folder = landing_dir / table.folder
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.as_posix())


def _short_error(error: Exception, path: Path) -> str:
    lines = [line.strip() for line in str(error).replace(str(path), "<file>").splitlines()]
    lines = [line for line in lines if line and not line.startswith(("LINE ", "^"))]
    return " ".join(lines[:2])[:300]


def _reader(path: Path) -> str:
    if path.suffix.lower() == ".parquet":
        return f"read_parquet({literal(str(path))})"
    return f"read_csv({literal(str(path))}, {CSV_OPTIONS})"


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    return [row[0] for row in con.execute(f"describe select * from {_reader(path)}").fetchall()]


def landed_at(path: Path) -> datetime:
    """When a drop landed: its modification time, as naive UTC."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).replace(tzinfo=None)


def _record_file(con, table: Table, rel: str, seq: int, fmt: str, status: str, rows: int | None,
                 missing: str | None, error: str | None, landed: datetime) -> None:
    con.execute(
        "insert into audit.intake_files values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [table.key, rel, seq, fmt, status, rows, missing, error, landed],
    )
    if status != "loaded":
        reason = error or f"file lacks required column(s): {missing}"
        con.execute(
            "insert into audit.quarantine values (?, 'file', ?, null, null, ?, ?)",
            [table.key, rel, reason, landed],
        )


def load_raw(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path) -> None:
    """Replace raw.<table> with every row of every readable file of the table folder."""
    raw = f"raw.{table.key}"
    contract_columns = ", ".join(f"{ident(c.name)} varchar" for c in table.columns)
    con.execute(
        f"create or replace table {raw} ({contract_columns}, _source_file varchar, "
        "_drop_seq integer, _row_number bigint, _landed_at timestamp)"
    )
    con.execute("delete from audit.intake_files where table_name = ?", [table.key])
    con.execute("delete from audit.quarantine where table_name = ?", [table.key])
    known = {c.name for c in table.columns} | set(LINEAGE)
    for seq, path in enumerate(list_drops(landing_dir, table), start=1):
        rel = path.relative_to(landing_dir).as_posix()
        landed = landed_at(path)
        fmt = path.suffix.lower().lstrip(".")
        if path.suffix.lower() not in DATA_SUFFIXES:
            _record_file(con, table, rel, seq, fmt, "unreadable", None, None,
                         "not a CSV or Parquet file", landed)
            continue
        try:
            header = _file_columns(con, path)
            names = {h: h.strip().lower() for h in header}
            if len(set(names.values())) != len(header):
                raise ValueError("duplicate column names in the header")
            for name in sorted(set(names.values()) - known):
                con.execute(f"alter table {raw} add column if not exists {ident(name)} varchar")
            selected = ", ".join(f"cast({ident(h)} as varchar) as {ident(n)}" for h, n in names.items())
            con.execute(
                f"insert into {raw} by name select {selected}, ? as _source_file, ? as _drop_seq, "
                f"row_number() over () as _row_number, ? as _landed_at from {_reader(path)}",
                [rel, seq, landed],
            )
        except (duckdb.Error, ValueError) as error:
            _record_file(con, table, rel, seq, fmt, "unreadable", None, None,
                         f"cannot be parsed: {_short_error(error, path)}", landed)
            continue
        rows = con.execute(f"select count(*) from {raw} where _drop_seq = ?", [seq]).fetchone()[0]
        missing = [c for c in table.required_columns if c not in names.values()]
        _record_file(con, table, rel, seq, fmt, "missing_columns" if missing else "loaded", rows,
                     ", ".join(missing) or None, None, landed)


def typed_expression(column: Column, value: str) -> str:
    """SQL that types one trimmed text value, NULL when it cannot be typed."""
    if column.kind == INT:
        return f"try_cast({value} as bigint)"
    if column.kind == TIMESTAMP:
        return f"timezone('UTC', try_cast({value} as timestamptz))"
    if column.kind == DATE:
        return f"try_cast({value} as date)"
    if column.kind == BOOL:
        return (f"case when lower({value}) in ('true', '1', 'yes') then true "
                f"when lower({value}) in ('false', '0', 'no') then false end")
    if column.kind == ENUM:
        allowed = ", ".join(literal(v) for v in column.values)
        return f"case when lower({value}) in ({allowed}) then lower({value}) end"
    return value


def problem_expressions(column: Column, value: str, typed: str) -> list[str]:
    """SQL expressions giving a human-readable problem with one value, or NULL."""
    name = column.name
    shown = "'(withheld)'" if column.pii else f"'''' || left({value}, 60) || ''''"
    problems = []
    if column.required:
        problems.append(f"case when {value} is null then '{name}: required value missing' end")
    if column.kind == ENUM:
        problems.append(
            f"case when {value} is not null and {typed} is null then '{name}: unknown value ' || {shown}"
            f" || ' (expected one of {', '.join(column.values)})' end"
        )
    elif column.kind in (INT, TIMESTAMP, DATE, BOOL):
        label = {INT: "a whole number", TIMESTAMP: "an ISO 8601 timestamp",
                 DATE: "a YYYY-MM-DD date", BOOL: "a boolean"}[column.kind]
        problems.append(
            f"case when {value} is not null and {typed} is null then '{name}: cannot read ' || {shown}"
            f" || ' as {label}' end"
        )
    if column.minimum is not None or column.maximum is not None:
        low = "-inf" if column.minimum is None else column.minimum
        high = "inf" if column.maximum is None else column.maximum
        bounds = " or ".join(
            part for part in (
                None if column.minimum is None else f"{typed} < {column.minimum}",
                None if column.maximum is None else f"{typed} > {column.maximum}",
            ) if part
        )
        problems.append(f"case when {bounds} then '{name}: ' || {typed} || ' is outside {low}..{high}' end")
    return problems


def _checked_sql(table: Table) -> str:
    """Every raw row, typed, with the reasons it cannot be staged (NULL when none)."""
    typed_columns, problems = [], []
    for column in table.columns:
        value = f"nullif(trim(r.{ident(column.name)}), '')"
        typed = typed_expression(column, value)
        typed_columns.append(f"{typed} as {ident(column.name)}")
        problems.extend(problem_expressions(column, value, typed))
    raw_pairs = ", ".join(f"{ident(c.name)} := r.{ident(c.name)}" for c in table.columns)
    return f"""
        select {', '.join(typed_columns)},
               r._source_file, r._drop_seq, r._row_number, r._landed_at,
               to_json(struct_pack({raw_pairs}))::varchar as _raw_values,
               case
                   when f.status = 'missing_columns'
                       then 'file lacks required column(s): ' || f.missing_columns
                   else nullif(concat_ws('; ', {', '.join(problems)}), '')
               end as _problem
        from raw.{table.key} as r
        left join audit.intake_files as f
          on f.table_name = {literal(table.key)} and f.source_file = r._source_file
    """


def _reference_problems(table: Table) -> tuple[str, str]:
    """Joins to the staged parents and the problem expression for missing parents."""
    joins, problems = [], []
    for i, column in enumerate(c for c in table.columns if c.references):
        parent = TABLES_BY_KEY[column.references]
        alias = f"ref{i}"
        joins.append(
            f"left join intake.{parent.key} as {alias} "
            f"on {alias}.{ident(parent.primary_key)} = c.{ident(column.name)}"
        )
        problems.append(
            f"case when c.{ident(column.name)} is not null and {alias}.{ident(parent.primary_key)} is null "
            f"then '{column.name}: ' || c.{ident(column.name)} || ' is not among the staged {parent.folder}' end"
        )
    problem = f"nullif(concat_ws('; ', {', '.join(problems)}), '')" if problems else "null"
    return " ".join(joins), problem


def stage(con: duckdb.DuckDBPyConnection, table: Table) -> IntakeReport:
    """Type and check raw.<table>; write intake.<table>, its quarantine rows and reconciliation."""
    key = table.key
    con.execute(f"create or replace temp table checked as {_checked_sql(table)}")
    order = "c._drop_seq desc, c._row_number desc"
    partition = f"c.{ident(table.primary_key)}" if table.primary_key else "c._drop_seq, c._row_number"
    joins, ref_problem = _reference_problems(table)
    con.execute(f"""
        create or replace temp table versions as
        select c.* exclude (_problem),
               row_number() over (partition by {partition} order by {order}) as _version,
               {ref_problem} as _problem
        from checked as c {joins}
        where c._problem is null
    """)
    columns = ", ".join(ident(c.name) for c in table.columns)
    con.execute(f"""
        create or replace table intake.{key} as
        select {columns}, _source_file, _drop_seq, _row_number, _landed_at
        from versions where _version = 1 and _problem is null
        order by _drop_seq, _row_number
    """)
    con.execute(f"""
        insert into audit.quarantine
        select {literal(key)}, 'row', _source_file, _row_number, _raw_values, _problem, _landed_at
        from (
            select * from checked where _problem is not null
            union all by name
            select * exclude (_version) from versions where _version = 1 and _problem is not null
        )
        order by _drop_seq, _row_number
    """)
    report = IntakeReport(key, *con.execute(f"""
        select
            (select count(*) from audit.intake_files where table_name = $t),
            (select count(*) from audit.intake_files where table_name = $t and status = 'unreadable'),
            (select count(*) from raw.{key}),
            (select count(*) from intake.{key}),
            (select count(*) from audit.quarantine where table_name = $t and kind = 'row'),
            (select count(*) from versions where _version > 1)
    """, {"t": key}).fetchone())
    con.execute("delete from audit.reconciliation where table_name = ?", [key])
    con.execute(
        "insert into audit.reconciliation values (?, ?, ?, ?, ?, ?, ?, ?)",
        [key, report.files_read, report.files_unreadable, report.rows_read, report.rows_staged,
         report.rows_quarantined, report.rows_superseded, report.balanced],
    )
    con.execute("drop table checked")
    con.execute("drop table versions")
    return report


def ingest_table(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path) -> IntakeReport:
    ensure_audit_tables(con)
    load_raw(con, table, landing_dir)
    return stage(con, table)
