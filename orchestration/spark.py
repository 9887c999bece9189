"""The dbt models on Spark (docs/spark.md).

The intake stays DuckDB: it types and validates the landing files into the run's build file.
Before a Spark build every dbt source is exported to ``<parquet_dir>/sources/<schema>/<table>/``
(a model's pre-hook registers the sources it reads); Spark copies every table it builds to
``<parquet_dir>/published/<run id>/<schema>/<name>/`` (post-hook), and after the build the build
file gets a view over each (macros/spark_exchange.sql). The dashboards, checks and run history
then read one DuckDB file whichever engine built the models, and publishing stays one ``os.replace``.

A served warehouse reads the Parquet of the run that published it, so each run writes its own
folder; publishing keeps that folder and the previous one (readers that opened the previous
warehouse keep working) and removes the rest.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import dagster as dg
import duckdb

from contract.sql import ident, literal
from settings import DUCKDB_TARGET, Settings

SOURCES_FOLDER = "sources"
PUBLISHED_FOLDER = "published"
CURRENT_FILE = "CURRENT"  # in the published folder: the run whose Parquet the served warehouse reads


class SparkResource(dg.ConfigurableResource):
    """Which dbt target builds the models and, on Spark, where the Parquet exchange lives."""

    target: str
    spark_dir: str
    parquet_dir: str
    driver_memory: str
    java_options: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> SparkResource:
        return cls(
            target=settings.dbt_target,
            spark_dir=str(settings.spark_dir),
            parquet_dir=str(settings.parquet_dir),
            driver_memory=settings.spark_driver_memory,
            java_options=settings.spark_java_options,
        )

    @property
    def enabled(self) -> bool:
        return self.target != DUCKDB_TARGET

    @property
    def sources_dir(self) -> Path:
        return Path(self.parquet_dir) / SOURCES_FOLDER

    @property
    def published_dir(self) -> Path:
        return Path(self.parquet_dir) / PUBLISHED_FOLDER

    def run_dir(self, run_id: str) -> Path:
        """Where the tables one run built are published."""
        return self.published_dir / run_id

    def dbt_vars(self, run_id: str) -> dict[str, str]:
        """The vars profiles.yml and macros/spark_exchange.sql read."""
        return {
            "spark_dir": self.spark_dir,
            "spark_driver_memory": self.driver_memory,
            "spark_java_options": self.java_options,
            "source_parquet_dir": str(self.sources_dir),
            "publish_parquet_dir": str(self.run_dir(run_id)),
        }

    def export_sources(self, con: duckdb.DuckDBPyConnection, sources: Iterable[tuple[str, str]]) -> int:
        """Write each (schema, table) of the build database as Parquet for Spark; returns how many."""
        exported = 0
        for schema, table in sources:
            folder = self.sources_dir / schema / table
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            con.execute(
                f"copy (select * from {ident(schema)}.{ident(table)}) "
                f"to {literal(str(folder / 'part-0.parquet'))} (format parquet)"
            )
            exported += 1
        return exported

    def create_views(self, con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
        """A view in the build database over every table the run published (replacing what the
        build copied from the served warehouse under that name); returns the views' names."""
        names = []
        for folder in sorted(p for p in self.run_dir(run_id).glob("*/*") if p.is_dir()):
            schema, name = folder.parent.name, folder.name
            relation = f"{ident(schema)}.{ident(name)}"
            con.execute(f"create schema if not exists {ident(schema)}")
            if _is_table(con, schema, name):  # built by an earlier run on DuckDB
                con.execute(f"drop table {relation}")
            con.execute(
                f"create or replace view {relation} as select * from read_parquet({literal(str(folder / '*.parquet'))})"
            )
            names.append(f"{schema}.{name}")
        return names

    def discard(self, run_id: str) -> None:
        """Remove what a failed run published: nothing will ever read it."""
        shutil.rmtree(self.run_dir(run_id), ignore_errors=True)

    def keep_only(self, run_id: str, keep_previous: bool = True) -> None:
        """After ``run_id`` was published: keep its Parquet and (unless told not to, as after an
        erasure) the previous run's, which dashboards that opened the previous warehouse still read;
        remove the rest."""
        pointer = self.published_dir / CURRENT_FILE
        previous = pointer.read_text().strip() if pointer.exists() and keep_previous else ""
        pointer.write_text(run_id)
        for folder in self.published_dir.iterdir():
            if folder.is_dir() and folder.name not in (run_id, previous):
                shutil.rmtree(folder)


def _is_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    found = con.execute(
        "select table_type from information_schema.tables where table_schema = ? and table_name = ?", [schema, name]
    ).fetchone()
    return found == ("BASE TABLE",)
