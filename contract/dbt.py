"""The contract rendered for dbt so it is written once: the value lists (contract.vocabulary) as a
seed and a macro, the diagnosis' suggested-action rules (contract.diagnosis_actions) as a seed, and
the staging models of the intake's change tables (contract.tables).

`python -m contract.dbt` rewrites the generated files; `tests/test_contract_vocabulary.py` fails
when a checked-in file differs from what this module renders, so an edit of the vocabulary that
was not rendered cannot land.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from contract import diagnosis_actions, windows
from contract import vocabulary as V
from contract.connectors import ATS_SOURCE_SYSTEMS, CONNECTOR_SYSTEMS, CONNECTORS
from contract.tables import TABLES_BY_KEY

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
HEADER = "{#- Generated from contract/vocabulary.py by `python -m contract.dbt`: do not edit. -#}\n"
CHANGES_DIR = DBT_PROJECT_DIR / "models" / "staging" / "changes"
# the intake change tables the incremental models read (int_changed_candidates, int_ats__changed_keys):
# the contract's and those each connector declares (contract.connectors)
CONTRACT_CHANGE_TABLES = (
    "sourcing__candidates",
    "sourcing__prospects",
    "outreach__messages",
    "outreach__responses",
    "ats__roles",
    "ats__candidates",
    "ats__applications",
    "ats__stage_events",
)
CHANGE_TABLES = CONTRACT_CHANGE_TABLES + tuple(key for c in CONNECTORS for key in c.change_keys)


def funnel_stages_seed() -> str:
    """The eight funnel stages in order, with what reaching each means (seed `funnel_stages`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stage", "stage_order", "description"])
    for order, (stage, description) in enumerate(V.FUNNEL_STAGE_DESCRIPTIONS.items(), start=1):
        writer.writerow([stage, order, description])
    return out.getvalue()


def diagnosis_actions_seed() -> str:
    """The diagnosis' suggested-action rules (seed `diagnosis_actions`), as contract.diagnosis_actions holds them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(diagnosis_actions.ActionRule._fields)
    writer.writerows(diagnosis_actions.RULES)
    return out.getvalue()


def contract_values_macro() -> str:
    """A dbt macro returning a contract list (an enum's allowed values, an order, a grouping) by name."""
    lists = {**V.DBT_LISTS, "ats_source_system": ATS_SOURCE_SYSTEMS, "ats_connector": CONNECTOR_SYSTEMS}
    enums = json.dumps({name: list(values) for name, values in lists.items()}, indent=4)
    body = "\n".join("    " + line if line else line for line in enums.splitlines())
    return (
        HEADER
        + "{% macro contract_values(enum_name) -%}\n"
        + "    {%- set enums = "
        + body.lstrip()
        + " -%}\n"
        + "    {{ return(enums[enum_name]) }}\n"
        + "{%- endmacro %}\n"
    )


def ats_connectors_macro() -> str:
    """A dbt macro returning the connectors (contract.connectors; those providing `shape`, when given)
    the union models of intermediate/ats read: each one's name, the shapes it provides
    (`int_ats_<name>__<shape>`) and its lookup tables (a change to one may move every person and role
    of that ATS)."""
    connectors = [
        {"name": c.name, "shapes": list(c.shapes), "lookup_tables": list(c.lookup_tables)} for c in CONNECTORS
    ]
    body = json.dumps(connectors, indent=4)
    body = "\n".join("    " + line if line else line for line in body.splitlines())
    return (
        "{#- Generated from contract/connectors by `python -m contract.dbt`: do not edit. -#}\n"
        + "{% macro ats_connectors(shape=none) -%}\n"
        + "    {%- set connectors = "
        + body.lstrip()
        + " -%}\n"
        + "    {%- set found = [] -%}\n"
        + "    {%- for connector in connectors if shape is none or shape in connector.shapes -%}\n"
        + "        {%- do found.append(connector) -%}\n"
        + "    {%- endfor -%}\n"
        + "    {{ return(found) }}\n"
        + "{%- endmacro %}\n"
    )


def rate_windows_macro() -> str:
    """The dbt macro listing every conversion window (stage, days) a windowed rate is computed for
    (macros/windows.sql derives the window lengths and the counted columns from it)."""
    listed = ", ".join(f"('{stage}', {days})" for stage, days in windows.RATE_WINDOWS)
    return (
        "{#- Generated from contract/windows.py by `python -m contract.dbt`: do not edit. -#}\n"
        "{% macro rate_windows() -%}\n"
        f"    {{{{ return([{listed}]) }}}}\n"
        "{%- endmacro %}\n"
    )


def change_model_name(key: str) -> str:
    return f"stg_changes__{key}"


def change_model(key: str) -> str:
    """The staging model of one intake change table: its contract columns and which image a row is."""
    columns = [c.name for c in TABLES_BY_KEY[key].columns]
    listed = "".join(f"        {name},\n" for name in columns)
    return (
        "{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}\n"
        "with source as (\n"
        f"    select * from {{{{ source('intake_changes', '{key}') }}}}\n"
        "),\n\n"
        "final as (\n"
        "    select\n"
        f"{listed}"
        "        _change\n"
        "    from source\n"
        ")\n\n"
        "select * from final\n"
    )


def change_models_yml() -> str:
    lines = ["# Generated from contract/tables.py by `python -m contract.dbt`: do not edit.", "version: 2", "models:"]
    for key in CHANGE_TABLES:
        folder = TABLES_BY_KEY[key].folder
        lines += [
            f"- name: {change_model_name(key)}",
            f"  description: 'Grain: one row per staged row of `{folder}` this run removed (`_change` = old) or wrote",
            "    (new), with the contract columns; empty after a full rebuild. Read by the incremental models.'",
            "  columns:",
            "  - name: _change",
            "    description: '`old` (a staged row removed) or `new` (a staged row written): set by the intake.'",
        ]
    return "\n".join(lines) + "\n"


def connector_sources_yml() -> str:
    """The dbt sources of every connector's tables (intake) and change tables (intake_changes), with
    their personal-data columns tagged `pii`; the contract's own sources are in sources.yml."""
    lines = [
        "# Generated from contract/connectors by `python -m contract.dbt`: do not edit.",
        "# The ATS connector tables (optional; docs/bring-your-own-data.md), under the connector's names;",
        "# the sources' other tables are in sources.yml.",
        "version: 2",
        "sources:",
        "  - name: intake",
        "    schema: intake",
        "    config:",
        "      loaded_at_field: _landed_at",
        "      freshness:",
        "        warn_after: {count: 2, period: day}",
        "    tables:",
    ]
    for connector in CONNECTORS:
        for table in connector.tables:
            lines.append(f"      - name: {table.key}")
            pii = [c.name for c in table.columns if c.pii]
            if pii:
                lines.append("        columns:")
                for name in pii:
                    lines += [f"          - name: {name}", "            config: {meta: {pii: true}, tags: [pii]}"]
    lines += ["", "  - name: intake_changes", "    schema: intake_changes", "    tables:"]
    lines += [f"      - name: {key}" for c in CONNECTORS for key in c.change_keys]
    return "\n".join(lines) + "\n"


def rendered_files() -> dict[Path, str]:
    return {
        DBT_PROJECT_DIR / "seeds" / "funnel_stages.csv": funnel_stages_seed(),
        DBT_PROJECT_DIR / "seeds" / "diagnosis_actions.csv": diagnosis_actions_seed(),
        DBT_PROJECT_DIR / "macros" / "contract_values.sql": contract_values_macro(),
        DBT_PROJECT_DIR / "macros" / "rate_windows.sql": rate_windows_macro(),
        DBT_PROJECT_DIR / "macros" / "ats_connectors.sql": ats_connectors_macro(),
        CHANGES_DIR / "_changes__models.yml": change_models_yml(),
        DBT_PROJECT_DIR / "models" / "staging" / "_connectors__sources.yml": connector_sources_yml(),
        **{CHANGES_DIR / f"{change_model_name(key)}.sql": change_model(key) for key in CHANGE_TABLES},
    }


def main() -> None:
    for path, text in rendered_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(DBT_PROJECT_DIR.parent)}")


if __name__ == "__main__":
    main()
