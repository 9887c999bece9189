"""The Role page's recruiter and role selectors. A role the sidebar names (a shared `?role=` link, or the
sidebar's role filter) is selected in them whenever it changes; a link to a role outside the viewer's
scope was already dropped by the sidebar (dashboards/filters.py) and is refused here in words, without
naming it."""

from __future__ import annotations

import streamlit as st

from dashboards.filters import Filters

RECRUITER_KEY, ROLE_KEY = "role_page_recruiter", "role_page_role"
LINKED_KEY = "role_page_linked_role"  # the sidebar's role last applied to the selectors
REFUSED = "The link named a role that is not one of yours (or does not exist): it is not shown."


def linked_role(filters: Filters, options: dict) -> tuple[str, str] | None:
    """(owner, role) of the first role the sidebar names that the viewer may see and whose owner is listed."""
    owner_of = {role: owner for owner, roles in options["roles_by_recruiter"].items() for role in roles}
    for role in filters.role:
        if owner_of.get(role) in options["recruiter"]:
            return owner_of[role], role
    return None


def pick(filters: Filters, options: dict) -> tuple[str, str] | None:
    """Draw the selectors; (recruiter, role), or None (said on the page) when the recruiter owns no role."""
    linked = linked_role(filters, options)
    if linked is not None and st.session_state.get(LINKED_KEY) != linked[1]:
        st.session_state[RECRUITER_KEY], st.session_state[ROLE_KEY] = linked
    st.session_state[LINKED_KEY] = linked[1] if linked else None
    if "unknown role" in st.session_state.get("filter_link_ignored", ()):
        st.warning(REFUSED)
    recruiter = st.selectbox(
        "Recruiter",
        options["recruiter"],
        key=RECRUITER_KEY,
        format_func=lambda r: options["recruiter_labels"].get(r, r),
    )
    roles = options["roles_by_recruiter"].get(recruiter, [])
    if not roles:
        st.info("This recruiter owns no roles.")
        return None
    role = st.selectbox("Role", roles, key=ROLE_KEY, format_func=lambda r: options["role_labels"].get(r, r))
    return recruiter, role
