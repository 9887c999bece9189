"""Blocking checks stop the publish, GX failing to run fails the run, the new-drop sensor, the
data-quality job, run history, and fuzzed landing files (killed and concurrent runs: tests/test_runs.py)."""

import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import orchestration.intake.assets as intake_assets
import orchestration.intake.connectors as connectors
from contract.tables import TABLES
from intake.erasure import install_token_function
from intake.ingest import ingest_table
from orchestration.automation import build_landing_sensor
from orchestration.definitions import FULL_RUN_JOB, build_definitions
from orchestration.quality.data_quality import DATA_QUALITY_JOB
from orchestration.resources import run_options_config
from settings import load_settings
from tests.support import MESSY_LANDING, digest, rows, run


def test_full_refresh_is_run_config_as_the_launchpad_sets_it(served_copy):
    """The same code location runs incrementally by default and rebuilds every table when a run's
    config asks for it (what `funnel run --full-refresh` and the Launchpad send)."""
    definitions = build_definitions(load_settings(environ={}, landing_dir=MESSY_LANDING, warehouse=served_copy))
    job = definitions.resolve_job_def(FULL_RUN_JOB)
    modes = "select distinct mode from audit.intake_batches where table_name <> 'ats_value_map' order by 1"
    assert job.execute_in_process(instance=dg.DagsterInstance.ephemeral()).success
    assert rows(served_copy, modes) == [{"mode": "incremental"}]
    refresh = job.execute_in_process(  # the messy landing's broken files are accepted, as an operator would
        instance=dg.DagsterInstance.ephemeral(),
        run_config=run_options_config(full_refresh=True, accept_quarantine=True),
    )
    assert refresh.success
    assert rows(served_copy, modes) == [{"mode": "full"}]


def test_a_blocking_gx_failure_stops_dbt_and_the_publish(served_copy, monkeypatch):
    before = digest(served_copy)

    def corrupting(con, table, landing_dir, *options):
        report = ingest_table(con, table, landing_dir, *options)
        if table.key == "ats__roles":
            con.execute("update intake_state.ats__roles set seniority = 'intern' where role_id = 'R1'")
        return report

    monkeypatch.setattr(intake_assets, "ingest_table", corrupting)
    summary = run(MESSY_LANDING, served_copy)
    assert not summary.success
    assert any("ats__roles:gx_contract" in failure for failure in summary.failures)
    assert not any(step.startswith("dbt") for step in summary.step_seconds)
    assert digest(served_copy) == before


def test_a_failed_check_of_a_connector_table_stops_dbt_and_the_publish(served_copy, monkeypatch):
    """Connector tables are checked inside their ATS's intake step; their checks block like any other."""
    before = digest(served_copy)
    passing = connectors.reconciliation_result

    def failing(con, table):
        result = passing(con, table)
        return result._replace(passed=False) if table.key == "greenhouse__job" else result

    monkeypatch.setattr(connectors, "reconciliation_result", failing)
    summary = run(MESSY_LANDING, served_copy)
    assert not summary.success
    assert any("greenhouse__job:rows_reconcile" in failure for failure in summary.failures)
    assert not any(step.startswith("dbt") for step in summary.step_seconds)
    assert digest(served_copy) == before


def test_gx_that_cannot_run_fails_the_check(served_copy, monkeypatch):
    before = digest(served_copy)
    monkeypatch.setitem(sys.modules, "expectations.validate", None)  # import now raises ImportError
    summary = run(MESSY_LANDING, served_copy)
    assert not summary.success
    assert any("gx_contract" in failure for failure in summary.failures)
    assert digest(served_copy) == before


def test_every_run_is_recorded_in_the_history_with_its_checks(messy_run, served_copy, monkeypatch):
    """The session's run of the messy landing recorded its success; a failing run over a copy of its
    warehouse and history is recorded after it."""
    history = served_copy.with_name("w.history.duckdb")
    shutil.copyfile(messy_run[0].with_name("warehouse.history.duckdb"), history)
    monkeypatch.setattr(intake_assets, "ingest_table", lambda *a: (_ for _ in ()).throw(OSError("share down")))
    assert not run(MESSY_LANDING, served_copy).success
    runs = rows(history, "select status from runs order by finished_at")
    assert [r["status"] for r in runs] == ["SUCCESS", "FAILURE"]
    checks = rows(history, "select check_name, passed, severity from check_results")
    assert {"rows_reconcile", "gx_contract", "gx_anomalies"} <= {c["check_name"] for c in checks}
    assert any(c["severity"] == "WARN" for c in checks)
    (recon,) = rows(history, "select count(*) as n, bool_and(balanced) as ok from reconciliation")
    assert recon == {"n": 2 * len(TABLES), "ok": True}  # both runs: the failed one recorded the counts it had


@pytest.mark.slow
def test_sensor_starts_a_run_for_a_new_drop_only(tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(MESSY_LANDING, landing)
    sensor = build_landing_sensor(
        load_settings(environ={}, landing_dir=landing, warehouse=tmp_path / "w.duckdb"), "full_run"
    )
    first = sensor.evaluate_tick(dg.build_sensor_context(cursor=None))
    assert len(first.run_requests) == 1
    seen = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert not seen.run_requests and "no new" in seen.skip_message
    (landing / "outreach/messages/messages_004.csv").write_text(
        "message_id,prospect_id,sequence_id,template_id,step,channel,sent_at,status,personalized\n"
    )
    again = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert len(again.run_requests) == 1 and again.cursor != first.cursor
    (landing / "mapping").mkdir()
    (landing / "mapping/ats.yml").write_text("lever:\n  archive_reasons:\n    Took another job: withdrawn\n")
    remapped = sensor.evaluate_tick(dg.build_sensor_context(cursor=again.cursor))
    assert len(remapped.run_requests) == 1, "a changed mapping file starts a run too"


def test_data_quality_job_validates_the_published_warehouse_and_builds_docs(served_copy):
    settings = load_settings(environ={}, landing_dir=MESSY_LANDING, warehouse=served_copy)
    job = build_definitions(settings).resolve_job_def(DATA_QUALITY_JOB)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    summary = result.output_for_node("validate_published_warehouse")
    assert summary["suites"] == 2 * len(TABLES)
    assert (settings.data_docs_dir / "index.html").exists()


HEADER = {t.key: ",".join(c.name for c in t.columns) for t in TABLES}
junk_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
cells = st.one_of(
    st.just(""),
    st.just('"'),
    st.just('"unterminated'),
    st.just("carrier_pigeon"),
    st.just("-1"),
    st.just("2026-13-45T25:61:00"),
    st.just("x" * 20_000),
    junk_text.filter(lambda s: "\n" not in s),
)


@st.composite
def landing_file(draw):
    table = draw(st.sampled_from(TABLES))
    kind = draw(st.sampled_from(["rows", "empty", "binary", "missing_columns", "header_only"]))
    if kind == "empty":
        body = b""
    elif kind == "binary":
        body = draw(st.binary(min_size=1, max_size=300))
    else:
        columns = HEADER[table.key].split(",")
        if kind == "missing_columns":
            columns = columns[: draw(st.integers(0, len(columns) - 1))] or ["unrelated"]
        lines = [",".join(columns)]
        if kind != "header_only":
            for _ in range(draw(st.integers(1, 5))):
                lines.append(",".join(draw(cells) for _ in columns))
        body = "\n".join(lines).encode("utf-8", "surrogatepass")
    return table, body


@pytest.mark.slow
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(landing_file(), min_size=1, max_size=6))
def test_fuzzed_landing_files_never_crash_the_intake_and_always_reconcile(tmp_path_factory, files):
    landing = tmp_path_factory.mktemp("fuzz")
    for i, (table, body) in enumerate(files):
        (landing / table.folder).mkdir(parents=True, exist_ok=True)
        (landing / table.folder / f"drop_{i:03d}.csv").write_bytes(body)
    with duckdb.connect() as con:
        install_token_function(con, b"fuzz")  # erasure requests are kept only as tokens
        for table in TABLES:
            report = ingest_table(con, table, landing)
            assert report.balanced, report
        seen = con.execute("select count(*) from audit.intake_files").fetchone()[0]
    assert seen == len(files)


APPEND = """
import sys
from datetime import datetime
from pathlib import Path
from orchestration.quality.history import record_run
for i in range(15):
    record_run(Path(sys.argv[1]), f"{sys.argv[2]}-{i}", "full_run", "SUCCESS", datetime(2026, 1, 1), [], [])
"""


@pytest.mark.slow
def test_processes_recording_at_once_lose_no_run(tmp_path):
    history = tmp_path / "w.history.duckdb"
    writers = [subprocess.Popen([sys.executable, "-c", APPEND, str(history), name]) for name in ("a", "b", "c")]
    assert [w.wait(120) for w in writers] == [0, 0, 0]
    assert rows(history, "select count(distinct run_id) as n from runs") == [{"n": 45}]
