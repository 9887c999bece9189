"""The run slot on its own: the lock is held by one process, freed when it dies, taken over when stale."""

import os
import subprocess
import sys
import time

import pytest

from orchestration import run_slot

HOLD = """
import sys
from pathlib import Path
from orchestration import run_slot
slot = run_slot.acquire(Path(sys.argv[1]), "w", 0, "runner")
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
slot.release()
"""


def test_a_held_slot_refuses_then_admits_the_next_run(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(run_slot.RunRefused, match=f"pid {holder.pid}"):
        run_slot.acquire(tmp_path, "w", 0, "runner")
    holder.stdin.close()  # the holder releases; a waiting run then gets the slot
    with run_slot.acquire(tmp_path, "w", 60, "runner") as slot:
        assert slot.took_over_from is None and run_slot.held(tmp_path) is slot
        assert (tmp_path / "run.lock").read_text().split()[0] == str(os.getpid())
    assert holder.wait(10) == 0 and run_slot.held(tmp_path) is None


def test_a_lock_left_by_a_dead_run_is_taken_over_and_its_files_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "run.lock").write_text(f"{dead.pid} 2026-01-01T00:00:00+00:00\n")
    leftovers = [tmp_path / "w.0123456789ab.building.duckdb", tmp_path / "w.0123456789ab.building.duckdb.wal"]
    for path in leftovers:
        path.write_bytes(b"personal data")
    (tmp_path / "spill.0123456789ab").mkdir()
    with run_slot.acquire(tmp_path, "w", 0, "runner") as slot:
        assert slot.took_over_from == dead.pid
        assert not any(p.exists() for p in leftovers) and not (tmp_path / "spill.0123456789ab").exists()
        slot.build_database.write_bytes(b"this run's build")
    assert not slot.build_database.exists(), "a run that ends without publishing removes its build"


def test_a_run_that_waits_is_refused_at_the_end_of_its_wait_naming_the_holder(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(run_slot.RunRefused, match=f"pid {holder.pid}, started 20") as refused:
            run_slot.acquire(tmp_path, "w", 1.0, "runner")
        assert 1.0 <= time.monotonic() - started < 10, "waits its whole wait, and no longer"
        assert "--wait" not in str(refused.value), "a run that waited is not told to wait"
        assert run_slot.held(tmp_path) is None
    finally:
        holder.stdin.close()
        assert holder.wait(10) == 0
    assert (tmp_path / "run.lock").read_text() == "", "a released slot records no holder"
