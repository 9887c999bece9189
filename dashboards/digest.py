"""The weekly digest: one self-contained HTML page for people who will not open the app
(`funnel digest`, and the Dagster schedule every Monday).

The team's digest is the leader's weekly view; a recruiter's holds what the dashboards show them
(README "Access"): their roles' requisitions at risk, findings and work lists, without the
company-wide numbers and charts.

Its numbers come from the query functions the pages use (dashboards/data.py) and its charts from
the same builders (dashboards/charts.py), rendered to SVG with vl-convert and embedded, so the
file opens anywhere with nothing beside it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit.logger
import vl_convert

streamlit.logger.set_log_level("error")  # the pages' cached queries work outside a server, warning on every call

from contract.labels import humanize, label  # noqa: E402
from dashboards import charts, data  # noqa: E402  (after quieting Streamlit's logger)
from dashboards.filters import Filters  # noqa: E402
from dashboards.formatting import as_text  # noqa: E402
from dashboards.sections.weekly import HEADLINE_LABELS, charted_steps  # noqa: E402
from dashboards.sections.workbench import list_rules  # noqa: E402

CHART_WIDTH = 560
LIST_ROWS = 50  # per work list; the Role page and its CSV download hold every row
LIST_COLUMNS = ["full_name", "candidate_id", "role_title", "role_id", "reason", "evidence", "since", "days_since"]
REQUISITION_COLUMNS = [
    "role_title",
    "role_id",
    "recruiter_id",
    "risk_reason",
    "remaining_openings",
    "in_flight",
    "expected_hires",
    "expected_hires_low",
    "expected_hires_high",
    "chance_to_fill",
    "expected_days_to_fill",
]


class UnknownRecruiter(ValueError):
    """No recruiter has this e-mail address."""


@dataclass
class Digest:
    """Everything the page shows, as the query functions return it."""

    as_of: pd.Timestamp | None
    week_start: pd.Timestamp | None  # the latest complete week
    headline: pd.DataFrame | None  # the team's week in numbers (company-wide: the team's digest only)
    findings: pd.DataFrame
    requisitions: pd.DataFrame
    recruiter_id: str | None = None
    recruiter_name: str | None = None
    work_lists: pd.DataFrame = field(default_factory=pd.DataFrame)
    work_list_counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    rules: dict[str, str] = field(default_factory=dict)


def build_digest(version: data.Version, recruiter_id: str | None = None) -> Digest:
    """The week's numbers for the team, or what one recruiter's dashboards show them (their roles)."""
    options = data.filter_options(version, data.EVERYTHING)
    roles = tuple(options["roles_by_recruiter"].get(recruiter_id, [])) if recruiter_id else None
    scope = data.Scope(roles)
    headline = data.weekly_headline(data.weekly_activity(version, data.EVERYTHING))
    health = data.requisition_health(version, scope)
    digest = Digest(
        as_of=data.data_as_of(version),
        week_start=headline.attrs["week_start"],
        headline=headline if scope.is_everything else None,
        findings=data.top_findings(version, scope, limit=5),
        requisitions=health[health["status"] == "at_risk"],
        rules=list_rules(data.work_list_rules(version)),
    )
    if recruiter_id is None:
        digest.work_list_counts = data.work_list_counts(version, scope)
        return digest
    digest.recruiter_id = recruiter_id
    digest.recruiter_name = options["recruiter_labels"].get(recruiter_id, recruiter_id)
    digest.work_lists = data.work_lists(version, scope, roles)
    return digest


def chart_svgs(version: data.Version) -> dict[str, str]:
    """The team digest's charts as SVG, from the pages' builders (company-wide)."""
    scope = data.EVERYTHING
    steps = charted_steps(data.follow_up_steps(version, scope, Filters()))
    monthly = data.volume_quality(version, scope)
    built: dict[str, alt.TopLevelMixin] = {
        "Hires by channel (outbound hires; labels: share of all outbound hires)": charts.count_bars(
            data.hires_by_channel(version, scope), "channel", "hires", "share_rate", "all_hires", "outbound hires"
        ),
        "Volume against quality, by month of first contact": charts.volume_and_rate(
            monthly,
            "cohort_month",
            "contacted",
            "prospects contacted",
            "interest_rate",
            "interested",
            "interested / contacted",
            mature="is_mature",
        ),
        "Stretch-tier targeting and generic first touches (share of contacted)": charts.series_lines(
            monthly,
            "cohort_month",
            {"stretch_share_rate": "stretch-tier targets", "generic_share_rate": "generic first touches"},
            "share of contacted",
        ),
        "What each follow-up adds: replies among the still silent": charts.rate_bars(
            steps, "touch", "reply_rate", "replied", "still_silent", "replies / still silent", sort_by_rate=False
        ),
        "What each follow-up costs: opt-outs among the still silent": charts.rate_bars(
            steps, "touch", "opt_out_rate", "opted_out", "still_silent", "opt-outs / still silent", sort_by_rate=False
        ),
    }
    return {
        title: vl_convert.vegalite_to_svg(chart.properties(width=CHART_WIDTH).to_dict())
        for title, chart in built.items()
    }


def _table(frame: pd.DataFrame, empty: str) -> str:
    if frame.empty:
        return f"<p class='empty'>{html.escape(empty)}</p>"
    text = as_text(frame)
    text.columns = [humanize(str(c)) for c in text.columns]
    return text.to_html(index=False, escape=True, border=0, classes="table")


def _headline(digest: Digest) -> str:
    if digest.headline is None:
        return ""
    if digest.week_start is None:
        return "<h2>The week in numbers</h2><p class='empty'>No complete week in the data yet.</p>"
    headline = digest.headline
    change = headline["change_rate"].map(lambda v: "—" if pd.isna(v) else f"{v * 100:+.1f} %")
    table = _table(headline.assign(metric=headline["metric"].map(HEADLINE_LABELS), change_rate=change), "")
    return "<h2>The week in numbers</h2>" + table


def _charts(svgs: dict[str, str]) -> str:
    if not svgs:
        return ""
    figures = "".join(f"<figure><figcaption>{html.escape(t)}</figcaption>{svg}</figure>" for t, svg in svgs.items())
    return "<h2>Charts</h2>" + figures


def _findings(findings: pd.DataFrame) -> str:
    if findings.empty:
        return "<p class='empty'>No statistically significant finding.</p>"
    items = "".join(f"<li>{html.escape(str(sentence))}</li>" for sentence in findings["sentence"])
    return f"<ol>{items}</ol>"


def _work_lists(digest: Digest) -> str:
    if digest.recruiter_id is None:
        return "<h2>Work lists by recruiter</h2>" + _table(digest.work_list_counts, "No one on any work list.")
    parts = [f"<h2>{html.escape(digest.recruiter_name or '')}'s work lists</h2>"]
    for work_list in data.WORK_LISTS:
        rows = digest.work_lists[digest.work_lists["work_list"] == work_list].sort_values(["priority", "role_id"])
        parts.append(f"<h3>{html.escape(str(label(work_list)))} <span class='count'>{len(rows):,}</span></h3>")
        parts.append(f"<p class='rule'>{html.escape(digest.rules[work_list])}</p>")
        if len(rows) > LIST_ROWS:
            parts.append(
                f"<p class='rule'>The first {LIST_ROWS} of {len(rows):,} by priority within each role; every row is "
                "on the Role page of the dashboards and in its CSV download.</p>"
            )
        parts.append(_table(rows.head(LIST_ROWS)[LIST_COLUMNS], "Nobody on this list."))
    return "".join(parts)


STYLE = """
body { font-family: Inter, Helvetica, Arial, sans-serif; color: #222; margin: 2rem auto; max-width: 1200px; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
.meta, .rule, .empty { color: #666; } .count { color: #1f5f8b; }
table.table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
table.table th, table.table td { padding: .3rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
figure { display: inline-block; margin: .5rem 1.5rem .5rem 0; vertical-align: top; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
"""


def render_html(digest: Digest, svgs: dict[str, str]) -> str:
    """One self-contained page: headline, findings, charts, requisitions at risk, work lists (a recruiter's:
    findings, requisitions at risk and work lists of their roles)."""
    week = f"week of {digest.week_start:%Y-%m-%d}" if digest.week_start is not None else "no complete week yet"
    who = f" for {digest.recruiter_name}" if digest.recruiter_name else ""
    as_of = f"{digest.as_of:%Y-%m-%d %H:%M} UTC" if digest.as_of is not None and not pd.isna(digest.as_of) else "—"
    scope = "your roles" if digest.recruiter_id else "the team"
    title = f"Outbound recruiting: {week}{who}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">Data as of {as_of}. Weeks run Monday to Sunday (UTC); each event counts in the week it happened,
against the average of the four weeks before. The same figures as the dashboards.</p>
{_headline(digest)}
<h2>Top findings for {scope}: why response is low</h2>
{_findings(digest.findings)}
{_charts(svgs)}
<h2>Requisitions at risk</h2>
{_table(digest.requisitions[REQUISITION_COLUMNS], "No requisition at risk.")}
{_work_lists(digest)}
</body></html>
"""


def digest_path(out_dir: Path, digest: Digest) -> Path:
    week = f"{digest.week_start:%Y-%m-%d}" if digest.week_start is not None else "no-week"
    suffix = f"-{digest.recruiter_id}" if digest.recruiter_id else ""
    return out_dir / f"digest-{week}{suffix}.html"


def _write(out_dir: Path, digest: Digest, svgs: dict[str, str]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = digest_path(out_dir, digest)
    path.write_text(render_html(digest, svgs), encoding="utf-8")
    return path


def write_digest(warehouse: Path, out_dir: Path, recruiter_email: str | None = None) -> Path:
    """Write the team's digest, or a recruiter's (found by work e-mail), into out_dir; return its path."""
    version = data.warehouse_version(warehouse)
    if not recruiter_email:
        return _write(out_dir, build_digest(version), chart_svgs(version))
    owners = data.recruiter_roles(version, recruiter_email)
    if owners.empty:
        raise UnknownRecruiter(f"no recruiter with the e-mail {recruiter_email!r} in {warehouse}")
    return _write(out_dir, build_digest(version, owners["recruiter_id"].iloc[0]), {})


def write_weekly_digests(warehouse: Path, out_dir: Path) -> list[Path]:
    """The team's digest (with its charts) and one for every recruiter with a work e-mail."""
    version = data.warehouse_version(warehouse)
    recruiters = data.query(version, "select recruiter_id from marts.dim_recruiters where recruiter_email is not null")
    team = _write(out_dir, build_digest(version), chart_svgs(version))
    return [team, *(_write(out_dir, build_digest(version, r), {}) for r in recruiters["recruiter_id"])]
