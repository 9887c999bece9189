"""Landing files -> raw tables -> typed, validated intake tables plus quarantine.

Set-based throughout: DuckDB reads every file and types every value; Python only loops
over files and tables. Per table the result satisfies the contract's reconciliation:
rows read = rows staged + rows quarantined + rows superseded by a later drop.

Incremental: a run reads only the drops that are new since the last run (see LoadPlan) and
merges them into the kept state; the result is identical to reading every drop at once.

Schemas written:
  raw.<table>             every row read, all text, with lineage (_source_file, _drop_seq,
                          _row_number = 1-based data row within its file, _landed_at = the
                          file's modification time, UTC)
  intake_state.<table>    latest valid version per key, typed, with its reference problem
  intake.<table>          view: the staged rows (latest version per key, every rule passed)
  intake_changes.<table>  staged rows this run removed ('old') or wrote ('new'); empty on a full rebuild
  audit.intake_files      one row per file seen (loaded / missing_columns / unreadable)
  audit.intake_batches    per table, how this run read it (full / incremental) and how much
  audit.quarantine        every rejected row (kind 'row') or file (kind 'file') with its reason
  audit.reconciliation    the four counts per table, counted independently

Every value written depends only on the landing folder, so running twice gives identical tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from contract.sql import ident, literal
from contract.tables import BOOL, DATE, ENUM, INT, TABLES_BY_KEY, TIMESTAMP, Column, Table
from orchestration.intake.mapping import load_mapping, mapped_relation

LINEAGE = ("_source_file", "_drop_seq", "_row_number", "_landed_at")
CSV_OPTIONS = "all_varchar=true, header=true, delim=',', quote='\"', escape='\"'"
DATA_SUFFIXES = (".csv", ".parquet")
FULL, INCREMENTAL = "full", "incremental"

AUDIT_DDL = (
    "create schema if not exists raw",
    "create schema if not exists intake",
    "create schema if not exists audit",
    "create schema if not exists intake_state",
    "create schema if not exists intake_changes",
    """create table if not exists audit.intake_files (
        table_name varchar, source_file varchar, drop_seq integer, file_format varchar,
        status varchar, rows_read bigint, missing_columns varchar, error varchar,
        landed_at timestamp, file_bytes bigint)""",
    # warehouses written before incremental runs: their files lack a size, so they are read again
    "alter table audit.intake_files add column if not exists file_bytes bigint",
    """create table if not exists audit.intake_batches (
        table_name varchar, mode varchar, drops_read integer, rows_read bigint)""",
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
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class DropFile:
    source_file: str  # path relative to the landing folder
    drop_seq: int
    file_format: str
    landed_at: datetime
    file_bytes: int


def _record_file(
    con, table: Table, drop: DropFile, status: str, rows: int | None, missing: str | None, error: str | None
) -> None:
    con.execute(
        "insert into audit.intake_files by name select ? as table_name, ? as source_file, ? as drop_seq, "
        "? as file_format, ? as status, ? as rows_read, ? as missing_columns, ? as error, ? as landed_at, "
        "? as file_bytes",
        [
            table.key,
            drop.source_file,
            drop.drop_seq,
            drop.file_format,
            status,
            rows,
            missing,
            error,
            drop.landed_at,
            drop.file_bytes,
        ],
    )
    if status != "loaded":
        reason = error or f"file lacks required column(s): {missing}"
        con.execute(
            "insert into audit.quarantine values (?, 'file', ?, null, null, ?, ?)",
            [table.key, drop.source_file, reason, drop.landed_at],
        )


@dataclass(frozen=True)
class LoadPlan:
    """What a run reads of one table folder.

    INCREMENTAL when every drop read before is still there, unchanged (same path, size and
    modification time) and still first in path order: only the drops after them are read.
    FULL otherwise (first run, a drop changed, vanished or sorts before one already read, or a
    forced full refresh): the table is rebuilt from every drop.
    """

    mode: str
    drops: tuple[DropFile, ...]  # the drops to read
    since: int  # drops numbered up to this one were read by earlier runs


def _relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
        ).fetchone()[0]
        > 0
    )


def _has_state(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    return (
        _relation_exists(con, "raw", table.key)
        and _relation_exists(con, "intake_state", table.key)
        and con.execute("select count(*) from audit.reconciliation where table_name = ?", [table.key]).fetchone()[0]
        == 1
    )


def plan_load(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, full_refresh: bool = False) -> LoadPlan:
    drops = tuple(
        DropFile(
            path.relative_to(landing_dir).as_posix(),
            seq,
            path.suffix.lower().lstrip("."),
            landed_at(path),
            path.stat().st_size,
        )
        for seq, path in enumerate(list_drops(landing_dir, table), start=1)
    )
    if full_refresh or not _has_state(con, table):
        return LoadPlan(FULL, drops, 0)
    seen = con.execute(
        "select source_file, landed_at, file_bytes from audit.intake_files where table_name = ? order by drop_seq",
        [table.key],
    ).fetchall()
    present = [(drop.source_file, drop.landed_at, drop.file_bytes) for drop in drops]
    if present[: len(seen)] != [tuple(row) for row in seen]:
        return LoadPlan(FULL, drops, 0)
    return LoadPlan(INCREMENTAL, drops[len(seen) :], len(seen))


def load_raw(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, plan: LoadPlan) -> None:
    """Append the planned drops to raw.<table> (recreated first when the plan is FULL)."""
    raw = f"raw.{table.key}"
    if plan.mode == FULL:
        contract_columns = ", ".join(f"{ident(c.name)} varchar" for c in table.columns)
        con.execute(
            f"create or replace table {raw} ({contract_columns}, _source_file varchar, "
            "_drop_seq integer, _row_number bigint, _landed_at timestamp)"
        )
        con.execute("delete from audit.intake_files where table_name = ?", [table.key])
        con.execute("delete from audit.quarantine where table_name = ?", [table.key])
    known = {c.name for c in table.columns} | set(LINEAGE)
    mapping = load_mapping(landing_dir, table)
    for drop in plan.drops:
        path, seq = landing_dir / drop.source_file, drop.drop_seq
        if path.suffix.lower() not in DATA_SUFFIXES:
            _record_file(con, table, drop, "unreadable", None, None, "not a CSV or Parquet file")
            continue
        try:
            relation, header = mapped_relation(mapping, table, _reader(path), _file_columns(con, path))
            names = {h: h.strip().lower() for h in header}
            if len(set(names.values())) != len(header):
                raise ValueError("duplicate column names in the header")
            for name in sorted(set(names.values()) - known):
                con.execute(f"alter table {raw} add column if not exists {ident(name)} varchar")
            selected = ", ".join(f"cast({ident(h)} as varchar) as {ident(n)}" for h, n in names.items())
            con.execute(
                f"insert into {raw} by name select {selected}, ? as _source_file, ? as _drop_seq, "
                f"row_number() over () as _row_number, ? as _landed_at from {relation}",
                [drop.source_file, seq, drop.landed_at],
            )
        except (duckdb.Error, ValueError) as error:
            _record_file(con, table, drop, "unreadable", None, None, f"cannot be parsed: {_short_error(error, path)}")
            continue
        rows = con.execute(f"select count(*) from {raw} where _drop_seq = ?", [seq]).fetchone()[0]
        missing = [c for c in table.required_columns if c not in names.values()]
        _record_file(
            con, table, drop, "missing_columns" if missing else "loaded", rows, ", ".join(missing) or None, None
        )


def typed_expression(column: Column, value: str) -> str:
    """SQL that types one trimmed text value, NULL when it cannot be typed."""
    if column.kind == INT:
        return f"try_cast({value} as bigint)"
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
        label = {
            INT: "a whole number",
            TIMESTAMP: "an ISO 8601 timestamp",
            DATE: "a YYYY-MM-DD date",
            BOOL: "a boolean",
        }[column.kind]
        problems.append(
            f"case when {value} is not null and {typed} is null then '{name}: cannot read ' || {shown}"
            f" || ' as {label}' end"
        )
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
        problems.append(f"case when {bounds} then '{name}: ' || {typed} || ' is outside {low}..{high}' end")
    return problems


def _raw_values(table: Table) -> str:
    """SQL for a raw row's contract values as JSON text (alias `r`): what the quarantine keeps."""
    pairs = ", ".join(f"{ident(c.name)} := r.{ident(c.name)}" for c in table.columns)
    return f"to_json(struct_pack({pairs}))::varchar"


def _checked_sql(table: Table) -> str:
    """Every raw row, typed, with the reasons it cannot be staged (NULL when none)."""
    typed_columns, problems = [], []
    for column in table.columns:
        value = f"nullif(trim(r.{ident(column.name)}), '')"
        typed = typed_expression(column, value)
        typed_columns.append(f"{typed} as {ident(column.name)}")
        problems.extend(problem_expressions(column, value, typed))
    return f"""
        select {", ".join(typed_columns)},
               r._source_file, r._drop_seq, r._row_number, r._landed_at,
               {_raw_values(table)} as _raw_values,
               case
                   when f.status = 'missing_columns'
                       then 'file lacks required column(s): ' || f.missing_columns
                   else nullif(concat_ws('; ', {", ".join(problems)}), '')
               end as _problem
        from raw.{table.key} as r
        left join audit.intake_files as f
          on f.table_name = {literal(table.key)} and f.source_file = r._source_file
    """


def _key_match(left: str, right: str, table: Table) -> str:
    """Two rows are versions of the same record: same primary key (or the same file row when there is none)."""
    if table.primary_key:
        return f"{left}.{ident(table.primary_key)} = {right}.{ident(table.primary_key)}"
    return f"{left}._source_file = {right}._source_file and {left}._row_number = {right}._row_number"


def _reference_problems(table: Table) -> tuple[str, str]:
    """Joins to the staged parents and the problem expression for missing parents."""
    joins, problems = [], []
    for i, column in enumerate(c for c in table.columns if c.references):
        parent = TABLES_BY_KEY[column.references]
        alias = f"ref{i}"
        joins.append(
            f"left join {parent.keys_relation} as {alias} "
            f"on {alias}.{ident(parent.primary_key)} = c.{ident(column.name)}"
        )
        problems.append(
            f"case when c.{ident(column.name)} is not null and {alias}.{ident(parent.primary_key)} is null "
            f"then '{column.name}: ' || c.{ident(column.name)} || ' is not among the staged {parent.folder}' end"
        )
    problem = f"nullif(concat_ws('; ', {', '.join(problems)}), '')" if problems else "null::varchar"
    return " ".join(joins), problem


def _parent_changed_incrementally(con: duckdb.DuckDBPyConnection, parent: Table) -> bool:
    """True when this run staged the parent incrementally, so its removed keys are known."""
    batch = con.execute("select mode from audit.intake_batches where table_name = ?", [parent.key]).fetchone()
    return batch == (INCREMENTAL,) and _relation_exists(con, "intake_changes", parent.key)


def _recheck_condition(con: duckdb.DuckDBPyConnection, table: Table) -> str:
    """Which kept rows must have their references checked again: those that failed before, and
    those pointing at a parent key this run removed (every row when a parent was rebuilt)."""
    conditions = ["s._ref_problem is not null"]
    for column in (c for c in table.columns if c.references):
        parent = TABLES_BY_KEY[column.references]
        if not all(_parent_changed_incrementally(con, TABLES_BY_KEY[k]) for k in (parent.key, *parent.key_sources)):
            return "true"
        pk = ident(parent.primary_key)
        conditions.append(
            f"s.{ident(column.name)} in (select {pk} from intake_changes.{parent.key} where _change = 'old' "
            f"except select {pk} from intake_changes.{parent.key} where _change = 'new')"
        )
    return " or ".join(conditions)


def stage(con: duckdb.DuckDBPyConnection, table: Table, plan: LoadPlan) -> IntakeReport:
    """Type and check the new raw rows of a table and merge them into intake_state.<table>.

    intake_state.<table> keeps the latest valid version of every key with its reference problem
    (NULL when staged); intake.<table> is the view of its staged rows. A new version replaces the
    old one (superseded); rows whose parents may have changed are checked again, so the result
    is the same as staging every drop at once. intake_changes.<table> receives the staged rows
    this run removed ('old') and wrote ('new'): what incremental dbt models recompute from.
    """
    key, columns = table.key, [ident(c.name) for c in table.columns]
    state, staged_columns = f"intake_state.{key}", ", ".join(columns + list(LINEAGE))
    if plan.mode == FULL:
        con.execute(
            f"create or replace table {state} as select {staged_columns}, null::varchar as _ref_problem "
            f"from ({_checked_sql(table)}) limit 0"
        )
    con.execute(
        f"create or replace view intake.{key} as select {staged_columns} from {state} where _ref_problem is null"
    )
    con.execute(f"create or replace temp table checked as {_checked_sql(table)} where r._drop_seq > {plan.since}")
    con.execute(f"""
        insert into audit.quarantine
        select {literal(key)}, 'row', _source_file, _row_number, _raw_values, _problem, _landed_at
        from checked where _problem is not null order by _drop_seq, _row_number
    """)
    partition = ident(table.primary_key) if table.primary_key else "_drop_seq, _row_number"
    con.execute(f"""
        create or replace temp table fresh as
        select {staged_columns} from checked where _problem is null
        qualify row_number() over (partition by {partition} order by _drop_seq desc, _row_number desc) = 1
    """)
    valid_new, fresh = con.execute(
        "select (select count(*) from checked where _problem is null), (select count(*) from fresh)"
    ).fetchone()
    replaced = con.execute(
        f"select count(*) from {state} as s semi join fresh as f on {_key_match('s', 'f', table)}"
    ).fetchone()[0]
    if plan.mode == FULL:  # nothing is kept: the new rows are all there is to check (no copy of millions of rows)
        con.execute("alter table fresh rename to recheck")
    else:
        con.execute(f"""
            create or replace temp table recheck as
            select {staged_columns} from fresh
            union all
            select {staged_columns} from {state} as s anti join fresh as f on {_key_match("s", "f", table)}
            where {_recheck_condition(con, table)}
        """)
    in_recheck = f"semi join recheck as r on {_key_match('s', 'r', table)}"
    con.execute(
        f"create or replace temp table old_images as select s.* exclude (_ref_problem) from {state} as s "
        f"{in_recheck} where s._ref_problem is null"
    )
    con.execute(f"""
        delete from audit.quarantine as q
        where q.table_name = {literal(key)} and (q.source_file, q.row_number) in (
            select (s._source_file, s._row_number) from {state} as s {in_recheck} where s._ref_problem is not null)
    """)
    con.execute(
        f"delete from {state} as s where exists (select 1 from recheck as r where {_key_match('s', 'r', table)})"
    )
    joins, ref_problem = _reference_problems(table)
    con.execute(f"insert into {state} select c.*, {ref_problem} from recheck as c {joins}")
    con.execute(f"""
        insert into audit.quarantine
        select {literal(key)}, 'row', s._source_file, s._row_number, {_raw_values(table)},
               s._ref_problem, s._landed_at
        from {state} as s {in_recheck}
        join raw.{key} as r on r._source_file = s._source_file and r._row_number = s._row_number
        where s._ref_problem is not null
        order by s._drop_seq, s._row_number
    """)
    changes = "true" if plan.mode == INCREMENTAL else "false"
    con.execute(f"""
        create or replace table intake_changes.{key} as
        select 'old' as _change, * from old_images where {changes}
        union all
        select 'new', s.* exclude (_ref_problem) from {state} as s {in_recheck}
        where s._ref_problem is null and {changes}
    """)
    previous = con.execute("select rows_superseded from audit.reconciliation where table_name = ?", [key]).fetchone()
    superseded = (previous[0] if plan.mode == INCREMENTAL else 0) + valid_new - fresh + replaced
    report = IntakeReport(
        key,
        *con.execute(
            f"""
        select
            (select count(*) from audit.intake_files where table_name = $t),
            (select count(*) from audit.intake_files where table_name = $t and status = 'unreadable'),
            (select count(*) from raw.{key}),
            (select count(*) from intake.{key}),
            (select count(*) from audit.quarantine where table_name = $t and kind = 'row')
    """,
            {"t": key},
        ).fetchone(),
        superseded,
    )
    con.execute("delete from audit.reconciliation where table_name = ?", [key])
    con.execute(
        "insert into audit.reconciliation values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            key,
            report.files_read,
            report.files_unreadable,
            report.rows_read,
            report.rows_staged,
            report.rows_quarantined,
            report.rows_superseded,
            report.balanced,
        ],
    )
    con.execute("delete from audit.intake_batches where table_name = ?", [key])
    con.execute(
        "insert into audit.intake_batches values (?, ?, ?, ?)",
        [key, plan.mode, len(plan.drops), con.execute("select count(*) from checked").fetchone()[0]],
    )
    for temp in ("checked", "fresh", "recheck", "old_images"):
        con.execute(f"drop table if exists {temp}")
    return report


def ingest_table(
    con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, full_refresh: bool = False
) -> IntakeReport:
    """Bring intake.<table> up to date with the landing folder: only new drops unless a full rebuild is needed."""
    ensure_audit_tables(con)
    plan = plan_load(con, table, landing_dir, full_refresh)
    load_raw(con, table, landing_dir, plan)
    return stage(con, table, plan)
