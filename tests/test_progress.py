"""`funnel run`'s progress display: one status instead of log lines, the run's own output in a log file."""

import io
import logging
import sys
from types import SimpleNamespace

import pytest
from rich.console import Console

from orchestration.progress import DBT_NODE, RunProgress
from orchestration.runner import run_pipeline
from settings import load_settings
from tests.support import CONTRACT_EXAMPLE


def event(kind: str, step: str, rows_read: int | None = None) -> logging.LogRecord:
    metadata = {} if rows_read is None else {"rows_read": SimpleNamespace(value=rows_read)}
    data = SimpleNamespace(materialization=SimpleNamespace(metadata=metadata))
    record = logging.LogRecord("funnel.progress", logging.DEBUG, "", 0, kind, None, None)
    record.dagster_meta = {
        "dagster_event": SimpleNamespace(event_type_value=kind, step_key=step, event_specific_data=data),
        "step_key": step,
    }
    return record


def test_status_counts_steps_rows_and_follows_dbt(tmp_path):
    screen = io.StringIO()
    progress = RunProgress(3, tmp_path / "run.log", Console(file=screen, force_terminal=True, width=120))
    assert progress.live
    with progress.showing():
        progress.emit(event("STEP_START", "intake__ats__roles"))
        progress.emit(event("ASSET_MATERIALIZATION", "intake__ats__roles", rows_read=1200))
        progress.emit(event("STEP_SUCCESS", "intake__ats__roles"))
        progress.emit(event("STEP_START", "dbt_models"))
        print("12 of 265 OK created sql table model marts.fct_work_lists ........ [OK in 0.2s]")
        print("a line dbt printed", file=sys.stderr)
        status = progress.status().plain
    assert status.startswith("steps 1/3  dbt_models (dbt 12/265: sql table model marts.fct_work_lists)")
    assert "landing rows read 1,200" in status and "rows/s" in status and "elapsed" in status
    log = (tmp_path / "run.log").read_text()
    assert "12 of 265 OK" in log and "a line dbt printed" in log
    assert "a line dbt printed" not in screen.getvalue()


def test_plain_output_is_one_line_per_step_and_warnings(tmp_path):
    screen = io.StringIO()
    progress = RunProgress(2, tmp_path / "run.log", Console(file=screen, force_terminal=False))
    assert not progress.live
    with progress.showing():
        progress.emit(event("STEP_START", "warehouse_build"))
        progress.emit(event("STEP_SUCCESS", "warehouse_build"))
        warning = logging.LogRecord("funnel.progress", logging.WARNING, "", 0, "no folder", None, None)
        warning.dagster_meta = {"step_key": "intake__x", "orig_message": "no folder"}
        progress.emit(warning)
    lines = screen.getvalue().splitlines()
    assert lines[0].startswith("step 1/2 warehouse_build done (") and lines[1] == "warning intake__x: no folder"
    assert "\x1b[" not in screen.getvalue()


def test_dbt_node_lines_are_recognised():
    line = "261 of 265 PASS unique_fct_work_lists_work_list ........ [PASS in 0.07s]"
    assert DBT_NODE.search(line).groups() == ("261", "265", "unique_fct_work_lists_work_list")
    assert DBT_NODE.search("Registered adapter: duckdb=1.11.1") is None


@pytest.mark.slow
def test_a_real_run_shows_steps_not_logs(tmp_path, capsys):
    settings = load_settings(environ={}, landing_dir=CONTRACT_EXAMPLE / "landing", warehouse=tmp_path / "w.duckdb")
    summary = run_pipeline(settings, progress=True)
    assert summary.success, summary.failures
    shown = capsys.readouterr()
    lines = shown.out.splitlines()
    assert lines[-1].startswith(f"step {len(lines)}/{len(lines)} published_warehouse done")
    assert "of 2" not in shown.out and "Calculating Metrics" not in shown.out + shown.err
    assert "Completed successfully" in settings.run_log.read_text()
    table = Console(file=io.StringIO(), width=120)
    table.print(summary.table())
    assert "sourcing__prospects" in table.file.getvalue() and "step dbt_models" in table.file.getvalue()
