"""Sidebar filters shared by every page, mirrored in the URL query string so a view can be shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from dashboards.labels import label

LIST_FILTERS = ("department", "role", "recruiter", "channel", "seniority")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the data to. Empty tuples and None mean "everything"."""

    contacted_from: date | None = None
    contacted_to: date | None = None
    department: tuple[str, ...] = field(default=())
    role: tuple[str, ...] = field(default=())
    recruiter: tuple[str, ...] = field(default=())
    channel: tuple[str, ...] = field(default=())
    seniority: tuple[str, ...] = field(default=())

    def params(self) -> dict:
        """Named SQL parameters for data.FILTER_SQL."""
        return {
            "contacted_from": self.contacted_from,
            "contacted_to": self.contacted_to,
            **{name: list(getattr(self, name)) for name in LIST_FILTERS},
        }

    @property
    def is_narrowed(self) -> bool:
        return any(getattr(self, name) for name in LIST_FILTERS) or self.contacted_from is not None


def _from_query(name: str) -> list[str]:
    return [v for v in st.query_params.get_all(name) if v]


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def render_sidebar(options: dict) -> Filters:
    """Draw the filter widgets (seeded from the URL on first load) and return the chosen filters."""
    st.sidebar.header("Filters")
    first, last = options["first_contact"], options["last_contact"]
    if "filter_dates" not in st.session_state:
        start = _parse_date(st.query_params.get("from")) or first
        end = _parse_date(st.query_params.get("to")) or last
        st.session_state["filter_dates"] = (start, end) if first else ()
        for name in LIST_FILTERS:
            st.session_state[f"filter_{name}"] = [v for v in _from_query(name) if v in options[name]]
    picked = st.sidebar.date_input(
        "First contact between", key="filter_dates", min_value=first, max_value=last, disabled=first is None
    )
    labels = {"role": options.get("role_labels", {}), "recruiter": options.get("recruiter_labels", {})}
    for name in LIST_FILTERS:
        st.sidebar.multiselect(
            name.capitalize(),
            options[name],
            key=f"filter_{name}",
            format_func=lambda v, n=name: labels.get(n, {}).get(v, label(v)),
        )
    dates = picked if isinstance(picked, tuple) and len(picked) == 2 else (first, last)
    narrowed = first is not None and tuple(dates) != (first, last)
    filters = Filters(
        contacted_from=dates[0] if narrowed else None,
        contacted_to=dates[1] if narrowed else None,
        **{name: tuple(st.session_state[f"filter_{name}"]) for name in LIST_FILTERS},
    )
    _write_query(filters)
    return filters


def _write_query(filters: Filters) -> None:
    query = {name: list(getattr(filters, name)) for name in LIST_FILTERS if getattr(filters, name)}
    if filters.contacted_from:
        query["from"], query["to"] = filters.contacted_from.isoformat(), filters.contacted_to.isoformat()
    if dict(st.query_params.to_dict()) != {k: v[-1] if isinstance(v, list) else v for k, v in query.items()}:
        st.query_params.from_dict(query)
