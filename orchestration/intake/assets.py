"""One Dagster asset per landing table (contract §1-§3), each with a blocking reconciliation check;
before them the run's build file, after them erasure and retention (contract §8)."""

from pathlib import Path

import dagster as dg
import duckdb

from contract.connectors import CONNECTOR_SYSTEMS
from contract.tables import TABLES, Table, referenced_tables
from intake import erasure
from intake.folders import table_folders, unread_entries
from intake.ingest import apply_erasure, ensure_audit_tables, ingest_table
from intake.mapping import mapping_changed, note_mapping
from intake.reconciliation import IntakeReport
from intake.sources import record_unread_entries
from orchestration.quality.history import kept_request_keys
from orchestration.resources import RunOptions, WarehouseResource

BUILD_ASSET_KEY = dg.AssetKey(["warehouse_build"])
ERASURE_ASSET_KEY = dg.AssetKey(["audit", "erasure_log"])  # the dbt source of marts.dq_erasure_log


def intake_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["intake", table.key])


CORRUPT_RECOVERY = (
    "Rebuild it with `funnel run --full-refresh`: from the landing folder and the erasure keys kept in the run "
    "history (docs/privacy.md)"
)


def _drops_read_before(served: Path) -> list[str]:
    """The landing files the served warehouse was built from (none before the first run, or when it
    cannot be read: a full refresh rebuilds it)."""
    if not served.exists():
        return []
    try:
        return _files_read(served)
    except duckdb.Error:
        return []


def _files_read(served: Path) -> list[str]:
    with duckdb.connect(str(served), read_only=True) as con:
        recorded = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'audit' and table_name = 'intake_files'"
        ).fetchone()[0]
        if not recorded:
            return []
        return [
            row[0]
            for row in con.execute(
                "select distinct source_file from audit.intake_files where status <> 'unreadable'"
            ).fetchall()
        ]


def landing_problem(landing_dir: Path, served: Path) -> str | None:
    """Why a run must not go on over this landing folder: it would publish an empty warehouse over a good one."""
    if not landing_dir.is_dir():
        return f"landing folder {landing_dir} does not exist"
    if not any((landing_dir / folder).is_dir() for table in TABLES for folder in table_folders(table)):
        expected = ", ".join(t.folder for t in TABLES if not t.optional)
        return f"landing folder {landing_dir} holds no table folder (expected {expected}); nothing was changed"
    read_before = _drops_read_before(served)
    if read_before and not any((landing_dir / name).exists() for name in read_before):
        return (
            f"every drop read before ({len(read_before)} files) has vanished from landing folder {landing_dir}: "
            "is it the right folder? The served warehouse was left as it is"
        )
    return None


def build_warehouse_build_asset(landing_dir: Path) -> dg.AssetsDefinition:
    @dg.asset(key=BUILD_ASSET_KEY, group_name="intake", kinds={"duckdb"})
    def warehouse_build(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, run_options: RunOptions
    ) -> dg.MaterializeResult:
        """Check the landing folder, take the warehouse's run slot and start this run's own build file:
        a copy of the served warehouse, or for a full refresh an empty file holding only what the
        landing cannot give back (erasure.carry_over: the erasure requests' keys, also from the run
        history, the secret's check, the erasure log), so a corrupt warehouse is rebuilt and retention
        is judged afresh on the data as it is now."""
        served = Path(warehouse.served_database)
        if not run_options.full_refresh and (corrupt := warehouse.served_problem()):
            raise dg.Failure(f"the served warehouse {served} cannot be read ({corrupt}). {CORRUPT_RECOVERY}")
        problem = landing_problem(landing_dir, served)
        if problem:
            raise dg.Failure(problem)
        build = warehouse.start_build(from_scratch=run_options.full_refresh)
        unread = unread_entries(landing_dir)
        with warehouse.connect() as con:
            if run_options.full_refresh:
                unreadable = erasure.carry_over(con, served)
                if unreadable:
                    context.log.warning("the served warehouse cannot be read (%s): nothing carried over", unreadable)
                kept = erasure.restore_request_keys(con, kept_request_keys(Path(warehouse.history_database)))
                context.log.info("full refresh from an empty file; %d request keys restored from the history", kept)
            try:
                erasure.check_secret(con)
            except duckdb.Error as error:  # the copy of a corrupt served file
                raise dg.Failure(
                    f"the served warehouse {served} cannot be read ({type(error).__name__}). {CORRUPT_RECOVERY}"
                ) from None
            record_unread_entries(con, unread)
        for path in unread:
            context.log.warning("%s: not read (no table of the product lands there)", path)
        context.log.info("building into %s", build.name)
        return dg.MaterializeResult(metadata={"build_database": str(build), "unread_landing_entries": len(unread)})

    return warehouse_build


def ingest_mapped(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path, full_refresh: bool) -> IntakeReport:
    """Ingest a table through its mapping file (intake/mapping.py): rebuilt from every
    drop when the mapping changed, unmapped spellings named in the quarantine reasons."""
    ensure_audit_tables(con)
    report = ingest_table(con, table, landing_dir, full_refresh or mapping_changed(con, table, landing_dir))
    note_mapping(con, table, landing_dir)
    return report


def report_metadata(report: IntakeReport) -> dict[str, int]:
    return {
        "files_read": report.files_read,
        "files_unreadable": report.files_unreadable,
        "rows_read": report.rows_read,
        "rows_staged": report.rows_staged,
        "rows_quarantined": report.rows_quarantined,
        "rows_superseded": report.rows_superseded,
    }


def log_report(context: dg.AssetExecutionContext, table: Table, report: IntakeReport) -> None:
    context.log.info(
        "%s: %d rows read, %d staged, %d quarantined, %d superseded (%d files, %d unreadable)",
        table.folder,
        report.rows_read,
        report.rows_staged,
        report.rows_quarantined,
        report.rows_superseded,
        report.files_read,
        report.files_unreadable,
    )


def folder_expected(table: Table, landing_dir: Path) -> bool:
    """A required table without a folder, unless it is an ats/* table and the ATS lands as
    Greenhouse or Lever connector tables instead."""
    if table.optional or any((landing_dir / folder).is_dir() for folder in table_folders(table)):
        return False
    return not (table.source == "ats" and any((landing_dir / system).is_dir() for system in CONNECTOR_SYSTEMS))


def build_intake_asset(table: Table, landing_dir: Path) -> dg.AssetsDefinition:
    deps = [BUILD_ASSET_KEY, *(dg.AssetKey(["intake", parent]) for parent in referenced_tables(table))]
    if table.key in erasure.PERSON_TABLES_BY_KEY:  # rows of people asking for erasure never come in
        deps.append(dg.AssetKey(["intake", erasure.REQUESTS]))

    @dg.asset(
        key=intake_key(table),
        deps=deps,
        group_name="intake",
        kinds={"duckdb"},
        description=(
            f"`{table.folder}` landing files typed and checked against the contract: valid rows, "
            "latest drop per key, bad rows in audit.quarantine."
        ),
        metadata={"landing_folder": table.folder, "primary_key": table.primary_key or "(none)"},
    )
    def _intake(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, run_options: RunOptions
    ) -> dg.MaterializeResult:
        if folder_expected(table, landing_dir):
            context.log.warning("%s: no folder in the landing folder; the table is empty", table.folder)
        with warehouse.connect() as con:
            report = ingest_mapped(con, table, landing_dir, run_options.full_refresh)
        log_report(context, table, report)
        return dg.MaterializeResult(metadata=report_metadata(report))

    return _intake


RECONCILE_CHECK = "rows_reconcile"
RECONCILE_DESCRIPTION = "rows read = rows staged + rows quarantined + rows superseded (contract §3)"


def reconciliation_result(con: duckdb.DuckDBPyConnection, table: Table) -> dg.AssetCheckResult:
    """The recorded reconciliation of a table balances and matches its raw and intake tables."""
    recorded = con.execute(
        "select rows_read, rows_staged, rows_quarantined, rows_superseded from audit.reconciliation "
        "where table_name = ?",
        [table.key],
    ).fetchone()
    actual_read, actual_staged = con.execute(
        f"select (select count(*) from raw.{table.key}), (select count(*) from intake.{table.key})"
    ).fetchone()
    target = {"asset_key": intake_key(table), "check_name": RECONCILE_CHECK}
    if recorded is None:
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"error": "no reconciliation recorded"},
            **target,
        )
    read, staged, quarantined, superseded = recorded
    return dg.AssetCheckResult(
        passed=read == staged + quarantined + superseded and (read, staged) == (actual_read, actual_staged),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rows_read": read,
            "rows_staged": staged,
            "rows_quarantined": quarantined,
            "rows_superseded": superseded,
            "unaccounted": read - staged - quarantined - superseded,
        },
        **target,
    )


QUARANTINE_CHECK = "quarantine_share"
QUARANTINE_DESCRIPTION = (
    "no file of this run's drops has all its rows quarantined, or more than FUNNEL_MAX_QUARANTINE_SHARE of them, "
    "unless the operator accepted it (`funnel run --accept-quarantine`)"
)


def quarantine_problems(con: duckdb.DuckDBPyConnection, table: Table, max_share: float) -> list[str]:
    """One line per file read in this run whose rows are all quarantined (a file refused or lacking a
    required column included), or more than `max_share` of them: the file, how many, the commonest reason.
    The erasure requests are left out: a request is honoured even when its row is quarantined."""
    if table.key == erasure.REQUESTS:
        return []
    found = con.execute(
        """
        with batch as (select drops_read from audit.intake_batches where table_name = $t),
        this_run as (
            select source_file, drop_seq, status, rows_read, coalesce(error, 'file lacks required column(s): '
                   || missing_columns) as file_reason
            from audit.intake_files where table_name = $t
            qualify row_number() over (order by drop_seq desc) <= (select drops_read from batch)),
        rows_out as (
            select source_file, count(*) as quarantined, mode(reason) as reason
            from audit.quarantine where table_name = $t and kind = 'row' group by source_file)
        select f.source_file, f.status, f.rows_read, coalesce(q.quarantined, 0), coalesce(f.file_reason, q.reason)
        from this_run as f left join rows_out as q using (source_file)
        where f.status = 'unreadable'
           or (f.rows_read > 0 and (f.status = 'missing_columns' or coalesce(q.quarantined, 0) > $share * f.rows_read))
        order by f.drop_seq
        """,
        {"t": table.key, "share": max_share},
    ).fetchall()
    return [
        f"{source_file}: the whole file was refused ({reason})"
        if status == "unreadable"
        else f"{source_file}: {quarantined:,} of {read:,} rows quarantined ({reason})"
        for source_file, status, read, quarantined, reason in found
    ]


def quarantine_result(
    con: duckdb.DuckDBPyConnection, table: Table, max_share: float, accepted: bool
) -> dg.AssetCheckResult:
    """Blocking: a drop (mostly) quarantined must not publish quietly; the operator may accept it."""
    problems = quarantine_problems(con, table, max_share)
    metadata = {"max_share": max_share, "accepted_by_operator": bool(problems) and accepted}
    if problems:
        metadata["problem"] = "; ".join(problems)
    return dg.AssetCheckResult(
        asset_key=intake_key(table),
        check_name=QUARANTINE_CHECK,
        passed=not problems or accepted,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
    )


def build_quarantine_check(table: Table) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=intake_key(table), name=QUARANTINE_CHECK, blocking=True, description=QUARANTINE_DESCRIPTION)
    def _check(warehouse: WarehouseResource, run_options: RunOptions) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            return quarantine_result(con, table, warehouse.max_quarantine_share, run_options.accept_quarantine)

    return _check


def build_reconciliation_check(table: Table) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=intake_key(table), name=RECONCILE_CHECK, blocking=True, description=RECONCILE_DESCRIPTION)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            return reconciliation_result(con, table)

    return _check


def build_erasure_asset() -> dg.AssetsDefinition:
    @dg.asset(
        key=ERASURE_ASSET_KEY,
        deps=[intake_key(t) for t in TABLES],
        group_name="intake",
        kinds={"duckdb"},
        description=(
            "Erasure and retention (contract §8): every key learned in this run (new requests, records of "
            "erased people, people past the retention period) applied to every kept row, before dbt reads them."
        ),
    )
    def erasure_log(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, run_options: RunOptions
    ) -> dg.MaterializeResult:
        guard = erasure.RetentionGuard(warehouse.retention_max_share, run_options.confirm_retention)
        with warehouse.connect() as con:
            report = apply_erasure(con, warehouse.retention_months, guard)
        context.log.info(
            "erasure: %d new keys, %d kept rows and %d incoming rows anonymized",
            report.new_keys,
            report.kept_rows_anonymized,
            report.incoming_rows_anonymized,
        )
        return dg.MaterializeResult(
            metadata={
                "new_keys": report.new_keys,
                "kept_rows_anonymized": report.kept_rows_anonymized,
                "incoming_rows_anonymized": report.incoming_rows_anonymized,
            }
        )

    return erasure_log


def build_intake_definitions(landing_dir: Path) -> tuple[list[dg.AssetsDefinition], list[dg.AssetChecksDefinition]]:
    """The contract's landing tables, one asset and reconciliation check each, and erasure after every
    intake (connector tables: orchestration/intake/connectors.py)."""
    tables = [t for t in TABLES if t.source not in CONNECTOR_SYSTEMS]
    assets = [
        build_warehouse_build_asset(landing_dir),
        *(build_intake_asset(t, landing_dir) for t in tables),
        build_erasure_asset(),
    ]
    checks = [build(t) for t in tables for build in (build_reconciliation_check, build_quarantine_check)]
    return assets, checks
