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


def filters_note(filters: Filters, labels: dict | None = None) -> None:
    """Say what the page's figures cover and which timestamp the date range filters on."""
    if filters.is_narrowed:
        st.caption(
            f"Filtered view: {filters.describe(labels)}. The date range filters on when prospects were sourced "
            "(sourced_at); each later stage of those prospects counts whenever it happened."
        )


def windowed_metric(column, label: str, rates: pd.Series, days: int) -> None:
    """A windowed rate (contract §9.1) as a metric: converted within `days` days of first contact of the
    eligible (contacted at least `days` days before the data's as-of time)."""
    value = "—" if pd.isna(rates["rate"]) else f"{rates['rate']:.1%}"
    column.metric(
        label,
        value,
        f"{int(rates['converted']):,} of {int(rates['eligible']):,} eligible",
        delta_color="off",
        delta_arrow="off",
        help=f"Windowed rate: prospects who got there within {days} days of first contact / prospects contacted at "
        f"least {days} days before the data's as-of time. {int(rates['in_window']):,} contacted more recently are "
        "still inside the window and not counted yet.",
    )
