"""The identity keys of contract §4 (normalized email and LinkedIn URL) for SQL written by the intake.

There is one definition: the dbt macros in `dbt_project/macros/normalize_identity.sql`, which
identity resolution uses. The intake renders the same macros (they are plain Jinja), so erasure
and retention match a person exactly as identity resolution links them.
"""

from __future__ import annotations

from functools import cache

import jinja2

from orchestration.settings import DBT_PROJECT_DIR

MACROS = DBT_PROJECT_DIR / "macros" / "normalize_identity.sql"


@cache
def _macros():
    return jinja2.Environment().from_string(MACROS.read_text(encoding="utf-8")).module


def normalize_email(value: str) -> str:
    """SQL for the normalized email of a SQL text expression (NULL when empty)."""
    return str(_macros().normalize_email(value)).strip()


def normalize_linkedin_url(value: str) -> str:
    """SQL for the normalized LinkedIn URL of a SQL text expression (NULL when empty)."""
    return str(_macros().normalize_linkedin_url(value)).strip()
