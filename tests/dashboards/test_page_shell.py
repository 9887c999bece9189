"""The page shell (dashboards/shell.py): what the dashboards add to the page Streamlit serves before its
frontend starts, so a page's first number waits for nothing of ours."""

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.browser_pages import LEADER_EMAIL
from dashboards import shell

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body><div id='root'></div></body></html>"


def answered(body: bytes, content_type: str, encoding: str | None = None, method: str = "GET") -> tuple[dict, bytes]:
    """What PageShell sends for a response of `body` (in two parts, as a server may send it): headers, body."""
    headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(b"etag", b'"file"')] + ([(b"content-encoding", encoding.encode())] if encoding else [])

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": "/overview", "headers": []}
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: Playwright's may be running in this one
        thread.submit(asyncio.run, shell.PageShell(app)(scope, receive, send)).result()
    start, *parts = sent
    return {k.decode(): v.decode() for k, v in start["headers"]}, b"".join(p.get("body", b"") for p in parts)


@pytest.mark.parametrize("encoding", [None, "gzip"])
def test_every_page_carries_the_tiles_style_and_the_servers_base(encoding):
    """Streamlit's page (plain, or gzipped as Streamlit sends it to browsers) gets the shell before </head>,
    with a Content-Length that fits; the file's ETag, which names the page without it, is dropped."""
    body = gzip.compress(PAGE) if encoding else PAGE
    headers, sent = answered(body, "text/html; charset=utf-8", encoding)
    page = gzip.decompress(sent) if encoding else sent
    assert page.count(b'[data-testid="stMetricLabel"]') == 2 and b"BACKEND_BASE_URL" in page
    assert page.index(b"BACKEND_BASE_URL") < page.index(b"</head>")
    assert int(headers["content-length"]) == len(sent) and "etag" not in headers


def test_other_answers_pass_unchanged():
    script = b"console.log('</head>')" * 3
    assert answered(script, "text/javascript") == (
        {"content-type": "text/javascript", "content-length": "66", "etag": '"file"'},
        script,
    )
    assert answered(PAGE, "text/html", method="HEAD")[1] == PAGE


def test_the_code_it_loads_exists_in_this_streamlit_and_is_what_each_page_draws_first():
    """One file per ELEMENT_CODE name in the installed Streamlit's frontend (a Streamlit that renames them
    fails here instead of silently loading nothing early); the Overview loads the tile and chart code, the
    Role page its pickers', tiles' and tables' and no chart code."""
    static = Path(shell.file_util.get_static_dir())
    for names in shell.ELEMENT_CODE.values():
        assert all(shell.chunk(name) and (static / shell.chunk(name)).is_file() for name in names), names

    def loaded(path: str) -> set[str]:
        return {chunk.split("/")[-1].split(".")[0] for chunk in shell.warm_chunks(path)}

    assert loaded("/overview") == loaded("/") == {"Metric", "ArrowVegaLiteChart", "embed", "vega-interpreter"}
    assert loaded("/funnel/role-funnel") == {"Selectbox", "Radio", "Metric", "DataFrame", "arrowFormatUtils"}


@pytest.mark.slow  # a real browser
@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("/", "/"),
        ("/overview", "/"),
        ("/role-funnel?role=R00001", "/"),
        ("/funnel/overview", "/funnel/"),  # a proxy serving the dashboards under a prefix
        ("/funnel", "/funnel/"),
        ("/funnel/", "/funnel/"),
    ],
)
def test_the_server_is_found_from_any_page_url(browser, path, base):
    """The base the frontend connects to: the URL without the page's name (so no 404 probe and no 100 ms
    wait), and a proxy's prefix kept."""
    page = browser.new_page()
    try:
        page.route("**/static/js/**", lambda route: route.abort())
        page.route(
            "https://dashboards.example/**",
            lambda route: route.fulfill(body=shell.with_head(PAGE, path), content_type="text/html"),
        )
        page.goto(f"https://dashboards.example{path}")
        assert page.evaluate("window.__streamlit.BACKEND_BASE_URL") == f"https://dashboards.example{base}"
    finally:
        page.close()


@pytest.mark.slow  # a served warehouse in a real browser
def test_a_page_opened_by_its_url_connects_at_once_with_its_tiles_wrapped(behind_proxy, browser):
    """/overview, as links name it: no request to /overview/_stcore/… (a 404 and a 100 ms wait before the page
    script started), nothing answered with an error, and the tiles' labels wrap (the shell's style)."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-Email": LEADER_EMAIL})
    page = context.new_page()
    answers = []
    page.on("response", lambda response: answers.append((response.url, response.status)))
    try:
        page.goto(f"{behind_proxy}/overview")
        page.wait_for_selector("[data-testid='stMetricLabel']", timeout=60_000)
        wrap = page.evaluate("getComputedStyle(document.querySelector(\"[data-testid='stMetricLabel']\")).whiteSpace")
    finally:
        context.close()
    assert not [url for url, _ in answers if "/overview/_stcore/" in url]
    assert f"{behind_proxy}/_stcore/health" in [url for url, _ in answers]
    assert [(url, status) for url, status in answers if status >= 400] == []
    assert wrap == "normal"
