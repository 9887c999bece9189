"""The dashboards' web server: `funnel dashboard` runs `streamlit run dashboards/server.py`, which serves
dashboards/app.py on Streamlit's own server (st.App) behind the checks of dashboards/guards.py, with the
page shell of dashboards/shell.py."""

import streamlit as st
from starlette.middleware import Middleware

from dashboards.guards import DownloadGuard, HostGuard, report_error
from dashboards.shell import PageShell

app = st.App(
    "app.py",
    middleware=[Middleware(HostGuard), Middleware(DownloadGuard), Middleware(PageShell)],
    on_script_error=report_error,
)
