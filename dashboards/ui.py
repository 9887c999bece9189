"""Small Streamlit helpers shared by the pages: context, tables with CSV download, rate metrics.

Every table goes through `table`: percentages as `38.2 %`, counts with thousands separators,
`—` for none, enum values and column names as human labels, a definition on hover for the
columns that have one; the CSV download holds the raw values."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from dashboards.data import Version
from dashboards.filters import Filters
from dashboards.labels import definition, humanize, label

NONE = "—"


def context() -> tuple[Version, Filters]:
    """The warehouse version and filters app.py resolved for this run."""
    return st.session_state["version"], st.session_state["filters"]


def is_share(column: str) -> bool:
    """Columns holding a fraction shown as a percentage: rates, shares, their interval bounds, chances."""
    name = column.lower()
    return any(word in name for word in ("rate", "share", "ci_low", "ci_high", "chance"))


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


MISSING = float("-inf")  # stands in for a missing number: Streamlit draws any null cell as "None"


def _number_formatter(column: str, series: pd.Series):
    if is_share(column):
        shown = percent
    elif series.dropna().mod(1).eq(0).all():
        shown = "{:,.0f}".format
    else:
        shown = "{:,.1f}".format
    return lambda v: NONE if v == MISSING else shown(v)


def _display_column(series: pd.Series) -> tuple[pd.Series, object]:
    """The values a column shows with (sortable: numbers stay numbers) and how to format each."""
    name = str(series.name)
    if pd.api.types.is_bool_dtype(series):
        return series, lambda v: "Yes" if v else "No"
    if pd.api.types.is_numeric_dtype(series):
        return series.astype(float).fillna(MISSING), _number_formatter(name, series.astype(float))
    if pd.api.types.is_datetime64_any_dtype(series):
        stamp = "%Y-%m-%d" if (series.dropna().dt.normalize() == series.dropna()).all() else "%Y-%m-%d %H:%M"
        return series.dt.strftime(stamp).fillna(NONE), str
    return series.where(series.notna(), NONE), lambda v: str(label(v))


def present(frame: pd.DataFrame):
    """A Styler that shows `frame` the way people read it: `38.2 %`, `1,234`, `—` for none, human
    labels. Numbers stay numbers, so sorting by a column sorts by value."""
    columns = {column: _display_column(frame[column]) for column in frame.columns}
    shown = pd.DataFrame({column: values for column, (values, _) in columns.items()}, index=frame.index)
    return shown.style.format({column: formatter for column, (_, formatter) in columns.items()})


def column_config(frame: pd.DataFrame, definitions: Mapping[str, str] | None = None) -> dict:
    """Human column labels, each with its definition on hover when there is one."""
    config = {}
    for column in frame.columns:
        name = str(column)
        help_text = (definitions or {}).get(name) or definition(name)
        config[name] = st.column_config.Column(humanize(name) if " " not in name else name, help=help_text)
    return config


def table(
    frame: pd.DataFrame, name: str, caption: str | None = None, definitions: Mapping[str, str] | None = None
) -> None:
    """A formatted, sortable table with a CSV download of exactly what is shown (raw values)."""
    with st.container(key=f"table_{name}"):
        st.dataframe(present(frame), hide_index=True, width="stretch", column_config=column_config(frame, definitions))
        st.download_button(
            f"Download {name.replace('_', ' ')} (CSV)",
            frame.to_csv(index=False).encode("utf-8"),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"download_{name}",
        )
        if caption:
            st.caption(caption)


def metric(
    column,
    label: str,
    value: int,
    of: int | None = None,
    of_label: str | None = None,
    help: str | None = None,
) -> None:
    """A count, with its rate and the denominator it is a rate of; its definition on hover."""
    delta = None
    if of is not None:
        delta = f"{percent(value / of)} of {of_label}" if of else "no " + (of_label or "denominator")
    column.metric(label, f"{value:,}", delta, delta_color="off", delta_arrow="off", help=help or definition(label))


def filters_note(filters: Filters) -> None:
    if filters.is_narrowed:
        st.caption("Filtered view: figures cover only prospects matching the sidebar filters.")


def company_wide_note() -> None:
    st.caption("Company-wide: these figures are not narrowed by the sidebar filters.")
