"""The run history on a full disk (issue 19, defect 13): a clear error, the history as it was, no temp file."""

import subprocess
import sys
import threading
from datetime import datetime

import duckdb
import pytest

from intake.erasure import restore_request_keys
from orchestration.quality import history
from orchestration.runner import with_disk_full_first


def test_a_full_disk_leaves_the_history_as_it_was_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "warehouse.history.duckdb"
    history.record_run(path, "run-1", "full_run", "SUCCESS", datetime(2026, 3, 1), [], [])
    before = path.read_bytes()
    real_connect = duckdb.connect

    def full_disk(database, *args, **kwargs):
        if str(database).endswith(".tmp"):
            raise duckdb.IOException('Could not write file "x.tmp": No space left on device')
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(history.duckdb, "connect", full_disk)
    with pytest.raises(history.HistoryNotRecorded, match="could not be written.*No space left on device"):
        history.record_run(path, "run-2", "full_run", "FAILURE", datetime(2026, 3, 2), [], [])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".warehouse.history.duckdb.lock", path.name]


def test_a_full_disk_is_named_first_among_the_failures_it_caused():
    failures = [f"check intake/t{i}:gx_contract failed" for i in range(3)] + [
        "dbt_models: IO Error: Could not write file: No space left on device"
    ]
    assert with_disk_full_first(failures)[0].startswith("the disk is full")
    assert with_disk_full_first(failures[:3]) == failures[:3]


def test_the_history_keeps_the_erasure_requests_keys_for_rebuilding_a_lost_warehouse(tmp_path):
    """Issue 19, defect 13: `funnel run --full-refresh` over a corrupt warehouse must not let an erased
    person back in when the request file is gone: the history keeps the requests' keys (tokens only)."""
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema privacy")
        con.execute("create table privacy.erased_keys (kind varchar, token varchar, origin varchar, applied boolean)")
        con.execute(
            "insert into privacy.erased_keys values ('email', 'anon_1', 'request', true), "
            "('candidate', 'anon_2', 'record', true), ('candidate', 'anon_3', 'retention', true)"
        )
    path = tmp_path / "warehouse.history.duckdb"
    for run_id in ("run-1", "run-2"):
        history.record_run(path, run_id, "full_run", "SUCCESS", datetime(2026, 3, 1), [], [warehouse])
    assert history.kept_request_keys(path) == [("email", "anon_1")]
    with duckdb.connect() as con:
        assert restore_request_keys(con, history.kept_request_keys(path)) == 1
        assert con.execute("select kind, token, origin, applied from privacy.erased_keys").fetchall() == [
            ("email", "anon_1", "request", False)
        ]


HOLD_THE_TURN = """
import sys
from pathlib import Path
from orchestration.quality import history
with history._turn(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def test_a_run_recording_while_another_records_waits_for_its_turn_and_is_recorded(tmp_path):
    path = tmp_path / "warehouse.history.duckdb"
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_TURN, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert other.stdout.readline().strip() == "held"
    recording = threading.Thread(
        target=history.record_run, args=(path, "run-2", "full_run", "SUCCESS", datetime(2026, 3, 2), [], [])
    )
    recording.start()
    recording.join(1.0)
    assert recording.is_alive() and not path.exists(), "recorded while another process held the history"
    other.stdin.close()
    assert other.wait(10) == 0
    recording.join(30)
    assert not recording.is_alive()
    assert duckdb.connect(str(path), read_only=True).execute("select run_id from runs").fetchall() == [("run-2",)]


def test_the_next_runs_compare_with_the_figures_of_the_last_successful_runs(tmp_path):
    """Each run's table figures (audit.table_profiles) go to the history; the anomaly expectations of
    later runs read those of successful runs only, newest first."""
    path = tmp_path / "warehouse.history.duckdb"
    for day, (status, staged) in enumerate([("SUCCESS", 10.0), ("SUCCESS", 12.0), ("FAILURE", 500.0)], start=1):
        warehouse = tmp_path / f"w{day}.duckdb"
        with duckdb.connect(str(warehouse)) as con:
            con.execute("create schema audit")
            con.execute("create table audit.table_profiles (table_name varchar, metric varchar, value double)")
            con.execute(
                "insert into audit.table_profiles values ('ats__roles', 'rows_staged', ?), "
                "('ats__roles', 'share:seniority=mid', 0.5)",
                [staged],
            )
        history.record_run(path, f"run-{day}", "full_run", status, datetime(2026, 3, day), [], [warehouse])
    recent = history.recent_profiles(path)
    assert recent == {
        "ats__roles": [
            {"rows_staged": 12.0, "share:seniority=mid": 0.5},
            {"rows_staged": 10.0, "share:seniority=mid": 0.5},
        ]
    }
    assert history.recent_profiles(tmp_path / "none.duckdb") == {}
