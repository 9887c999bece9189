"""The relations the dbt project reads as sources (dbt_project/models/staging/sources.yml), as the intake
creates them: the intake tables with their state and changes (ingest.ingest_table), the ATS stage and
outcome mapping (ats_mapping.write_ats_value_map), the audit tables (ingest.ensure_audit_tables), the
landing entries nothing reads (record_unread_entries) and the privacy tables (erasure)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from contract.tables import TABLES
from intake.ats_mapping import write_ats_value_map
from intake.ingest import ensure_audit_tables, ingest_table


def record_unread_entries(con: duckdb.DuckDBPyConnection, unread: list[str]) -> None:
    """audit.unread_landing_entries: this run's folders and files of the landing folder that nothing reads."""
    con.execute("create schema if not exists audit")
    con.execute("create or replace table audit.unread_landing_entries (path varchar)")
    if unread:
        con.executemany("insert into audit.unread_landing_entries values (?)", [[path] for path in unread])


def create_empty_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Every dbt source with its columns and no rows, into a database that holds none yet: each made by the
    step that makes it in a run, from an empty landing folder (dbt's unit tests and `dbt build --empty` need
    the relations, not their rows)."""
    with tempfile.TemporaryDirectory() as folder:
        landing = Path(folder)
        ensure_audit_tables(con)  # the privacy tables too
        for table in TABLES:
            ingest_table(con, table, landing)
        write_ats_value_map(con, landing)
        record_unread_entries(con, [])
