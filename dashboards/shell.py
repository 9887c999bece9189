"""What the dashboards add to the page Streamlit serves before its frontend starts (its index.html), so a
page's first number needs nothing of its own drawn or fetched first (bench/RESULTS.md, 2026-12-08 02:00):

- where the server is (`window.__streamlit.BACKEND_BASE_URL`): without it, a page opened by its URL
  (`/overview`, as links name it) first asks `/overview/_stcore/health`, gets a 404, waits 100 ms and
  only then asks `/_stcore/health`; every page opened by URL paid that before its script even started.
  The base is the URL without its last part when that part names a page (dashboards/navigation.py), so a
  proxy that serves the dashboards under a prefix (`/funnel/overview`) keeps working;
- the tiles' style: a tile's label and its denominator line wrap instead of ending in "…" (Streamlit cuts
  them to one line). As an element of the page (st.html) it made the browser fetch and run Streamlit's
  HTML sanitizer before drawing the first tile;
- the frontend's code for the kinds of element the page's first screen draws (`ELEMENT_CODE`), loaded once
  the page has loaded, while the app connects and the page's script runs. Streamlit loads an element's
  code when the first such element arrives, and the Overview's first charts arrive with its tiles: the
  tiles were drawn only once the chart code (~800 KB) had been fetched and run, 0.3-0.8 s after they
  arrived. Only code the page uses anyway is loaded, only earlier.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import file_util

from dashboards import navigation

WRAP_TILES = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    height: auto !important;
}
"""
BASE_URL = """
(() => {
    const path = window.location.pathname.replace(/\\/+$/, "");
    const cut = path.lastIndexOf("/") + 1;
    const base = PAGES.includes(path.slice(cut)) ? path.slice(0, cut) : path + "/";
    window.__streamlit = {...window.__streamlit, BACKEND_BASE_URL: window.location.origin + base};
})();
"""

# Streamlit's frontend code for each kind of element a page's first screen may draw, by the names of its
# files (static/js/<name>.<hash>.js): a tile; an Altair chart (the element, Vega-Embed, its expression
# interpreter); a table (the element and its Arrow formatting); a selectbox and radio buttons
ELEMENT_CODE = {
    "tiles": ("Metric",),
    "charts": ("ArrowVegaLiteChart", "embed", "vega-interpreter"),
    "tables": ("DataFrame", "arrowFormatUtils"),
    "pickers": ("Selectbox", "Radio"),
}
WARM = '<script type="module">addEventListener("load", () => CHUNKS.forEach(chunk => import(chunk)));</script>'


@cache
def chunk(name: str) -> str | None:
    """The file of a chunk of the installed Streamlit's frontend, as the page links it (./static/js/…); None
    when there is none (tests/dashboards/test_page_shell.py fails on it)."""
    files = sorted((Path(file_util.get_static_dir()) / "static" / "js").glob(f"{name}.*.js"))
    return f"./static/js/{files[0].name}" if files else None


def warm_chunks(path: str) -> list[str]:
    """The frontend code of the first screen of the page at `path` (navigation.PageSpec.first_screen)."""
    names = [name for kind in navigation.page_at(path).first_screen for name in ELEMENT_CODE[kind]]
    return [found for found in map(chunk, names) if found]


def head(path: str) -> bytes:
    """What goes at the end of the <head> of the page at `path`: the tiles' style, the script naming the
    server's base and the one loading the code of the page's first screen."""
    script = BASE_URL.replace("PAGES", json.dumps(list(navigation.URL_PATHS)))
    warm = WARM.replace("CHUNKS", json.dumps(warm_chunks(path)))
    return f"<style>{WRAP_TILES}</style>\n<script>{script}</script>\n{warm}\n".encode()


def with_head(page: bytes, path: str, encoding: str | None = None) -> bytes:
    """The page at `path` with `head(path)` before its </head> (unchanged when it has none), `encoding` its
    Content-Encoding: none or gzip (Streamlit compresses its pages); any other is left as it is."""
    if encoding == "gzip":
        return gzip.compress(with_head(gzip.decompress(page), path), mtime=0)
    if encoding:
        return page
    return page.replace(b"</head>", head(path) + b"</head>", 1)


class PageShell:
    """Adds `head()` to every HTML page the server answers a GET with (Streamlit's index.html, which it serves
    for the root and every page's URL). The page's ETag and Last-Modified are dropped: they name the file
    without these lines, and the page is never cached anyway (Streamlit sends it with no-cache)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def edit(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if Headers(raw=message["headers"]).get("content-type", "").startswith("text/html"):
                    start = message  # held until the whole page is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                headers = MutableHeaders(raw=list(start["headers"]))
                page = with_head(b"".join(body), scope["path"], headers.get("content-encoding"))
                headers["content-length"] = str(len(page))
                for stale in ("etag", "last-modified"):
                    del headers[stale]
                await send({**start, "headers": headers.raw})
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, edit)
