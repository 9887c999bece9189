"""Merging a table's new raw rows into its kept state (contract §1 "the later drop wins", §3).

intake_state.<table> keeps the latest valid version of every key with its reference problem (NULL
when staged); intake.<table> is the view of its staged rows; intake_changes.<table> the staged rows
a run removed and wrote (what incremental dbt models recompute from).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from contract.sql import ident, literal
from contract.tables import TABLES_BY_KEY, Table
from intake.catalog import relation_exists
from intake.quarantine import checked_sql, quarantine_rows, reference_problem
from intake.reading import FULL, INCREMENTAL, LINEAGE, LoadPlan
from intake.reconciliation import IntakeReport, reconcile


def _key_match(left: str, right: str, table: Table) -> str:
    """Two rows are versions of the same record: same primary key (or the same file row when there is none)."""
    if table.primary_key:
        return f"{left}.{ident(table.primary_key)} = {right}.{ident(table.primary_key)}"
    return f"{left}._source_file = {right}._source_file and {left}._row_number = {right}._row_number"


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
            f"from ({checked_sql(con, merge.table)}) limit 0"
        )
    con.execute(
        f"create or replace view intake.{merge.table.key} as "
        f"select {merge.columns} from {merge.state} where _ref_problem is null"
    )


def _check_new_rows(con: duckdb.DuckDBPyConnection, merge: _Merge) -> None:
    """`new_rows_checked`: the new raw rows, typed, with their problems; rows with a problem are quarantined."""
    con.execute(
        f"create or replace temp table new_rows_checked as {checked_sql(con, merge.table)} "
        f"where r._drop_seq > {merge.plan.since}"
    )
    quarantine_rows(con, merge.table, "new_rows_checked as c", "_problem")


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
    con.execute(f"insert into {merge.state} select c.*, {reference_problem(table)} from rows_to_check as c")
    rechecked = f"(select s.* from {merge.state} as s {merge.in_rechecked}) as c"
    quarantine_rows(con, table, rechecked, "_ref_problem")


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
    report = reconcile(con, table, plan.mode == INCREMENTAL, superseded_now=valid_new - new_versions + replaced)
    _record_batch(con, merge)
    for temp in ("new_rows_checked", "new_versions", "rows_to_check", "removed_images"):
        con.execute(f"drop table if exists {temp}")
    return report
