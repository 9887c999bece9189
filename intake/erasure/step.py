"""The erasure step after the last intake table: retention, the new keys applied to the kept rows,
the log."""

from __future__ import annotations

import duckdb

from contract.sql import ident
from intake.erasure.keys import ERASED_KEYS, ensure_privacy_tables
from intake.erasure.log import ErasureReport, log_run
from intake.erasure.retention import DEFAULT_GUARD, RetentionGuard, add_retention_keys, check_retention_share
from intake.erasure.rewrite import settle


def apply_erasure(
    con: duckdb.DuckDBPyConnection, retention_months: int, guard: RetentionGuard = DEFAULT_GUARD
) -> ErasureReport:
    """After every intake table: add retention keys (within the guard's share), apply every key learned
    in this run to the kept rows, log it, and record what the run did in `audit.erasure_pass`."""
    ensure_privacy_tables(con)
    check_retention_share(con, add_retention_keys(con, retention_months), guard)
    new_keys = con.execute(f"select count(*) from {ERASED_KEYS} where not applied").fetchone()[0]
    kept = settle(con) if new_keys else 0
    incoming = con.execute("select coalesce(sum(rows_erased), 0) from audit.intake_batches").fetchone()[0]
    report = ErasureReport(new_keys, kept, int(incoming))
    con.execute("delete from audit.erasure_pass")
    con.execute("insert into audit.erasure_pass values (?, ?, ?)", [new_keys, kept, report.incoming_rows_anonymized])
    if new_keys or report.rows_anonymized:
        log_run(con, report.rows_anonymized)
        con.execute(f"update {ERASED_KEYS} set applied = true where not applied")
    if kept:  # this run's intake changes describe rows that are anonymous now: dbt rebuilds instead
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'intake_changes'"
        ).fetchall():
            con.execute(f"delete from intake_changes.{ident(name)}")
    return report
