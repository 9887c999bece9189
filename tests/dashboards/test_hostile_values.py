"""Odd values in the data and crafted links: no page crashes, links are checked, downloads are formula-safe,
and markup planted in every free-text field of a landing shows as text: no page fetches or links anything."""

import csv
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboards.filters import parse_link
from dashboards.text import WORD_JOINER, escape_markdown
from dashboards.ui import safe_csv
from settings import ENV_AUTH_MODE, ENV_WAREHOUSE
from synthetic.landing import GenerateOptions, generate_landing
from tests.dashboards.test_access import signed_in
from tests.dashboards.test_browser import PAGE_ERROR, SCRIPT_DONE, serve, stop
from tests.support import FIXTURES, ROOT, rows, run

APP = str(ROOT / "dashboards" / "app.py")
PAGES = ("overview", "role_funnel", "channels", "engagement", "outreach", "network", "quality")
OPTIONS = {
    "first_sourced": date(2026, 2, 1),
    "last_sourced": date(2026, 3, 31),
    "department": ["Engineering", "Sales"],
    "role": ["R1", "R2"],
    "recruiter": ["rec1"],
    "channel": ["email", "event"],
    "seniority": ["junior", "senior"],
}
CRAFTED_LINKS = [
    {"from": "9999-12-31", "to": "0001-01-01"},
    {"from": "2026-13-45", "to": "yesterday", "channel": "carrier_pigeon"},
    {"from": "", "role": "R1' or 1=1 --", "recruiter": '=HYPERLINK("x")'},
    {"from": "x" * 5000, "department": "\u202eevil", "seniority": "intern"},
]


def test_a_link_keeps_known_values_and_dates_within_the_data_in_order():
    link = parse_link(
        {"from": ["2026-05-01"], "to": ["2026-02-10"], "channel": ["event", "carrier_pigeon"], "role": ["R2", "R2"]},
        OPTIONS,
    )
    assert link.dates == (date(2026, 2, 10), date(2026, 3, 31))
    assert link.lists["channel"] == ["event"] and link.lists["role"] == ["R2"]
    assert link.ignored == ("dates outside the data", "dates out of order", "unknown channel")


def test_a_link_with_unreadable_or_reversed_dates_falls_back_to_the_data():
    assert parse_link({"from": ["2026-13-45"], "to": ["garbage"]}, OPTIONS).dates == (
        date(2026, 2, 1),
        date(2026, 3, 31),
    )
    assert parse_link({"from": ["2026-03-01"], "to": ["2026-02-15"]}, OPTIONS).dates == (
        date(2026, 2, 15),
        date(2026, 3, 1),
    )
    assert parse_link({"from": ["2026-03-01"]}, {**OPTIONS, "first_sourced": None, "last_sourced": None}).dates == ()


def test_every_download_neutralizes_spreadsheet_formulas():
    frame = pd.DataFrame(
        {
            "=title": [
                '=HYPERLINK("http://evil.example")',
                "+cmd|' /C calc'!A0",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "ok",
            ],
            "count": [-1, 2, 3, 4, 5, 6, 7],
        }
    )
    lines = safe_csv(frame).decode().splitlines()
    assert lines[0] == "'=title,count"
    cells = pd.read_csv(pd.io.common.StringIO(safe_csv(frame).decode()))["'=title"].tolist()
    assert all(str(cell).startswith("'") for cell in cells[:6]) and cells[6] == "ok"
    assert pd.read_csv(pd.io.common.StringIO(safe_csv(frame).decode()))["count"].tolist()[0] == -1


# every free-text column of the contract's landing tables (ids that are free text included)
FREE_TEXT = {
    "team/recruiters": ("name", "team"),
    "ats/roles": ("title", "department", "location"),
    "ats/candidates": ("full_name",),
    "ats/stage_events": ("reason",),
    "sourcing/candidates": ("full_name", "current_title", "current_company", "location"),
    "sourcing/prospects": ("selection_reason",),
    "outreach/messages": ("sequence_id", "template_id"),
}
HOSTILE_HOST = "evil.example"


def markup(column: str) -> str:
    """What an attacker would put in a field: a markdown image and link, HTML, emphasis, a bare URL and a
    Streamlit directive, each naming the column it was planted in."""
    return (
        f" ![p](http://{HOSTILE_HOST}/{column}.png) [login here](http://{HOSTILE_HOST}/{column}) "
        f"<img src=http://{HOSTILE_HOST}/{column}.gif> **{column}** www.{HOSTILE_HOST}/{column} :red[{column}]"
    )


def plant_markup(landing: Path) -> None:
    """Append `markup` to every value of every free-text column of the landing's CSV files."""
    for table, columns in FREE_TEXT.items():
        for path in sorted((landing / table).glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as file:
                reader = csv.DictReader(file)
                header, records = reader.fieldnames, list(reader)
            for record in records:
                for column in set(columns) & set(record):
                    record[column] = (record[column] or column) + markup(column)
            with path.open("w", newline="", encoding="utf-8") as file:
                writer = csv.DictWriter(file, fieldnames=header)
                writer.writeheader()
                writer.writerows(records)


@pytest.fixture(scope="module")
def odd_warehouse(tmp_path_factory):
    """3,000 generated prospects (enough for the diagnosis to name roles in its findings) with markup planted
    in every free-text field, plus roles, recruiters, candidates, prospects and messages with formula-like,
    markup, RTL and 'NaN'/'null' text values."""
    root = tmp_path_factory.mktemp("odd")
    landing = root / "landing"
    generate_landing(GenerateOptions(out=landing, prospects=3_000, seed=19), echo=lambda _: None)
    plant_markup(landing)
    shutil.copytree(FIXTURES / "odd_values", landing, dirs_exist_ok=True)
    summary = run(landing, root / "warehouse.duckdb")
    assert summary.success, summary.failures
    return root / "warehouse.duckdb"


def app_test(warehouse, monkeypatch, link: dict[str, str]) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(warehouse))
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in link.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_no_page_crashes_on_odd_values(odd_warehouse, monkeypatch):
    at = app_test(odd_warehouse, monkeypatch, {})
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])


@pytest.mark.slow
@pytest.mark.parametrize("link", CRAFTED_LINKS, ids=["reversed", "garbage", "injection", "huge"])
def test_a_crafted_link_never_crashes_a_page_and_says_what_it_ignored(odd_warehouse, monkeypatch, link):
    at = app_test(odd_warehouse, monkeypatch, link)  # the link is checked on the first page opened
    assert any("Part of the link was ignored" in w.value for w in at.sidebar.warning)
    at.switch_page("views/role_funnel.py").run()
    assert not at.exception, [e.value for e in at.exception]


FIRST_RECRUITER = "select recruiter_email, recruiter_name from marts.dim_recruiters order by 1 limit 1"
MARKDOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error")


def markdown_shown(at: AppTest) -> list[str]:
    """Every string the page hands Streamlit as markdown: texts, alerts, metric labels, values and deltas,
    radio options and tab labels, main area and sidebar."""
    shown = [str(element.value) for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]
    shown += [str(part) for metric in at.metric for part in (metric.label, metric.value, metric.delta)]
    shown += [str(option) for radio in at.radio for option in radio.options]
    return shown + [tab.label for tab in at.tabs]


def assert_no_live_markup(at: AppTest, page: str) -> str:
    """No markdown the page shows holds the planted host readable as a link or image (escaped, its dots
    carry a word joiner); all of it, joined."""
    assert not at.exception, (page, [e.value for e in at.exception])
    shown = markdown_shown(at)
    live = [text for text in shown if HOSTILE_HOST in text]
    assert not live, (page, live[:3])
    return "\n".join(shown)


@pytest.mark.slow
def test_markup_from_data_renders_as_text_on_every_page(odd_warehouse, monkeypatch):
    at = app_test(odd_warehouse, monkeypatch, {})
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        shown = assert_no_live_markup(at, page)
        if page in ("overview", "engagement"):  # the diagnosis names planted role titles in its sentences
            assert escape_markdown(f"[login here](http://{HOSTILE_HOST}/title)") in shown, page


@pytest.mark.slow
def test_a_recruiter_named_with_markup_sees_it_as_text(odd_warehouse, monkeypatch):
    (recruiter,) = rows(odd_warehouse, FIRST_RECRUITER)
    at = signed_in(odd_warehouse, monkeypatch, {"is_logged_in": True, "email": recruiter["recruiter_email"]})
    sidebar = assert_no_live_markup(at, "overview")
    assert escape_markdown(f"[login here](http://{HOSTILE_HOST}/name)") in sidebar
    at.switch_page("views/role_funnel.py").run()
    assert escape_markdown(f"[login here](http://{HOSTILE_HOST}/name)") in assert_no_live_markup(at, "role_funnel")


BROWSER_PAGES = ("", "role-funnel", "channels", "engagement", "outreach", "network", "quality")
LEADER = "lead@acme.example"


def foreign(urls: list[str], app_url: str) -> list[str]:
    """The URLs that leave the app: another host, or a scheme other than the app's, data: and blob:."""
    app = urlsplit(app_url)
    return [url for url in urls if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != app.netloc]


def visit(browser, url: str, email: str, path: str) -> str:
    """Open a page as `email` (the proxy's identity header), recording every request it makes; fail on any
    request, link or image that leaves the app. The page's visible text, word joiners removed."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-Email": email})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{url}/{path}")
        page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
        page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
        page.wait_for_load_state("networkidle")
        assert page.locator(PAGE_ERROR).count() == 0, page.inner_text("body")[:2000]
        links = page.eval_on_selector_all("a[href]", "found => found.map(a => a.href)")
        images = page.eval_on_selector_all("img[src]", "found => found.map(img => img.src)")
        assert not foreign(requested + links + images, url), (path, foreign(requested + links + images, url))
        return page.inner_text("body").replace(WORD_JOINER, "")
    finally:
        context.close()


@pytest.mark.slow
def test_no_page_fetches_or_links_anything_from_data(odd_warehouse, browser):
    (recruiter,) = rows(odd_warehouse, FIRST_RECRUITER)
    app, url = serve(odd_warehouse, access=(), env={ENV_AUTH_MODE: "header", "FUNNEL_LEADERS": LEADER})
    try:
        for path in BROWSER_PAGES:
            text = visit(browser, url, LEADER, path)
            if path in ("", "engagement"):  # a finding names a planted role title, shown as typed
                assert f"[login here](http://{HOSTILE_HOST}/title)" in text, path
        for path in ("", "role-funnel"):
            text = visit(browser, url, recruiter["recruiter_email"], path)
            assert f"Signed in as {recruiter['recruiter_name']}" in text, path
        stranger = f"[login here](http://{HOSTILE_HOST}/phish)@acme.example"
        assert f"No access: {stranger} is neither" in visit(browser, url, stranger, "")
    finally:
        stop(app)
