"""The Role page in a real browser (Debian's chromium through Playwright) as a recruiter behind the trusted
proxy header: a `?role=` link selects the role in the page's selector, a count opens to its people (the
CSV download holds exactly the prospects counted), a link to another recruiter's role is refused. Writes
the page's screenshots to artifacts/screenshots/."""

import io
import urllib.request

import pandas as pd
import pytest

from dashboards.sections.role_picker import REFUSED
from tests.dashboards.test_browser import SCREENSHOTS, SCRIPT_DONE, expand_to_full_height
from tests.dashboards.test_browser_access import loaded
from tests.support import rows

pytestmark = pytest.mark.slow  # a real browser over a served warehouse


def pick(page, key: str, option: str) -> None:
    """Open the select widget of this key as a user would (click it, type to narrow its options) and click the
    option (by key: the requisition section above the funnel has a "People behind these numbers" picker too)."""
    box = page.locator(f".st-key-{key} input[role='combobox']")
    box.click()
    box.fill(option)
    page.locator("[role='option']", has_text=option).first.click()


def downloaded(page, button: str, identity: dict[str, str]) -> pd.DataFrame:
    """The CSV a download button serves, fetched with the viewer's identity header as the proxy would add it
    (downloads need the pages' sign-in, dashboards/guards.py; the browser's own download omits the header)."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    with urllib.request.urlopen(urllib.request.Request(download.value.url, headers=identity)) as response:
        return pd.read_csv(io.BytesIO(response.read()))


def test_a_recruiter_follows_a_role_link_and_opens_a_count_to_its_people(
    generated_warehouse, behind_proxy, browser, recruiter_and_other_role
):
    recruiter, other = recruiter_and_other_role
    linked, linked_label = recruiter["roles"][-1], recruiter["role_labels"][-1]
    contacted = {
        r["prospect_id"]
        for r in rows(
            generated_warehouse,
            "select prospect_id from marts.fct_prospect_funnel where role_id = ? and contacted_at is not null",
            [linked],
        )
    }
    url = behind_proxy
    identity = {"X-Forwarded-Email": recruiter["recruiter_email"]}
    context = browser.new_context(
        extra_http_headers=identity,
        viewport={"width": 1400, "height": 1800},
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(f"{url}/role-funnel?role={linked}")
    text = loaded(page, "[data-testid='stMetric']:has-text('Sourced')")
    assert page.locator("[data-testid='stMain'] input[aria-label='Role']").input_value() == linked_label
    assert f"Filtered view: role {linked_label}." in text
    assert text.split("Contacted", 2)[2].split()[0] == f"{len(contacted):,}"  # the tile after the list tabs
    pick(page, "people_funnel", "Contacted")
    page.wait_for_selector("button:has-text('Download people funnel (CSV)')", timeout=60_000)
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
    listed = downloaded(page, "Download people funnel (CSV)", identity)
    assert set(listed["prospect_id"]) == contacted and len(listed) == len(contacted)
    assert listed["full_name"].notna().all() and set(listed["sourced_by"].dropna()) <= set(
        r["recruiter_name"] for r in rows(generated_warehouse, "select recruiter_name from marts.dim_recruiters")
    )
    body = page.inner_text("[data-testid='stMain']")
    assert f"{len(contacted):,} prospects behind “Contacted”" in body
    assert "@" not in body and "linkedin" not in body.lower()
    expand_to_full_height(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "role-funnel-recruiter.png"), full_page=True)

    page.goto(f"{url}/role-funnel?role={other}")
    text = loaded(page, "[data-testid='stMetric']:has-text('Sourced')")
    assert REFUSED in text and other not in text
    assert page.locator("[data-testid='stMain'] input[aria-label='Role']").input_value() in recruiter["role_labels"]
    expand_to_full_height(page)
    page.screenshot(path=str(SCREENSHOTS / "role-funnel-recruiter-refused-link.png"), full_page=True)
    context.close()
