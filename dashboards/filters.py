"""Sidebar filters shared by every page, mirrored in the URL query string so a view can be shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

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


@dataclass(frozen=True)
class LinkFilters:
    """The filters a shared link (URL query string) asks for, checked against the data: dates within
    the data's first and last contact and in order, only values the data knows. `ignored` names
    what was dropped or adjusted (parameter names only: a crafted value is never shown)."""

    dates: tuple[date, date] | tuple[()]
    lists: dict[str, list[str]]
    ignored: tuple[str, ...] = ()


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None


def _link_dates(query: dict[str, list[str]], first: date | None, last: date | None) -> tuple[tuple, list[str]]:
    """The date range a link asks for, clamped to the data and put in order."""
    if first is None or last is None:
        return (), [name for name in ("from", "to") if query.get(name)]
    asked = {name: (query.get(name) or [""])[-1] for name in ("from", "to")}
    parsed = {name: _parse_date(text) for name, text in asked.items()}
    ignored = [name for name in asked if asked[name] and parsed[name] is None]
    start, end = parsed["from"] or first, parsed["to"] or last
    clamped = (min(max(start, first), last), min(max(end, first), last))
    if clamped != (start, end):
        ignored.append("dates outside the data")
    if clamped[0] > clamped[1]:
        clamped = (clamped[1], clamped[0])
        ignored.append("dates out of order")
    return clamped, ignored


def parse_link(query: dict[str, list[str]], options: dict) -> LinkFilters:
    """Check a link's query string (every value as a list of strings) against the filter options."""
    dates, ignored = _link_dates(query, options["first_contact"], options["last_contact"])
    lists = {}
    for name in LIST_FILTERS:
        asked = [v for v in query.get(name, []) if v]
        lists[name] = [v for v in dict.fromkeys(asked) if v in options[name]]
        if len(lists[name]) < len(dict.fromkeys(asked)):
            ignored.append(f"unknown {name}")
    return LinkFilters(dates, lists, tuple(ignored))


def render_sidebar(options: dict) -> Filters:
    """Draw the filter widgets (seeded from the URL on first load) and return the chosen filters."""
    st.sidebar.header("Filters")
    first, last = options["first_contact"], options["last_contact"]
    if "filter_dates" not in st.session_state:
        link = parse_link({name: st.query_params.get_all(name) for name in st.query_params}, options)
        st.session_state["filter_dates"] = link.dates
        for name in LIST_FILTERS:
            st.session_state[f"filter_{name}"] = link.lists[name]
        st.session_state["filter_link_ignored"] = link.ignored
    if st.session_state.get("filter_link_ignored"):
        st.sidebar.warning(
            "Part of the link was ignored or adjusted: " + ", ".join(st.session_state["filter_link_ignored"]) + "."
        )
    picked = st.sidebar.date_input(
        "First contact between", key="filter_dates", min_value=first, max_value=last, disabled=first is None
    )
    labels = {"role": options.get("role_labels", {}), "recruiter": options.get("recruiter_labels", {})}
    for name in LIST_FILTERS:
        st.sidebar.multiselect(
            name.capitalize(),
            options[name],
            key=f"filter_{name}",
            format_func=lambda v, n=name: labels.get(n, {}).get(v, v),
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
