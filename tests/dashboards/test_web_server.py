"""The dashboards' web server (dashboards/server.py, dashboards/guards.py) as an attacker and an unlucky
operator meet it: a request naming another host (DNS rebinding), a download URL without the sign-in,
a corrupted warehouse."""

import http.client
import io
import re
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pandas as pd
import pytest

from settings import ENV_AUTH_MODE
from tests.dashboards.test_browser import PAGE_ERROR, SCRIPT_DONE, serve, stop

pytestmark = pytest.mark.slow  # real servers

WEBSOCKET_UPGRADE = {
    "Upgrade": "websocket",
    "Connection": "Upgrade",
    "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version": "13",
}


def status(url: str, host: str, path: str, headers: dict | None = None) -> int:
    """The status a raw request to the server at `url` gets when it names `host` in its Host header."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("access", "env"), [(("--local",), {}), ((), {ENV_AUTH_MODE: "header"})], ids=["single-user", "proxy-header"]
)
def test_the_server_answers_only_requests_naming_its_own_host(tmp_path, access, env):
    app, url = serve(tmp_path / "no-warehouse-yet.duckdb", access=access, env=env)
    port = urlsplit(url).port
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            assert status(url, host, "/") == 200, host
            assert status(url, host, "/_stcore/stream", WEBSOCKET_UPGRADE) == 101, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
            for path in ("/", "/_stcore/health", "/media/x.csv"):
                assert status(url, host, path) == 400, (host, path)
            assert status(url, host, "/_stcore/stream", WEBSOCKET_UPGRADE) == 400, host
    finally:
        stop(app)


def test_listening_on_every_address_needs_the_host_names_people_use(tmp_path):
    command = [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(tmp_path / "w.duckdb")]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), ENV_AUTH_MODE: "header"}
    refused = subprocess.run([*command, "--address", "0.0.0.0"], capture_output=True, text=True, env=env)
    assert refused.returncode == 2
    assert "accepts any Host header (DNS rebinding): name the host names" in refused.stderr


def test_a_download_url_needs_the_sign_in_of_the_pages(generated_warehouse, browser, recruiter_and_other_role):
    recruiter, _ = recruiter_and_other_role
    identity = {"X-Forwarded-Email": recruiter["recruiter_email"]}
    app, url = serve(generated_warehouse, access=(), env={ENV_AUTH_MODE: "header"})
    try:
        context = browser.new_context(extra_http_headers=identity)
        page = context.new_page()
        page.goto(f"{url}/role-funnel")
        page.wait_for_selector("[data-testid='stMetric']:has-text('Follow-up due')", timeout=60_000)
        page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download requisition health own roles (CSV)").click()
        link = download.value.url
        assert urlsplit(link).path.startswith("/media/")
        with urllib.request.urlopen(urllib.request.Request(link, headers=identity)) as signed_in:
            assert set(pd.read_csv(io.BytesIO(signed_in.read()))["role_id"]) == set(recruiter["roles"])
        context.close()  # the browser is gone; the URL is not secret to whoever saw it
        for headers in ({}, {"X-Forwarded-Email": ""}, {"X-Forwarded-Email": "not an e-mail"}):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(link, headers=headers))
            assert refused.value.code == 403, headers
    finally:
        stop(app)


def test_a_corrupted_warehouse_shows_a_reference_and_logs_the_details(served_copy, browser, tmp_path):
    with served_copy.open("r+b") as warehouse:
        warehouse.seek(8192)
        warehouse.write(b"\xff" * 16384)  # blocks whose checksums no longer match
    log = tmp_path / "server.log"
    app, url = serve(served_copy, log=log)
    try:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_selector(PAGE_ERROR, timeout=60_000)
        page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
        shown = page.inner_text("[data-testid='stMain']")
        assert page.locator("[data-testid='stException']").count() == 0  # no box offering to search the web
        page.close()
    finally:
        stop(app)
    reference = re.search(r"This page could not be shown \(reference ([0-9a-f]{8})\)", shown)
    assert reference, shown
    for detail in ("Traceback", "Corrupt database file", "checksum", str(served_copy), ".py", "duckdb", "select "):
        assert detail not in shown, detail
    logged = log.read_text()
    assert f"page error, reference {reference[1]}" in logged
    assert "Traceback" in logged and "Corrupt database file" in logged
