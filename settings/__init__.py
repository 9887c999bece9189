"""Every environment-dependent value of the project, resolved in one place.

Nothing here runs at import time: call :func:`load_settings` (the CLI and the Dagster
definitions do) and pass the result around.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_LANDING_DIR = "FUNNEL_LANDING_DIR"
ENV_WAREHOUSE = "FUNNEL_WAREHOUSE"
ENV_MEMORY_LIMIT = "FUNNEL_DUCKDB_MEMORY_LIMIT"
ENV_THREADS = "FUNNEL_DUCKDB_THREADS"
ENV_FRESHNESS_DAYS = "FUNNEL_FRESHNESS_DAYS"
ENV_DIGEST_DIR = "FUNNEL_DIGEST_DIR"
ENV_RETENTION_MONTHS = "FUNNEL_RETENTION_MONTHS"
ENV_RETENTION_MAX_SHARE = "FUNNEL_RETENTION_MAX_SHARE"
ENV_MAX_QUARANTINE_SHARE = "FUNNEL_MAX_QUARANTINE_SHARE"
ENV_ERASURE_SECRET_FILE = "FUNNEL_ERASURE_SECRET_FILE"
ENV_RUN_WAIT_SECONDS = "FUNNEL_RUN_WAIT_SECONDS"
ENV_AUTH_MODE = "FUNNEL_AUTH_MODE"
ENV_DBT_TARGET = "FUNNEL_DBT_TARGET"
ENV_SPARK_PARQUET_DIR = "FUNNEL_SPARK_PARQUET_DIR"
ENV_SPARK_DRIVER_MEMORY = "FUNNEL_SPARK_DRIVER_MEMORY"
ENV_SPARK_JAVA_OPTIONS = "FUNNEL_SPARK_JAVA_OPTIONS"
# read by dbt itself (dbt_project/profiles.yml, target `spark`): the cluster's Thrift server
ENV_SPARK_HOST = "FUNNEL_SPARK_HOST"

# dbt_project/profiles.yml: DuckDB (default), Spark inside the run (pyspark), a Spark cluster (Thrift)
DUCKDB_TARGET, SPARK_LOCAL_TARGET, SPARK_THRIFT_TARGET = "duckdb", "spark_local", "spark"
DBT_TARGETS = (DUCKDB_TARGET, SPARK_LOCAL_TARGET, SPARK_THRIFT_TARGET)

DEFAULT_LANDING_DIR = PROJECT_ROOT / "data" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "data" / "warehouse.duckdb"


@dataclass(frozen=True)
class WorkListRules:
    """The thresholds behind the recruiter's work lists and requisition triage (docs/analytics.md "Work lists").

    dbt receives them as the `work_list_rules` var (the models have no defaults of their own), and
    `marts.dim_work_list_rules` records the values a warehouse was built with."""

    follow_up_max_touches: int = 3  # a follow-up is due while fewer delivered touches than this
    follow_up_after_days: int = 4  # ... the last delivered touch is at least this many days old
    follow_up_within_days: int = 21  # ... and at most this many (older: a new first touch, not a follow-up)
    interested_wait_days: int = 3  # "interested, not yet in the ATS" from this many days after the interest
    interested_within_days: int = 30  # ... up to this many
    reconnect_within_days: int = 60  # a reconnect is due from the agreed date for this many days
    rediscovery_per_role: int = 20  # best-ranked rediscovery matches kept per open role
    rediscovery_seniority_levels: int = 1  # rediscovery: earlier role at most this many seniority levels away
    daily_cap: int = 25  # rows of each list in a recruiter's day (the rest behind "show all")
    hire_window_days: int = 120  # stage-to-hire conversion counts hires within this many days of reaching a stage
    on_track_chance_pct: int = 70  # requisition on track: chance to fill by the target date at least this (%)
    at_risk_chance_pct: int = 30  # ... at risk below this; watch in between
    days_to_fill_min_chance_pct: int = 20  # expected days to fill shown only from this chance to fill (%)
    target_days_percentile: int = 75  # target date without its own: opened + this percentile of days to fill
    stage_ageing_percentile: int = 75  # stage ageing: in an ATS stage longer than this percentile of its stays

    ENV = {
        "follow_up_max_touches": "FUNNEL_FOLLOW_UP_MAX_TOUCHES",
        "follow_up_after_days": "FUNNEL_FOLLOW_UP_AFTER_DAYS",
        "follow_up_within_days": "FUNNEL_FOLLOW_UP_WITHIN_DAYS",
        "interested_wait_days": "FUNNEL_INTERESTED_WAIT_DAYS",
        "interested_within_days": "FUNNEL_INTERESTED_WITHIN_DAYS",
        "reconnect_within_days": "FUNNEL_RECONNECT_WITHIN_DAYS",
        "rediscovery_per_role": "FUNNEL_REDISCOVERY_PER_ROLE",
        "rediscovery_seniority_levels": "FUNNEL_REDISCOVERY_SENIORITY_LEVELS",
        "daily_cap": "FUNNEL_WORK_LIST_DAILY_CAP",
        "hire_window_days": "FUNNEL_HIRE_WINDOW_DAYS",
        "on_track_chance_pct": "FUNNEL_ON_TRACK_CHANCE_PCT",
        "at_risk_chance_pct": "FUNNEL_AT_RISK_CHANCE_PCT",
        "days_to_fill_min_chance_pct": "FUNNEL_DAYS_TO_FILL_MIN_CHANCE_PCT",
        "target_days_percentile": "FUNNEL_TARGET_DAYS_PERCENTILE",
        "stage_ageing_percentile": "FUNNEL_STAGE_AGEING_PERCENTILE",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WorkListRules:
        values = {name: int(env[variable]) for name, variable in cls.ENV.items() if variable in env}
        rules = cls(**values)
        if rules.follow_up_max_touches < 1 or min(asdict(rules).values()) < 0:
            raise ValueError(f"work-list rules must be positive: {rules}")
        if rules.follow_up_after_days > rules.follow_up_within_days or (
            rules.interested_wait_days > rules.interested_within_days
        ):
            raise ValueError(f"a work-list window must not end before it starts: {rules}")
        percents = (rules.at_risk_chance_pct, rules.on_track_chance_pct, rules.target_days_percentile)
        if not rules.at_risk_chance_pct <= rules.on_track_chance_pct or max(percents) > 100:
            raise ValueError(f"requisition chances are percentages, at risk <= on track: {rules}")
        return rules

    def dbt_vars(self) -> dict[str, dict[str, int]]:
        return {"work_list_rules": asdict(self)}


AUTH_MODES = ("oidc", "header", "local")


def _names(text: str | None) -> frozenset[str]:
    """A comma-separated list of e-mails or group names, compared case-insensitively."""
    return frozenset(name.strip().lower() for name in (text or "").split(",") if name.strip())


@dataclass(frozen=True)
class AccessSettings:
    """Who may open the dashboards and what they see (README "Access").

    `oidc`: Streamlit's OpenID Connect sign-in, configured in .streamlit/secrets.toml [auth];
    `header`: the e-mail in a header set by an authenticating reverse proxy (only safe when the proxy
    strips that header from every client request); `local`: one user on this machine sees everything
    (`funnel demo`, `funnel dashboard --local`: served on 127.0.0.1 only)."""

    mode: str = "oidc"
    leaders: frozenset[str] = frozenset()  # talent leaders' e-mails (lower case): they see every role
    leader_groups: frozenset[str] = frozenset()  # ... or their groups (the sign-in's `groups` claim or header)
    identity_header: str = "X-Forwarded-Email"  # header mode: the signed-in person's e-mail
    groups_header: str | None = None  # header mode: their groups, comma-separated (unused unless set)
    oidc_provider: str | None = None  # oidc mode: a named provider, [auth.<name>] in secrets.toml

    ENV = {
        "mode": ENV_AUTH_MODE,
        "leaders": "FUNNEL_LEADERS",
        "leader_groups": "FUNNEL_LEADER_GROUPS",
        "identity_header": "FUNNEL_IDENTITY_HEADER",
        "groups_header": "FUNNEL_GROUPS_HEADER",
        "oidc_provider": "FUNNEL_OIDC_PROVIDER",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> AccessSettings:
        value = {name: env.get(variable, "").strip() for name, variable in cls.ENV.items()}
        access = cls(
            mode=value["mode"].lower() or cls.mode,
            leaders=_names(value["leaders"]),
            leader_groups=_names(value["leader_groups"]),
            identity_header=value["identity_header"] or cls.identity_header,
            groups_header=value["groups_header"] or None,
            oidc_provider=value["oidc_provider"] or None,
        )
        if access.mode not in AUTH_MODES:
            raise ValueError(f"{ENV_AUTH_MODE} must be one of {', '.join(AUTH_MODES)}, not {access.mode!r}")
        return access


DEFAULT_DASHBOARD_URL = "http://127.0.0.1:8501"


def _flag(text: str, default: bool) -> bool:
    value = text.strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, not {text!r}")


@dataclass(frozen=True)
class MailSettings:
    """How the weekly digest and the alerts are sent (README "The digest by e-mail"). Sending needs a host
    and a sender; without them the Monday schedule writes the digest files instead."""

    host: str | None = None
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    password_file: Path | None = None  # read when sending (a secret mounted as a file)
    starttls: bool = True
    sender: str | None = None
    dashboard_url: str = DEFAULT_DASHBOARD_URL  # every section of a digest or alert links here

    ENV = {
        "host": "FUNNEL_SMTP_HOST",
        "port": "FUNNEL_SMTP_PORT",
        "user": "FUNNEL_SMTP_USER",
        "password": "FUNNEL_SMTP_PASSWORD",
        "password_file": "FUNNEL_SMTP_PASSWORD_FILE",
        "starttls": "FUNNEL_SMTP_STARTTLS",
        "sender": "FUNNEL_DIGEST_FROM",
        "dashboard_url": "FUNNEL_DASHBOARD_URL",
    }

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> MailSettings:
        value = {name: env.get(variable, "").strip() for name, variable in cls.ENV.items()}
        try:
            starttls = _flag(value["starttls"], cls.starttls)
        except ValueError as wrong:
            raise ValueError(f"{cls.ENV['starttls']}: {wrong}") from None
        return cls(
            host=value["host"] or None,
            port=int(value["port"] or cls.port),
            user=value["user"] or None,
            password=env.get(cls.ENV["password"]) or None,
            password_file=Path(value["password_file"]).expanduser() if value["password_file"] else None,
            starttls=starttls,
            sender=value["sender"] or None,
            dashboard_url=(value["dashboard_url"] or cls.dashboard_url).rstrip("/"),
        )

    @property
    def configured(self) -> bool:
        """Whether mail can be sent: a server and a sender."""
        return bool(self.host and self.sender)

    def secret(self) -> str | None:
        """The SMTP password: FUNNEL_SMTP_PASSWORD, else the first line of FUNNEL_SMTP_PASSWORD_FILE."""
        if self.password or self.password_file is None:
            return self.password
        return self.password_file.read_text(encoding="utf-8").strip() or None


@dataclass(frozen=True)
class Settings:
    """Where the landing folder and the served warehouse live, and how DuckDB may use the machine."""

    landing_dir: Path
    warehouse: Path
    memory_limit: str = "5GB"
    threads: int = 2
    freshness_days: float = 2.0
    work_lists: WorkListRules = field(default_factory=WorkListRules)
    digest_dir_override: Path | None = None
    # CRM candidates who never engaged and whose latest activity is older than this (months before
    # the data's as-of time) are anonymized like an erasure; 0 keeps everyone
    retention_months: int = 24
    # retention anonymizing more than this share of the CRM candidates in one run stops the run
    # unless the operator confirms it (`funnel run --confirm-retention`): a wrong date is likelier
    retention_max_share: float = 0.10
    # a drop's file with all its rows quarantined, or more than this share, fails the run's blocking
    # check unless the operator accepts it (`funnel run --accept-quarantine`)
    max_quarantine_share: float = 0.05
    erasure_secret: Path | None = None  # default: beside the warehouse (see erasure_secret_file)
    run_wait_seconds: float = 0.0  # how long a run waits for another run on the same warehouse to finish
    access: AccessSettings = field(default_factory=AccessSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    dbt_target: str = DUCKDB_TARGET
    spark_parquet_dir: Path | None = None  # default: beside the warehouse (see parquet_dir)
    spark_driver_memory: str = "3g"
    # extra JVM options of target spark_local; "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m"
    # halves the CPU of runs over small data (the tests), where compiling Java code costs more than
    # running it (the first tier alone would get the smaller code cache of a JVM without tiers)
    spark_java_options: str = ""

    @property
    def on_spark(self) -> bool:
        """The dbt models run on Spark; the intake and the served warehouse stay DuckDB (docs/spark.md)."""
        return self.dbt_target != DUCKDB_TARGET

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
    def spark_dir(self) -> Path:
        """Target spark_local: the Derby metastore, Spark's warehouse folder and its scratch space."""
        return self.work_dir / "spark"

    @property
    def parquet_dir(self) -> Path:
        """Spark targets: the intake's tables as Parquet for Spark, and the tables Spark built as
        Parquet for DuckDB. A cluster must reach it too (a shared mount)."""
        return self.spark_parquet_dir or self.warehouse.with_name(f"{self.warehouse.stem}.parquet")

    @property
    def run_log(self) -> Path:
        """Everything the latest `funnel run` printed (dbt's log ...) while its progress display showed."""
        return self.work_dir / "last_run.log"

    @property
    def data_docs_dir(self) -> Path:
        """Great Expectations Data Docs of the latest runs (open index.html)."""
        return self.warehouse.parent / "data_docs"

    @property
    def digest_dir(self) -> Path:
        """Where the Monday schedule writes the weekly digest (default: `digests/` beside the warehouse)."""
        return self.digest_dir_override or self.warehouse.parent / "digests"

    @property
    def history_database(self) -> Path:
        """Every run's check results, reconciliation and quarantine counts (appended, never rebuilt)."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.history.duckdb")

    def with_overrides(self, **values: object) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("landing_dir", "warehouse", "erasure_secret", "spark_parquet_dir"):
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
        work_lists=WorkListRules.from_env(env),
        digest_dir_override=Path(env[ENV_DIGEST_DIR]).expanduser().resolve() if env.get(ENV_DIGEST_DIR) else None,
        retention_months=int(env.get(ENV_RETENTION_MONTHS, Settings.retention_months)),
        retention_max_share=float(env.get(ENV_RETENTION_MAX_SHARE, Settings.retention_max_share)),
        max_quarantine_share=float(env.get(ENV_MAX_QUARANTINE_SHARE, Settings.max_quarantine_share)),
        erasure_secret=Path(env[ENV_ERASURE_SECRET_FILE]).expanduser().resolve()
        if env.get(ENV_ERASURE_SECRET_FILE)
        else None,
        run_wait_seconds=float(env.get(ENV_RUN_WAIT_SECONDS, Settings.run_wait_seconds)),
        access=AccessSettings.from_env(env),
        mail=MailSettings.from_env(env),
        dbt_target=env.get(ENV_DBT_TARGET, Settings.dbt_target),
        spark_parquet_dir=Path(env[ENV_SPARK_PARQUET_DIR]).expanduser().resolve()
        if env.get(ENV_SPARK_PARQUET_DIR)
        else None,
        spark_driver_memory=env.get(ENV_SPARK_DRIVER_MEMORY, Settings.spark_driver_memory),
        spark_java_options=env.get(ENV_SPARK_JAVA_OPTIONS, Settings.spark_java_options),
    )
    settings = settings.with_overrides(**overrides)
    _check_target(settings, env)
    return settings


def _check_target(settings: Settings, env) -> None:
    if settings.dbt_target not in DBT_TARGETS:
        raise ValueError(f"{ENV_DBT_TARGET}={settings.dbt_target!r}: expected one of {', '.join(DBT_TARGETS)}")
    if settings.dbt_target == SPARK_THRIFT_TARGET and not env.get(ENV_SPARK_HOST):
        raise ValueError(f"{ENV_DBT_TARGET}={SPARK_THRIFT_TARGET} needs {ENV_SPARK_HOST} (the Thrift server's host)")
