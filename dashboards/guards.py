"""What the dashboards' web server checks before Streamlit answers (dashboards/server.py; README
"Privacy and access"):

- `allowed_hosts`: the Host names a request may carry, from the address the server listens on (a loopback
  address: `localhost` and `127.0.0.1` only), the sign-in's redirect address and the names the operator
  adds. `funnel dashboard` puts them in Streamlit's `server.allowedHosts` (which checks the WebSocket) and
  `HostGuard` refuses every other request with another Host too: a web page that points a name of its
  own at 127.0.0.1 (DNS rebinding) reads nothing.
- `DownloadGuard`: a CSV download (`/media/…`) needs the sign-in the pages need: the proxy's identity
  header (header mode) or Streamlit's signed sign-in cookie (oidc mode); so a download URL is dead to
  anyone without it, and to everyone once the sign-in has ended.
- `report_error`: an error on a page shows a short message and a reference; the traceback (paths, SQL,
  values) goes to the server log under that reference only (`client.showErrorDetails = "none"` hides the
  details of anything that escapes it).
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

import streamlit as st
from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit.logger import get_logger
from streamlit.runtime.context import StreamlitHeaders

from settings import AccessSettings, load_settings

LOG = get_logger("dashboards")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
ANY_ADDRESS = ("0.0.0.0", "::", "")
MEDIA_PATH = re.compile(r"(^|/)media/")


class NoAllowedHost(ValueError):
    """Listening on every address with no host name to accept."""


def allowed_hosts(address: str, redirect_uri: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    """The Host names requests may carry: the address itself (`localhost` and `127.0.0.1` too for a loopback
    address; none for every address); the host of the sign-in's redirect address; the names the operator adds."""
    hosts = [*LOOPBACK_HOSTS, address] if _is_loopback(address) else [] if address in ANY_ADDRESS else [address]
    if redirect_uri and urlsplit(redirect_uri).hostname:
        hosts.append(urlsplit(redirect_uri).hostname)
    hosts += [name.strip().lower() for name in extra if name.strip()]
    if not hosts:
        raise NoAllowedHost(
            f"listening on every address ({address or 'all'}) accepts any Host header (DNS rebinding): name the "
            "host names people open the dashboards by with --allowed-host"
        )
    return list(dict.fromkeys(hosts))


def _is_loopback(address: str) -> bool:
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class HostGuard(TrustedHostMiddleware):
    """400 for any request (pages, WebSocket, downloads) whose Host is not in `server.allowedHosts`."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, allowed_hosts=list(st.get_option("server.allowedHosts")) or list(LOOPBACK_HOSTS))


class DownloadGuard:
    """403 for a download (`/media/…`) that does not carry the sign-in the pages need."""

    def __init__(self, app: ASGIApp, settings: AccessSettings | None = None) -> None:
        self.app = app
        self.access = settings or load_settings().access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and MEDIA_PATH.search(scope["path"]) and not self.signed_in(Headers(scope=scope)):
            LOG.warning("refused a download without a sign-in")
            await PlainTextResponse("Sign in to download this file.", status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def signed_in(self, headers: Headers) -> bool:
        from dashboards import access  # not at import: its queries' caches belong to the running server

        if self.access.mode == "local":  # one user on this machine (HostGuard keeps others out)
            return True
        if self.access.mode == "header":
            return access.identity_from_headers(StreamlitHeaders(headers.items()), self.access) is not None
        return access.identity_from_claims(sign_in_claims(headers)) is not None


def sign_in_claims(headers: Headers) -> dict:
    """The claims in Streamlit's signed sign-in cookie (`_streamlit_user`), as its WebSocket handler reads
    them (streamlit.web.server.starlette.starlette_websocket); {} without a valid, signed-in cookie."""
    from starlette.requests import cookie_parser
    from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME
    from streamlit.web.server.starlette.starlette_websocket import _get_signed_cookie_with_chunks

    try:
        raw = _get_signed_cookie_with_chunks(cookie_parser(headers.get("cookie", "")), USER_COOKIE_NAME)
        claims = json.loads(raw) if raw else {}
    except (ValueError, UnicodeError):
        return {}
    return claims if isinstance(claims, dict) and claims.get("is_logged_in") is True else {}


PAGE_ERROR_KEY = "page_error"  # the message's container: tests find a failed page by it


def report_error(error: Exception) -> bool:
    """Streamlit's on_script_error: log the error under a new reference and show only the reference, instead
    of Streamlit's exception box (which, with details hidden, still offers to search the web for it)."""
    reference = secrets.token_hex(4)
    LOG.error("page error, reference %s", reference, exc_info=error)
    with st.container(key=PAGE_ERROR_KEY):
        st.error(
            f"This page could not be shown (reference {reference}). Try again in a minute; if it persists, give "
            "the reference to whoever runs the dashboards: the details are in the server log under it."
        )
    return True
