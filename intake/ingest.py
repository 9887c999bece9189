"""Landing files -> raw tables -> typed, validated intake tables plus quarantine.

Set-based throughout: DuckDB reads every file and types every value; Python only loops
over files and tables. Per table the result satisfies the contract's reconciliation:
rows read = rows staged + rows quarantined + rows superseded by a later drop. "Staged" is the
contract's word for a row that passed every rule and is in intake.<table>; nothing else here is
called staging.

Incremental: a run reads only the drops that are new since the last run (see LoadPlan) and
merges them into the kept state; the result is identical to reading every drop at once.

Schemas written:
  raw.<table>             every row read, all text, with lineage (_source_file, _drop_seq,
                          _row_number = 1-based data row within its file, _landed_at = the
                          file's modification time, UTC) and read marks (_rejected: why the CSV
                          reader could not split the line into fields, with its text in _raw_line;
                          _erased: the row belongs to an erased person and is anonymous)
  intake_state.<table>    latest valid version per key, typed, with its reference problem
  intake.<table>          view: the staged rows (latest version per key, every rule passed)
  intake_changes.<table>  staged rows this run removed ('old') or wrote ('new'); empty on a full rebuild
  audit.intake_files      one row per file seen (loaded / missing_columns / unreadable)
  audit.intake_batches    per table, how this run read it (full / incremental) and how much
  audit.quarantine        every rejected row (kind 'row') or file (kind 'file') with its reason
  audit.reconciliation    the four counts per table, counted independently

Every value written depends only on the landing folder (and the erasure secret), so running twice
gives identical tables.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from contract.sql import ident, literal
from contract.tables import TABLES, TABLES_BY_KEY, Table
from intake import erasure
from intake.catalog import relation_exists
from intake.files import (
    DropFile,
    RefusedFile,
    check_names,
    check_text,
    csv_header,
    describe_drop,
    list_drops,
)
from intake.mapping import ExportMapping, load_mapping, renamed, value_sql
from intake.values import (
    LONGEST_VALUE,
    length_problem,
    problem_expressions,
    raw_values_sql,
    typed_expression,
)

LINEAGE = ("_source_file", "_drop_seq", "_row_number", "_landed_at")
READ_MARKS = (("_rejected", "varchar"), ("_raw_line", "varchar"), ("_erased", "boolean"))
MAX_LINE_BYTES = 2 * LONGEST_VALUE  # a longer CSV line is rejected by the reader, by itself
CSV_OPTIONS = (
    "header=true, auto_detect=false, delim=',', quote='\"', escape='\"', encoding='utf-8', "
    f"max_line_size={MAX_LINE_BYTES}, store_rejects=true, rejects_table='intake_rejects', "
    "rejects_scan='intake_reject_scans'"
)
# what the CSV reader's reject types mean, in the quarantine's words (never its message: it quotes the line)
REJECT_REASONS = {
    "MISSING COLUMNS": "row has fewer fields than the header",
    "TOO MANY COLUMNS": "row has more fields than the header",
    "LINE SIZE OVER MAXIMUM": f"row longer than {MAX_LINE_BYTES // LONGEST_VALUE} MB",
    "UNQUOTED VALUE": "row has a value with a stray or unclosed quote",
}
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
        table_name varchar, mode varchar, drops_read integer, rows_read bigint, rows_erased bigint)""",
    "alter table audit.intake_batches add column if not exists rows_erased bigint",
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
    erasure.ensure_privacy_tables(con)


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


def _has_state(con: duckdb.DuckDBPyConnection, table: Table) -> bool:
    return (
        relation_exists(con, "raw", table.key)
        and relation_exists(con, "intake_state", table.key)
        and con.execute("select count(*) from audit.reconciliation where table_name = ?", [table.key]).fetchone()[0]
        == 1
    )


def plan_load(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, full_refresh: bool = False) -> LoadPlan:
    drops = tuple(
        describe_drop(landing_dir, path, seq) for seq, path in enumerate(list_drops(landing_dir, table), start=1)
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


# --- reading drops into raw ----------------------------------------------------------------------------


def _create_raw(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    contract_columns = ", ".join(f"{ident(c.name)} varchar" for c in table.columns)
    marks = ", ".join(f"{name} {kind}" for name, kind in READ_MARKS)
    con.execute(
        f"create or replace table raw.{table.key} ({contract_columns}, _source_file varchar, "
        f"_drop_seq integer, _row_number bigint, _landed_at timestamp, {marks})"
    )


def _add_read_marks(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Raw tables written before rows could be rejected or erased get the read marks."""
    for name, kind in READ_MARKS:
        default = " default false" if kind == "boolean" else ""
        con.execute(f"alter table raw.{table.key} add column if not exists {name} {kind}{default}")


def _header(con: duckdb.DuckDBPyConnection, path: Path, file_format: str) -> list[str]:
    """The column names of a drop, or RefusedFile."""
    if file_format == "csv":
        header = csv_header(path)
        check_text(path)
        return header
    header = [row[0] for row in con.execute(f"describe select * from read_parquet({literal(str(path))})").fetchall()]
    check_names(header)
    return header


def _reader(path: Path, file_format: str, header: list[str]) -> str:
    """The drop as a relation: Parquet under its own column names, CSV under its header's names
    trimmed and lower case (`_source_names`)."""
    if file_format == "parquet":
        return f"read_parquet({literal(str(path))})"
    # the header's names (read by csv_header) by position: nothing is sniffed, every value is text
    columns = ", ".join(f"{literal(name)}: 'VARCHAR'" for name in _source_names(header, file_format))
    return f"read_csv({literal(str(path))}, {CSV_OPTIONS}, columns={{{columns}}})"


def _source_names(header: list[str], file_format: str) -> list[str]:
    """The names the reader gives a drop's columns (check_names refused repeats of these)."""
    return [name.strip().lower() for name in header] if file_format == "csv" else header


def _kept_columns(table: Table, names: dict[str, str], complete: bool) -> dict[str, str]:
    """The columns of a drop that raw keeps: the contract's, and the extra ones of a complete file
    (not of the erasure requests: they are kept only as tokens; not names starting with `_`, which
    are lineage)."""
    contract = {c.name for c in table.columns}
    keep_extra = complete and table.key != erasure.REQUESTS
    return {
        header: name
        for header, name in names.items()
        if name in contract or (keep_extra and name and not name.startswith("_"))
    }


def _insert_drop(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    drop: DropFile,
    path: Path,
    header: list[str],
    kept: dict[str, str],
    mapping: ExportMapping,
) -> None:
    """Write the rows of one drop to raw (through the table's export mapping; anonymized on the way
    in when they belong to an erased person). `kept`: reader's column name -> raw column."""
    raw = f"raw.{table.key}"
    for name in kept.values():
        con.execute(f"alter table {raw} add column if not exists {ident(name)} varchar")
    if drop.file_format == "csv":
        con.execute("drop table if exists intake_rejects")
        con.execute("drop table if exists intake_reject_scans")
    selected = ", ".join(f"{value_sql(mapping, table, source, name)} as {ident(name)}" for source, name in kept.items())
    incoming = erasure.incoming_rows(con, table, list(kept.values()), "incoming")
    con.execute(
        f"""insert into {raw} by name
            select {incoming.select}, ? as _source_file, ? as _drop_seq, incoming._row_number,
                   ? as _landed_at, null as _rejected, null as _raw_line
            from (select {selected}, row_number() over () as _row_number
                  from {_reader(path, drop.file_format, header)}) as incoming
            {incoming.joins}""",
        [drop.source_file, drop.drop_seq, drop.landed_at],
    )


def _not_utf8(con: duckdb.DuckDBPyConnection) -> str | None:
    """The reason to refuse a CSV drop whose rows are not all UTF-8 text, from the reader's rejects."""
    first = con.execute("select min(line) from intake_rejects where error_type = 'INVALID ENCODING'").fetchone()[0]
    if first is None:
        return None
    return f"not UTF-8 text: invalid byte sequence in data row {first - 1} (another encoding, such as Latin-1?)"


def _add_rejected_rows(con: duckdb.DuckDBPyConnection, table: Table, drop: DropFile) -> None:
    """Lines the CSV reader rejected become raw rows of their own (the reason, the line's text), and
    the rows read around them get their place in the file as row numbers."""
    if not con.execute("select count(*) from intake_rejects").fetchone()[0]:
        return
    raw = f"raw.{table.key}"
    # the reader numbers the rows it accepted 1, 2, ...; the k-th of them comes after every rejected
    # data row r_i (i-th rejected, in order) with r_i - i < k, so it is data row k + (that count)
    con.execute(
        f"""update {raw} as r set _row_number = r._row_number + moved.shift
            from (
                with rejected as (select distinct line - 1 as data_row from intake_rejects),
                gaps as (select data_row - row_number() over (order by data_row) as accepted_before,
                                row_number() over (order by data_row) as rejected_before from rejected),
                steps as (select accepted_before, max(rejected_before) as shift from gaps group by 1)
                select a._row_number as accepted, s.shift
                from (select _row_number from {raw} where _drop_seq = {int(drop.drop_seq)}) as a
                asof join steps as s on a._row_number > s.accepted_before
            ) as moved
            where r._drop_seq = {int(drop.drop_seq)} and r._row_number = moved.accepted"""
    )
    reasons = " ".join(f"when {literal(kind)} then {literal(text)}" for kind, text in REJECT_REASONS.items())
    line, erased = erasure.rejected_line(con, table, "csv_line")
    con.execute(
        f"""insert into {raw} by name
            select ? as _source_file, ? as _drop_seq, line - 1 as _row_number, ? as _landed_at,
                   case error_type {reasons} else 'row cannot be parsed as CSV (' || lower(error_type) || ')' end
                       as _rejected,
                   {line} as _raw_line, {erased} as _erased
            from intake_rejects
            qualify row_number() over (partition by line order by byte_position) = 1""",
        [drop.source_file, drop.drop_seq, drop.landed_at],
    )


@contextmanager
def _readable(path: Path) -> Iterator[Path]:
    """A path DuckDB reads as exactly this file: DuckDB takes `*`, `?` and `[...]` in a path as a
    pattern (`drop[1].csv` would read `drop1.csv`), so such a path is read through a link without them."""
    if not any(char in str(path) for char in "*?["):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="funnel-drop-") as folder:
        alias = Path(folder) / f"drop{path.suffix.lower()}"
        alias.symlink_to(path.resolve())
        yield alias


def _load_drop(
    con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, drop: DropFile, mapping: ExportMapping
) -> None:
    """Read one drop into raw and record what became of it; a refused file is quarantined whole."""
    if drop.refusal:
        _record_file(con, table, drop, "unreadable", None, None, drop.refusal)
        return
    with _readable(landing_dir / drop.source_file) as path:
        _read_drop(con, table, drop, path, mapping)


def _read_drop(
    con: duckdb.DuckDBPyConnection, table: Table, drop: DropFile, path: Path, mapping: ExportMapping
) -> None:
    """Header, rows and rejected lines of one drop into raw, or the whole file refused; then recorded."""
    try:
        header = _header(con, path, drop.file_format)
        names = renamed(mapping, _source_names(header, drop.file_format))
        if len(set(names.values())) < len(names):
            raise RefusedFile(f"two columns are read as the same column through {mapping.file}")
        missing = [c for c in table.required_columns if c not in names.values()]
        _insert_drop(con, table, drop, path, header, _kept_columns(table, names, complete=not missing), mapping)
        if drop.file_format == "csv":
            refused = _not_utf8(con)
            if refused:
                raise RefusedFile(refused)
            _add_rejected_rows(con, table, drop)
    except RefusedFile as refused:
        _refuse_drop(con, table, drop, str(refused))
        return
    except duckdb.Error as error:  # DuckDB's message can quote the file's text: only its kind is kept
        _refuse_drop(con, table, drop, f"cannot be parsed as {drop.file_format.upper()} ({type(error).__name__})")
        return
    except OSError as error:  # unreadable (permissions), or gone since it was listed
        _refuse_drop(con, table, drop, f"cannot be opened ({error.strerror or type(error).__name__})")
        return
    rows = con.execute(f"select count(*) from raw.{table.key} where _drop_seq = ?", [drop.drop_seq]).fetchone()[0]
    erasure.remember_keys(con, table, drop.drop_seq)
    _record_file(con, table, drop, "missing_columns" if missing else "loaded", rows, ", ".join(missing) or None, None)


def _refuse_drop(con: duckdb.DuckDBPyConnection, table: Table, drop: DropFile, reason: str) -> None:
    con.execute(f"delete from raw.{table.key} where _drop_seq = ?", [drop.drop_seq])
    _record_file(con, table, drop, "unreadable", None, None, reason)


def load_raw(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, plan: LoadPlan) -> None:
    """Append the planned drops to raw.<table> (recreated first when the plan is FULL)."""
    if plan.mode == FULL:
        _create_raw(con, table)
        con.execute("delete from audit.intake_files where table_name = ?", [table.key])
        con.execute("delete from audit.quarantine where table_name = ?", [table.key])
    else:
        _add_read_marks(con, table)
    mapping = load_mapping(landing_dir, table)
    for drop in plan.drops:
        _load_drop(con, table, landing_dir, drop, mapping)


# --- merging new rows into the kept state ----------------------------------------------------------------


def _checked_sql(con: duckdb.DuckDBPyConnection, table: Table) -> str:
    """Every raw row, typed, with the reasons it cannot be staged (NULL when none). Its raw values are
    read again for the rows with a problem only (see _check_new_rows): most rows have none."""
    typed_columns, problems = [], []
    for column in table.columns:
        value = f"nullif(trim(r.{ident(column.name)}), '')"
        typed = typed_expression(column, value)
        typed_columns.append(f"{typed} as {ident(column.name)}")
        problems.extend(problem_expressions(column, value, typed, "r._landed_at"))
    text_columns = con.execute(
        "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
        "and not starts_with(column_name, '_') order by ordinal_position",
        [table.key],
    ).fetchall()
    problems += [length_problem(name, f"r.{ident(name)}") for (name,) in text_columns]
    return f"""
        select {", ".join(typed_columns)},
               r._source_file, r._drop_seq, r._row_number, r._landed_at,
               case
                   when r._rejected is not null then r._rejected
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
    """Joins to the staged parents and the problem expression for missing parents (never the value)."""
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
            f"then '{column.name}: not among the staged {parent.folder}' end"
        )
    problem = f"nullif(concat_ws('; ', {', '.join(problems)}), '')" if problems else "null::varchar"
    return " ".join(joins), problem


def _parent_changed_incrementally(con: duckdb.DuckDBPyConnection, parent: Table) -> bool:
    """True when this run merged the parent incrementally, so its removed keys are known."""
    batch = con.execute("select mode from audit.intake_batches where table_name = ?", [parent.key]).fetchone()
    return batch == (INCREMENTAL,) and relation_exists(con, "intake_changes", parent.key)


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


@dataclass(frozen=True)
class _Merge:
    """One table's merge: the SQL names it works with."""

    table: Table
    plan: LoadPlan

    @property
    def state(self) -> str:
        return f"intake_state.{self.table.key}"

    @property
    def columns(self) -> str:
        """The columns of a staged row: the contract's, typed, and the lineage."""
        return ", ".join([ident(c.name) for c in self.table.columns] + list(LINEAGE))

    @property
    def in_rechecked(self) -> str:
        """Restricts kept rows (alias `s`) to those checked again in this run."""
        return f"semi join rows_to_check as r on {_key_match('s', 'r', self.table)}"


def _prepare_state(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """An empty intake_state table on a full rebuild; the intake view of its staged rows."""
    if merge.plan.mode == FULL:
        con.execute(
            f"create or replace table {merge.state} as select {merge.columns}, null::varchar as _ref_problem "
            f"from ({_checked_sql(con, merge.table)}) limit 0"
        )
    con.execute(
        f"create or replace view intake.{merge.table.key} as "
        f"select {merge.columns} from {merge.state} where _ref_problem is null"
    )


def _check_new_rows(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """`new_rows_checked`: the new raw rows, typed, with their problems; rows with a problem are quarantined."""
    con.execute(
        f"create or replace temp table new_rows_checked as {_checked_sql(con, merge.table)} "
        f"where r._drop_seq > {merge.plan.since}"
    )
    con.execute(f"""
        insert into audit.quarantine
        select {literal(merge.table.key)}, 'row', c._source_file, c._row_number, {raw_values_sql(merge.table, "r")},
               c._problem, c._landed_at
        from new_rows_checked as c
        join raw.{merge.table.key} as r on r._source_file = c._source_file and r._row_number = c._row_number
        where c._problem is not null
        order by c._drop_seq, c._row_number
    """)


def _keep_latest_versions(con: duckdb.DuckDBPyConnection, merge: _Merge) -> tuple[int, int, int]:
    """`new_versions`: the latest valid new row per key. Returns (valid new rows, new versions, kept rows
    they replace)."""
    table = merge.table
    partition = ident(table.primary_key) if table.primary_key else "_drop_seq, _row_number"
    con.execute(f"""
        create or replace temp table new_versions as
        select {merge.columns} from new_rows_checked where _problem is null
        qualify row_number() over (partition by {partition} order by _drop_seq desc, _row_number desc) = 1
    """)
    valid, versions = con.execute(
        "select (select count(*) from new_rows_checked where _problem is null), (select count(*) from new_versions)"
    ).fetchone()
    replaced = con.execute(
        f"select count(*) from {merge.state} as s semi join new_versions as f on {_key_match('s', 'f', table)}"
    ).fetchone()[0]
    return valid, versions, replaced


def _select_rows_to_check(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """`rows_to_check`: the new versions plus the kept rows whose references may have changed."""
    if merge.plan.mode == FULL:  # nothing is kept: the new rows are all there is to check (no copy of millions of rows)
        con.execute("alter table new_versions rename to rows_to_check")
        return
    replaced = _key_match("s", "f", merge.table)
    con.execute(f"""
        create or replace temp table rows_to_check as
        select {merge.columns} from new_versions
        union all
        select {merge.columns} from {merge.state} as s anti join new_versions as f on {replaced}
        where {_recheck_condition(con, merge.table)}
    """)


def _release_rows_to_check(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """Take the kept versions of the rows to check out of the state: keep the staged ones as
    `removed_images` (what dbt must forget), and drop the quarantine entries of those that failed."""
    con.execute(
        f"create or replace temp table removed_images as select s.* exclude (_ref_problem) from {merge.state} as s "
        f"{merge.in_rechecked} where s._ref_problem is null"
    )
    con.execute(f"""
        delete from audit.quarantine as q
        where q.table_name = {literal(merge.table.key)} and (q.source_file, q.row_number) in (
            select (s._source_file, s._row_number) from {merge.state} as s {merge.in_rechecked}
            where s._ref_problem is not null)
    """)
    con.execute(
        f"delete from {merge.state} as s "
        f"where exists (select 1 from rows_to_check as r where {_key_match('s', 'r', merge.table)})"
    )


def _check_references(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """Put the rows to check into the state with their reference problem; quarantine those that fail."""
    table = merge.table
    joins, ref_problem = _reference_problems(table)
    con.execute(f"insert into {merge.state} select c.*, {ref_problem} from rows_to_check as c {joins}")
    con.execute(f"""
        insert into audit.quarantine
        select {literal(table.key)}, 'row', s._source_file, s._row_number, {raw_values_sql(table, "r")},
               s._ref_problem, s._landed_at
        from {merge.state} as s {merge.in_rechecked}
        join raw.{table.key} as r on r._source_file = s._source_file and r._row_number = s._row_number
        where s._ref_problem is not null
        order by s._drop_seq, s._row_number
    """)


def _record_changes(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """intake_changes.<table>: the staged rows this run removed ('old') and wrote ('new'); empty on a full rebuild."""
    changes = "true" if merge.plan.mode == INCREMENTAL else "false"
    con.execute(f"""
        create or replace table intake_changes.{merge.table.key} as
        select 'old' as _change, * from removed_images where {changes}
        union all
        select 'new', s.* exclude (_ref_problem) from {merge.state} as s {merge.in_rechecked}
        where s._ref_problem is null and {changes}
    """)


def _reconcile(con: duckdb.DuckDBPyConnection, merge: _Merge, superseded_now: int) -> IntakeReport:
    """Count read, staged, quarantined and superseded rows independently and record them."""
    key = merge.table.key
    previous = con.execute("select rows_superseded from audit.reconciliation where table_name = ?", [key]).fetchone()
    superseded = (previous[0] if merge.plan.mode == INCREMENTAL else 0) + superseded_now
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
    return report


def _record_batch(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """audit.intake_batches: how this run read the table, how many rows, how many anonymized on the way in."""
    key = merge.table.key
    new_rows, erased = con.execute(
        f"select count(*), count(*) filter (where _erased) from raw.{key} where _drop_seq > ?", [merge.plan.since]
    ).fetchone()
    con.execute("delete from audit.intake_batches where table_name = ?", [key])
    con.execute(
        "insert into audit.intake_batches values (?, ?, ?, ?, ?)",
        [key, merge.plan.mode, len(merge.plan.drops), new_rows, erased],
    )


def merge_into_state(con: duckdb.DuckDBPyConnection, table: Table, plan: LoadPlan) -> IntakeReport:
    """Type and check the new raw rows of a table and merge them into intake_state.<table>.

    intake_state.<table> keeps the latest valid version of every key with its reference problem
    (NULL when staged); intake.<table> is the view of its staged rows. A new version replaces the
    old one (superseded); rows whose parents may have changed are checked again, so the result
    is the same as merging every drop at once. intake_changes.<table> receives the staged rows
    this run removed ('old') and wrote ('new'): what incremental dbt models recompute from.
    """
    merge = _Merge(table, plan)
    _prepare_state(con, merge)
    _check_new_rows(con, merge)
    valid_new, new_versions, replaced = _keep_latest_versions(con, merge)
    _select_rows_to_check(con, merge)
    _release_rows_to_check(con, merge)
    _check_references(con, merge)
    _record_changes(con, merge)
    report = _reconcile(con, merge, superseded_now=valid_new - new_versions + replaced)
    _record_batch(con, merge)
    for temp in ("new_rows_checked", "new_versions", "rows_to_check", "removed_images"):
        con.execute(f"drop table if exists {temp}")
    return report


def _recount(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Staged and quarantined rows of a table counted again after rows moved between them."""
    con.execute(
        f"""update audit.reconciliation set
                rows_staged = (select count(*) from intake.{table.key}),
                rows_quarantined = (select count(*) from audit.quarantine where table_name = $t and kind = 'row')
            where table_name = $t""",
        {"t": table.key},
    )
    con.execute(
        "update audit.reconciliation set balanced = rows_read = rows_staged + rows_quarantined + rows_superseded "
        "where table_name = ?",
        [table.key],
    )


def recheck_failed_references(con: duckdb.DuckDBPyConnection) -> None:
    """Check again, parents before children, the kept rows whose references failed. Erasure rewrites
    ids into tokens: a row that arrived before its parent and was quarantined under its plain id finds
    that parent again under the same token, and is staged as it would have been without the erasure."""
    for table in TABLES:
        if not table.referenced_tables or not relation_exists(con, "intake_state", table.key):
            continue
        joins, problem = _reference_problems(table)
        con.execute(
            f"create or replace temp table rechecked as select c._source_file, c._row_number, {problem} as problem "
            f"from intake_state.{table.key} as c {joins} where c._ref_problem is not null"
        )
        con.execute(
            f"update intake_state.{table.key} as s set _ref_problem = r.problem from rechecked as r "
            "where s._source_file = r._source_file and s._row_number = r._row_number"
        )
        in_quarantine = (
            "q.table_name = ? and q.kind = 'row' and q.source_file = r._source_file and q.row_number = r._row_number"
        )
        con.execute(
            f"delete from audit.quarantine as q using rechecked as r where {in_quarantine} and r.problem is null",
            [table.key],
        )
        con.execute(
            f"update audit.quarantine as q set reason = r.problem from rechecked as r where {in_quarantine}",
            [table.key],
        )
        _recount(con, table)
    con.execute("drop table if exists rechecked")


def dbt_full_rebuild_needed(con: duckdb.DuckDBPyConnection) -> bool:
    """True when this run's intake rebuilt a table from every drop, or erasure anonymized rows kept
    from earlier runs: dbt's incremental models would keep rows the intake no longer has."""
    erasure.ensure_privacy_tables(con)  # also when dbt runs without the erasure step before it
    rebuilt = con.execute("select count(*) from audit.intake_batches where mode = 'full'").fetchone()[0]
    erased = con.execute("select coalesce(sum(kept_rows_anonymized), 0) from audit.erasure_pass").fetchone()[0]
    return rebuilt > 0 or erased > 0


def apply_erasure(
    con: duckdb.DuckDBPyConnection, retention_months: int, guard: erasure.RetentionGuard = erasure.DEFAULT_GUARD
) -> erasure.ErasureReport:
    """The intake's last step: erasure and retention applied to every kept row (erasure.py), then the
    references that rewriting ids into tokens may have mended checked again."""
    report = erasure.apply_erasure(con, retention_months, guard)
    if report.kept_rows_anonymized:
        recheck_failed_references(con)
    return report


def ingest_table(
    con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, full_refresh: bool = False
) -> IntakeReport:
    """Bring intake.<table> up to date with the landing folder: only new drops unless a full rebuild is needed."""
    ensure_audit_tables(con)
    plan = plan_load(con, table, landing_dir, full_refresh)
    load_raw(con, table, landing_dir, plan)
    return merge_into_state(con, table, plan)
