"""The contract's value lists, rendered for dbt so they are written once (in contract.vocabulary).

`python -m contract.dbt` rewrites the generated files; `tests/test_contract_vocabulary.py` fails
when a checked-in file differs from what this module renders, so an edit of the vocabulary that
was not rendered cannot land.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from contract import vocabulary as V

DBT_PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
HEADER = "{#- Generated from contract/vocabulary.py by `python -m contract.dbt`: do not edit. -#}\n"


def funnel_stages_seed() -> str:
    """The eight funnel stages in order, with what reaching each means (seed `funnel_stages`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stage", "stage_order", "description"])
    for order, (stage, description) in enumerate(V.FUNNEL_STAGE_DESCRIPTIONS.items(), start=1):
        writer.writerow([stage, order, description])
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


def rendered_files() -> dict[Path, str]:
    return {
        DBT_PROJECT_DIR / "seeds" / "funnel_stages.csv": funnel_stages_seed(),
        DBT_PROJECT_DIR / "macros" / "contract_values.sql": contract_values_macro(),
    }


def main() -> None:
    for path, text in rendered_files().items():
        path.write_text(text)
        print(f"wrote {path.relative_to(DBT_PROJECT_DIR.parent)}")


if __name__ == "__main__":
    main()
