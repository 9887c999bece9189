"""The identity keys of contract §4 (normalized email and LinkedIn URL) for SQL written by the intake.

There is one definition: the dbt macros in `dbt_project/macros/normalize_identity.sql`, which
identity resolution uses. The intake renders the same macros (they are plain Jinja; their
`adapter.dispatch` picks the `duckdb__` version, the intake's engine), so erasure, retention and
the erasure requests match a person exactly as identity resolution links them.
"""

from __future__ import annotations

from functools import cache

import jinja2

from contract.dbt import DBT_PROJECT_DIR

MACROS = DBT_PROJECT_DIR / "macros" / "normalize_identity.sql"


class _DuckDBAdapter:
    """What the macros ask of dbt's `adapter`: `dispatch(name)` gives the macro `duckdb__<name>`."""

    def __init__(self, module) -> None:
        self._module = module

    def dispatch(self, name: str, macro_namespace: str | None = None):
        return getattr(self._module(), f"duckdb__{name}")


@cache
def _macros():
    environment = jinja2.Environment()
    # dbt's `return(value)` ends a macro with that value; rendered, the value is the macro's text
    environment.globals.update({"adapter": _DuckDBAdapter(_macros), "return": lambda value: value})
    return environment.from_string(MACROS.read_text(encoding="utf-8")).module


def _render(macro, value: str) -> str:
    return str(macro(value)).strip()


def normalize_email(value: str) -> str:
    """SQL for the normalized email of a SQL text expression (NULL when empty)."""
    return _render(_macros().normalize_email, value)


def normalize_linkedin_url(value: str) -> str:
    """SQL for the normalized LinkedIn URL of a SQL text expression (NULL when empty)."""
    return _render(_macros().normalize_linkedin_url, value)
