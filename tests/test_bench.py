"""The benchmark reads the warehouse through the dashboards' own query layer: when that layer
changes, the bench must still call it (a run of the bench takes an hour, so this is where it breaks)."""

import pytest

from bench.run_bench import dashboard_latencies, interested_prospects
from tests.support import rows


@pytest.fixture(autouse=True)
def restore_warehouse_setting(monkeypatch):
    monkeypatch.delenv("FUNNEL_WAREHOUSE", raising=False)  # dashboard_latencies sets it


def test_drop_to_page_reads_the_overviews_interested_count(workbench_warehouse):
    _, interested = interested_prospects(workbench_warehouse)
    interested_sql = "select count(*) as n from marts.fct_prospect_funnel where interested_at is not null"
    (expected,) = rows(workbench_warehouse, interested_sql)
    assert interested == expected["n"]


def test_every_page_query_of_the_bench_runs(workbench_warehouse):
    latencies = dashboard_latencies(workbench_warehouse, repeat=1)
    assert latencies and all(p50 > 0 for p50, _, _ in latencies.values())
