"""The contract's own worked example gives exactly its expected fct_prospect_funnel."""

from tests.support import CONTRACT_EXAMPLE, funnel_differences


def test_worked_example_matches_contract_row_by_row(worked_example_warehouse):
    expected = CONTRACT_EXAMPLE / "expected_fct_prospect_funnel.csv"
    assert funnel_differences(worked_example_warehouse, expected) == []
