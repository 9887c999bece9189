"""The contract's own worked example gives exactly its expected fct_prospect_funnel."""

import pytest

from tests.support import CONTRACT_EXAMPLE, funnel_differences, run

pytestmark = pytest.mark.slow  # runs the pipeline on the worked example


def test_worked_example_matches_contract_row_by_row(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    summary = run(CONTRACT_EXAMPLE / "landing", warehouse)
    assert summary.success, summary.failures
    assert funnel_differences(warehouse, CONTRACT_EXAMPLE / "expected_fct_prospect_funnel.csv") == []
