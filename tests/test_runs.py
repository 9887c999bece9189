"""One run at a time per warehouse, with real `funnel run` processes: a second run is refused (or
waits) and recorded, a killed run takes its dbt with it and leaves the served warehouse as it was,
and a landing folder that would empty the warehouse fails the run."""

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import psutil
import pytest

import orchestration.intake.assets as intake_assets
from orchestration import run_slot
from orchestration.cli import EXIT_FAILED, EXIT_REFUSED, EXIT_STOPPED
from orchestration.definitions import FULL_RUN_JOB, build_definitions
from orchestration.runner import run_pipeline
from settings import load_settings
from tests.support import MESSY_LANDING, digest, rows, run
from tests.test_publish_and_idempotency import snapshot

pytestmark = pytest.mark.slow  # real funnel run processes

TIMEOUT = 240


def start_run(warehouse: Path, log: Path, *options: str, landing: Path = MESSY_LANDING) -> subprocess.Popen:
    command = [sys.executable, "-m", "orchestration.cli", "run", "--landing", str(landing)]
    command += ["--warehouse", str(warehouse), "--quiet", *options]
    with log.open("w") as output:
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def wait_for(condition: Callable[[], object], what: str, timeout: float = TIMEOUT):
    """Poll until `condition` gives something true (an event, not a fixed delay)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def holds_the_lock(warehouse: Path, process: subprocess.Popen) -> bool:
    lock = warehouse.parent / f".{warehouse.stem}.work" / "run.lock"
    return lock.exists() and lock.read_text().startswith(f"{process.pid} ")


def dbt_child(process: subprocess.Popen) -> psutil.Process | None:
    """The run's `dbt build` process, once started."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return None
    for child in children:
        try:
            command = child.cmdline()
        except psutil.NoSuchProcess:
            continue
        if "build" in command and any(part.endswith(("dbt", "funnel-dbt")) for part in command):
            return child
    return None


@pytest.fixture
def stop_all():
    """Process groups started by a test, killed at its end whatever happened."""
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_second_run_is_refused_or_waits_and_every_run_is_recorded(served_copy, tmp_path, stop_all):
    first = start_run(served_copy, tmp_path / "first.log")
    stop_all.append(first)
    wait_for(lambda: holds_the_lock(served_copy, first), "the first run to take the run lock")
    refused = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "run", "--landing", str(MESSY_LANDING)]
        + ["--warehouse", str(served_copy), "--quiet"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert refused.returncode == EXIT_REFUSED
    assert f"another run is building this warehouse (pid {first.pid}" in refused.stderr
    assert "Traceback" not in refused.stderr + refused.stdout
    waiting = start_run(served_copy, tmp_path / "waiting.log", "--wait", str(TIMEOUT))
    stop_all.append(waiting)
    assert first.wait(TIMEOUT) == 0, (tmp_path / "first.log").read_text()
    assert waiting.wait(TIMEOUT) == 0, (tmp_path / "waiting.log").read_text()
    history = rows(served_copy.with_name("w.history.duckdb"), "select status, message from runs order by finished_at")
    assert [r["status"] for r in history] == ["REFUSED", "SUCCESS", "SUCCESS"]
    assert f"pid {first.pid}" in history[0]["message"]
    assert not list(served_copy.parent.glob(".w.work/*.duckdb*")), "a build file was left behind"


def build_file(warehouse: Path) -> Path | None:
    return next(iter(warehouse.parent.glob(f".{warehouse.stem}.work/*.building.duckdb")), None)


@pytest.mark.parametrize("phase", ["intake", "dbt"])
def test_a_killed_run_leaves_no_dbt_and_the_served_warehouse_intact(served_copy, messy_run, tmp_path, stop_all, phase):
    before = digest(served_copy)
    process = start_run(served_copy, tmp_path / "killed.log")
    stop_all.append(process)
    if phase == "intake":
        wait_for(lambda: build_file(served_copy), "the run's build file")
    else:
        dbt = wait_for(lambda: dbt_child(process), "dbt to start")
    os.kill(process.pid, signal.SIGKILL)  # the parent only: no clean-up code of its own can run
    process.wait(TIMEOUT)
    assert digest(served_copy) == before
    left = build_file(served_copy)
    assert left is not None, "the killed run's build file stays until the next run"
    if phase == "intake":
        return
    _, alive = psutil.wait_procs([dbt], timeout=30)
    assert not alive, f"dbt (pid {dbt.pid}) outlived its run"
    summary = run(MESSY_LANDING, served_copy)
    assert summary.success and any("took over the run lock" in note for note in summary.notes)
    assert not left.exists(), "the next run removes what a killed run left"
    assert snapshot(served_copy) == snapshot(messy_run[0])


@pytest.mark.parametrize("landing_state", ["no table folders", "every drop read before vanished"])
def test_a_landing_folder_that_would_empty_the_warehouse_fails_the_run(served_copy, tmp_path, landing_state):
    landing = tmp_path / "landing"
    landing.mkdir()
    if landing_state == "every drop read before vanished":
        shutil.copytree(MESSY_LANDING, landing, dirs_exist_ok=True)
        for path in landing.rglob("*.*"):
            path.unlink()
    before = digest(served_copy)
    summary = run(landing, served_copy)
    assert not summary.success
    expected = "holds no table folder" if landing_state == "no table folders" else "has vanished"
    assert any(expected in failure for failure in summary.failures), summary.failures
    assert digest(served_copy) == before
    assert not list(served_copy.parent.glob(".w.work/*.duckdb*"))
    statuses = rows(served_copy.with_name("w.history.duckdb"), "select status from runs")
    assert [r["status"] for r in statuses] == ["FAILURE"]


def test_a_run_launched_by_dagster_takes_the_slot_and_cleans_up_when_it_fails(served_copy, monkeypatch):
    """What `dagster dev` does: the job without the runner. The build step takes the run slot itself,
    and the resource frees it and removes the build file at the end of the run."""
    monkeypatch.setattr(intake_assets, "ingest_table", lambda *a: (_ for _ in ()).throw(OSError("share down")))
    settings = load_settings(environ={}, landing_dir=MESSY_LANDING, warehouse=served_copy)
    before = digest(served_copy)
    job = build_definitions(settings).resolve_job_def(FULL_RUN_JOB)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    assert run_slot.held(settings.work_dir) is None
    assert not list(settings.work_dir.glob("*.duckdb*")) and digest(served_copy) == before


def test_a_stopped_run_removes_its_build_file_on_the_way_out(served_copy, tmp_path, stop_all):
    before = digest(served_copy)
    process = start_run(served_copy, tmp_path / "stopped.log")
    stop_all.append(process)
    wait_for(lambda: build_file(served_copy), "the run's build file")
    process.send_signal(signal.SIGTERM)
    assert process.wait(TIMEOUT) in (EXIT_FAILED, EXIT_STOPPED)  # stopped inside a step, or between steps
    assert "Traceback" not in (tmp_path / "stopped.log").read_text()
    assert build_file(served_copy) is None and digest(served_copy) == before
    history = served_copy.with_name("w.history.duckdb")
    if history.exists():  # stopped inside a step: recorded as failed
        assert rows(history, "select status from runs") == [{"status": "FAILURE"}]


def test_a_drop_wholly_quarantined_publishes_nothing_unless_the_operator_accepts_it(served_copy, tmp_path):
    """Issue 19, defect 10: the run fails its blocking check naming the file and the reason, the served
    warehouse stays as it was; `--accept-quarantine` publishes and is recorded in the run history."""
    landing = tmp_path / "landing"
    shutil.copytree(MESSY_LANDING, landing)  # copies keep their modification times: only the new drop is read
    (landing / "team/recruiters/recruiters_900_broken.csv").write_text("recruiter_id,name,email,team\nrecX,,,\n")
    before = digest(served_copy)
    refused = run(landing, served_copy, accept_quarantine=False)
    assert not refused.success and digest(served_copy) == before
    assert (
        "check intake/team__recruiters:quarantine_share failed: team/recruiters/recruiters_900_broken.csv: "
        "1 of 1 rows quarantined (name: required value missing)"
    ) in refused.failures
    accepted = run(landing, served_copy, accept_quarantine=True)
    assert accepted.success and digest(served_copy) != before
    history = served_copy.with_name(f"{served_copy.stem}.history.duckdb")
    overrides = rows(history, "select status, operator_overrides from runs order by finished_at desc limit 2")
    assert overrides == [
        {"status": "SUCCESS", "operator_overrides": "--accept-quarantine"},
        {"status": "FAILURE", "operator_overrides": None},
    ]


def test_a_truncated_warehouse_is_named_and_rebuilt_by_a_full_refresh(served_copy):
    """Issue 19, defect 13: a truncated warehouse gave "Corrupt database file" with no recovery, and
    `--full-refresh` once ended in a traceback. The run names the problem and the way out; the full
    refresh rebuilds the warehouse from the landing folder."""
    with served_copy.open("r+b") as handle:
        handle.truncate(served_copy.stat().st_size // 3)
    refused = run(MESSY_LANDING, served_copy)
    assert not refused.success and served_copy.stat().st_size > 0
    assert any("funnel run --full-refresh" in failure for failure in refused.failures), refused.failures
    rebuilt = run_pipeline(
        load_settings(environ={}, landing_dir=MESSY_LANDING, warehouse=served_copy),
        quiet=True,
        full_refresh=True,
        accept_quarantine=True,
    )
    assert rebuilt.success, rebuilt.failures
    assert rows(served_copy, "select count(*) as n from marts.fct_prospect_funnel")[0]["n"] > 0
