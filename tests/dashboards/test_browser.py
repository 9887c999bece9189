"""The whole app in a real browser (Debian's chromium through Playwright), also while a run publishes."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench import browser_pages
from tests.support import MESSY_LANDING, ROOT, rows, run
from tests.test_publish_and_idempotency import snapshot

pytestmark = pytest.mark.slow  # a real browser over a served warehouse

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PAGES = {
    "overview": "",
    "role-funnel": "role-funnel",
    "channels": "channels",
    "engagement": "engagement",
    "outreach": "outreach",
    "network": "network",
    "quality": "quality",
}


SCRIPT_DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGE_ERROR = "[data-testid='stException'], .st-key-page_error"  # Streamlit's error box, or dashboards/guards.py's


def expand_to_full_height(page) -> None:
    """Once the page's script has finished, grow the viewport to its content (Streamlit scrolls inside
    its main block, so a plain full-page screenshot would stop at the window) until it fits."""
    page.wait_for_selector(SCRIPT_DONE, timeout=60_000)
    for _ in range(6):
        height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        if height <= page.viewport_size["height"]:
            return
        page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
        page.wait_for_load_state("networkidle")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(
    warehouse: Path,
    access: tuple[str, ...] = ("--local",),
    env: dict | None = None,
    port: int | None = None,
    log: Path | None = None,
):
    """`funnel dashboard` on 127.0.0.1 (single-user mode unless told otherwise); (process, its URL) once it
    answers. Its output goes to `log` when given."""
    port = port or free_port()
    output = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(warehouse), "--port", str(port)]
        + list(access),
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    if log:
        output.close()  # the server holds its own copy
    wait_for(f"http://127.0.0.1:{port}/_stcore/health", process)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    """Stop a server started for a test: SIGTERM, and SIGKILL if it has not exited 20 s later (seen under
    load: the identity provider once outlived its SIGTERM)."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    """Until `url` answers 200 (the server started by `process` is up); stop it and fail if it does not."""
    deadline = time.time() + seconds
    while time.time() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    process.terminate()
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def open_page(browser, url: str, screenshot: Path | None = None, ready: str | None = None) -> str:
    """Load a page, wait until Streamlit rendered its content (and the `ready` element, when given),
    return the visible text."""
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    try:
        page.goto(url)
        page.wait_for_selector(
            ready or f"[data-testid='stMetric'], [data-testid='stDataFrame'], {PAGE_ERROR}, [data-testid='stAlert']",
            timeout=45_000,
        )
        page.wait_for_selector(SCRIPT_DONE, timeout=45_000)
        assert page.locator(PAGE_ERROR).count() == 0, page.inner_text("body")[:2000]
        if screenshot:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        return page.inner_text("[data-testid='stMain']") + " " + str(page.locator("canvas, svg").count())
    finally:
        page.close()


def test_every_page_renders_with_charts_and_no_error(generated_warehouse, browser, tmp_path):
    warehouse = tmp_path / "served.duckdb"
    shutil.copyfile(generated_warehouse, warehouse)
    process, url = serve(warehouse)
    try:
        for name, path in PAGES.items():
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.goto(f"{url}/{path}")
            page.wait_for_selector("[data-testid='stMain'] h1", timeout=45_000)
            if name != "quality":
                page.wait_for_selector(
                    "[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg", timeout=45_000
                )
            page.wait_for_selector(SCRIPT_DONE, timeout=45_000)
            assert page.locator(PAGE_ERROR).count() == 0, name
            assert "Page not found" not in page.inner_text("body"), name
            assert page.locator("[data-testid='stAppDeployButton']").count() == 0, "toolbar not in viewer mode"
            if name == "role-funnel":
                assert "Follow-up due" in page.inner_text("[data-testid='stMain']")
            expand_to_full_height(page)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
            page.close()
            assert (SCREENSHOTS / f"{name}.png").stat().st_size > 20_000, name
    finally:
        stop(process)


def sourced_shown(browser, url: str) -> str:
    text = open_page(browser, url, ready=f"[data-testid='stMetric']:has-text('Sourced'), {PAGE_ERROR}")
    assert "Sourced" in text, text[:2000]
    return text.split("Sourced", 1)[1].split()[0]


def finished(process: subprocess.Popen, within: float) -> bool:
    try:
        process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_pages_keep_serving_while_a_run_publishes_new_data(browser, messy_run, tmp_path):
    """The messy landing's first drop is served; its later drops land and `funnel run` publishes them while
    pages load: every page shows the old or the new count, then the new, and the warehouse the run
    published equals one run over all drops (the session's messy run): adding drops changes nothing
    else than one run over them would."""
    landing, later = tmp_path / "landing", tmp_path / "later"
    shutil.copytree(MESSY_LANDING, landing)
    for path in sorted(landing.rglob("*_00[23]*")):  # the second and third drops land during the test
        (later / path.relative_to(landing)).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, later / path.relative_to(landing))
    warehouse = tmp_path / "served.duckdb"
    assert run(landing, warehouse).success
    (first,) = rows(warehouse, "select count(*) as n from marts.fct_prospect_funnel")
    before_the_drops = snapshot(warehouse)
    process, url = serve(warehouse)
    try:
        assert sourced_shown(browser, url) == str(first["n"])
        shutil.copytree(later, landing, dirs_exist_ok=True)
        pipeline = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "orchestration.cli",
                "run",
                "--landing",
                str(landing),
                "--warehouse",
                str(warehouse),
                "--quiet",
                "--accept-quarantine",  # the later drops are messy on purpose (as `run` accepts their quarantine)
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seen_during_run = [sourced_shown(browser, url)]
        while not finished(pipeline, within=2):  # a page load every two seconds leaves the run the CPU
            seen_during_run.append(sourced_shown(browser, url))
        assert pipeline.returncode == 0
        assert seen_during_run and set(seen_during_run) <= {str(first["n"]), "13"}
        assert sourced_shown(browser, url) == "13"
    finally:
        stop(process)
    after_the_drops = snapshot(warehouse)
    assert after_the_drops["marts.fct_prospect_funnel"] != before_the_drops["marts.fct_prospect_funnel"]
    assert after_the_drops == snapshot(messy_run[0])


def test_every_page_reads_in_full_for_a_leader_and_a_recruiter(behind_proxy, browser, recruiter_and_other_role):
    """Served behind a proxy, each page as a talent leader and as a recruiter: no "Page not found" (the
    Overview is opened at /overview), no tile label or denominator cut off, a full-page screenshot of each
    in artifacts/screenshots/ (leader-<page>.png, recruiter-<page>.png)."""
    recruiter, _ = recruiter_and_other_role
    viewers = {"leader": browser_pages.LEADER_EMAIL, "recruiter": recruiter["recruiter_email"]}
    _, seen = browser_pages.visit_pages(browser, behind_proxy, viewers, SCREENSHOTS, repeat=0)
    pages = set(browser_pages.PAGES)
    assert {page for viewer, page in seen if viewer == "leader"} == pages
    assert {page for viewer, page in seen if viewer == "recruiter"} == pages - {"quality"}
    assert {key: (s.not_found, s.cut_off) for key, s in seen.items()} == {key: (False, []) for key in seen}
    assert "Over-automation" in seen[("leader", "overview")].text  # company-wide: for leaders only
    assert "Over-automation" not in seen[("recruiter", "overview")].text
    assert all("Conversations started" in seen[(viewer, "overview")].text for viewer in ("leader", "recruiter"))
    for viewer, page in seen:
        assert (SCREENSHOTS / f"{viewer}-{page}.png").stat().st_size > 20_000, (viewer, page)


def test_starting_the_dashboards_prints_no_warning(tmp_path):
    """`funnel dashboard` checks its settings before it hands over to Streamlit without loading the pages'
    cached queries (it printed "No runtime found" once per query, 38 times)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(tmp_path / "w.duckdb")]
        + ["--port", str(port), "--local"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/_stcore/health", process)
    finally:
        stop(process)
    output = process.stdout.read()
    assert f"dashboards: http://127.0.0.1:{port}" in output
    assert "No runtime found" not in output and "WARNING" not in output, output
