"""The diagnosis' findings as people read them (Overview, "Why people don't engage"): numbered without
gaps, each sentence with its sample and its suggested next step, then per explanation whether it was
checked, so "nothing found" reads differently from "not checked".

Sentences and actions hold text from the data (role titles, sequence names): they are shown as text,
every markdown character escaped, never as markdown or HTML."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.text import escape_markdown


def finding_markdown(row: pd.Series) -> str:
    """One finding: its number, its sentence, its next step."""
    number, sentence = int(row["finding_rank"]), escape_markdown(row["sentence"])
    action = escape_markdown(row["suggested_action"])
    return f"**{number}.** {sentence}  \n**Next step:** {action}"


def render(found: pd.DataFrame, headings: dict[str, str]) -> None:
    """The findings of each direction in `headings` (direction -> heading, none when empty), in rank order."""
    for direction, heading in headings.items():
        rows = found[found["direction"] == direction].sort_values("finding_rank")
        if not rows.empty and heading:
            st.markdown(f"**{heading}**")
        for _, row in rows.iterrows():
            st.markdown(finding_markdown(row))


def render_coverage(covered: pd.DataFrame) -> None:
    """One line per explanation: checked and found something, checked and found nothing, or not checked."""
    st.markdown("**What was checked**")
    st.markdown("\n".join(f"- {escape_markdown(line)}" for line in covered["summary"]))
