"""A connector is one declaration (contract/connectors): what is derived from it covers it, and a
declaration that contradicts itself is refused when the project loads."""

import dataclasses

import pytest

from contract import dbt as contract_dbt
from contract.connectors import CONNECTORS, CONNECTORS_BY_NAME
from contract.tables import TABLES_BY_KEY
from intake.ats_mapping import SECTIONS
from intake.erasure import PERSON_TABLES_BY_KEY


def test_every_personal_data_column_of_a_connector_is_rewritten_by_erasure():
    uncovered = [
        f"{table.key}.{column.name}"
        for connector in CONNECTORS
        for table in connector.tables
        for column in table.columns
        if column.pii
        and (
            table.key not in PERSON_TABLES_BY_KEY
            or column.name
            not in {c for c, _ in PERSON_TABLES_BY_KEY[table.key].tokens}
            | set(PERSON_TABLES_BY_KEY[table.key].cleared)
            | set(PERSON_TABLES_BY_KEY[table.key].placeholders)
        )
    ]
    assert uncovered == []


def test_what_the_product_derives_lists_every_connector():
    for connector in CONNECTORS:
        assert set(connector.keys) <= set(TABLES_BY_KEY)
        assert set(connector.change_keys) <= set(contract_dbt.CHANGE_TABLES)
        assert SECTIONS[connector.name] == connector.mapping_sections
        assert f'"name": "{connector.name}"' in contract_dbt.ats_connectors_macro()
        assert f"- name: {connector.key(connector.role_table)}" in contract_dbt.connector_sources_yml()
    assert TABLES_BY_KEY["ats__roles"].key_sources == ("greenhouse__job", "lever__posting")


def test_a_declaration_that_contradicts_itself_is_refused():
    lever = CONNECTORS_BY_NAME["lever"]
    with pytest.raises(ValueError, match="lookup table posting is not a change table"):
        dataclasses.replace(lever, change_tables=("opportunity",), lookup_tables=("posting",))
    with pytest.raises(ValueError, match="change table interview is not one of its tables"):
        dataclasses.replace(lever, change_tables=("interview",), lookup_tables=())
    with pytest.raises(ValueError, match="shape stage_events missing"):
        dataclasses.replace(lever, shapes=("stages",))
