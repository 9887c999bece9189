"""`funnel`: generate demo data, run the pipeline, serve the dashboards."""

from __future__ import annotations

import argparse
import dataclasses
import json
import signal
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NoReturn

from contract.vocabulary import LEVER_USER_TABLES
from settings import (
    ENV_AUTH_MODE,
    ENV_LANDING_DIR,
    ENV_RUN_WAIT_SECONDS,
    ENV_WAREHOUSE,
    AccessSettings,
    load_settings,
)
from synthetic import ATS_SHAPES

EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED = 1, 2, 75  # 75: EX_TEMPFAIL, "try again later" (another run is going)
EXIT_STOPPED = 130  # stopped by Ctrl+C or SIGTERM


def _generate(args: argparse.Namespace) -> int:
    from synthetic.landing import GenerateOptions, generate_landing

    started = time.perf_counter()
    options = GenerateOptions(
        out=Path(args.out),
        prospects=args.prospects,
        seed=args.seed,
        messy=args.messy,
        end=args.end,
        ats=args.ats,
        lever_user_table=args.lever_user_table,
        planted=not args.no_effects,
    )
    rows = generate_landing(options)
    for folder, count in sorted(rows.items()):
        print(f"{folder:<28}{count:>12,} rows")
    print(f"wrote {options.out} in {time.perf_counter() - started:.1f} s")
    return 0


def _interrupt(signum, frame) -> NoReturn:
    raise KeyboardInterrupt(f"signal {signum}")


def _run(args: argparse.Namespace) -> int:
    from orchestration.runner import run_pipeline

    signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl+C: the run removes its build file on the way out
    settings = load_settings(
        landing_dir=args.landing,
        warehouse=args.warehouse,
        run_wait_seconds=args.wait,
    )
    if not settings.landing_dir.is_dir():
        print(f"error: landing folder {settings.landing_dir} does not exist", file=sys.stderr)
        return EXIT_USAGE
    print(f"landing {settings.landing_dir} -> warehouse {settings.warehouse}")
    try:
        summary = run_pipeline(
            settings,
            quiet=args.quiet,
            progress=not args.quiet,
            full_refresh=args.full_refresh,
            confirm_retention=args.confirm_retention,
            accept_quarantine=args.accept_quarantine,
        )
    except KeyboardInterrupt:
        print("run stopped: the served warehouse was left as it was", file=sys.stderr)
        return EXIT_STOPPED
    _print_summary(summary, settings, args.quiet)
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps(dataclasses.asdict(summary), indent=2))
    return _exit_code(summary)


def _exit_code(summary) -> int:
    if summary.refused:
        return EXIT_REFUSED
    return 0 if summary.success else EXIT_FAILED


def _print_summary(summary, settings, quiet: bool) -> None:
    """The run's short summary table and status (plain text when stdout is not a terminal)."""
    from rich.console import Console

    if summary.refused:
        print(summary.status_line(), file=sys.stderr)
        return
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)  # a log file or pipe: wide enough for step names, no colours
    for note in summary.notes:
        console.print(note, highlight=False)
    console.print(summary.table())
    console.print(summary.status_line(), style=None if summary.success else "bold red", highlight=False)
    if not quiet and settings.run_log.exists():
        console.print(f"full log of the run: {settings.run_log}", highlight=False)


def _quality(args: argparse.Namespace) -> int:
    import dagster as dg

    from orchestration.definitions import build_definitions
    from orchestration.quality.data_quality import DATA_QUALITY_JOB

    settings = load_settings(warehouse=args.warehouse)
    if not settings.warehouse.exists():
        print(f"error: no warehouse at {settings.warehouse}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    job = build_definitions(settings).resolve_job_def(DATA_QUALITY_JOB)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    print(
        f"data quality {'passed' if result.success else 'FAILED'} in {time.perf_counter() - started:.1f} s; "
        f"Data Docs: {settings.data_docs_dir / 'index.html'}"
    )
    return 0 if result.success else 1


def _digest(args: argparse.Namespace) -> int:
    settings = load_settings(warehouse=args.warehouse)
    if not settings.warehouse.exists():
        print(f"error: no warehouse at {settings.warehouse}", file=sys.stderr)
        return 2
    if args.send:
        return _send_digest(settings)
    from dashboards.digest import UnknownRecruiter, write_digest

    started = time.perf_counter()
    try:
        path = write_digest(
            settings.warehouse,
            Path(args.out) if args.out else settings.digest_dir,
            args.recruiter,
            settings.mail.dashboard_url,
        )
    except UnknownRecruiter as unknown:
        print(f"error: {unknown} in {settings.warehouse}", file=sys.stderr)
        return 2
    print(f"digest written to {path} in {time.perf_counter() - started:.1f} s")
    return 0


def _send_digest(settings) -> int:
    """`funnel digest --send`: every reader's digest by e-mail, recorded in the run history as a run."""
    from datetime import UTC, datetime

    from orchestration.quality.history import SUCCESS, record_run
    from orchestration.weekly_digest import WEEKLY_DIGEST_JOB, send_weekly_digests, undelivered_message
    from settings import DEFAULT_DASHBOARD_URL, MailSettings

    if not settings.mail.configured:
        print(
            f"error: e-mail is not configured: set {MailSettings.ENV['host']} and {MailSettings.ENV['sender']} "
            '(README "The digest by e-mail")',
            file=sys.stderr,
        )
        return EXIT_USAGE
    if settings.mail.dashboard_url == DEFAULT_DASHBOARD_URL:
        print(
            f"warning: {MailSettings.ENV['dashboard_url']} is not set: the e-mails link to {DEFAULT_DASHBOARD_URL}",
            file=sys.stderr,
        )
    started = datetime.now(UTC).replace(tzinfo=None)
    run_id = f"digest-{started:%Y%m%dT%H%M%S}"
    deliveries = send_weekly_digests(settings, settings.warehouse, run_id)
    for delivery in deliveries:
        outcome = "sent" if delivery.delivered else f"NOT delivered ({delivery.error}), kept in {delivery.kept_at}"
        print(f"{delivery.letter.audience} {delivery.letter.reader}: {outcome}")
    problem = undelivered_message(deliveries)
    status = SUCCESS if problem is None else "FAILURE"
    record_run(settings.history_database, run_id, WEEKLY_DIGEST_JOB, status, started, [], [], problem)
    if not deliveries:
        print("nobody to send to: no talent leader (FUNNEL_LEADERS) and no recruiter with an open role")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_FAILED
    print(f"sent {len(deliveries)} e-mails")
    return 0


LOCAL_ADDRESS = "127.0.0.1"


def access_problem(access: AccessSettings, address: str) -> str | None:
    """Why the dashboards must not be served this way (None: they may). Reads Streamlit's secrets from the
    project folder (.streamlit/secrets.toml) and ~/.streamlit/secrets.toml, as the server will."""
    from dashboards.server_settings import LOOPBACK_ADDRESSES, sign_in_configured

    if access.mode == "local" and address not in LOOPBACK_ADDRESSES:
        return "single-user mode (--local) shows every role to whoever opens it: it serves on 127.0.0.1 only"
    if access.mode == "oidc" and not sign_in_configured(access):
        provider = f" and [auth.{access.oidc_provider}]" if access.oidc_provider else ""
        return (
            f"single sign-on is not configured: add an [auth] section{provider} to .streamlit/secrets.toml "
            f'(README "Access"), or set {ENV_AUTH_MODE}=header behind an authenticating proxy, or use --local '
            "for single-user mode on this machine"
        )
    return None


def _access_notes(access: AccessSettings) -> list[str]:
    """What the operator should know about how this server admits people."""
    if access.mode == "local":
        return ["single-user mode: every role is shown to whoever opens the page on this machine"]
    source = (
        "Streamlit's OpenID Connect sign-in (.streamlit/secrets.toml)"
        if access.mode == "oidc"
        else f"the {access.identity_header} header: only safe behind a proxy that sets it and strips it from "
        "every client request"
    )
    notes = [f"people are identified by {source}"]
    if not access.leaders and not access.leader_groups:
        notes.append("no talent leaders configured (FUNNEL_LEADERS, FUNNEL_LEADER_GROUPS): only recruiters see data")
    return notes


def _sign_in_redirect(access: AccessSettings) -> str | None:
    """The sign-in's redirect address ([auth] redirect_uri in Streamlit's secrets), in oidc mode."""
    if access.mode != "oidc":
        return None
    import streamlit as st

    try:
        return (st.secrets.get("auth") or {}).get("redirect_uri")
    except FileNotFoundError:
        return None


def serve_dashboards(
    warehouse: Path,
    port: int,
    local: bool = False,
    address: str = LOCAL_ADDRESS,
    headless: bool = True,
    hosts: tuple[str, ...] = (),
) -> int:
    """Serve the Streamlit app on address:port until interrupted: single-user mode when `local` (on
    127.0.0.1 only), else with the sign-in the settings name; only for requests naming an allowed host
    (dashboards/guards.py: the address's, the sign-in's, `hosts`). Returns an exit code when it refuses.

    The process becomes the Streamlit server (exec), so stopping it stops the server too."""
    import os

    from dashboards.guards import NoAllowedHost, allowed_hosts
    from settings import PROJECT_ROOT

    os.chdir(PROJECT_ROOT)  # Streamlit reads .streamlit/ (config.toml, secrets.toml) from the working folder
    env = {**os.environ, ENV_WAREHOUSE: str(warehouse), **({ENV_AUTH_MODE: "local"} if local else {})}
    access = load_settings(environ=env).access
    problem = access_problem(access, address)
    try:
        allowed = allowed_hosts(address, _sign_in_redirect(access), () if access.mode == "local" else hosts)
    except NoAllowedHost as no_host:
        problem = problem or str(no_host)
    if problem:
        print(f"error: not serving the dashboards: {problem}", file=sys.stderr)
        return EXIT_USAGE
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboards" / "server.py"),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        str(headless).lower(),
        "--browser.gatherUsageStats",
        "false",
        *[flag for host in allowed for flag in ("--server.allowedHosts", host)],
    ]
    for note in [*_access_notes(access), f"accepting requests for {', '.join(allowed)} only"]:
        print(note, flush=True)
    print(f"dashboards: http://{address}:{port}  (Ctrl+C to stop)", flush=True)
    os.execve(sys.executable, command, env)


def _dashboard(args: argparse.Namespace) -> int:
    settings = load_settings(warehouse=args.warehouse)
    return serve_dashboards(
        settings.warehouse, args.port, local=args.local, address=args.address, hosts=tuple(args.allowed_host)
    )


def _demo(args: argparse.Namespace) -> int:
    from orchestration.runner import run_pipeline
    from synthetic.landing import GenerateOptions, generate_landing

    settings = load_settings(landing_dir=args.landing, warehouse=args.warehouse, run_wait_seconds=args.wait)
    if not settings.landing_dir.is_dir() or not any(settings.landing_dir.iterdir()):
        # activity up to yesterday: the demo is as fresh as a nightly export (its freshness checks pass)
        end = datetime.now(UTC).date() - timedelta(days=1)
        print(f"generating demo data ({args.prospects:,} prospects, messy, until {end}) into {settings.landing_dir}")
        generate_landing(GenerateOptions(out=settings.landing_dir, prospects=args.prospects, messy=True, end=end))
    # the demo data is messy on purpose (a broken file, a file lacking a column): its quarantine is accepted
    summary = run_pipeline(settings, quiet=args.quiet, progress=not args.quiet, accept_quarantine=True)
    _print_summary(summary, settings, args.quiet)
    if not summary.success:
        return _exit_code(summary)
    print(f"warehouse ready: {settings.warehouse}")
    return 0 if args.no_serve else serve_dashboards(settings.warehouse, args.port, local=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="funnel", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    generate = commands.add_parser("generate", help="write a realistic landing folder (contract v1)")
    generate.add_argument("--out", required=True, help="landing folder to write")
    generate.add_argument("--prospects", type=int, default=5_000, help="number of prospects (default 5000)")
    generate.add_argument("--seed", type=int, default=7, help="random seed; same seed, same files")
    generate.add_argument(
        "--messy",
        action="store_true",
        help="add what real exports contain: offsets, case variants, bad rows, a broken file",
    )
    generate.add_argument(
        "--no-effects",
        action="store_true",
        help="data in which nothing differs: every channel, sequence, role and style replies alike and "
        "declines for the same reasons (what the diagnosis must find nothing in)",
    )
    generate.add_argument(
        "--end",
        type=date.fromisoformat,
        default=None,
        help="last day of simulated activity, YYYY-MM-DD (default 2026-11-20)",
    )
    generate.add_argument(
        "--ats",
        choices=ATS_SHAPES,
        default="contract",
        help="how the ATS lands: the contract's ats/* tables (default) or Greenhouse / Lever connector tables "
        "with the mapping files such a team keeps (docs/bring-your-own-data.md)",
    )
    generate.add_argument(
        "--lever-user-table",
        choices=LEVER_USER_TABLES,
        default="user",
        help="with --ats lever: the name of Lever's user table (Fivetran connectors created since mid-2024 "
        "land `users`; default `user`)",
    )
    generate.set_defaults(handler=_generate)

    location = argparse.ArgumentParser(add_help=False)
    location.add_argument("--landing", help=f"landing folder (env {ENV_LANDING_DIR}; default data/landing)")
    location.add_argument(
        "--warehouse", help=f"served DuckDB file (env {ENV_WAREHOUSE}; default data/warehouse.duckdb)"
    )
    location.add_argument("--quiet", action="store_true", help="only warnings and the summary")
    location.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help=f"when another run is building the same warehouse, wait this long for it to finish "
        f"(env {ENV_RUN_WAIT_SECONDS}; default 0: stop at once with exit code {EXIT_REFUSED})",
    )

    run = commands.add_parser(
        "run", parents=[location], help="ingest, build and test everything through Dagster; publish when all passed"
    )
    run.add_argument("--summary-json", metavar="FILE", help="also write the run summary as JSON (for bench/)")
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every table from every drop (default: only new drops and the candidates they touch; "
        "use after upgrading the project)",
    )
    run.add_argument(
        "--confirm-retention",
        action="store_true",
        help="let retention anonymize more than FUNNEL_RETENTION_MAX_SHARE (default 10 %%) of the CRM candidates "
        "in this run (without it such a run stops and publishes nothing: check the data's dates first)",
    )
    run.add_argument(
        "--accept-quarantine",
        action="store_true",
        help="publish although a file of this run's drops has all its rows quarantined, or more than "
        "FUNNEL_MAX_QUARANTINE_SHARE (default 5 %%) of them (recorded in the run history)",
    )
    run.set_defaults(handler=_run)

    demo = commands.add_parser(
        "demo",
        parents=[location],
        help="generate demo data when the landing folder is empty, run, serve the dashboards (single-user mode, "
        "127.0.0.1)",
    )
    demo.add_argument("--prospects", type=int, default=20_000, help="demo size (default 20000)")
    demo.add_argument("--port", type=int, default=8501, help="dashboard port (default 8501)")
    demo.add_argument("--no-serve", action="store_true", help="stop after the run instead of serving the dashboards")
    demo.set_defaults(handler=_demo)

    quality = commands.add_parser("quality", help="run every GX suite on the published warehouse and build Data Docs")
    quality.add_argument("--warehouse", help=f"served DuckDB file (env {ENV_WAREHOUSE}; default data/warehouse.duckdb)")
    quality.set_defaults(handler=_quality)

    digest = commands.add_parser(
        "digest",
        help="write the weekly digest: one self-contained HTML page (team, or one recruiter's); --send: e-mail "
        "every talent leader the team's and each recruiter with open roles their own",
    )
    digest.add_argument("--warehouse", help=f"served DuckDB file (env {ENV_WAREHOUSE}; default data/warehouse.duckdb)")
    digest.add_argument(
        "--out", help="folder to write into (env FUNNEL_DIGEST_DIR; default digests/ beside the warehouse)"
    )
    digest.add_argument("--recruiter", metavar="EMAIL", help="a recruiter's work e-mail: their work lists and roles")
    digest.add_argument(
        "--send",
        action="store_true",
        help="send by e-mail (FUNNEL_SMTP_HOST, FUNNEL_DIGEST_FROM ...) instead of writing files; exit 1 when an "
        "e-mail could not be delivered after retries (the others are sent all the same)",
    )
    digest.set_defaults(handler=_digest)

    dashboard = commands.add_parser("dashboard", help="serve the dashboards over the published warehouse")
    dashboard.add_argument(
        "--warehouse", help=f"served DuckDB file (env {ENV_WAREHOUSE}; default data/warehouse.duckdb)"
    )
    dashboard.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    dashboard.add_argument(
        "--local",
        action="store_true",
        help=f"single-user mode: no sign-in, every role shown, on 127.0.0.1 only (same as {ENV_AUTH_MODE}=local)",
    )
    dashboard.add_argument(
        "--address",
        default=LOCAL_ADDRESS,
        help="address to listen on when people sign in (default 127.0.0.1: behind a reverse proxy on this machine)",
    )
    dashboard.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name people open the dashboards by (behind a proxy that passes it on), besides the "
        "address's and the sign-in's redirect address's; repeat for several",
    )
    dashboard.set_defaults(handler=_dashboard)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "end", "unset") is None:
        from synthetic.landing import DEFAULT_END

        args.end = DEFAULT_END
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
