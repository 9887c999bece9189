"""The contract's value lists are written once (contract/vocabulary.py) and everything else follows."""

from contract import dbt as contract_dbt
from contract import vocabulary as V
from contract import windows as W
from contract.tables import ENUM, TABLES
from synthetic import behaviour


def test_dbt_files_are_rendered_from_the_vocabulary():
    stale = [path.name for path, text in contract_dbt.rendered_files().items() if path.read_text() != text]
    assert stale == [], f"run `python -m contract.dbt`: {stale} differ from contract/vocabulary.py"


def test_every_enum_column_of_the_input_tables_takes_a_vocabulary_list():
    lists = set(V.ENUMS.values())
    loose = [f"{t.key}.{c.name}" for t in TABLES for c in t.columns if c.kind == ENUM and c.values not in lists]
    assert loose == []


def test_generator_draws_exactly_the_contract_values():
    assert set(behaviour.SENIORITY) == set(V.SENIORITIES)
    assert set(behaviour.SOURCING_CHANNELS) == set(V.SOURCING_CHANNELS)
    assert set(behaviour.TITLE_MATCH) == set(V.TITLE_MATCHES)
    assert set(behaviour.PROFILE_DETAIL) == set(V.PROFILE_DETAILS)
    assert set(behaviour.MESSAGE_CHANNELS) == set(V.MESSAGE_CHANNELS)
    assert set(behaviour.DECLINE_REASONS) == set(V.DECLINE_REASONS)
    assert set(behaviour.RESPONSE_MIX) | {"auto_reply"} == set(V.RESPONSE_TYPES)


def test_outcome_groupings_are_outcomes():
    for group in (V.NOT_ENGAGED_OUTCOMES, V.TURNED_US_DOWN_OUTCOMES, V.WE_TURNED_DOWN_OUTCOMES):
        assert set(group) <= set(V.OUTCOMES)
    assert V.ATS_STAGES == V.ATS_PROGRESS_STAGES + V.ATS_END_STAGES


def test_every_conversion_window_is_a_funnel_stage_and_every_shown_window_is_computed():
    assert {stage for stage, _days in W.RATE_WINDOWS} <= set(V.FUNNEL_STAGES)
    assert set(W.STAGE_WINDOWS.values()) <= set(W.RATE_WINDOWS)
    assert all(W.STAGE_WINDOWS[stage][0] == stage for stage in W.STAGE_WINDOWS)


def test_dbt_computes_the_windows_of_the_registry():
    """macros/rate_windows.sql lists exactly contract.windows.RATE_WINDOWS, and no other macro or model
    writes a window list of its own."""
    rendered = contract_dbt.rate_windows_macro()
    assert all(f"('{stage}', {days})" in rendered for stage, days in W.RATE_WINDOWS)
    macros = contract_dbt.DBT_PROJECT_DIR / "macros"
    defining = [p.name for p in macros.glob("*.sql") if "macro rate_windows()" in p.read_text()]
    assert defining == ["rate_windows.sql"]
