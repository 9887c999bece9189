"""Landing files -> raw tables -> typed, validated intake tables plus quarantine: one table's intake,
step by step (reading.py, quarantine.py, merge.py, reconciliation.py), and the audit tables they write.

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

from pathlib import Path

import duckdb

from contract.tables import Table
from intake import erasure
from intake.merge import merge_into_state
from intake.quarantine import recheck_failed_references
from intake.reading import load_raw, plan_load
from intake.reconciliation import IntakeReport

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


def ensure_audit_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in AUDIT_DDL:
        con.execute(statement)
    erasure.ensure_privacy_tables(con)


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
    """The intake's last step: erasure and retention applied to every kept row (intake/erasure/), then the
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
