"""Benchmark: the full pipeline against the least possible work, and the dashboards' queries.

    .venv/bin/python bench/run_bench.py [--prospects 1000000] [--seed 7] [--repeat 5]

Generates the landing folder once per (size, seed) under bench/cache/, runs `funnel run` in a
subprocess (wall time per phase, rows per second, peak RSS of the whole process tree), runs
each dashboard query (p50/p95 over --repeat runs, cache cleared), times every page in chromium as a
leader and as a recruiter (bench/browser_pages.py: first number, fully drawn), runs the hand-written
baseline (bench/baseline.sql) and checks both fct_prospect_funnel agree row by row. Then it lands
a drop re-stating 1 % of every table's rows (some with changed values), times the incremental
run that follows and checks it against the baseline over all drops. The drop lands in the landing
folder and one tick of the new-drop sensor starts that run (bench/sensor_tick.py); the dashboards'
query layer is polled until a page shows the new data (drop -> page). Wall and CPU seconds are
recorded (CPU seconds move less with the machine's other load). Everything is appended to
bench/RESULTS.md with the machine, its load and the exact command.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
FCT_COLUMNS = (
    "prospect_id, candidate_id, role_id, recruiter_id, channel, title_match, match_score, match_tier, is_rediscovery, "
    "first_outreach_channel, sourced_at, contacted_at, replied_at, interested_at, screened_at, interviewed_at, "
    "offered_at, hired_at, furthest_stage, outcome, decline_reason, reconnect_after, delivered_messages, "
    "touches_to_reply, round(hours_to_reply, 6) as hours_to_reply, messages_after_opt_out"
)


class PeakRss:
    """Samples the RSS of a process and all its children every 100 ms."""

    def __init__(self, pid: int) -> None:
        self.process, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Timed:
    """Wall seconds, CPU seconds (user + system of the whole process tree: what the machine's other
    load does not inflate much), peak RSS and output of one command."""

    seconds: float
    cpu: float
    peak: int
    output: str


def timed(command: list[str], env: dict | None = None) -> Timed:
    started, cpu_before = time.perf_counter(), cpu_seconds(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    sampler = PeakRss(process.pid)
    output, _ = process.communicate()
    peak = sampler.stop()
    if process.returncode:
        raise SystemExit(f"{shlex.join(command)} failed:\n{output[-3000:]}")
    return Timed(time.perf_counter() - started, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before, peak, output)


def landing_for(prospects: int, seed: int) -> tuple[Path, float | None]:
    landing = BENCH / "cache" / f"landing-{prospects}-{seed}"
    if (landing / ".complete").exists():
        return landing, None
    seconds = timed(
        [
            sys.executable,
            "-m",
            "orchestration.cli",
            "generate",
            "--out",
            str(landing),
            "--prospects",
            str(prospects),
            "--seed",
            str(seed),
        ]
    ).seconds
    (landing / ".complete").write_text("ok")
    return landing, seconds


# Tables of the 1 % drop: key, and the values it changes (others are re-stated as they were).
INCREMENT = {
    "team/recruiters": ("recruiter_id", {}),
    "ats/roles": ("role_id", {}),
    "sourcing/candidates": ("candidate_id", {}),
    "sourcing/prospects": (
        "prospect_id",
        {"match_score": "cast(least(100, try_cast(match_score as int) + 5) as varchar)"},
    ),
    "outreach/messages": ("message_id", {"status": "'delivered'"}),
    "outreach/responses": (
        "response_id",
        {"response_type": "'interested'", "decline_reason": "null", "reconnect_after": "null"},
    ),
    "ats/candidates": ("ats_candidate_id", {}),
    "ats/applications": ("application_id", {}),
    "ats/stage_events": ("event_id", {}),
}


def landing_with_increment(landing: Path, share_percent: int = 1) -> tuple[Path, list[tuple[Path, Path]], int]:
    """A landing folder of every cached drop (hard links: the same files) and, written aside, one later drop
    per table re-stating `share_percent` % of its keys, latest version, some values changed. Returns the
    folder, the (written aside, place in the folder) of each new drop, and their rows: moving them into
    place is the drop landing."""
    plus = landing.with_name(f"{landing.name}-plus{share_percent}pct")
    if plus.exists():
        shutil.rmtree(plus)
    aside = plus / ".incoming"  # not a table folder: the sensor and the intake do not see it
    aside.mkdir(parents=True)
    moves, rows = [], 0
    with duckdb.connect() as con:
        for folder, (key, changes) in INCREMENT.items():
            (plus / folder).mkdir(parents=True)
            drops = sorted((landing / folder).glob("*.csv"))
            for drop in drops:
                (plus / folder / drop.name).hardlink_to(drop)  # same file, same size and time: not a new drop
            source = f"read_csv({[str(d) for d in drops]}, all_varchar=true, filename=true)"
            columns = [
                c
                for (c,) in con.execute(f"select column_name from (describe select * from {source})").fetchall()
                if c != "filename"
            ]
            selected = ", ".join(f"{changes[c]} as {c}" if c in changes else c for c in columns)
            name = f"{drops[-1].stem}_increment.csv"
            target = aside / f"{folder.replace('/', '__')}__{name}"
            con.execute(f"""
                copy (
                    select {selected} from (select *, row_number() over () as rn from {source})
                    where hash({key}) % 100 < {share_percent}
                    qualify row_number() over (partition by {key} order by filename desc, rn desc) = 1
                ) to '{target}' (header true)
            """)
            rows += con.execute(f"select count(*) from read_csv('{target}', all_varchar=true)").fetchone()[0]
            moves.append((target, plus / folder / name))
    return plus, moves, rows


def interested_prospects(warehouse: Path) -> tuple[tuple[str, int], int]:
    """The published warehouse's version and its count of interested prospects, through the dashboards'
    own cached query (the number the overview page shows)."""
    from dashboards.filters import Filters
    from dashboards.queries import base, funnel

    version = base.warehouse_version(warehouse)
    return version, int(funnel.stage_counts(version, base.EVERYTHING, Filters())["interested"].sum())


def drop_to_page(plus: Path, moves: list[tuple[Path, Path]], warehouse: Path, tick_json: Path) -> tuple[Timed, float]:
    """Land the drop (move its files into the landing folder), run one tick of the new-drop sensor and the
    run it requests (bench/sensor_tick.py, a process of its own, as the daemon launches runs), and poll the
    dashboards' query layer until a page shows the new data. Returns the tick process and the seconds from
    the drop landing to the page showing it."""
    from orchestration.automation import landing_fingerprint

    cursor = landing_fingerprint(plus)  # what the sensor's previous tick saw
    version_before, interested_before = interested_prospects(warehouse)
    command = [
        sys.executable,
        str(BENCH / "sensor_tick.py"),
        "--landing",
        str(plus),
        "--warehouse",
        str(warehouse),
        "--cursor",
        cursor,
        "--summary-json",
        str(tick_json),
    ]
    for written, place in moves:
        os.replace(written, place)
    landed = time.perf_counter()
    result: list[Timed] = []
    runner = threading.Thread(target=lambda: result.append(timed(command)), daemon=True)
    runner.start()
    shown = None
    while shown is None:
        version, interested = interested_prospects(warehouse)
        if version != version_before and interested != interested_before:
            shown = time.perf_counter() - landed
        elif not runner.is_alive():
            raise SystemExit(f"the sensor's run ended and no page shows the drop:\n{tick_json.read_text()}")
        else:
            time.sleep(0.2)
    runner.join()
    return result[0], shown


def top_nodes(warehouse: Path, count: int = 8) -> str:
    """The slowest dbt nodes of the latest run (dbt's run_results.json, kept in the work folder)."""
    results = warehouse.parent / f".{warehouse.stem}.work" / "last_dbt_run_results.json"
    nodes = json.loads(results.read_text())["results"]
    kinds: dict[str, float] = {}
    for node in nodes:
        kind = node["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0.0) + node["execution_time"]
    slowest = sorted(nodes, key=lambda n: -n["execution_time"])[:count]
    return (
        ", ".join(f"{len([n for n in nodes if n['unique_id'].startswith(k)])} {k}s {v:.1f} s" for k, v in kinds.items())
        + "; slowest: "
        + ", ".join(f"{n['unique_id'].split('.')[2]} {n['execution_time']:.1f} s" for n in slowest)
    )


def phases(summary: dict) -> dict[str, float]:
    steps = summary["step_seconds"]

    def total(test):
        return round(sum(v for k, v in steps.items() if test(k)), 1)

    return {
        "ingest": total(lambda k: k.startswith("intake__") and "rows_reconcile" not in k and "gx_" not in k),
        "dbt (build + tests)": total(lambda k: k.startswith("dbt")),
        "checks (reconciliation + GX)": total(lambda k: "rows_reconcile" in k or "gx_" in k),
        "publish": total(lambda k: k in ("warehouse_build", "published_warehouse")),
    }


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def dashboard_latencies(warehouse: Path, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Per page: p50 and p95 of all its queries together, and the p95 of its slowest query (ms)."""
    os.environ["FUNNEL_WAREHOUSE"] = str(warehouse)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from contract import windows as W
    from dashboards.filters import Filters
    from dashboards.queries import (
        base,
        channels,
        diagnosis,
        engagement,
        funnel,
        network,
        outreach,
        overview,
        quality,
        reference,
    )

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)  # "no runtime" per call

    version, s, f = base.warehouse_version(warehouse), base.EVERYTHING, Filters()  # a talent leader's view
    role = reference.filter_options(version, s)["role"][0]
    from dataclasses import replace

    pages = {
        "overview": [
            lambda: reference.data_as_of(version),
            lambda: reference.freshness(version),
            lambda: funnel.stage_counts(version, s, f),
            lambda: funnel.windowed_rates(version, s, f, window=W.REPLY_WINDOW),
            lambda: funnel.windowed_rates(version, s, f, window=W.HIRE_WINDOW),
            lambda: overview.cohort_trend(version, s, f),
            lambda: funnel.windowed_rates(version, s, f, "Channel", W.REPLY_WINDOW),
            lambda: funnel.windowed_rates(version, s, f, "Channel", W.HIRE_WINDOW),
            lambda: outreach.guardrails(version, s),
            lambda: diagnosis.findings(version, s, f, 5),
        ],
        "role funnel": [
            lambda: funnel.stage_counts(version, s, replace(f, role=(role,))),
            lambda: funnel.stage_counts(version, s, f),
            lambda: engagement.outcome_mix(version, s, replace(f, role=(role,))),
            lambda: engagement.decline_reasons(version, s, replace(f, role=(role,))),
            lambda: network.reconnect_pipeline(version, s, replace(f, role=(role,))),
            lambda: outreach.time_to_reply(version, s, replace(f, role=(role,)), "Role"),
        ],
        "channels & targeting": [
            lambda: funnel.windowed_rates(version, s, f, "Channel", W.REPLY_WINDOW),
            lambda: funnel.windowed_rates(version, s, f, "Channel", W.HIRE_WINDOW),
            lambda: funnel.survival_curves(version, s, f, "replied", "Channel"),
            lambda: funnel.survival_curves(version, s, f, "hired", "Channel"),
            lambda: funnel.windowed_rates(version, s, f, "Match tier"),
            lambda: channels.channel_grid(version, s, f, "Match tier"),
        ],
        "why people don't engage": [
            lambda: engagement.outcome_mix(version, s, f, "Channel"),
            lambda: engagement.decline_reasons(version, s, f, "Channel"),
            lambda: engagement.turndowns(version, s, f),
            lambda: diagnosis.findings(version, s, f),
            lambda: diagnosis.findings(version, s, replace(f, role=(role,))),
        ],
        "outreach": [
            lambda: outreach.follow_up_steps(version, s, f),
            lambda: outreach.templates(version, s, f),
            lambda: funnel.survival_curves(version, s, f, "replied", "First outreach channel"),
            lambda: outreach.time_to_reply(version, s, f, "Sequence"),
            lambda: outreach.send_time(version, s, f),
            lambda: outreach.guardrails(version, s, "sequence"),
        ],
        "talent network": [
            lambda: network.reconnect_pipeline(version, s, f),
            lambda: funnel.windowed_rates(version, s, f, "Rediscovery", W.REPLY_WINDOW),
            lambda: funnel.windowed_rates(version, s, f, "Rediscovery", W.HIRE_WINDOW),
        ],
        "data quality": [
            lambda: quality.reconciliation(version, s),
            lambda: quality.quarantine(version, s),
            lambda: reference.freshness(version),
        ],
    }
    import streamlit as st

    results = {}
    for page, calls in pages.items():
        totals, per_query = [], [[] for _ in calls]
        for _ in range(repeat):
            st.cache_data.clear()
            for i, call in enumerate(calls):
                started = time.perf_counter()
                call()
                per_query[i].append((time.perf_counter() - started) * 1000)
            totals.append(sum(samples[-1] for samples in per_query))
        results[page] = (*percentiles(totals), max(percentiles(samples)[1] for samples in per_query))
    return results


def baseline(landing: Path, warehouse: Path) -> tuple[float, float, int, int]:
    """Seconds (wall, CPU) of the baseline script, and rows that differ each way from the pipeline's fct."""
    script = (BENCH / "baseline.sql").read_text().replace("{landing}", str(landing))
    with duckdb.connect(config={"threads": 2, "memory_limit": "8GB"}) as con:
        started, cpu_before = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
        con.execute(script)
        seconds, cpu = time.perf_counter() - started, cpu_seconds(resource.RUSAGE_SELF) - cpu_before
        con.execute("attach ? as pipeline (read_only)", [str(warehouse)])
        only_pipeline = con.execute(
            f"select count(*) from (select {FCT_COLUMNS} from pipeline.marts.fct_prospect_funnel "
            f"except all select {FCT_COLUMNS} from baseline_fct)"
        ).fetchone()[0]
        only_baseline = con.execute(
            f"select count(*) from (select {FCT_COLUMNS} from baseline_fct "
            f"except all select {FCT_COLUMNS} from pipeline.marts.fct_prospect_funnel)"
        ).fetchone()[0]
    return seconds, cpu, only_pipeline, only_baseline


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prospects", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each page's queries")
    args = parser.parse_args()

    landing, generate_seconds = landing_for(args.prospects, args.seed)
    warehouse = BENCH / "cache" / f"warehouse-{args.prospects}-{args.seed}.duckdb"
    summary_file = warehouse.with_suffix(".summary.json")
    for stale in (warehouse, warehouse.with_name(warehouse.stem + ".history.duckdb")):
        stale.unlink(missing_ok=True)
    full = timed(
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
            "--accept-quarantine",  # the generated landing is messy on purpose (a broken file)
            "--summary-json",
            str(summary_file),
        ]
    )
    summary = json.loads(summary_file.read_text())
    full_nodes = top_nodes(warehouse)
    rows_read = sum(t[1] for t in summary["intake"])
    base_seconds, base_cpu, only_pipeline, only_baseline = baseline(landing, warehouse)
    latencies = dashboard_latencies(warehouse, args.repeat)
    sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path but its package is not
    from bench import browser_pages

    page_timings, _ = browser_pages.run(warehouse, ROOT / "artifacts" / "screenshots" / f"{args.prospects}")
    floor = browser_pages.floor()

    plus, moves, increment_rows = landing_with_increment(landing)
    tick, shown = drop_to_page(plus, moves, warehouse, summary_file.with_suffix(".tick.json"))
    ticked = json.loads(summary_file.with_suffix(".tick.json").read_text())
    incremental = ticked["run"]
    _, _, plus_only_pipeline, plus_only_baseline = baseline(plus, warehouse)
    load = os.getloadavg()

    lines = [
        f"## {args.prospects:,} prospects — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"- machine: {machine()}; load average at the end (1 / 5 / 15 min): "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        f"- command: `{shlex.join([Path(sys.executable).name, 'bench/run_bench.py', *sys.argv[1:]])}`",
        f"- generate: {'cached' if generate_seconds is None else f'{generate_seconds:.1f} s'}; "
        f"landing rows read: {rows_read:,}; "
        f"fct_prospect_funnel rows: {summary['marts']['marts.fct_prospect_funnel']:,}",
        f"- full run (`funnel run`): **{full.seconds:.1f} s** wall, {full.cpu:.1f} s CPU, "
        f"{rows_read / full.seconds:,.0f} landing rows/s, peak RSS of the process tree **{full.peak / 2**30:.2f} GiB**",
        "- phases: " + ", ".join(f"{k} {v} s" for k, v in phases(summary).items()),
        f"- dbt nodes: {full_nodes}",
        f"- baseline (bench/baseline.sql, one DuckDB script): **{base_seconds:.1f} s** wall, {base_cpu:.1f} s CPU; "
        f"rows differing: {only_pipeline} only in the pipeline, {only_baseline} only in the baseline; "
        f"ratio pipeline / baseline: **{full.seconds / base_seconds:.1f}x** wall, {full.cpu / base_cpu:.1f}x CPU",
        "- dashboard queries per page (cache cleared; ms: all of the page's queries p50 / p95, slowest single "
        "query p95): "
        + ", ".join(f"{page} {p50:.0f} / {p95:.0f}, {worst:.0f}" for page, (p50, p95, worst) in latencies.items())
        + f"; slowest query of all: p95 **{max(w for _, _, w in latencies.values()):.0f} ms**",
        "- pages in a real browser (bench/browser_pages.py: chromium through Playwright, warm cache, median of 3 "
        "loads, as a talent leader and as a recruiter): Overview's first number **"
        + ", ".join(f"{t.first_number:.2f} s" for t in page_timings if t.page == "overview")
        + "** (leader, recruiter); slowest page fully drawn **"
        + f"{max(t.drawn for t in page_timings):.2f} s**; the floor (a Streamlit page with one tile, timed the same): "
        f"first number {floor.first_number:.2f} s, drawn {floor.drawn:.2f} s",
        "",
        browser_pages.table([*page_timings, floor]),
        "",
        f"- incremental run after a drop re-stating 1 % of every table's rows ({increment_rows:,} rows, some values "
        f"changed), started by one tick of the new-drop sensor (bench/sensor_tick.py; the process, sensor "
        f"evaluation {ticked['tick_seconds']:.1f} s included): **{tick.seconds:.1f} s** wall, {tick.cpu:.1f} s CPU = "
        f"**{100 * tick.seconds / full.seconds:.0f} %** of the full run ({100 * tick.cpu / full.cpu:.0f} % of its "
        f"CPU), peak RSS {tick.peak / 2**30:.2f} GiB; phases: "
        + ", ".join(f"{k} {v} s" for k, v in phases(incremental).items())
        + f"; dbt nodes: {top_nodes(warehouse)}; against the baseline over all drops: {plus_only_pipeline} rows "
        f"only in the pipeline, {plus_only_baseline} only in the baseline",
        f"- drop -> page: **{shown:.1f} s** from the drop's files landing to the overview's interested count "
        "changing (dashboards' cached queries, polled every 0.2 s); with the sensor's 60 s minimum interval a "
        f"drop waits up to 60 s more for its tick: worst case **{shown + 60:.0f} s**",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    results = BENCH / "RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nAppended by `bench/run_bench.py`; newest last.\n\n")
    with results.open("a") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
