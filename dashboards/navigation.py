"""The dashboards' pages: their scripts, titles and URL paths, read by app.py (st.navigation) and by the
page shell (dashboards/shell.py), which must know which last part of a URL names a page."""

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


PAGES = (
    # served at the root; its own url path must differ from the alias below (Streamlit keys pages by it)
    PageSpec("views/overview.py", "Overview", "home", default=True),
    PageSpec("views/role_funnel.py", "Role funnel", "role-funnel"),
    PageSpec("views/channels.py", "Channels & targeting", "channels"),
    PageSpec("views/engagement.py", "Why people don't engage", "engagement"),
    PageSpec("views/outreach.py", "Outreach", "outreach"),
    PageSpec("views/network.py", "Talent network", "network"),
    PageSpec("views/quality.py", "Data quality", "quality", company_wide=True),
    # /overview, as people type it and as links name it, opens the Overview too (not "Page not found")
    PageSpec("views/overview.py", "Overview", "overview", hidden=True),
)
URL_PATHS = tuple(page.url_path for page in PAGES)
