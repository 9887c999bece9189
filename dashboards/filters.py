"""Sidebar filters shared by every page, mirrored in the URL query string so a view can be shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from contract.labels import label

LIST_FILTERS = ("department", "role", "recruiter", "channel", "seniority")


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the data to. Empty tuples and None mean "everything"."""

    sourced_from: date | None = None  # the date range applies to sourced_at, which every prospect has
    sourced_to: date | None = None
    department: tuple[str, ...] = field(default=())
    role: tuple[str, ...] = field(default=())
    recruiter: tuple[str, ...] = field(default=())
    channel: tuple[str, ...] = field(default=())
    seniority: tuple[str, ...] = field(default=())

    def params(self) -> dict:
        """Named SQL parameters for dashboards.queries.base.FILTER_SQL."""
        return {
            "sourced_from": self.sourced_from,
            "sourced_to": self.sourced_to,
            **{name: list(getattr(self, name)) for name in LIST_FILTERS},
        }

    @property
    def is_narrowed(self) -> bool:
        return any(getattr(self, name) for name in LIST_FILTERS) or self.sourced_from is not None

    def describe(self, labels: dict | None = None) -> str:
        """The filters in words, e.g. "role Account Executive (R00002); sourced 2026-03-01 to 2026-03-31"."""
        labels = labels or {}
        parts = [
            f"{name} {', '.join(labels.get(name, {}).get(v, v) for v in getattr(self, name))}"
            for name in LIST_FILTERS
            if getattr(self, name)
        ]
        if self.sourced_from:
            parts.append(f"sourced {self.sourced_from:%Y-%m-%d} to {self.sourced_to:%Y-%m-%d}")
        return "; ".join(parts) if parts else "all prospects"


@dataclass(frozen=True)
class LinkFilters:
    """The filters a shared link (URL query string) asks for, checked against the data: dates within
    the data's first and last sourced date and in order, only values the data knows. `ignored` names
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
    dates, ignored = _link_dates(query, options["first_sourced"], options["last_sourced"])
    lists = {}
    for name in LIST_FILTERS:
        asked = [v for v in query.get(name, []) if v]
        lists[name] = [v for v in dict.fromkeys(asked) if v in options[name]]
        if len(lists[name]) < len(dict.fromkeys(asked)):
            ignored.append(f"unknown {name}")
    return LinkFilters(dates, lists, tuple(ignored))


def chosen(options: dict) -> Filters:
    """The filters of this run: what the sidebar's widgets hold (seeded from the URL on first load).

    Read before the page draws, while the widgets themselves are drawn after it (`render_sidebar`): a
    widget's value is in st.session_state when a rerun starts, so the page's first numbers need not wait
    for the sidebar (at 1M prospects its role list alone is ~5,000 options)."""
    first, last = options["first_sourced"], options["last_sourced"]
    if "filter_dates" not in st.session_state:
        link = parse_link({name: st.query_params.get_all(name) for name in st.query_params}, options)
        st.session_state["filter_dates"] = link.dates
        for name in LIST_FILTERS:
            st.session_state[f"filter_{name}"] = link.lists[name]
        st.session_state["filter_link_ignored"] = link.ignored
    picked = st.session_state["filter_dates"]
    dates = picked if isinstance(picked, tuple) and len(picked) == 2 else (first, last)
    narrowed = first is not None and tuple(dates) != (first, last)
    filters = Filters(
        sourced_from=dates[0] if narrowed else None,
        sourced_to=dates[1] if narrowed else None,
        **{name: tuple(st.session_state[f"filter_{name}"]) for name in LIST_FILTERS},
    )
    _write_query(filters)
    return filters


def render_sidebar(options: dict, sidebar) -> None:
    """Draw the filter widgets into `sidebar` (a container of st.sidebar made before the page): their values
    are the next run's filters (`chosen`)."""
    sidebar.header("Filters")
    first, last = options["first_sourced"], options["last_sourced"]
    if st.session_state.get("filter_link_ignored"):
        sidebar.warning(
            "Part of the link was ignored or adjusted: " + ", ".join(st.session_state["filter_link_ignored"]) + "."
        )
    sidebar.date_input(
        "Sourced between",
        key="filter_dates",
        min_value=first,
        max_value=last,
        disabled=first is None,
        help="Keeps prospects sourced in this range (sourced_at), contacted or not; every later stage of those "
        "prospects counts whenever it happened.",
    )
    labels = {"role": options.get("role_labels", {}), "recruiter": options.get("recruiter_labels", {})}
    for name in LIST_FILTERS:
        sidebar.multiselect(
            name.capitalize(),
            options[name],
            key=f"filter_{name}",
            format_func=lambda v, n=name: labels.get(n, {}).get(v, label(v)),
        )


def _write_query(filters: Filters) -> None:
    query = {name: list(getattr(filters, name)) for name in LIST_FILTERS if getattr(filters, name)}
    if filters.sourced_from:
        query["from"], query["to"] = filters.sourced_from.isoformat(), filters.sourced_to.isoformat()
    if dict(st.query_params.to_dict()) != {k: v[-1] if isinstance(v, list) else v for k, v in query.items()}:
        st.query_params.from_dict(query)
