"""`make lint`'s dependency audit (tools/dependency_audit.py): a lock below an advisory's floor fails it."""

import re
import subprocess
import sys

from tests.support import ROOT
from tools.dependency_audit import LOCK


def audit(lock) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools.dependency_audit", str(lock)], capture_output=True, text=True, cwd=ROOT
    )


def test_make_lint_fails_on_a_lock_whose_parquet_reader_is_below_its_advisory(tmp_path):
    assert (
        "-m tools.dependency_audit"
        in subprocess.run(["make", "-n", "lint"], capture_output=True, text=True, cwd=ROOT).stdout
    )
    assert audit(LOCK).returncode == 0
    old = tmp_path / "uv.lock"
    old.write_text(re.sub(r'(name = "duckdb"\nversion = )"[^"]+"', r'\1"2.0.0"', LOCK.read_text()))
    refused = audit(old)
    assert refused.returncode == 1
    assert "duckdb 2.0.0 is below 2.0.1: reads the landing's Parquet files" in refused.stderr
