"""The people behind a count (drill-through): pick one of a section's counts and read the prospects it
counts, one row each (name, role, the recruiter who sourced them, how far they got and when; never an
e-mail or a profile URL), with a CSV download. Nothing is queried until a count is picked. A diagnosis
finding opens the same way to its group: the prospects its rate counts; a requisition's triage counts to
its hires and the people in process."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from contract import vocabulary as V
from contract.labels import label
from dashboards import ui
from dashboards.filters import Filters
from dashboards.queries import base, workbench
from dashboards.queries import people as people_queries
from dashboards.text import escape_markdown
from insights.diagnosis import subject_group

PLACEHOLDER = "Pick a count to list the people behind it"
SINGULAR = {"prospects": "prospect", "people": "person", "prospects compared": "prospect compared"}
# the counts of a requisition's triage row that open to their people (workbench.TRIAGE_COUNTS), as a picker names them
TRIAGE_COUNT_LABELS = {
    "hires": "Hires",
    "in_flight": "In process",
    **{f"in_{stage}": f"In process at {str(label(stage)).lower()}" for stage in V.ATS_PIPELINE_STAGES},
    "ageing": "Ageing in their stage",
}
# what the people behind a requisition's count show: a hire's day, or where a person in process stands
HIRED_COLUMNS = ["full_name", "candidate_id", "hired_on"]
IN_PROCESS_COLUMNS = [
    "full_name",
    "candidate_id",
    "stage",
    "stage_entered_on",
    "days_in_stage",
    "usual_days_in_stage",
    "is_ageing",
    "ageing_reason",
]


def behind(key: str, counts: Mapping[str, int], people: Callable[[str], pd.DataFrame], noun: str = "prospects") -> None:
    """A picker of `counts` (label -> the count shown) and, once one is picked, `people(label)`: its rows."""
    picked = st.selectbox(
        "People behind these numbers",
        list(counts),
        index=None,
        key=f"people_{key}",
        format_func=lambda label: f"{label}: {_of(counts[label], noun)}",
        placeholder=PLACEHOLDER,
    )
    if picked is None:
        return
    frame = people(picked)
    if frame.empty:  # a count of 0 (a closed requisition has nobody in process): no empty table to download
        st.info(f"Nobody behind “{escape_markdown(picked)}”.")
        return
    ui.table(
        frame,
        f"people_{key}",
        f"{_of(len(frame), noun)} behind “{escape_markdown(picked)}” ({counts[picked]:,} shown above), one row each; "
        "names only, never an e-mail address or a profile URL.",
    )


def _of(count: int, noun: str) -> str:
    """`1 person`, `2 people`: the count with its noun (SINGULAR of it for one)."""
    return f"{count:,} {SINGULAR.get(noun, noun) if count == 1 else noun}"


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


def requisition_count(column: str, role_label: str) -> str:
    """How a picker names a count of a requisition's triage row: `Hires (Data Engineer (R00012))`."""
    return f"{TRIAGE_COUNT_LABELS[column]} ({role_label})"


def requisitions(
    version: base.Version, scope: base.Scope, key: str, counts: Mapping[str, tuple[str, str, int]]
) -> None:
    """Counts of requisition triage rows (requisition_count -> role, its workbench.TRIAGE_COUNTS column, the count
    shown) open to the people they count (workbench.requisition_people)."""

    def rows(picked: str) -> pd.DataFrame:
        role, column, _ = counts[picked]
        found = workbench.requisition_people(version, scope, role, column)
        return found[HIRED_COLUMNS if column == "hires" else IN_PROCESS_COLUMNS]

    behind(key, {name: n for name, (_, _, n) in counts.items()}, rows, noun="people")
