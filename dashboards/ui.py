"""Small Streamlit helpers shared by the pages: context, tables with CSV download, rate metrics."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboards.data import Version
from dashboards.filters import Filters


def context() -> tuple[Version, Filters]:
    """The warehouse version and filters app.py resolved for this run."""
    return st.session_state["version"], st.session_state["filters"]


def table(frame: pd.DataFrame, name: str, caption: str | None = None) -> None:
    """A table with a CSV download of exactly what is shown."""
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        f"Download {name} (CSV)",
        frame.to_csv(index=False).encode("utf-8"),
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
