"""Signing in as a recruiter in a real browser (Debian's chromium through Playwright): through Streamlit's
OpenID Connect login against a local test identity provider (nanoidp, offline), where another
recruiter's role cannot be reached by widget, link or download; and through a trusted proxy header,
whose e-mail alone decides who is looking."""

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from settings import ENV_AUTH_MODE
from tests.dashboards.test_access import sourced
from tests.dashboards.test_browser import PAGE_ERROR, SCRIPT_DONE, free_port, serve, stop, wait_for
from tests.support import rows

PASSWORD = "test-only-password"  # nanoidp's own test user; nothing real signs in here


def write_identity_provider(folder: Path, port: int, app_port: int, email: str) -> None:
    """nanoidp's two configuration files: one client (the dashboards) and one user (the recruiter).
    The provider puts e-mail and groups into the ID token when asked (the `claims` request parameter)."""
    folder.mkdir()
    (folder / "settings.yaml").write_text(
        f"""config_version: 1
server: {{host: "127.0.0.1", port: {port}}}
oauth:
  issuer: "http://127.0.0.1:{port}"
  audience: "funnel-dashboards"
  clients:
    - client_id: "funnel-dashboards"
      client_secret: "test-only-client-secret"
      redirect_uris: ["http://127.0.0.1:{app_port}/oauth2callback"]
"""
    )
    (folder / "users.yaml").write_text(
        f"""config_version: 1
users:
  recruiter:
    password: "{PASSWORD}"
    email: "{email}"
"""
    )


def write_streamlit_secrets(home: Path, idp_port: int, app_port: int) -> None:
    """~/.streamlit/secrets.toml as README "Access" describes it, with a named provider."""
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "test-only-cookie-secret-of-some-length"

[auth.acme]
client_id = "funnel-dashboards"
client_secret = "test-only-client-secret"
server_metadata_url = "http://127.0.0.1:{idp_port}/.well-known/openid-configuration"
authorize_params = {{ claims = '{{"id_token": {{"email": null, "email_verified": null, "groups": null}}}}' }}
"""
    )


@pytest.fixture
def signed_in_app(generated_warehouse, recruiter_and_other_role, tmp_path):
    """The dashboards in sign-in mode and the identity provider they trust; yields the app's URL."""
    recruiter, _ = recruiter_and_other_role
    app_port, idp_port = free_port(), free_port()
    write_identity_provider(tmp_path / "idp", idp_port, app_port, recruiter["recruiter_email"])
    write_streamlit_secrets(tmp_path / "home", idp_port, app_port)
    provider = subprocess.Popen(
        [sys.executable, "-m", "nanoidp", "--config", str(tmp_path / "idp"), "--port", str(idp_port)],
        cwd=tmp_path,  # it writes its signing keys to ./keys
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    app = None
    try:
        wait_for(f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration", provider)
        env = {ENV_AUTH_MODE: "oidc", "FUNNEL_OIDC_PROVIDER": "acme", "HOME": str(tmp_path / "home")}
        app, url = serve(generated_warehouse, access=(), env=env, port=app_port)
        yield url
    finally:
        for process in (app, provider):
            if process is not None:
                stop(process)


def loaded(page, ready: str) -> str:
    """Wait until the page's script finished and `ready` is shown; the main area's text."""
    page.wait_for_selector(f"{ready}, {PAGE_ERROR}", timeout=60_000)
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
    assert page.locator(PAGE_ERROR).count() == 0, page.inner_text("body")[:2000]
    return page.inner_text("[data-testid='stMain']")


def sourced_metric(page) -> str:
    text = loaded(page, "[data-testid='stMetric']:has-text('Sourced')")
    return text.split("Sourced", 1)[1].split()[0]


def options_of(page, container: str, label: str) -> list[str]:
    """The options a select widget offers, opened as a user would (its "Open" button), then closed."""
    select = ":is([data-testid='stMultiSelect'], [data-testid='stSelectbox'])"
    widget = page.locator(f"{container} {select}:has(input[role='combobox'][aria-label='{label}'])")
    widget.locator("button[aria-label='Open']").click()
    options = page.locator("[role='listbox'] [role='option']")
    options.first.wait_for(timeout=10_000)
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return [text for text in texts if text != "Select all"]  # a multiselect's own shortcut


def assert_only_own_roles(page, url: str, recruiter: dict, other: str, other_title: str) -> None:
    """What a recruiter reaches in the browser: the sidebar's role filter and the Role page's pickers
    offer their roles only; a link to the other role's page shows nothing of it."""
    assert options_of(page, "[data-testid='stSidebar']", "Role") == recruiter["role_labels"]
    page.goto(f"{url}/role-funnel?role={other}")
    text = loaded(page, "[data-testid='stMetric']:has-text('Follow-up due')")
    assert "Part of the link was ignored or adjusted: unknown role." in page.inner_text("[data-testid='stSidebar']")
    assert other not in text and other_title not in text
    assert options_of(page, "[data-testid='stMain']", "Recruiter") == [recruiter["recruiter_name"]]
    assert options_of(page, "[data-testid='stMain']", "Role") == recruiter["role_labels"]


def downloaded_role_ids(page, tmp_path: Path) -> tuple[set[str], str]:
    """The role ids in the Role page's download of the recruiter's requisitions, and its URL."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Download requisition health own roles (CSV)").click()
    path = tmp_path / "requisitions.csv"
    download.value.save_as(path)
    return set(pd.read_csv(path)["role_id"]), download.value.url


def test_a_recruiter_signs_in_and_cannot_reach_another_recruiters_role(
    signed_in_app, browser, generated_warehouse, recruiter_and_other_role, tmp_path
):
    recruiter, other = recruiter_and_other_role
    (other_role,) = rows(generated_warehouse, "select role_title from marts.dim_roles where role_id = ?", [other])
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(signed_in_app)
    loaded(page, "button:has-text('Sign in')")
    assert page.locator("[data-testid='stMetric']").count() == 0  # nothing before signing in
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#username", timeout=30_000)  # the identity provider's login form
    page.fill("#username", "recruiter")
    page.fill("#password", PASSWORD)
    page.locator("form:has(#username) button[type=submit]").click()
    assert sourced_metric(page) == f"{sourced(generated_warehouse, tuple(recruiter['roles'])):,}"
    sidebar = page.inner_text("[data-testid='stSidebar']")
    assert f"Signed in as {recruiter['recruiter_name']}" in sidebar and "Data quality" not in sidebar
    assert_only_own_roles(page, signed_in_app, recruiter, other, other_role["role_title"])
    role_ids, link = downloaded_role_ids(page, tmp_path)
    assert role_ids == set(recruiter["roles"])
    with pytest.raises(urllib.error.HTTPError, match="403"):  # the URL without the browser's sign-in cookie
        urllib.request.urlopen(link)
    page.goto(f"{signed_in_app}/quality")
    assert "reconciles" not in loaded(page, "[data-testid='stMetric']")
    page.close()


def test_behind_a_proxy_the_identity_header_decides(
    generated_warehouse, behind_proxy, browser, recruiter_and_other_role
):
    recruiter, _ = recruiter_and_other_role
    as_recruiter = browser.new_context(extra_http_headers={"X-Forwarded-Email": recruiter["recruiter_email"]})
    page = as_recruiter.new_page()
    page.goto(behind_proxy)
    assert sourced_metric(page) == f"{sourced(generated_warehouse, tuple(recruiter['roles'])):,}"
    assert f"Signed in as {recruiter['recruiter_name']}" in page.inner_text("[data-testid='stSidebar']")
    as_recruiter.close()
    nobody = browser.new_page()
    nobody.goto(behind_proxy)
    text = loaded(nobody, "[data-testid='stAlert']")
    assert "No access: the X-Forwarded-Email header named no e-mail address" in text
    assert nobody.locator("[data-testid='stMetric']").count() == 0
    nobody.close()
