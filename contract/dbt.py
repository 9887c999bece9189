"""The contract rendered for dbt so it is written once: the value lists (contract.vocabulary) as a
seed and a macro, the conversion windows (contract.windows) as a macro, the diagnosis'
suggested-action rules (contract.diagnosis_actions) as a seed, and the staging models of the
intake's change tables (contract.tables).

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
from contract.tables import TABLES_BY_KEY

# the dbt project (models, macros, seeds, profiles): every module that runs or renders dbt takes it from here
DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
HEADER = "{#- Generated from contract/vocabulary.py by `python -m contract.dbt`: do not edit. -#}\n"
CHANGES_DIR = DBT_PROJECT_DIR / "models" / "staging" / "changes"
# the intake change tables the incremental models read (int_changed_candidates, int_ats__changed_keys)
CHANGE_TABLES = (
    "sourcing__candidates",
    "sourcing__prospects",
    "outreach__messages",
    "outreach__responses",
    "ats__roles",
    "ats__candidates",
    "ats__applications",
    "ats__stage_events",
    "greenhouse__candidate",
    "greenhouse__email_address",
    "greenhouse__social_media_address",
    "greenhouse__application",
    "greenhouse__job_application",
    "greenhouse__application_history",
    "greenhouse__job",
    "greenhouse__job_stage",
    "greenhouse__department",
    "greenhouse__job_department",
    "greenhouse__source",
    "greenhouse__rejection_reason",
    "greenhouse__user_email",
    "greenhouse__hiring_team",
    "lever__opportunity",
    "lever__application",
    "lever__opportunity_stage_history",
    "lever__contact_email",
    "lever__contact_link",
    "lever__posting",
    "lever__stage",
    "lever__archive_reason",
    "lever__user",
)


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
    enums = json.dumps({name: list(values) for name, values in V.DBT_LISTS.items()}, indent=4)
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


def rendered_files() -> dict[Path, str]:
    return {
        DBT_PROJECT_DIR / "seeds" / "funnel_stages.csv": funnel_stages_seed(),
        DBT_PROJECT_DIR / "seeds" / "diagnosis_actions.csv": diagnosis_actions_seed(),
        DBT_PROJECT_DIR / "macros" / "contract_values.sql": contract_values_macro(),
        DBT_PROJECT_DIR / "macros" / "rate_windows.sql": rate_windows_macro(),
        CHANGES_DIR / "_changes__models.yml": change_models_yml(),
        **{CHANGES_DIR / f"{change_model_name(key)}.sql": change_model(key) for key in CHANGE_TABLES},
    }


def main() -> None:
    for path, text in rendered_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(DBT_PROJECT_DIR.parent)}")


if __name__ == "__main__":
    main()
