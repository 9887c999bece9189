"""What `funnel dashboard` checks before it starts the server: where single-user mode may listen and
whether the sign-in is configured. Imports nothing that reads the warehouse, so the command does not load
the pages' cached queries outside Streamlit's runtime (each would log "No runtime found")."""

from __future__ import annotations

import streamlit as st

from settings import AccessSettings

LOOPBACK_ADDRESSES = ("127.0.0.1", "localhost", "::1")


def sign_in_configured(access: AccessSettings) -> bool:
    """Whether Streamlit's secrets hold the [auth] section st.login needs (and the named provider's)."""
    try:
        auth = st.secrets.get("auth")
    except FileNotFoundError:  # no secrets.toml at all
        return False
    return bool(auth) and (access.oidc_provider is None or access.oidc_provider in auth)
