"""The contract's reconciliation (§3), per table: rows read = rows staged + rows quarantined + rows
superseded by a later drop, each counted on its own and recorded in audit.reconciliation."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from contract.tables import Table


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


def reconcile(con: duckdb.DuckDBPyConnection, table: Table, incremental: bool, superseded_now: int) -> IntakeReport:
    """Count read, staged, quarantined and superseded rows independently and record them (superseded rows
    add up over incremental runs)."""
    key = table.key
    previous = con.execute("select rows_superseded from audit.reconciliation where table_name = ?", [key]).fetchone()
    superseded = (previous[0] if incremental else 0) + superseded_now
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


def recount(con: duckdb.DuckDBPyConnection, table: Table) -> None:
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
