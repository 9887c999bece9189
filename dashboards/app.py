"""Outbound funnel dashboards: `funnel dashboard` serves this multipage app.

Nothing is read from the warehouse before the viewer is known (dashboards/access.py): pages and
sidebar get the viewer's scope, and every query binds it."""

import streamlit as st

from dashboards import filters, navigation
from dashboards.queries import base, reference
from dashboards.sections import sign_in
from settings import load_settings

st.set_page_config(page_title="Outbound funnel", page_icon="📈", layout="wide")

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
pages = [
    st.Page(
        page.script,
        title=page.title,
        url_path=page.url_path,
        default=page.default,
        visibility="hidden" if page.hidden else "visible",
    )
    for page in navigation.PAGES
    if viewer.scope.is_everything or not page.company_wide
]
try:
    st.navigation(pages).run()
finally:  # also when a page stops early: a widget not drawn in a run loses its value
    filters.render_sidebar(options, sidebar)
