"""Reading a table's landing drops into raw.<table> (contract §1, §3): which drops a run reads
(LoadPlan: only the new ones when nothing read before changed), each file's header and rows as
text with their lineage, the lines the CSV reader cannot split, and what became of each file
(audit.intake_files; a refused file is quarantined whole).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from contract.rules import CSV_REJECT_REASONS, MAX_LINE_BYTES
from contract.sql import ident, literal
from contract.tables import Table
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
from intake.quarantine import quarantine_file

LINEAGE = ("_source_file", "_drop_seq", "_row_number", "_landed_at")
READ_MARKS = (("_rejected", "varchar"), ("_raw_line", "varchar"), ("_erased", "boolean"))
CSV_OPTIONS = (
    "header=true, auto_detect=false, delim=',', quote='\"', escape='\"', encoding='utf-8', "
    f"max_line_size={MAX_LINE_BYTES}, store_rejects=true, rejects_table='intake_rejects', "
    "rejects_scan='intake_reject_scans'"
)
FULL, INCREMENTAL = "full", "incremental"


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
        quarantine_file(
            con, table, drop.source_file, error or f"file lacks required column(s): {missing}", drop.landed_at
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
    reasons = " ".join(f"when {literal(kind)} then {literal(text)}" for kind, text in CSV_REJECT_REASONS.items())
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
