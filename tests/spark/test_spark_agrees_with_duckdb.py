"""The dbt project on Spark (target spark_local) gives exactly what it gives on DuckDB.

The contract's worked example and a generated messy landing (Greenhouse-shaped ATS) go through the
whole pipeline once on each engine; every model the run publishes (marts, reference) and the
diagnosis findings written from Spark's tables are compared row for row. `make test` and `make
test-spark` run these (marker `spark`: pyspark, Java 17); the worked example's DuckDB run is the
session's (tests/conftest.py).
"""

import json
import random
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from contract.dbt import DBT_PROJECT_DIR
from orchestration import transform
from orchestration.spark import CURRENT_FILE
from orchestration.transform import DBT_EXECUTABLE, KEPT_RUN_RESULTS
from settings import DUCKDB_TARGET, SPARK_LOCAL_TARGET, load_settings
from synthetic.landing import GenerateOptions, generate_landing
from tests.support import CONTRACT_EXAMPLE, funnel_differences, run
from tests.test_publish_and_idempotency import RUN_DESCRIPTIONS

pytestmark = pytest.mark.spark
# each landing's two runs are one group of tests: under `make test` the two Spark builds start at once,
# one on each worker (a module would otherwise be one group, its two builds one after the other)
ON_WORKED_EXAMPLE = pytest.mark.xdist_group("spark-worked-example")
ON_MESSY_GENERATED = pytest.mark.xdist_group("spark-messy-generated")

# The published analytics of contract §9, named so that a missing one fails the test, not only a
# differing one. fct_diagnosis_findings is written by a Python asset from the views over Spark's tables.
SECTION_9_MARTS = ("marts.fct_prospect_funnel", "marts.agg_windowed_rates", "marts.fct_diagnosis_findings")
PUBLISHED_SCHEMAS = ("marts", "reference")
# what a run did (when it applied erasures), not what the data holds
NOT_COMPARED = {*RUN_DESCRIPTIONS, "marts.dq_erasure_log"}
# a few thousand prospects: a small JVM, and the JIT's first tier only (it halves the CPU of a build this small)
ON_SPARK = {
    "dbt_target": SPARK_LOCAL_TARGET,
    "spark_driver_memory": "1g",
    "spark_java_options": "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m",
}


@contextmanager
def without_data_tests() -> Iterator[None]:
    """Runs started inside build every model on Spark but run no dbt data test. The messy landing's Spark
    build runs every data test (test_every_data_test_compiles_runs_and_passes_on_spark); the worked
    example's leaves them out: they were 326 of its 452 dbt nodes, and Spark's cost is per statement, not
    per row (docs/spark.md, "Tests"). Its every published model is still compared row for row."""
    build_args = transform._build_args

    def models_only(*args, **kwargs) -> list[str]:
        return [*build_args(*args, **kwargs), "--exclude-resource-type", "test"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transform, "_build_args", models_only)
        yield


def run_on_spark(landing: Path, on_duckdb: Path) -> Path:
    """The pipeline on Spark over the landing folder a DuckDB warehouse was built from, with that
    warehouse's erasure secret, so anonymized ids agree too."""
    secret = load_settings(environ={}, warehouse=on_duckdb).erasure_secret_file
    on_spark = on_duckdb.parent / "spark" / "warehouse.duckdb"
    summary = run(landing, on_spark, erasure_secret=secret, **ON_SPARK)
    assert summary.success, summary.failures
    return on_spark


def published(warehouse: Path) -> set[str]:
    """The models readers see: tables and views of the published schemas (on Spark all views over Parquet)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                f"where table_schema in {PUBLISHED_SCHEMAS}"
            ).fetchall()
        }


def rows_differing(on_duckdb: Path, on_spark: Path, relation: str) -> tuple[int, int]:
    """Rows only DuckDB has and rows only Spark has (bag difference over DuckDB's column order)."""
    with duckdb.connect() as con:
        con.execute("attach ? as duck (read_only)", [str(on_duckdb)])
        con.execute("attach ? as spark (read_only)", [str(on_spark)])
        columns = ", ".join(f'"{d[0]}"' for d in con.execute(f"select * from duck.{relation} limit 0").description)
        counts = [
            con.execute(
                f"select count(*) from (select {columns} from {a}.{relation} "
                f"except all select {columns} from {b}.{relation})"
            ).fetchone()[0]
            for a, b in (("duck", "spark"), ("spark", "duck"))
        ]
    return counts[0], counts[1]


def disagreements(on_duckdb: Path, on_spark: Path) -> dict[str, tuple[int, int]]:
    expected = published(on_duckdb)
    assert {*SECTION_9_MARTS} <= expected
    assert expected - published(on_spark) == set(), "models the Spark run did not publish"
    return {
        relation: diff
        for relation in sorted(expected - NOT_COMPARED)
        if (diff := rows_differing(on_duckdb, on_spark, relation)) != (0, 0)
    }


def row_count(warehouse: Path, relation: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"select count(*) from {relation}").fetchone()[0]


@pytest.fixture(scope="module")
def worked_example(worked_example_warehouse) -> tuple[Path, Path]:
    with without_data_tests():
        return worked_example_warehouse, run_on_spark(CONTRACT_EXAMPLE / "landing", worked_example_warehouse)


@pytest.fixture(scope="module")
def messy_generated(tmp_path_factory) -> tuple[Path, Path]:
    """3,000 generated prospects with messy exports and the ATS as Greenhouse connector tables
    (the worked example covers the contract's own ATS tables)."""
    root = tmp_path_factory.mktemp("messy_generated")
    options = GenerateOptions(out=root / "landing", prospects=3_000, seed=23, messy=True, ats="greenhouse")
    generate_landing(options, echo=lambda _: None)
    on_duckdb = root / "duckdb" / "warehouse.duckdb"
    summary = run(options.out, on_duckdb)
    assert summary.success, summary.failures
    return on_duckdb, run_on_spark(options.out, on_duckdb)


@ON_WORKED_EXAMPLE
def test_worked_example_on_spark_matches_the_contract_row_by_row(worked_example):
    _, on_spark = worked_example
    assert funnel_differences(on_spark, CONTRACT_EXAMPLE / "expected_fct_prospect_funnel.csv") == []


@ON_WORKED_EXAMPLE
def test_worked_example_every_published_model_agrees(worked_example):
    assert disagreements(*worked_example) == {}


@ON_MESSY_GENERATED
def test_messy_landing_every_published_model_and_the_findings_agree(messy_generated):
    on_duckdb, on_spark = messy_generated
    assert row_count(on_spark, "marts.fct_prospect_funnel") > 2_000
    assert row_count(on_spark, "marts.agg_windowed_rates") > 100
    assert row_count(on_spark, "marts.fct_diagnosis_findings") > 0, "the findings are computed after a Spark build"
    assert disagreements(on_duckdb, on_spark) == {}


def dbt_results(warehouse: Path) -> dict[str, str]:
    """The status of every node the warehouse's last dbt build ran (its run results, kept by the run)."""
    kept = warehouse.parent / f".{warehouse.stem}.work" / KEPT_RUN_RESULTS
    return {result["unique_id"]: result["status"] for result in json.loads(kept.read_text())["results"]}


def data_tests_of_the_project() -> set[str]:
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    return {unique_id for unique_id, node in manifest["nodes"].items() if node["resource_type"] == "test"}


@ON_MESSY_GENERATED
def test_every_data_test_compiles_runs_and_passes_on_spark(messy_generated):
    """The project's data tests run on Spark once per session: in the messy landing's build (not the
    worked example's, see without_data_tests), every one of them, and each passes or only warns."""
    _, on_spark = messy_generated
    ran = {unique_id: status for unique_id, status in dbt_results(on_spark).items() if unique_id.startswith("test.")}
    tests = data_tests_of_the_project()
    assert tests, "the manifest lists the project's data tests"
    assert set(ran) == tests
    assert {unique_id: status for unique_id, status in ran.items() if status not in ("pass", "warn")} == {}


@ON_MESSY_GENERATED
def test_served_warehouse_reads_the_parquet_of_the_run_that_published_it(messy_generated):
    _, on_spark = messy_generated
    published_dir = on_spark.with_name("warehouse.parquet") / "published"
    current = (published_dir / CURRENT_FILE).read_text()
    assert [p.name for p in published_dir.iterdir() if p.is_dir()] == [current]
    with duckdb.connect(str(on_spark), read_only=True) as con:
        definitions = dict(
            con.execute("select view_name, sql from duckdb_views() where schema_name = 'marts'").fetchall()
        )
        findings_kind = con.execute(
            "select table_type from information_schema.tables where table_name = 'fct_diagnosis_findings'"
        ).fetchone()
    assert str(published_dir / current / "marts" / "fct_prospect_funnel") in definitions["fct_prospect_funnel"]
    assert "fct_prospect_windows" in definitions  # a view on DuckDB: published as its rows at this run
    assert findings_kind == ("BASE TABLE",)


def compiled(sql: str, target: str, tmp_path: Path) -> str:
    """`sql` rendered by dbt for a target, without connecting to it."""
    result = subprocess.run(
        [
            DBT_EXECUTABLE,
            "compile",
            "--quiet",
            "--no-populate-cache",
            "--inline",
            sql,
            "--target",
            target,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / target),
            "--vars",
            f"{{spark_dir: {tmp_path / 'spark'}}}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_rounding_and_printf_digits_agree_with_exact_decimal_rounding(tmp_path):
    """The macros behind every rounded rate and every printed decimal: both engines give exact
    decimal rounding of the double, half away from zero (round_double; also on ties Spark's own
    round() gets wrong: 59.535 -> 59.53), and print %.1f with ties to even (printf_fixed)."""
    rng = random.Random(3)
    values = [59.535, 0.0046875, 0.125, -0.125, 0.25, 0.35, 2.675, 1.005, -9124.935, 0.0, None]
    values += [
        rng.choice((1, -1))
        * (rng.randint(0, 10**6) / rng.choice((3, 7, 640, 128, 1000)) + rng.choice((0, 0.005, 5e-7)))
        for _ in range(3000)
    ]
    values += [rng.random() * rng.choice((1, 100, 1000)) for _ in range(3000)]
    sql = (
        "select x, {{ round_double('x', 2) }} as r2, {{ round_double('x', 6) }} as r6, "
        "case when x is not null then printf('%.1f', {{ printf_fixed('x', 1) }}) end as p1 from rounding_input"
    )

    def exact(x: float, digits: int, rounding: str = ROUND_HALF_UP) -> Decimal:
        return Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding)

    expected = [
        (x, None, None, None)
        if x is None
        else (x, float(exact(x, 2)), float(exact(x, 6)), str(exact(x, 1, ROUND_HALF_EVEN)))
        for x in values
    ]
    with duckdb.connect() as con:
        con.execute("create table rounding_input (x double)")
        con.executemany("insert into rounding_input values (?)", [(x,) for x in values])
        on_duckdb = con.execute(compiled(sql, DUCKDB_TARGET, tmp_path)).fetchall()
    from pyspark.sql import SparkSession  # only with the spark extra

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.extraJavaOptions", ON_SPARK["spark_java_options"])
        .getOrCreate()
    )
    try:
        spark.createDataFrame([(x,) for x in values], "x double").createOrReplaceTempView("rounding_input")
        on_spark = [tuple(row) for row in spark.sql(compiled(sql, SPARK_LOCAL_TARGET, tmp_path)).collect()]
    finally:
        spark.stop()
    assert sorted(on_duckdb, key=repr) == sorted(expected, key=repr)
    assert sorted(on_spark, key=repr) == sorted(expected, key=repr)
