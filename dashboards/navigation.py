"""The dashboards' pages: their scripts, titles and URL paths, read by app.py (st.navigation) and by the
page shell (dashboards/shell.py), which must know which last part of a URL names a page and what kinds of
element the page's first screen draws (their frontend code is loaded before the page's script answers)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to dashboards/
    title: str
    url_path: str
    default: bool = False  # served at the root
    hidden: bool = False  # reachable by its URL, not in the menu
    company_wide: bool = False  # for talent leaders (and single-user mode) only
    first_screen: tuple[str, ...] = ()  # kinds of element it draws first: shell.ELEMENT_CODE's keys


PAGES = (
    # served at the root; its own url path must differ from the alias below (Streamlit keys pages by it)
    PageSpec("views/overview.py", "Overview", "home", default=True, first_screen=("tiles", "charts")),
    PageSpec("views/role_funnel.py", "Role funnel", "role-funnel", first_screen=("pickers", "tiles", "tables")),
    PageSpec("views/channels.py", "Channels & targeting", "channels", first_screen=("charts",)),
    PageSpec("views/engagement.py", "Why people don't engage", "engagement", first_screen=("charts",)),
    PageSpec("views/outreach.py", "Outreach", "outreach", first_screen=("charts",)),
    PageSpec("views/network.py", "Talent network", "network", first_screen=("tiles", "tables")),
    PageSpec("views/quality.py", "Data quality", "quality", company_wide=True, first_screen=("tiles", "tables")),
    # /overview, as people type it and as links name it, opens the Overview too (not "Page not found")
    PageSpec("views/overview.py", "Overview", "overview", hidden=True, first_screen=("tiles", "charts")),
)
URL_PATHS = tuple(page.url_path for page in PAGES)


def page_at(path: str) -> PageSpec:
    """The page a URL path opens: the one its last part names, else the default (the root, or a prefix)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return next((page for page in PAGES if page.url_path == last), next(page for page in PAGES if page.default))
