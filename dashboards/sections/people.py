"""The people behind a count (drill-through): pick one of a section's counts and read the prospects it
counts, one row each (name, role, the recruiter who sourced them, how far they got and when; never an
e-mail or a profile URL), with a CSV download. Nothing is queried until a count is picked. A diagnosis
finding opens the same way to its group: the prospects its rate counts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from dashboards import ui
from dashboards.filters import Filters
from dashboards.queries import base
from dashboards.queries import people as people_queries
from dashboards.text import escape_markdown
from insights.diagnosis import subject_group

PLACEHOLDER = "Pick a count to list the people behind it"


def behind(key: str, counts: Mapping[str, int], people: Callable[[str], pd.DataFrame], noun: str = "prospects") -> None:
    """A picker of `counts` (label -> the count shown) and, once one is picked, `people(label)`: its rows."""
    picked = st.selectbox(
        "People behind these numbers",
        list(counts),
        index=None,
        key=f"people_{key}",
        format_func=lambda label: f"{label}: {counts[label]:,} {noun}",
        placeholder=PLACEHOLDER,
    )
    if picked is None:
        return
    frame = people(picked)
    ui.table(
        frame,
        f"people_{key}",
        f"{len(frame):,} {noun} behind “{escape_markdown(picked)}” ({counts[picked]:,} shown above), one row each; "
        "names only, never an e-mail address or a profile URL.",
    )


def findings(version: base.Version, scope: base.Scope, filters: Filters, found: pd.DataFrame) -> None:
    """Each finding of `found` (diagnosis.findings, for these filters) opens to its group's prospects: as many as
    its subject_eligible; `converted` marks those its rate counts as converted."""
    if found.empty:
        return
    picked = {
        f"Finding {row['finding_rank']}: {str(row['sentence']).split(':')[0]}": row for _, row in found.iterrows()
    }
    behind(
        "findings",
        {name: int(row["subject_eligible"]) for name, row in picked.items()},
        lambda name: people_queries.finding_people(version, scope, filters, subject_group(picked[name])),
        noun="prospects compared",
    )
