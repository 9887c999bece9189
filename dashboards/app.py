"""Outbound funnel dashboards: `funnel dashboard` serves this multipage app.

Nothing is read from the warehouse before the viewer is known (dashboards/access.py): pages and
sidebar get the viewer's scope, and every query binds it."""

import streamlit as st

from dashboards import filters
from dashboards.queries import base, reference
from dashboards.sections import sign_in
from settings import load_settings

# a tile's label and its denominator line wrap instead of ending in "…" (Streamlit cuts them to one line)
WRAP_TILES = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    height: auto !important;
}
"""

st.set_page_config(page_title="Outbound funnel", page_icon="📈", layout="wide")
st.html(f"<style>{WRAP_TILES}</style>")

PAGES = [
    # served at the root; its own url path must differ from the alias below (Streamlit keys pages by it)
    st.Page("views/overview.py", title="Overview", url_path="home", default=True),
    st.Page("views/role_funnel.py", title="Role funnel", url_path="role-funnel"),
    st.Page("views/channels.py", title="Channels & targeting", url_path="channels"),
    st.Page("views/engagement.py", title="Why people don't engage", url_path="engagement"),
    st.Page("views/outreach.py", title="Outreach", url_path="outreach"),
    st.Page("views/network.py", title="Talent network", url_path="network"),
    st.Page("views/quality.py", title="Data quality", url_path="quality"),
]
# /overview, as people type it and as links name it, opens the Overview too (not "Page not found")
ALIASES = [st.Page("views/overview.py", title="Overview", url_path="overview", visibility="hidden")]
COMPANY_WIDE_PAGES = {"quality"}  # for talent leaders (and single-user mode) only

access_settings = load_settings().access
identity = sign_in.identify(access_settings)
try:
    version = base.warehouse_version()
except base.NoWarehouse as missing:
    st.title("Outbound funnel")
    st.info(str(missing))
    st.stop()
viewer = sign_in.admit(identity, access_settings, version)
sign_in.sidebar(viewer, access_settings)

options = reference.filter_options(version, viewer.scope)
st.session_state["version"], st.session_state["scope"] = version, viewer.scope
st.session_state["filters"] = filters.chosen(options)
sidebar = st.sidebar.container()  # filled after the page: its first numbers come before the filter widgets
pages = [page for page in PAGES if viewer.scope.is_everything or page.url_path not in COMPANY_WIDE_PAGES]
try:
    st.navigation(pages + ALIASES).run()
finally:  # also when a page stops early: a widget not drawn in a run loses its value
    filters.render_sidebar(options, sidebar)
