"""Outbound funnel dashboards: `funnel dashboard` serves this multipage app."""

import streamlit as st

from dashboards import data
from dashboards.filters import render_sidebar

st.set_page_config(page_title="Outbound funnel", page_icon="📈", layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("views/role_funnel.py", title="Role funnel", url_path="role-funnel"),
    st.Page("views/channels.py", title="Channels & targeting", url_path="channels"),
    st.Page("views/engagement.py", title="Why people don't engage", url_path="engagement"),
    st.Page("views/outreach.py", title="Outreach", url_path="outreach"),
    st.Page("views/network.py", title="Talent network", url_path="network"),
    st.Page("views/quality.py", title="Data quality", url_path="quality"),
]

try:
    version = data.warehouse_version()
except data.NoWarehouse as missing:
    st.title("Outbound funnel")
    st.info(str(missing))
    st.stop()

st.session_state["version"] = version
st.session_state["filters"] = render_sidebar(data.filter_options(version))
st.navigation(PAGES).run()
