"""Small Streamlit helpers shared by the pages: context, tables with CSV download, rate metrics."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.data import Version
from dashboards.filters import Filters


def context() -> tuple[Version, Filters]:
    """The warehouse version and filters app.py resolved for this run."""
    return st.session_state["version"], st.session_state["filters"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: a spreadsheet may run a cell starting with these


def _neutralized(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """A frame as CSV for download, with every text cell (and header) that a spreadsheet would read
    as a formula prefixed with a single quote (OWASP "CSV injection"). Numbers stay numbers."""
    safe = frame.rename(columns=lambda c: _neutralized(str(c)))
    text = safe.select_dtypes(include=["object", "string", "category"]).columns
    safe[text] = safe[text].apply(lambda column: column.astype("object").map(_neutralized))
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")  # RFC 4180: a CR or LF in a value is quoted


def table(frame: pd.DataFrame, name: str, caption: str | None = None) -> None:
    """A table with a CSV download of exactly what is shown (formula-safe: safe_csv)."""
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        f"Download {name} (CSV)",
        safe_csv(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"download_{name}",
    )
    if caption:
        st.caption(caption)


def metric(column, label: str, value: int, of: int | None = None, of_label: str | None = None) -> None:
    """A count, with its rate and the denominator it is a rate of."""
    delta = None
    if of is not None:
        delta = f"{value / of:.1%} of {of_label}" if of else "no " + (of_label or "denominator")
    column.metric(label, f"{value:,}", delta, delta_color="off", delta_arrow="off")


def filters_note(filters: Filters) -> None:
    if filters.is_narrowed:
        st.caption("Filtered view: figures cover only prospects matching the sidebar filters.")
