"""Dagster resources: the warehouse a run builds into and publishes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.settings import Settings


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file a run writes (``build_database``) and the one readers use (``served_database``).

    A run starts from a copy of the served file, writes only to the build file and, when every
    step and blocking check passed, replaces the served file with it in one ``os.replace``: a
    reader sees either the old or the new warehouse, never a half-built one, and never a lock.
    """

    build_database: str
    served_database: str
    memory_limit: str = "5GB"
    threads: int = 2
    temp_directory: str = ""
    data_docs_dir: str = ""
    freshness_days: float = 2.0
    full_refresh: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            build_database=str(settings.build_database),
            served_database=str(settings.warehouse),
            memory_limit=settings.memory_limit,
            threads=settings.threads,
            temp_directory=str(settings.temp_dir),
            data_docs_dir=str(settings.data_docs_dir),
            freshness_days=settings.freshness_days,
            full_refresh=settings.full_refresh,
        )

    @contextmanager
    def connect(self, served: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the build database (or, read-only, to the served one), closed on exit."""
        config = {"memory_limit": self.memory_limit, "threads": self.threads}
        if self.temp_directory:
            Path(self.temp_directory).mkdir(parents=True, exist_ok=True)
            config["temp_directory"] = self.temp_directory
        if served:
            config["access_mode"] = "READ_ONLY"
        con = duckdb.connect(self.served_database if served else self.build_database, config=config)
        try:
            yield con
        finally:
            con.close()

    def any_table_rebuilt(self) -> bool:
        """True when this run's intake rebuilt a table from every drop: the dbt models must be too."""
        with self.connect() as con:
            return con.execute("select count(*) from audit.intake_batches where mode = 'full'").fetchone()[0] > 0

    def start_build(self) -> None:
        """A fresh build file: a copy of the served warehouse, or empty for the first run."""
        build = Path(self.build_database)
        build.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (build, build.with_name(build.name + ".wal")):
            leftover.unlink(missing_ok=True)
        served = Path(self.served_database)
        if served.exists():
            shutil.copyfile(served, build)

    def publish(self) -> Path:
        """Atomically replace the served warehouse with the finished build."""
        with self.connect() as con:
            con.execute("checkpoint")
        served = Path(self.served_database)
        served.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.build_database, served)
        return served
