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
ENV_RETENTION_MONTHS = "FUNNEL_RETENTION_MONTHS"
ENV_ERASURE_SECRET_FILE = "FUNNEL_ERASURE_SECRET_FILE"
ENV_RUN_WAIT_SECONDS = "FUNNEL_RUN_WAIT_SECONDS"

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
    # CRM candidates who never engaged and whose latest activity is older than this (months before
    # the data's as-of time) are anonymized like an erasure; 0 keeps everyone
    retention_months: int = 24
    erasure_secret: Path | None = None  # default: beside the warehouse (see erasure_secret_file)
    run_wait_seconds: float = 0.0  # how long a run waits for another run on the same warehouse to finish

    @property
    def work_dir(self) -> Path:
        """Private folder beside the served warehouse: the run lock, each run's build and spill files."""
        return self.warehouse.parent / f".{self.warehouse.stem}.work"

    @property
    def erasure_secret_file(self) -> Path:
        """The secret that makes erasure tokens irreversible (created on first use; never inside the
        warehouse; keep it with the warehouse's backups: see docs/privacy.md)."""
        return self.erasure_secret or self.warehouse.with_name(f"{self.warehouse.stem}.secret")

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
        for key in ("landing_dir", "warehouse", "erasure_secret"):
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
        retention_months=int(env.get(ENV_RETENTION_MONTHS, Settings.retention_months)),
        erasure_secret=Path(env[ENV_ERASURE_SECRET_FILE]).expanduser().resolve()
        if env.get(ENV_ERASURE_SECRET_FILE)
        else None,
        run_wait_seconds=float(env.get(ENV_RUN_WAIT_SECONDS, Settings.run_wait_seconds)),
    )
    return settings.with_overrides(**overrides)
