"""Who is looking at the dashboards, and which roles they may see (README "Access").

Production: Streamlit's OpenID Connect sign-in (`st.login`, `st.user`; the [auth] section of
.streamlit/secrets.toml) or, in header mode, the e-mail an authenticating reverse proxy puts in a
request header. Talent leaders (e-mails in FUNNEL_LEADERS, groups in FUNNEL_LEADER_GROUPS) see every
role; a recruiter, matched case-insensitively by e-mail to team/recruiters, sees the roles they own
and the people on them; anyone else is told they have no access. Single-user mode (`funnel demo`,
`funnel dashboard --local`) shows everything, and only while Streamlit listens on a loopback address.
The viewer's scope is bound into every query (dashboards/queries/), so no widget, link or download can
cross it. Nothing here logs an e-mail.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from dashboards.queries import base, workbench
from dashboards.server_settings import LOOPBACK_ADDRESSES
from settings import AccessSettings

if TYPE_CHECKING:
    from streamlit.runtime.context import StreamlitHeaders

LOCAL, LEADER, RECRUITER, UNKNOWN = "local", "leader", "recruiter", "unknown"


@dataclass(frozen=True)
class Identity:
    """Who signed in: their e-mail and groups as compared (`comparable`), a name to greet them by."""

    email: str
    groups: frozenset[str] = frozenset()
    name: str | None = None


@dataclass(frozen=True)
class Viewer:
    """A signed-in person (or the single user) and the scope of what they may see; None: nothing."""

    kind: str  # LOCAL, LEADER, RECRUITER or UNKNOWN
    scope: base.Scope | None
    name: str = ""

    @property
    def owns_nothing(self) -> bool:
        """A recruiter who owns no role: nothing to show them."""
        return self.scope is not None and self.scope.roles == ()


SINGLE_USER = Viewer(LOCAL, base.EVERYTHING, "single-user mode")


def comparable(text: str) -> str:
    """An e-mail or group name as identities are compared: trimmed, Unicode NFKC, case-folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text.strip()).casefold())


def _script(character: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK…); None for anything else."""
    return unicodedata.name(character, "?").split()[0] if character.isalpha() else None


def look_alike(email: str) -> bool:
    """Whether an e-mail could pass for another: it holds a compatibility character (the Kelvin sign for
    K, fullwidth letters: NFKC changes it), or one of its parts (before @, each domain label) mixes
    letters of several scripts (a Cyrillic а among Latin letters)."""
    if unicodedata.normalize("NFKC", email) != email:
        return True
    parts = email.replace("@", ".").split(".")
    return any(len({_script(c) for c in part} - {None}) > 1 for part in parts)


def _identity(email: object, groups: object = None, name: object = None) -> Identity | None:
    """An identity from claim or header values; None without something that looks like an e-mail, or
    for a look-alike of one."""
    if not isinstance(email, str) or "@" not in email or look_alike(email.strip()):
        return None
    listed = groups.split(",") if isinstance(groups, str) else groups if isinstance(groups, list | tuple) else ()
    return Identity(
        email=comparable(email),
        groups=frozenset(comparable(str(group)) for group in listed if str(group).strip()),
        name=name.strip() if isinstance(name, str) and name.strip() else None,
    )


def identity_from_claims(claims: Mapping[str, object]) -> Identity | None:
    """The identity in the ID token's claims (st.user): `email`, only when `email_verified` is the boolean
    true (a string "false" is not), `groups` (a list, or comma-separated), `name`."""
    if claims.get("email_verified") is not True:
        return None
    return _identity(claims.get("email"), claims.get("groups"), claims.get("name"))


def _single(headers: StreamlitHeaders, name: str) -> str | None:
    """A header's value; None when it is absent or sent more than once (a proxy that appends to what the
    client sent instead of replacing it)."""
    values = headers.get_all(name)
    return values[0] if len(values) == 1 else None


def identity_from_headers(headers: StreamlitHeaders, access: AccessSettings) -> Identity | None:
    """The identity an authenticating reverse proxy put in the request headers (names case-insensitive).
    Only safe when the proxy sets these headers itself and strips them from every client request."""
    groups = _single(headers, access.groups_header) if access.groups_header else None
    return _identity(_single(headers, access.identity_header), groups)


def viewer_for(identity: Identity, access: AccessSettings, version: base.Version) -> Viewer:
    """A talent leader (by e-mail or group) sees every role; else the recruiter(s) with this work e-mail
    see the roles they own; else nobody is known by it."""
    leaders, leader_groups = ({comparable(name) for name in names} for names in (access.leaders, access.leader_groups))
    if identity.email in leaders or identity.groups & leader_groups:
        return Viewer(LEADER, base.EVERYTHING, identity.name or identity.email)
    owned = workbench.recruiter_roles(version, identity.email)
    if owned.empty:
        return Viewer(UNKNOWN, None, identity.name or identity.email)
    roles = tuple(sorted(owned["role_id"].dropna().unique()))
    return Viewer(RECRUITER, base.Scope(roles), str(owned["recruiter_name"].iloc[0]))


def served_locally() -> bool:
    """Whether Streamlit listens on a loopback address only, so single-user mode is not reachable from
    another machine (`funnel dashboard --local` binds 127.0.0.1)."""
    return (st.get_option("server.address") or "") in LOOPBACK_ADDRESSES


def signed_in() -> bool:
    """Whether this browser session went through Streamlit's sign-in."""
    return bool(st.user.get("is_logged_in"))


def current_identity(access: AccessSettings) -> Identity | None:
    """The signed-in person of this session: from the ID token (oidc) or the proxy's headers (header)."""
    if access.mode == "header":
        return identity_from_headers(st.context.headers, access)
    return identity_from_claims(st.user.to_dict()) if signed_in() else None
