"""Every dbt unit test (the models' logic on hand-made rows), run apart from the data runs."""

import json
import re
import subprocess

from orchestration.settings import DBT_PROJECT_DIR
from orchestration.transform import DBT_EXECUTABLE


def dbt(*args: str, target: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            DBT_EXECUTABLE,
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            target,
        ],
        capture_output=True,
        text=True,
    )


def test_every_dbt_unit_test_passes(served_copy, tmp_path):
    """Unit tests read the column types of their inputs from a built warehouse: the messy run's."""
    listed = dbt("ls", "--resource-type", "unit_test", "--quiet", target=str(tmp_path / "ls"))
    expected = len([line for line in listed.stdout.splitlines() if line.strip()])
    assert expected >= 18, listed.stdout
    result = dbt(
        "test",
        "--select",
        "test_type:unit",
        "--vars",
        json.dumps({"db_path": str(served_copy)}),
        target=str(tmp_path / "test"),
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert re.search(rf"PASS={expected} WARN=0 ERROR=0", result.stdout), result.stdout[-2000:]
