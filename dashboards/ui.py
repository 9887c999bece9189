"""Small Streamlit helpers shared by the pages: context, tables with CSV download, rate metrics.

Every table goes through `table`: percentages as `38.2 %`, counts with thousands separators,
`—` for none, enum values and column names as human labels, a definition on hover for the
columns that have one; the CSV download holds the raw values."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from contract.labels import RATIO_GUARDRAILS, definition, humanize
from dashboards.filters import Filters
from dashboards.formatting import display_frame, percent
from dashboards.queries import reference
from dashboards.queries.base import Scope, Version
from dashboards.text import escape_markdown
from insights.rates import wilson_interval


def context() -> tuple[Version, Scope, Filters]:
    """The warehouse version, the viewer's scope and the filters app.py resolved for this run."""
    return st.session_state["version"], st.session_state["scope"], st.session_state["filters"]


def company_wide(scope: Scope, what: str) -> bool:
    """Whether this viewer sees company-wide figures (talent leaders, single-user mode); says so when not."""
    if not scope.is_everything:
        st.caption(f"{what} cover the whole company: shown to talent leaders only.")
    return scope.is_everything


def describe(scope: Scope, filters: Filters, labels: dict | None = None) -> str:
    """The prospects a page's figures cover, in words: the filters, within a recruiter's roles."""
    if scope.is_everything:
        return filters.describe(labels)
    return f"your roles; {filters.describe(labels)}" if filters.is_narrowed else "your roles"


def scope_name(scope: Scope) -> str:
    """What "all prospects" means for this viewer: the company, or a recruiter's roles."""
    return "company" if scope.is_everything else "your roles"


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


def present(frame: pd.DataFrame):
    """A Styler that shows `frame` the way people read it (dashboards/formatting.py); numbers stay
    numbers, so sorting by a column sorts by value."""
    shown, formatters = display_frame(frame)
    return shown.style.format(formatters)


def column_config(frame: pd.DataFrame, definitions: Mapping[str, str] | None = None) -> dict:
    """Human column labels, each with its definition on hover when there is one."""
    config = {}
    for column in frame.columns:
        name = str(column)
        help_text = (definitions or {}).get(name) or definition(name)
        config[name] = st.column_config.Column(humanize(name) if " " not in name else name, help=help_text)
    return config


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Recruiters by their names instead of their ids (`rec006`), as the sidebar names them."""
    if "recruiter_id" not in frame.columns:
        return frame
    version, scope, _ = context()
    names = reference.filter_options(version, scope)["recruiter_labels"]
    return frame.assign(recruiter_id=frame["recruiter_id"].map(lambda r: names.get(r, r)))


SHOWN_ROWS = 500


def table(
    frame: pd.DataFrame, name: str, caption: str | None = None, definitions: Mapping[str, str] | None = None
) -> None:
    """A formatted, sortable table with a CSV download of its raw values (formula-safe); people read names
    and labels, the CSV keeps the ids and codes. A long table shows its first SHOWN_ROWS rows (formatting
    every cell of tens of thousands would hold the page for seconds); the download has every row."""
    shown = with_names(frame.head(SHOWN_ROWS))
    with st.container(key=f"table_{name}"):
        st.dataframe(present(shown), hide_index=True, width="stretch", column_config=column_config(shown, definitions))
        if len(frame) > SHOWN_ROWS:
            st.caption(f"The first {SHOWN_ROWS:,} of {len(frame):,} rows, in this order; the download has all of them.")
        st.download_button(
            f"Download {name.replace('_', ' ')} (CSV)",
            safe_csv(frame),
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
        delta = (
            f"{percent(value / of)} of {of_label} ({count_interval(value, of)})"
            if of
            else "no " + (of_label or "denominator")
        )
    column.metric(label, f"{value:,}", delta, delta_color="off", delta_arrow="off", help=help or definition(label))


def interval_text(low: float, high: float) -> str:
    return "" if pd.isna(low) or pd.isna(high) else f"95 % CI {low * 100:.1f}–{high * 100:.1f} %"


def count_interval(numerator: int, denominator: int) -> str:
    """`95 % CI 15.9–17.1 %`: the Wilson interval of numerator / denominator (insights.rates)."""
    low, high = wilson_interval(pd.Series([numerator]), pd.Series([denominator]))
    return interval_text(low.iloc[0], high.iloc[0])


def filters_note(filters: Filters, labels: dict | None = None) -> None:
    """Say what the page's figures cover and which timestamp the date range filters on."""
    if filters.is_narrowed:
        st.caption(
            f"Filtered view: {escape_markdown(filters.describe(labels))}. The date range filters on when prospects "
            "were sourced (sourced_at); each later stage of those prospects counts whenever it happened."
        )


def windowed_metric(column, label: str, rates: pd.Series, days: int) -> None:
    """A windowed rate (contract §9.1) as a metric: converted within `days` days of first contact of the
    eligible (contacted at least `days` days before the data's as-of time)."""
    value = "—" if pd.isna(rates["rate"]) else f"{rates['rate']:.1%}"
    column.metric(
        label,
        value,
        f"{int(rates['converted']):,} of {int(rates['eligible']):,} eligible; "
        f"{interval_text(rates['ci_low'], rates['ci_high'])}",
        delta_color="off",
        delta_arrow="off",
        help=f"Windowed rate: prospects who got there within {days} days of first contact / prospects contacted at "
        f"least {days} days before the data's as-of time. {int(rates['in_window']):,} contacted more recently are "
        "still inside the window and not counted yet.",
    )


def company_wide_note() -> None:
    st.caption("Company-wide: these figures are not narrowed by the sidebar filters.")


def guardrail_rows(guards: pd.DataFrame) -> pd.DataFrame:
    """Guardrail rows as people read them: the value as a share (`0.3 %`) or, for messages per interested
    prospect or per hire, as a number (`639.1`), beside the counts it is made of."""
    value = [
        "—" if pd.isna(v) else f"{v:,.1f}" if name in RATIO_GUARDRAILS else percent(v)
        for name, v in zip(guards["guardrail"], guards["value"])
    ]
    return guards.assign(value=value)


def segment_names(frame: pd.DataFrame, dimension: str | None) -> pd.DataFrame:
    """Segments of the Role or Recruiter dimension by their names (`Backend Engineer (R00034)`, the
    recruiter's name) instead of their ids."""
    version, scope, _ = context()
    options = reference.filter_options(version, scope)
    names = {"Role": options["role_labels"], "Recruiter": options["recruiter_labels"]}.get(dimension)
    return frame if names is None else frame.assign(segment=frame["segment"].map(lambda v: names.get(v, v)))
