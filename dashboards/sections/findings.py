"""The diagnosis' findings as people read them (Overview, "Why people don't engage"): numbered without
gaps, each sentence with its sample and its suggested next step, then per explanation whether it was
checked, so "nothing found" reads differently from "not checked".

Sentences and actions hold text from the data (role titles, sequence names): they are shown as text,
every markdown character escaped, never as markdown or HTML."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

# CommonMark escapes any ASCII punctuation with a backslash; Streamlit also reads :emoji: and :color[...]
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'])")


def as_text(value: object) -> str:
    """`value` for st.markdown, shown exactly as written."""
    return _MARKDOWN.sub(r"\\\1", str(value))


def finding_markdown(row: pd.Series) -> str:
    """One finding: its number, its sentence, its next step."""
    number, sentence, action = int(row["finding_rank"]), as_text(row["sentence"]), as_text(row["suggested_action"])
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
    st.markdown("\n".join(f"- {as_text(line)}" for line in covered["summary"]))
