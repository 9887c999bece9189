"""The dashboards' questions live in dashboards/queries/ (issue 23): pages, sections and the digest call
them and never run SQL of their own, so each number has one home."""

import re
from pathlib import Path

import pytest

from dashboards.queries import workbench

DASHBOARDS = Path(__file__).resolve().parents[2] / "dashboards"


def test_only_the_query_modules_read_the_warehouse():
    readers = [
        str(path.relative_to(DASHBOARDS))
        for path in DASHBOARDS.rglob("*.py")
        if "queries" not in path.parts and re.search(r"\bquery\(|duckdb\.connect|\bimport duckdb\b", path.read_text())
    ]
    assert readers == [], "run SQL through a function of dashboards/queries/"


def test_the_requisition_tables_show_the_triage_columns_in_one_order():
    own_roles = workbench.requisition_columns(leave_out=("recruiter_id",))
    open_roles = workbench.requisition_columns(leave_out=("openings", "hires"))
    assert own_roles[:4] == ["role_title", "role_id", "status", "status_reason"]
    assert open_roles[:5] == ["role_title", "role_id", "recruiter_id", "status", "status_reason"]
    assert [c for c in own_roles if c in open_roles] == [c for c in open_roles if c in own_roles]
    with pytest.raises(KeyError, match="not a requisition column"):
        workbench.requisition_columns(leave_out=("opening",))
