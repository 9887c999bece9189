"""How numbers and values read, for the pages' tables and the weekly digest alike: percentages as
`38.2 %`, counts with thousands separators, `—` for none, enum values as human labels. No
Streamlit here."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from contract.labels import label

NONE = "—"
MISSING = float("-inf")  # stands in for a missing number on the pages: Streamlit draws any null cell as "None"


def is_share(column: str) -> bool:
    """Columns holding a fraction shown as a percentage: rates, shares, differences of rates, their
    interval bounds, chances."""
    name = column.lower()
    return any(word in name for word in ("rate", "share", "ci_low", "ci_high", "chance", "difference"))


def is_p_value(column: str) -> bool:
    return column.lower() in ("p", "p_value", "p_adjusted")


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def p_value(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def decimal(value: float) -> str:
    """Enough digits to read: `12,346`, `30.7`, `0.0085`."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 1 or value == 0:
        return f"{value:,.1f}"
    return f"{value:.2g}"


def _number_formatter(column: str, series: pd.Series) -> Callable[[float], str]:
    if is_share(column):
        shown = percent
    elif is_p_value(column):
        shown = p_value
    elif series.dropna().mod(1).eq(0).all():
        shown = "{:,.0f}".format
    else:
        shown = decimal
    return lambda v: NONE if pd.isna(v) or v == MISSING else shown(v)


def display_column(series: pd.Series) -> tuple[pd.Series, Callable[[object], str]]:
    """The values a column shows (numbers stay numbers, so it sorts by value; codes become their labels; no
    nulls) and how each reads."""
    name = str(series.name)
    if pd.api.types.is_bool_dtype(series):  # as words: Streamlit would draw a bool column as checkboxes
        return series.map({True: "Yes", False: "No"}).fillna(NONE), str
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.astype(float)
        return numbers.fillna(MISSING), _number_formatter(name, numbers)
    if pd.api.types.is_datetime64_any_dtype(series):
        present = series.dropna()
        stamp = "%Y-%m-%d" if (present.dt.normalize() == present).all() else "%Y-%m-%d %H:%M"
        return series.dt.strftime(stamp).fillna(NONE), str
    return series.map(label).where(series.notna(), NONE), str


def display_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Callable[[object], str]]]:
    columns = {column: display_column(frame[column]) for column in frame.columns}
    shown = pd.DataFrame({column: values for column, (values, _) in columns.items()}, index=frame.index)
    return shown, {column: formatter for column, (_, formatter) in columns.items()}


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text people read (for static output such as the digest)."""
    shown, formatters = display_frame(frame)
    return pd.DataFrame({column: shown[column].map(formatters[column]) for column in shown.columns}, index=frame.index)
