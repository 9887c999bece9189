"""The DuckDB side of the Spark targets (orchestration/spark.py, settings, definitions): no Spark needed."""

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import build_definitions
from orchestration.spark import CURRENT_FILE, SparkResource
from settings import load_settings


@pytest.fixture
def spark(tmp_path) -> SparkResource:
    return SparkResource(
        target="spark_local", spark_dir=str(tmp_path / "spark"), parquet_dir=str(tmp_path / "pq"), driver_memory="2g"
    )


def test_sources_are_exported_as_parquet_with_their_types(spark):
    with duckdb.connect() as con:
        con.execute("create schema intake")
        con.execute(
            "create table intake.team__recruiters as select 'rec1' as recruiter_id, "
            "timestamp '2026-01-02 03:04:05' as landed_at, 3::integer as openings, true as active"
        )
        con.execute("create table intake.empty_table (id varchar)")
        assert spark.export_sources(con, [("intake", "team__recruiters"), ("intake", "empty_table")]) == 2
        folder = spark.sources_dir / "intake" / "team__recruiters"
        read = con.execute(f"select * from read_parquet('{folder}/*.parquet')")
        assert [d[1] for d in read.description] == ["VARCHAR", "TIMESTAMP", "INTEGER", "BOOLEAN"]
        assert read.fetchall() == con.execute("select * from intake.team__recruiters").fetchall()
        empty = spark.sources_dir / "intake" / "empty_table"
        assert con.execute(f"select count(*) from read_parquet('{empty}/*.parquet')").fetchone() == (0,)


def test_export_replaces_the_previous_files(spark):
    with duckdb.connect() as con:
        con.execute("create schema intake")
        con.execute("create table intake.t as select 1 as id")
        spark.export_sources(con, [("intake", "t")])
        (spark.sources_dir / "intake" / "t" / "stale.parquet").write_bytes(b"left by an older run")
        con.execute("insert into intake.t values (2)")
        spark.export_sources(con, [("intake", "t")])
        assert [p.name for p in (spark.sources_dir / "intake" / "t").iterdir()] == ["part-0.parquet"]


def test_published_tables_become_views_replacing_what_the_build_copied(spark):
    with duckdb.connect() as con:
        for schema, name, value in (("marts", "fct_prospect_funnel", 1), ("reference", "funnel_stages", 2)):
            folder = spark.run_dir("run1") / schema / name
            folder.mkdir(parents=True)
            con.execute(f"copy (select {value} as v) to '{folder}/part-00000.parquet' (format parquet)")
        con.execute("create schema marts")
        con.execute("create table marts.fct_prospect_funnel as select 99 as v")  # from the served warehouse
        assert spark.create_views(con, "run1") == ["marts.fct_prospect_funnel", "reference.funnel_stages"]
        assert con.execute("select v from marts.fct_prospect_funnel").fetchall() == [(1,)]
        assert con.execute("select v from reference.funnel_stages").fetchall() == [(2,)]
        kinds = con.execute("select distinct table_type from information_schema.tables").fetchall()
        assert kinds == [("VIEW",)]
        folder = spark.run_dir("run2") / "marts" / "fct_prospect_funnel"
        folder.mkdir(parents=True)
        con.execute(f"copy (select 3 as v) to '{folder}/part-00000.parquet' (format parquet)")
        assert spark.create_views(con, "run2") == ["marts.fct_prospect_funnel"]  # the next run replaces views
        assert con.execute("select v from marts.fct_prospect_funnel").fetchall() == [(3,)]


def test_publishing_keeps_this_run_and_the_previous_one(spark):
    for run_id in ("old", "previous", "failed_and_killed"):
        spark.run_dir(run_id).mkdir(parents=True)
    (spark.published_dir / CURRENT_FILE).write_text("previous")
    spark.run_dir("new").mkdir()
    spark.keep_only("new")
    assert sorted(p.name for p in spark.published_dir.iterdir()) == [CURRENT_FILE, "new", "previous"]
    assert (spark.published_dir / CURRENT_FILE).read_text() == "new"


def test_publishing_after_an_erasure_keeps_no_older_copy(spark):
    for run_id in ("previous", "new"):
        spark.run_dir(run_id).mkdir(parents=True)
    (spark.published_dir / CURRENT_FILE).write_text("previous")
    spark.keep_only("new", keep_previous=False)
    assert sorted(p.name for p in spark.published_dir.iterdir()) == [CURRENT_FILE, "new"]


def test_first_publication_keeps_only_its_own_run(spark):
    spark.run_dir("first").mkdir(parents=True)
    spark.keep_only("first")
    assert sorted(p.name for p in spark.published_dir.iterdir()) == [CURRENT_FILE, "first"]


def test_a_failed_run_discards_what_it_published(spark):
    (spark.run_dir("failed") / "marts").mkdir(parents=True)
    spark.discard("failed")
    assert not spark.run_dir("failed").exists()


def test_dbt_vars_point_spark_at_the_exchange_folders(spark, tmp_path):
    assert spark.dbt_vars("r1") == {
        "spark_dir": str(tmp_path / "spark"),
        "spark_driver_memory": "2g",
        "spark_java_options": "",
        "source_parquet_dir": str(tmp_path / "pq" / "sources"),
        "publish_parquet_dir": str(tmp_path / "pq" / "published" / "r1"),
    }


def test_settings_place_spark_beside_the_warehouse(tmp_path):
    settings = load_settings(
        environ={"FUNNEL_DBT_TARGET": "spark_local"}, landing_dir=tmp_path, warehouse=tmp_path / "w.duckdb"
    )
    assert settings.on_spark
    assert settings.spark_dir == tmp_path / ".w.work" / "spark"
    assert settings.parquet_dir == tmp_path / "w.parquet"
    assert not load_settings(environ={}, warehouse=tmp_path / "w.duckdb").on_spark
    custom = load_settings(
        environ={
            "FUNNEL_DBT_TARGET": "spark",
            "FUNNEL_SPARK_HOST": "thrift.example",
            "FUNNEL_SPARK_PARQUET_DIR": str(tmp_path / "shared"),
        }
    )
    assert custom.parquet_dir == tmp_path / "shared"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"FUNNEL_DBT_TARGET": "databricks"}, "expected one of duckdb, spark_local, spark"),
        ({"FUNNEL_DBT_TARGET": "spark"}, "needs FUNNEL_SPARK_HOST"),
    ],
)
def test_settings_reject_an_unknown_or_incomplete_target(environ, message):
    with pytest.raises(ValueError, match=message):
        load_settings(environ=environ)


def test_on_spark_one_step_builds_every_model_and_the_diagnosis_reads_its_views(tmp_path):
    settings = load_settings(
        environ={}, landing_dir=tmp_path, warehouse=tmp_path / "w.duckdb", dbt_target="spark_local"
    )
    definitions = build_definitions(settings)
    step_of = {key.to_user_string(): assets for assets in definitions.assets for key in assets.keys}
    dbt_step = step_of["marts/fct_prospect_funnel"]
    assert dbt_step is step_of["marts/agg_windowed_rates"] is step_of["marts/agg_diagnosis_counts"]
    assert dbt_step.node_def.name == "dbt_models" and "spark" in dbt_step.required_resource_keys
    findings = step_of["marts/fct_diagnosis_findings"]  # written in Python from the views over Spark's Parquet
    assert findings is not dbt_step
    findings_key = dg.AssetKey(["marts", "fct_diagnosis_findings"])  # one multi-asset with the coverage table
    assert dg.AssetKey(["marts", "agg_diagnosis_counts"]) in findings.asset_deps[findings_key]
    assert isinstance(definitions.resolve_job_def("full_run"), dg.JobDefinition)
