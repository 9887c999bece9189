"""Every environment-dependent value of the project, resolved in one place.

Nothing here runs at import time: call :func:`load_settings` (the CLI and the Dagster
definitions do) and pass the result around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

ENV_LANDING_DIR = "FUNNEL_LANDING_DIR"
ENV_WAREHOUSE = "FUNNEL_WAREHOUSE"
ENV_MEMORY_LIMIT = "FUNNEL_DUCKDB_MEMORY_LIMIT"
ENV_THREADS = "FUNNEL_DUCKDB_THREADS"
ENV_FRESHNESS_DAYS = "FUNNEL_FRESHNESS_DAYS"
ENV_DBT_TARGET = "FUNNEL_DBT_TARGET"
ENV_SPARK_PARQUET_DIR = "FUNNEL_SPARK_PARQUET_DIR"
ENV_SPARK_DRIVER_MEMORY = "FUNNEL_SPARK_DRIVER_MEMORY"
# read by dbt itself (dbt_project/profiles.yml, target `spark`): the cluster's Thrift server
ENV_SPARK_HOST = "FUNNEL_SPARK_HOST"

# dbt_project/profiles.yml: DuckDB (default), Spark inside the run (pyspark), a Spark cluster (Thrift)
DUCKDB_TARGET, SPARK_LOCAL_TARGET, SPARK_THRIFT_TARGET = "duckdb", "spark_local", "spark"
DBT_TARGETS = (DUCKDB_TARGET, SPARK_LOCAL_TARGET, SPARK_THRIFT_TARGET)

DEFAULT_LANDING_DIR = PROJECT_ROOT / "data" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    """Where the landing folder and the served warehouse live, and how DuckDB may use the machine."""

    landing_dir: Path
    warehouse: Path
    memory_limit: str = "5GB"
    threads: int = 2
    freshness_days: float = 2.0
    full_refresh: bool = False  # rebuild every table from every drop instead of only what is new
    dbt_target: str = DUCKDB_TARGET
    spark_parquet_dir: Path | None = None  # default: beside the warehouse (see parquet_dir)
    spark_driver_memory: str = "3g"

    @property
    def on_spark(self) -> bool:
        """The dbt models run on Spark; the intake and the served warehouse stay DuckDB (docs/spark.md)."""
        return self.dbt_target != DUCKDB_TARGET

    @property
    def work_dir(self) -> Path:
        """Private folder beside the served warehouse for builds and spill files."""
        return self.warehouse.parent / f".{self.warehouse.stem}.work"

    @property
    def build_database(self) -> Path:
        """The database a run builds into before it is published over :attr:`warehouse`."""
        return self.work_dir / f"{self.warehouse.stem}.building.duckdb"

    @property
    def spark_dir(self) -> Path:
        """Target spark_local: the Derby metastore, Spark's warehouse folder and its scratch space."""
        return self.work_dir / "spark"

    @property
    def parquet_dir(self) -> Path:
        """Spark targets: the intake's tables as Parquet for Spark, and the tables Spark built as
        Parquet for DuckDB. A cluster must reach it too (a shared mount)."""
        return self.spark_parquet_dir or self.warehouse.with_name(f"{self.warehouse.stem}.parquet")

    @property
    def temp_dir(self) -> Path:
        return self.work_dir / "spill"

    @property
    def data_docs_dir(self) -> Path:
        """Great Expectations Data Docs of the latest runs (open index.html)."""
        return self.warehouse.parent / "data_docs"

    @property
    def history_database(self) -> Path:
        """Every run's check results, reconciliation and quarantine counts (appended, never rebuilt)."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.history.duckdb")

    def with_overrides(self, **values: object) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("landing_dir", "warehouse", "spark_parquet_dir"):
            if key in clean:
                clean[key] = Path(clean[key]).expanduser().resolve()  # type: ignore[arg-type]
        return replace(self, **clean)  # type: ignore[arg-type]


def load_settings(environ: dict[str, str] | None = None, **overrides: object) -> Settings:
    """Settings from defaults, then environment variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    settings = Settings(
        landing_dir=Path(env.get(ENV_LANDING_DIR, DEFAULT_LANDING_DIR)).expanduser().resolve(),
        warehouse=Path(env.get(ENV_WAREHOUSE, DEFAULT_WAREHOUSE)).expanduser().resolve(),
        memory_limit=env.get(ENV_MEMORY_LIMIT, Settings.memory_limit),
        threads=int(env.get(ENV_THREADS, Settings.threads)),
        freshness_days=float(env.get(ENV_FRESHNESS_DAYS, Settings.freshness_days)),
        dbt_target=env.get(ENV_DBT_TARGET, Settings.dbt_target),
        spark_parquet_dir=Path(env[ENV_SPARK_PARQUET_DIR]).expanduser().resolve()
        if env.get(ENV_SPARK_PARQUET_DIR)
        else None,
        spark_driver_memory=env.get(ENV_SPARK_DRIVER_MEMORY, Settings.spark_driver_memory),
    )
    settings = settings.with_overrides(**overrides)
    _check_target(settings, env)
    return settings


def _check_target(settings: Settings, env) -> None:
    if settings.dbt_target not in DBT_TARGETS:
        raise ValueError(f"{ENV_DBT_TARGET}={settings.dbt_target!r}: expected one of {', '.join(DBT_TARGETS)}")
    if settings.dbt_target == SPARK_THRIFT_TARGET and not env.get(ENV_SPARK_HOST):
        raise ValueError(f"{ENV_DBT_TARGET}={SPARK_THRIFT_TARGET} needs {ENV_SPARK_HOST} (the Thrift server's host)")
