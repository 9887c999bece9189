"""Odd values in the data and crafted links: no page crashes, links are checked, downloads are formula-safe."""

import shutil
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboards.filters import parse_link
from dashboards.ui import safe_csv
from orchestration.settings import ENV_WAREHOUSE
from tests.support import FIXTURES, MESSY_LANDING, ROOT, run

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


@pytest.fixture(scope="module")
def odd_warehouse(tmp_path_factory):
    """The messy landing plus roles, recruiters, prospects and messages with formula-like, markup, RTL and
    'NaN'/'null' text values."""
    root = tmp_path_factory.mktemp("odd")
    landing = root / "landing"
    shutil.copytree(MESSY_LANDING, landing)
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


def test_no_page_crashes_on_odd_values(odd_warehouse, monkeypatch):
    at = app_test(odd_warehouse, monkeypatch, {})
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])


@pytest.mark.parametrize("link", CRAFTED_LINKS, ids=["reversed", "garbage", "injection", "huge"])
def test_a_crafted_link_never_crashes_a_page_and_says_what_it_ignored(odd_warehouse, monkeypatch, link):
    at = app_test(odd_warehouse, monkeypatch, link)  # the link is checked on the first page opened
    assert any("Part of the link was ignored" in w.value for w in at.sidebar.warning)
    at.switch_page("views/role_funnel.py").run()
    assert not at.exception, [e.value for e in at.exception]
