"""Fixtures of the dashboard tests: a real browser, and who is who for the access tests."""

import pytest
from playwright.sync_api import sync_playwright

from bench.browser_pages import LEADER_EMAIL
from settings import ENV_AUTH_MODE
from tests.support import rows

CHROMIUM = "/usr/bin/chromium"  # Debian's, driven by Playwright (no browser download)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module; each test opens its own pages or contexts (cookies not shared)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def a_recruiter_and_another_role(warehouse) -> tuple[dict, str]:
    """A recruiter of the warehouse who owns a few roles (with their labels as the pages write them), and
    the role of another recruiter with the most prospects."""
    (recruiter,) = rows(
        warehouse,
        """select r.recruiter_id, r.recruiter_name, r.recruiter_email,
                  list(o.role_id order by o.role_id) as roles,
                  list(o.role_title || ' (' || o.role_id || ')' order by o.role_id) as role_labels
           from marts.dim_recruiters r join marts.dim_roles o using (recruiter_id)
           group by all having count(*) between 2 and 4 order by r.recruiter_id limit 1""",
    )
    (other,) = rows(
        warehouse,
        """select role_id from marts.fct_prospect_funnel where not list_contains(?, role_id)
           group by 1 order by count(*) desc, 1 limit 1""",
        [recruiter["roles"]],
    )
    return recruiter, other["role_id"]


@pytest.fixture(scope="session")
def recruiter_and_other_role(generated_warehouse) -> tuple[dict, str]:
    """On the generated warehouse, where every role has prospects: a recruiter, and another's role."""
    return a_recruiter_and_another_role(generated_warehouse)


@pytest.fixture(scope="session")
def behind_proxy(generated_warehouse) -> str:
    """`funnel dashboard` over the generated warehouse behind a (simulated) authenticating proxy, the
    viewer named by the identity header (bench/browser_pages.py's leader is a talent leader): one server
    for the browser tests of every module that sign in this way; its URL."""
    from tests.dashboards.test_browser import serve, stop

    process, url = serve(generated_warehouse, access=(), env={ENV_AUTH_MODE: "header", "FUNNEL_LEADERS": LEADER_EMAIL})
    yield url
    stop(process)
