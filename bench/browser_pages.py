"""Every dashboard page in a real browser (Debian's chromium through Playwright), as a talent leader and as a
recruiter: how long until the Overview shows its first number and until each page is fully drawn (warm
cache), and a full-page screenshot of each.

    .venv/bin/python bench/browser_pages.py --warehouse data/warehouse.duckdb [--screenshots artifacts/screenshots]

The dashboards are served as `funnel dashboard` serves them behind a proxy (FUNNEL_AUTH_MODE=header): the
browser sends the viewer's e-mail in X-Forwarded-Email, a made-up leader's or the first recruiter's who owns
roles. Each page is opened once to warm the cache, then timed `--repeat` times; the median is reported.
The last row is the floor: a Streamlit page with one title and one tile, timed the same way.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
LEADER_EMAIL = "leader@example.com"
PAGES = ("overview", "role-funnel", "channels", "engagement", "outreach", "network", "quality")
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000
FIRST_NUMBER = "[data-testid='stMetricValue']"
# drawn: the script finished, the title is there, every chart has drawn its canvas and nothing is loading
DRAWN = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (!document.querySelector("[data-testid='stMain'] h1")) return false;
    if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stSpinner']")) return false;
    const charts = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")];
    return charts.every(chart => chart.querySelector('canvas, svg'));
}"""


# tile labels and denominators whose text does not fit their box (Streamlit would end them with "…")
CUT_OFF = """() => [...document.querySelectorAll(
        "[data-testid='stMetricLabel'] *, [data-testid='stMetricDelta'] *")]
    .filter(el => el.children.length === 0 && el.scrollWidth > el.clientWidth + 1)
    .map(el => el.innerText)"""


@dataclass
class PageTiming:
    viewer: str
    page: str
    first_number: float | None  # seconds until the first metric value shows (pages with metrics)
    drawn: float  # seconds until fully drawn
    first_visit_drawn: float  # the same on the first visit of the page (the server's query cache cold for it)


@dataclass
class PageSeen:
    """What a person saw on a page: its text, the page-not-found notice, labels cut off."""

    text: str
    not_found: bool
    cut_off: list[str]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def a_recruiter(warehouse: Path) -> str:
    """The work e-mail of the recruiter who owns the most roles (a realistic recruiter's view)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (email,) = con.execute(
            """select r.recruiter_email from marts.dim_recruiters r join marts.dim_roles o using (recruiter_id)
               group by all order by count(*) desc, r.recruiter_email limit 1"""
        ).fetchone()
    return email


def serve(warehouse: Path, port: int) -> subprocess.Popen:
    """`funnel dashboard` behind a (simulated) authenticating proxy; returns once it answers."""
    env = {**os.environ, "FUNNEL_AUTH_MODE": "header", "FUNNEL_LEADERS": LEADER_EMAIL}
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "dashboard", "--warehouse", str(warehouse), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    wait_until_healthy(process, port)
    return process


def wait_until_healthy(process: subprocess.Popen, port: int) -> None:
    """Return once the Streamlit server on `port` answers its health check (stop it after 90 s without)."""
    deadline = time.time() + 90
    while time.time() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    stop(process)
    raise RuntimeError("the dashboards did not start within 90 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def expand_to_full_height(page) -> None:
    """Grow the viewport to the page's content (Streamlit scrolls inside its main block, so a plain
    full-page screenshot would stop at the window)."""
    for _ in range(6):
        height = page.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        if height <= page.viewport_size["height"]:
            return
        page.set_viewport_size({"width": page.viewport_size["width"], "height": height})
        page.wait_for_function(DRAWN, timeout=TIMEOUT_MS)


def visit(context, url: str, screenshot: Path | None = None) -> tuple[float | None, float, PageSeen]:
    """Open a page; seconds to its first number (None: it shows none) and to fully drawn, and what it showed."""
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling=50)
        drawn = time.perf_counter() - start
        first = None
        if page.locator(FIRST_NUMBER).count():
            first = page.evaluate("window.__firstNumber ?? null")
        seen = PageSeen(
            page.inner_text("[data-testid='stMain']"),
            "Page not found" in page.inner_text("body"),
            page.evaluate(CUT_OFF),
        )
        if screenshot:
            expand_to_full_height(page)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        return (None if first is None else first / 1000), drawn, seen
    finally:
        page.close()


# records, in the page itself, the milliseconds from navigation to the first metric value in the DOM
FIRST_NUMBER_OBSERVER = f"""
new MutationObserver((_, observer) => {{
    if (document.querySelector("{FIRST_NUMBER}")) {{
        window.__firstNumber = performance.now();
        observer.disconnect();
    }}
}}).observe(document, {{childList: true, subtree: true}});
"""


def visit_pages(
    browser, url: str, viewers: dict[str, str], screenshots: Path | None = None, repeat: int = 3
) -> tuple[list[PageTiming], dict[tuple[str, str], PageSeen]]:
    """Open every page of the dashboards served at `url` (behind the simulated proxy) as each viewer
    (name -> e-mail): once to warm the cache and take the screenshot, then `repeat` timed loads; the
    timings (medians; of the first load when repeat is 0) and what each page showed, by (viewer, page)."""
    timings, texts = [], {}
    for viewer, email in viewers.items():
        context = browser.new_context(extra_http_headers={"X-Forwarded-Email": email})
        context.add_init_script(FIRST_NUMBER_OBSERVER)
        for name in PAGES:
            if viewer == "recruiter" and name == "quality":
                continue  # company-wide: not in a recruiter's menu
            shot = screenshots / f"{viewer}-{name}.png" if screenshots else None
            first, drawn, texts[(viewer, name)] = visit(context, f"{url}/{name}", shot)  # warms the cache
            runs = [visit(context, f"{url}/{name}")[:2] for _ in range(repeat)] or [(first, drawn)]
            firsts = [first for first, _ in runs if first is not None]
            timings.append(
                PageTiming(
                    viewer,
                    name,
                    statistics.median(firsts) if firsts else None,
                    statistics.median(drawn for _, drawn in runs),
                    drawn,
                )
            )
        context.close()
    return timings, texts


def run(
    warehouse: Path, screenshots: Path | None = None, repeat: int = 3, recruiter: str | None = None
) -> tuple[list[PageTiming], dict[tuple[str, str], PageSeen]]:
    """Serve the warehouse and open every page as a leader and as a recruiter (`visit_pages`)."""
    from playwright.sync_api import sync_playwright

    viewers = {"leader": LEADER_EMAIL, "recruiter": recruiter or a_recruiter(warehouse)}
    port = free_port()
    process = serve(warehouse, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            found = visit_pages(browser, f"http://127.0.0.1:{port}", viewers, screenshots, repeat)
            browser.close()
    finally:
        stop(process)
    return found


# Streamlit's own cost of opening a page (loading its frontend, the websocket, one script run): a page with a
# title and one tile, served and timed like ours, is the floor no page of ours can go below on this machine
FLOOR_APP = """import streamlit as st
st.set_page_config(page_title="floor", layout="wide")
st.title("Floor")
st.metric("A number", "1")
"""


def floor(repeat: int = 5) -> PageTiming:
    """The floor: FLOOR_APP opened like our pages (first load warms the browser's cache, then `repeat` timed)."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "floor.py"
        app.write_text(FLOOR_APP)
        command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
        process = subprocess.Popen(
            [*command, "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_healthy(process, port)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context()
                context.add_init_script(FIRST_NUMBER_OBSERVER)
                url = f"http://127.0.0.1:{port}/"
                _, first_drawn, _ = visit(context, url)
                runs = [visit(context, url)[:2] for _ in range(repeat)]
                browser.close()
        finally:
            stop(process)
    return PageTiming(
        "anyone",
        "floor (one tile)",
        statistics.median(first for first, _ in runs),
        statistics.median(drawn for _, drawn in runs),
        first_drawn,
    )


def table(timings: list[PageTiming]) -> str:
    """The timings as a markdown table."""
    lines = [
        "| viewer | page | first number (s) | fully drawn (s) | first visit, fully drawn (s) |",
        "|---|---|---:|---:|---:|",
    ]
    for t in timings:
        first = "—" if t.first_number is None else f"{t.first_number:.2f}"
        lines.append(f"| {t.viewer} | {t.page} | {first} | {t.drawn:.2f} | {t.first_visit_drawn:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--screenshots", type=Path, help="folder for full-page screenshots (viewer-page.png)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    timings, _ = run(args.warehouse.resolve(), args.screenshots, args.repeat)
    print(table([*timings, floor()]))


if __name__ == "__main__":
    main()
