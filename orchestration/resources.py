"""Dagster resources: the options of a run, and the warehouse a run builds into and publishes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from intake import erasure
from orchestration import run_slot
from settings import Settings


class RunOptions(dg.ConfigurableResource):
    """What one run does differently, from its run config (`resources.run_options.config`): set in the
    Launchpad, by `funnel run --full-refresh` and by the daily schedule (run_options_config)."""

    full_refresh: bool = False  # the intake rebuilds every table from every drop, and dbt every model
    dbt_full_rebuild: bool = False  # dbt rebuilds every model and tests every row (the intake stays incremental)
    confirm_retention: bool = False  # retention may anonymize more than settings.retention_max_share in this run
    accept_quarantine: bool = False  # publish although a drop is (mostly) quarantined (settings.max_quarantine_share)


def run_options_config(**options: bool) -> dict:
    """The run config that sets these run options."""
    return {"resources": {"run_options": {"config": options}}}


# build file -> a connection that keeps it open in this process (DuckDB then shares the opened
# database with every further connection to that file instead of reading it again)
_KEPT_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}


def let_go(build_database: str) -> None:
    """Close the connection keeping a build file open in this process, if any."""
    kept = _KEPT_OPEN.pop(build_database, None)
    if kept is not None:
        kept.close()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file a run writes (``build_database``) and the one readers use (``served_database``).

    A run takes the warehouse's run slot (one run at a time; see orchestration/run_slot.py), starts
    from a copy of the served file in a build file of its own, writes only there and, when every
    step and blocking check passed, replaces the served file with it in one ``os.replace``: a reader
    sees either the old or the new warehouse, never a half-built one, and never a lock. A run that
    fails leaves no build file behind.
    """

    served_database: str
    work_dir: str
    memory_limit: str = "5GB"
    threads: int = 2
    data_docs_dir: str = ""
    history_database: str = ""  # the run history (it also keeps the erasure requests' keys)
    digest_dir: str = ""  # the weekly digests (an erasure removes those written before it)
    freshness_days: float = 2.0
    erasure_secret_file: str = ""
    retention_months: int = 24
    retention_max_share: float = 0.10
    max_quarantine_share: float = 0.05
    run_wait_seconds: float = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            served_database=str(settings.warehouse),
            work_dir=str(settings.work_dir),
            memory_limit=settings.memory_limit,
            threads=settings.threads,
            data_docs_dir=str(settings.data_docs_dir),
            history_database=str(settings.history_database),
            digest_dir=str(settings.digest_dir),
            freshness_days=settings.freshness_days,
            erasure_secret_file=str(settings.erasure_secret_file),
            retention_months=settings.retention_months,
            retention_max_share=settings.retention_max_share,
            max_quarantine_share=settings.max_quarantine_share,
            run_wait_seconds=settings.run_wait_seconds,
        )

    def _slot(self) -> run_slot.RunSlot:
        slot = run_slot.held(Path(self.work_dir))
        if slot is None:
            raise RuntimeError("this run holds no run slot: the warehouse_build step starts every build")
        return slot

    @property
    def build_database(self) -> str:
        """This run's own build file."""
        return str(self._slot().build_database)

    @property
    def dbt_target(self) -> Path:
        return self._slot().dbt_target

    @contextmanager
    def connect(self, served: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the build database (or, read-only, to the served one), closed on exit.

        It spills to the run's own folder and knows the erasure secret (`anon_token`, never stored).
        The build file stays open in this process between steps (`_KEPT_OPEN`): opening it costs
        ~30 ms of CPU and a run's steps connect about a hundred times; `let_go` closes it for dbt's
        process and for publishing."""
        config = {"memory_limit": self.memory_limit, "threads": self.threads}
        if served:
            config["access_mode"] = "READ_ONLY"
        else:
            spill = self._slot().spill_dir
            spill.mkdir(parents=True, exist_ok=True)
            config["temp_directory"] = str(spill)
            if self.build_database not in _KEPT_OPEN:
                _KEPT_OPEN[self.build_database] = duckdb.connect(self.build_database, config=config)
        con = duckdb.connect(self.served_database if served else self.build_database, config=config)
        try:
            if self.erasure_secret_file and not served:
                erasure.install_token_function(con, erasure.load_secret(Path(self.erasure_secret_file)))
            yield con
        finally:
            con.close()

    def let_go(self) -> None:
        """Close this process's hold on the build file: another process (dbt) is about to write it,
        or it is about to be copied or moved (publish)."""
        let_go(self.build_database)

    def start_build(self, from_scratch: bool = False) -> Path:
        """Take the run slot (unless this process's runner holds it already) and start the run's
        build file: a copy of the served warehouse, or nothing for the first run or `from_scratch`
        (a full refresh: it rebuilds everything, also over a corrupt served file)."""
        slot = run_slot.held(Path(self.work_dir)) or run_slot.acquire(
            Path(self.work_dir), Path(self.served_database).stem, self.run_wait_seconds, holder="resource"
        )
        served = Path(self.served_database)
        if served.exists() and not from_scratch:
            shutil.copyfile(served, slot.build_database)
        return slot.build_database

    def served_problem(self) -> str | None:
        """Why the served warehouse cannot be read (a truncated or corrupt file), or None."""
        served = Path(self.served_database)
        if not served.exists():
            return None
        try:
            with duckdb.connect(str(served), read_only=True) as con:
                con.execute("select count(*) from duckdb_tables()").fetchone()
        except duckdb.Error as error:
            return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        return None

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        """A run launched by Dagster frees the slot it took and removes its build file (the runner
        of `funnel run` does both itself, after recording the run)."""
        slot = run_slot.held(Path(self.work_dir))
        if slot is not None:
            let_go(str(slot.build_database))
        if slot is not None and slot.holder == "resource":
            slot.release()

    def _compact(self) -> Path:
        """The build copied into a fresh file: rows rewritten by erasure leave their old bytes in the
        blocks they freed, and a fresh file holds only what the tables hold now."""
        build = Path(self.build_database)
        fresh = build.with_name(build.name + ".fresh")
        fresh.unlink(missing_ok=True)
        with duckdb.connect(config={"memory_limit": self.memory_limit, "threads": self.threads}) as con:
            con.execute("attach ? as build_source (read_only)", [str(build)])
            con.execute("attach ? as fresh_target", [str(fresh)])
            con.execute("copy from database build_source to fresh_target")
            con.execute("detach fresh_target")
        build.unlink()
        os.replace(fresh, build)
        return build

    def publish(self, compact: bool) -> Path:
        """Atomically replace the served warehouse with the finished build, written to a fresh file
        first when `compact` (this run anonymized rows: their old bytes stay in the freed blocks)."""
        with self.connect() as con:
            con.execute("checkpoint")
        self.let_go()
        build = self._compact() if compact else Path(self.build_database)
        served = Path(self.served_database)
        served.parent.mkdir(parents=True, exist_ok=True)
        os.replace(build, served)
        return served
