"""How numbers and values read, for the pages' tables and the weekly digest alike: percentages as
`38.2 %`, counts with thousands separators, `—` for none, enum values as human labels. No
Streamlit here."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboards.labels import label

NONE = "—"
MISSING = float("-inf")  # stands in for a missing number on the pages: Streamlit draws any null cell as "None"


def is_share(column: str) -> bool:
    """Columns holding a fraction shown as a percentage: rates, shares, their interval bounds, chances."""
    name = column.lower()
    return any(word in name for word in ("rate", "share", "ci_low", "ci_high", "chance"))


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def _number_formatter(column: str, series: pd.Series) -> Callable[[float], str]:
    if is_share(column):
        shown = percent
    elif series.dropna().mod(1).eq(0).all():
        shown = "{:,.0f}".format
    else:
        shown = "{:,.1f}".format
    return lambda v: NONE if pd.isna(v) or v == MISSING else shown(v)


def display_column(series: pd.Series) -> tuple[pd.Series, Callable[[object], str]]:
    """The values a column shows (numbers stay numbers, so it sorts by value; no nulls) and how each reads."""
    name = str(series.name)
    if pd.api.types.is_bool_dtype(series):
        return series, lambda v: "Yes" if v else "No"
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.astype(float)
        return numbers.fillna(MISSING), _number_formatter(name, numbers)
    if pd.api.types.is_datetime64_any_dtype(series):
        present = series.dropna()
        stamp = "%Y-%m-%d" if (present.dt.normalize() == present).all() else "%Y-%m-%d %H:%M"
        return series.dt.strftime(stamp).fillna(NONE), str
    return series.where(series.notna(), NONE), lambda v: str(label(v))


def display_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Callable[[object], str]]]:
    columns = {column: display_column(frame[column]) for column in frame.columns}
    shown = pd.DataFrame({column: values for column, (values, _) in columns.items()}, index=frame.index)
    return shown, {column: formatter for column, (_, formatter) in columns.items()}


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text people read (for static output such as the digest)."""
    shown, formatters = display_frame(frame)
    return pd.DataFrame({column: shown[column].map(formatters[column]) for column in shown.columns}, index=frame.index)
