"""What app.py shows before any page: who is signed in, or the page that says why no data is shown
(sign in, sign-in not configured, no access, no roles), and the sidebar line naming the viewer."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from dashboards import access
from dashboards.queries import base
from dashboards.server_settings import sign_in_configured
from dashboards.text import escape_markdown
from settings import AccessSettings

TITLE = "Outbound funnel"
NOT_CONFIGURED = (
    "Single sign-on is not configured, so no data is shown. Add an [auth] section to .streamlit/secrets.toml "
    '(README "Access"), or run behind an authenticating proxy with FUNNEL_AUTH_MODE=header, or use '
    "`funnel dashboard --local` for single-user mode on this machine."
)
NOT_LOCAL = (
    "Single-user mode shows every role to whoever opens it, so it serves data only on 127.0.0.1 "
    "(`funnel dashboard --local`). This server listens on another address: no data is shown."
)


def _stop(show, message: str, sign_out: bool = False) -> NoReturn:
    st.title(TITLE)
    show(message)
    if sign_out:
        st.button("Sign out", on_click=st.logout, key="sign_out")
    st.stop()


def identify(settings: AccessSettings) -> access.Identity | None:
    """The signed-in person (None in single-user mode), or stop with the page that says why there is none."""
    if settings.mode == "local":
        if not access.served_locally():
            _stop(st.error, NOT_LOCAL)
        return None
    if settings.mode == "oidc" and not sign_in_configured(settings):
        _stop(st.error, NOT_CONFIGURED)
    if settings.mode == "oidc" and not access.signed_in():
        st.title(TITLE)
        st.write("Sign in with your company account to see the dashboards.")
        st.button("Sign in", on_click=st.login, args=(settings.oidc_provider,) if settings.oidc_provider else ())
        st.stop()
    identity = access.current_identity(settings)
    if identity is None:
        source = f"the {settings.identity_header} header" if settings.mode == "header" else "the sign-in"
        _stop(st.error, f"No access: {source} named no e-mail address, so no data is shown.", settings.mode == "oidc")
    return identity


def admit(identity: access.Identity | None, settings: AccessSettings, version: base.Version) -> access.Viewer:
    """The viewer of this session, or stop with "no access" (unknown e-mail) or "no roles" (a recruiter
    who owns none)."""
    if identity is None:
        return access.SINGLE_USER
    viewer = access.viewer_for(identity, settings, version)
    sign_out = settings.mode == "oidc"
    if viewer.scope is None:
        _stop(
            st.error,
            f"No access: {escape_markdown(identity.email)} is neither a talent leader nor a recruiter of the team "
            "(team/recruiters). Ask a talent leader to add your work e-mail.",
            sign_out,
        )
    if viewer.owns_nothing:
        _stop(
            st.info,
            f"{escape_markdown(viewer.name)}, you own no roles in this data yet, so there is nothing to show: a "
            "recruiter sees the roles they own (ats/roles, recruiter_id) and the people on them.",
            sign_out,
        )
    return viewer


def sidebar(viewer: access.Viewer, settings: AccessSettings) -> None:
    """Whose view this is, and a way to sign out."""
    if viewer.kind == access.LOCAL:
        st.sidebar.caption("Single-user mode on this machine: every role is shown.")
        return
    scope = (
        "talent leader: every role"
        if viewer.kind == access.LEADER
        else f"recruiter: your {len(viewer.scope.roles)} roles and the people on them"
    )
    st.sidebar.caption(f"Signed in as {escape_markdown(viewer.name)} ({scope}).")
    if settings.mode == "oidc":
        st.sidebar.button("Sign out", on_click=st.logout, key="sidebar_sign_out")
