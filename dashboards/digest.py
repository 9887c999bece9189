"""The weekly digest: an e-mail for people who will not open the app (`funnel digest --send`, and the
Dagster schedule every Monday), or the same page as a file (`funnel digest`).

Each reader gets what the dashboards show them (README "Access"): a talent leader the team's digest,
a recruiter their own roles', scoped by the same lookup the dashboards use (dashboards/access.py).
At the top five lines of numbers (rates with their denominators) and the week's three most valuable
actions; then the charts (PNG: mail clients show neither SVG nor script), at most a screen of tables,
and a link to the dashboards on every section.

Numbers come from the query functions the pages use (dashboards/queries/), charts from the same
builders (dashboards/charts.py). The HTML and the text come from Jinja2 templates
(dashboards/templates/) with autoescape: a role title or a name is text, never markup.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import jinja2
import pandas as pd
import streamlit.logger
import vl_convert

streamlit.logger.set_log_level("error")  # the pages' cached queries work outside a server, warning on every call

from contract.labels import humanize, label  # noqa: E402
from dashboards import charts  # noqa: E402  (after quieting Streamlit's logger)
from dashboards.access import Identity, comparable, viewer_for  # noqa: E402
from dashboards.filters import Filters  # noqa: E402
from dashboards.formatting import as_text, percent  # noqa: E402
from dashboards.letters import Letter  # noqa: E402
from dashboards.queries import base, diagnosis, funnel, outreach, reference, weekly, workbench  # noqa: E402
from dashboards.queries import digest as digest_queries  # noqa: E402
from dashboards.sections.weekly import charted_steps  # noqa: E402
from dashboards.sections.workbench import list_rules  # noqa: E402
from settings import AccessSettings, MailSettings  # noqa: E402

TEMPLATES = Path(__file__).parent / "templates"
CHART_WIDTH = 520  # px; drawn at twice the pixels for sharp screens, shown at this width
TABLE_ROWS = 5  # per table: the e-mail holds at most a screen of tables; the dashboards hold every row
REASON_CHARACTERS = 90  # a status reason is cut at its first clause or this many characters
# which page of the dashboards each section links to (dashboards/app.py url paths)
PAGES = {
    "summary": "overview",
    "actions": "engagement",
    "charts": "overview",
    "requisitions": "role-funnel",
    "work_lists": "role-funnel",
}


class UnknownRecruiter(ValueError):
    """No recruiter has this e-mail address."""


@dataclass(frozen=True)
class Reader:
    """Who a digest is for: the team (every role) or a recruiter, with the scope the dashboards give them."""

    name: str
    scope: base.Scope
    recruiter_id: str | None = None

    @property
    def is_team(self) -> bool:
        return self.scope.is_everything


TEAM = Reader("the team", base.EVERYTHING)


@dataclass(frozen=True)
class Action:
    """One of the week's most valuable actions: what the numbers say, the next step, where to see more."""

    finding: str
    step: str
    page: str


@dataclass
class Digest:
    """Everything the e-mail shows, as text (numbers formatted) and PNG charts."""

    reader: Reader
    as_of: pd.Timestamp | None
    week_start: pd.Timestamp | None  # the latest complete week
    summary: list[str]
    actions: list[Action]
    requisitions: pd.DataFrame  # at most TABLE_ROWS rows, as text
    requisitions_at_risk: int
    open_requisitions: int
    work_lists: pd.DataFrame  # as text
    work_list_note: str
    charts: dict[str, bytes] = field(default_factory=dict)  # title -> PNG


# --- numbers -------------------------------------------------------------------------------------


def _count(value: float) -> str:
    return f"{int(value):,}"


def _plural(count: float, noun: str) -> str:
    return f"{_count(count)} {noun}{'' if count == 1 else 's'}"


def _rate(numerator: int, denominator: int) -> str:
    return percent(numerator / denominator) if denominator else "—"


def _windowed(version: base.Version, scope: base.Scope) -> str:
    """The 30-day reply rate with its denominator and interval (the Overview's headline tile)."""
    rates = funnel.windowed_rates(version, scope, Filters()).iloc[0]
    if not rates["eligible"]:
        return "Reply rate: no prospect was contacted 30 days or more ago yet."
    return (
        f"Reply rate: {percent(rates['rate'])} replied within 30 days ({_count(rates['converted'])} of "
        f"{_count(rates['eligible'])} prospects first contacted 30 or more days ago; 95 % interval "
        f"{percent(rates['ci_low'])} to {percent(rates['ci_high'])})."
    )


def _week_line(counts: dict[str, float], averages: dict[str, float] | None, whose: str) -> str:
    line = (
        f"This week{whose}: {_count(counts['contacted'])} first contacts, {_count(counts['replied'])} replies, "
        f"{_count(counts['interested'])} newly interested, {_plural(counts['hired'], 'outbound hire')}"
    )
    if not averages:
        return line + "."
    return line + (
        f" (a week over the four before: {averages['contacted']:,.1f}, {averages['replied']:,.1f}, "
        f"{averages['interested']:,.1f}, {averages['hired']:,.1f})."
    )


def _requisition_line(at_risk: int, open_roles: int, whose: str) -> str:
    if not open_roles:
        return f"Requisitions: no open requisition{whose} with openings left."
    share = _rate(at_risk, open_roles)
    return f"Requisitions: {at_risk:,} of {open_roles:,} open requisitions{whose} at risk ({share})."


def _team_summary(version: base.Version, week_start: pd.Timestamp | None, requisitions: tuple[int, int]) -> list[str]:
    headline = digest_queries.weekly_headline(weekly.weekly_activity(version, base.EVERYTHING)).set_index("metric")
    if week_start is None:
        week = "This week: no complete week in the data yet."
    else:
        averages = headline["previous_4_weeks_average"]
        week = _week_line(
            headline["this_week"].to_dict(), None if averages.isna().all() else averages.to_dict(), " (the team)"
        )
    hires = weekly.outbound_share_total(weekly.outbound_hire_share(version, base.EVERYTHING)).iloc[0]
    guardrails = outreach.guardrails(version, base.EVERYTHING).set_index("guardrail")
    unanswered, per_hire = guardrails.loc["four_plus_unanswered_touches"], guardrails.loc["delivered_per_hire"]
    return [
        week,
        _windowed(version, base.EVERYTHING),
        f"Outbound hires: {_count(hires['outbound_hires'])} of {_count(hires['ats_hires'])} ATS hires "
        f"({_rate(hires['outbound_hires'], hires['ats_hires'])}) came from outreach.",
        _requisition_line(*requisitions, ""),
        f"Over-automation: {_rate(unanswered['numerator'], unanswered['denominator'])} of contacted prospects got 4 "
        f"or more unanswered touches ({_count(unanswered['numerator'])} of {_count(unanswered['denominator'])}); "
        f"{per_hire['value']:,.0f} delivered messages per outbound hire ({_count(per_hire['numerator'])} messages, "
        f"{_count(per_hire['denominator'])} hires).",
    ]


def _recruiter_summary(
    version: base.Version,
    reader: Reader,
    week_start: pd.Timestamp | None,
    requisitions: tuple[int, int],
    lists: pd.Series,
) -> list[str]:
    week = (
        "This week: no complete week in the data yet."
        if week_start is None
        else _week_line(digest_queries.week_counts(version, reader.scope, week_start).to_dict(), None, " on your roles")
    )
    stages = funnel.stage_counts(version, reader.scope, Filters()).iloc[0]
    waiting = "; ".join(f"{label(name)} {_count(lists.get(name, 0))}" for name in workbench.WORK_LISTS)
    return [
        week,
        _windowed(version, reader.scope),
        f"Hires on your roles: {_count(stages['hired'])} of {_count(stages['contacted'])} contacted prospects "
        f"({_rate(stages['hired'], stages['contacted'])}).",
        _requisition_line(*requisitions, " of yours"),
        f"Work lists: {waiting}.",
    ]


# --- actions -------------------------------------------------------------------------------------


def _finding_action(finding: pd.Series, role_names: dict[str, str]) -> Action:
    subject = role_names.get(finding["subject"], label(finding["subject"]))
    finding_text = (
        f"{humanize(finding['metric'])} for {humanize(finding['dimension']).lower()} {subject}: "
        f"{percent(finding['subject_rate'])} ({_count(finding['subject_converted'])} of "
        f"{_count(finding['subject_eligible'])}) against {percent(finding['comparison_rate'])} for comparable "
        f"prospects ({_count(finding['comparison_converted'])} of {_count(finding['comparison_eligible'])})."
    )
    step = finding.get("suggested_action")
    if not isinstance(step, str) or not step:
        step = "Look into it: the diagnosis on the dashboards compares it with comparable prospects."
    return Action(finding_text, step, PAGES["actions"])


def _requisition_action(role: pd.Series) -> Action:
    return Action(
        f"{role['role_title']} ({role['role_id']}) is at risk: {first_clause(role['status_reason'])}.",
        f"Add people to its pipeline: {_plural(role['remaining_openings'], 'opening')} left.",
        PAGES["requisitions"],
    )


def _work_list_action(name: str, people: int, rule: str) -> Action:
    return Action(
        f"{label(name)}: {people:,} people. {_first_sentence(rule)}",
        "Work through the list on the Role page.",
        PAGES["work_lists"],
    )


def _actions(
    reader: Reader,
    findings: pd.DataFrame,
    at_risk: pd.DataFrame,
    lists: pd.Series,
    rules: dict[str, str],
    role_names: dict[str, str],
) -> list[Action]:
    """The three most valuable: for the team the largest findings (ranked by impact: people the gap
    amounts to), then requisitions at risk; for a recruiter the people waiting on them first."""
    from_findings = [_finding_action(row, role_names) for _, row in findings.iterrows()]
    most_openings = at_risk.sort_values("remaining_openings", ascending=False, kind="stable")
    from_roles = [_requisition_action(row) for _, row in most_openings.iterrows()]
    from_lists = [
        _work_list_action(name, int(lists[name]), rules[name])
        for name in ("follow_up_due", "interested_not_in_ats")
        if lists.get(name, 0)
    ]
    ordered = from_findings + from_roles if reader.is_team else from_lists + from_roles + from_findings
    return ordered[:3]


def _first_sentence(rule: str) -> str:
    """The rule's condition (its first sentence; the rest says what no list holds)."""
    return rule.split(". ")[0].rstrip(".") + "."


def first_clause(reason: object) -> str:
    text = str(reason or "").split(";")[0].strip()
    return text if len(text) <= REASON_CHARACTERS else text[: REASON_CHARACTERS - 1].rstrip() + "…"


# --- tables --------------------------------------------------------------------------------------


def _text_table(frame: pd.DataFrame) -> pd.DataFrame:
    text = as_text(frame)
    text.columns = [humanize(str(column)) for column in text.columns]
    return text


def requisition_table(at_risk: pd.DataFrame, rows: int | None = TABLE_ROWS) -> pd.DataFrame:
    """Requisitions at risk as every e-mail shows them (the digest's first `rows`, an alert's every one):
    the role, openings left, people in process, the chance to fill and the first clause of why."""
    shown = at_risk if rows is None else at_risk.head(rows)
    return _text_table(
        pd.DataFrame(
            {
                "role": shown["role_title"].fillna("") + " (" + shown["role_id"] + ")",
                "remaining_openings": shown["remaining_openings"],
                "people_in_process": shown["in_flight"],
                "chance_to_fill": shown["chance_to_fill"],
                "why": shown["status_reason"].map(first_clause),
            }
        )
    )


def _work_list_table(version: base.Version, reader: Reader, lists: pd.Series, rules: dict[str, str]) -> pd.DataFrame:
    if reader.is_team:
        counts = digest_queries.work_list_counts(version, base.EVERYTHING).drop(columns="recruiter_id")
        return _text_table(counts.rename(columns={"recruiter_name": "recruiter"}).head(10))
    return _text_table(
        pd.DataFrame(
            {
                "work_list": list(workbench.WORK_LISTS),
                "people": [int(lists.get(name, 0)) for name in workbench.WORK_LISTS],
                "rule": [_first_sentence(rules[name]) for name in workbench.WORK_LISTS],
            }
        )
    )


# --- charts --------------------------------------------------------------------------------------


def png(chart: alt.TopLevelMixin) -> bytes:
    """A chart as a PNG at twice its pixels, CHART_WIDTH wide with its labels (shown at CHART_WIDTH), so
    every chart's text is drawn at one size."""
    fitted = chart.properties(width=CHART_WIDTH, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    return vl_convert.vegalite_to_png(fitted.to_dict(), scale=2)


def _team_charts(version: base.Version) -> dict[str, alt.TopLevelMixin]:
    scope = base.EVERYTHING
    steps = charted_steps(outreach.follow_up_steps(version, scope, Filters()))
    return {
        "Outbound hires by channel (labels: share of all outbound hires)": charts.count_bars(
            weekly.hires_by_channel(version, scope), "channel", "hires", "share_rate", "all_hires", "outbound hires"
        ),
        "What each follow-up adds: replies / prospects still silent at that touch": charts.rate_bars(
            steps, "touch", "reply_rate", "replied", "still_silent", "replies / still silent", sort_by_rate=False
        ),
    }


def _recruiter_charts(version: base.Version, scope: base.Scope) -> dict[str, alt.TopLevelMixin]:
    by_channel = funnel.windowed_rates(version, scope, Filters(), "Channel")
    return {
        "Your roles: replied within 30 days / contacted 30+ days ago, by channel (bar: 95 % interval)": (
            charts.rate_bars(by_channel, "segment", "rate", "converted", "eligible", "replied / contacted")
        )
    }


# --- building ------------------------------------------------------------------------------------


def build_digest(version: base.Version, reader: Reader = TEAM, with_charts: bool = True) -> Digest:
    """The week's digest for a reader: the team's, or a recruiter's roles'."""
    scope = reader.scope
    week_start = digest_queries.weekly_headline(weekly.weekly_activity(version, base.EVERYTHING)).attrs["week_start"]
    health = workbench.requisition_health(version, scope)
    open_roles = health[health["status"].isin(["at_risk", "watch", "on_track"])]  # as the Overview counts them
    at_risk = health[health["status"] == "at_risk"]
    requisitions = (len(at_risk), len(open_roles))
    rules = list_rules(workbench.work_list_rules(version))
    lists = (
        digest_queries.work_list_counts(version, scope)[list(workbench.WORK_LISTS)].sum()
        if reader.is_team
        else workbench.work_lists(version, scope, scope.roles or ())["work_list"].value_counts()
    )
    summary = (
        _team_summary(version, week_start, requisitions)
        if reader.is_team
        else _recruiter_summary(version, reader, week_start, requisitions, lists)
    )
    findings = diagnosis.findings(version, scope, Filters(), limit=3)
    role_names = reference.role_labels(version, scope)["role_id"]
    built = _team_charts(version) if reader.is_team else _recruiter_charts(version, scope)
    return Digest(
        reader=reader,
        as_of=reference.data_as_of(version),
        week_start=week_start,
        summary=summary,
        actions=_actions(reader, findings, at_risk, lists, rules, role_names),
        requisitions=requisition_table(at_risk),
        requisitions_at_risk=len(at_risk),
        open_requisitions=len(open_roles),
        work_lists=_work_list_table(version, reader, lists, rules),
        work_list_note=(
            "People on each work list, by recruiter."
            if reader.is_team
            else "Names and reasons, every row: the Role page of the dashboards (and its CSV download)."
        ),
        charts={title: png(chart) for title, chart in built.items()} if with_charts else {},
    )


# --- rendering -----------------------------------------------------------------------------------


def templates() -> jinja2.Environment:
    """The digest's and the alerts' templates; HTML ones autoescaped (a value from data is text)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _title(digest: Digest) -> str:
    week = f"week of {digest.week_start:%Y-%m-%d}" if digest.week_start is not None else "no complete week yet"
    who = "" if digest.reader.is_team else f" for {digest.reader.name}"
    return f"Outbound recruiting: {week}{who}"


def _context(digest: Digest, dashboard_url: str, image_source: Callable[[str, int], str]) -> dict:
    as_of = digest.as_of
    return {
        "title": _title(digest),
        "digest": digest,
        "as_of": "—" if as_of is None or pd.isna(as_of) else f"{as_of:%Y-%m-%d %H:%M} UTC",
        "scope": "the team" if digest.reader.is_team else "your roles",
        "links": {section: f"{dashboard_url}/{page}" for section, page in PAGES.items()},
        "dashboard_url": dashboard_url,
        "charts": [
            {"title": title, "src": image_source(title, number), "id": f"chart{number}"}
            for number, title in enumerate(digest.charts)
        ],
        "requisitions": _rows(digest.requisitions),
        "work_lists": _rows(digest.work_lists),
        "chart_width": CHART_WIDTH,
    }


def _rows(table: pd.DataFrame) -> dict:
    return {"columns": list(table.columns), "rows": table.astype(str).values.tolist()}


def render_html(digest: Digest, dashboard_url: str, inline: bool = False) -> str:
    """The digest as HTML: images by `cid:chartN` (an e-mail), or `inline` as data: URIs (a file that
    opens anywhere with nothing beside it)."""
    pngs = list(digest.charts.values())

    def source(title: str, number: int) -> str:
        if inline:
            return "data:image/png;base64," + base64.b64encode(pngs[number]).decode()
        return f"cid:chart{number}"

    return templates().get_template("digest.html.j2").render(_context(digest, dashboard_url, source))


def render_text(digest: Digest, dashboard_url: str) -> str:
    return templates().get_template("digest.txt.j2").render(_context(digest, dashboard_url, lambda t, n: ""))


def letter(digest: Digest, to: str, dashboard_url: str) -> Letter:
    """The digest as an e-mail to one reader."""
    recruiter = digest.reader.recruiter_id
    return Letter(
        to=to,
        subject=_title(digest),
        text=render_text(digest, dashboard_url),
        html=render_html(digest, dashboard_url),
        images={f"chart{number}": image for number, image in enumerate(digest.charts.values())},
        kind="digest",
        audience="leader" if recruiter is None else "recruiter",
        reader=recruiter or "leader",
    )


# --- readers -------------------------------------------------------------------------------------


def recruiter_readers(version: base.Version, access: AccessSettings) -> dict[str, Reader]:
    """Every recruiter with an open role, by work e-mail, scoped as the dashboards scope them when they
    sign in with it (a talent leader's e-mail gets the team's digest instead)."""
    recruiters = digest_queries.recruiters_with_open_roles(version)
    readers = {}
    for email, recruiter_id in zip(recruiters["email"], recruiters["recruiter_id"]):
        viewer = viewer_for(Identity(comparable(email)), access, version)
        if viewer.scope is not None and not viewer.scope.is_everything:
            readers[email] = Reader(viewer.name, viewer.scope, recruiter_id)
    return readers


def weekly_letters(version: base.Version, access: AccessSettings, mail: MailSettings) -> list[Letter]:
    """The team's digest to every talent leader (FUNNEL_LEADERS) and each recruiter with open roles their own."""
    letters = []
    if access.leaders:
        team = build_digest(version, TEAM)
        letters += [letter(team, email, mail.dashboard_url) for email in sorted(access.leaders)]
    for email, reader in recruiter_readers(version, access).items():
        letters.append(letter(build_digest(version, reader), email, mail.dashboard_url))
    return letters


# --- files ---------------------------------------------------------------------------------------


def digest_path(out_dir: Path, digest: Digest) -> Path:
    week = f"{digest.week_start:%Y-%m-%d}" if digest.week_start is not None else "no-week"
    suffix = f"-{digest.reader.recruiter_id}" if digest.reader.recruiter_id else ""
    return out_dir / f"digest-{week}{suffix}.html"


def _write(out_dir: Path, digest: Digest, dashboard_url: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = digest_path(out_dir, digest)
    path.write_text(render_html(digest, dashboard_url, inline=True), encoding="utf-8")
    return path


def _recruiter_reader(version: base.Version, recruiter_email: str) -> Reader:
    owners = workbench.recruiter_roles(version, recruiter_email)
    if owners.empty:
        raise UnknownRecruiter(f"no recruiter with the e-mail {recruiter_email!r}")
    roles = tuple(sorted(owners["role_id"].dropna().unique()))
    return Reader(str(owners["recruiter_name"].iloc[0]), base.Scope(roles), str(owners["recruiter_id"].iloc[0]))


def write_digest(
    warehouse: Path, out_dir: Path, recruiter_email: str | None = None, dashboard_url: str | None = None
) -> Path:
    """Write the team's digest, or a recruiter's (found by work e-mail), into out_dir; return its path."""
    version = base.warehouse_version(warehouse)
    reader = _recruiter_reader(version, recruiter_email) if recruiter_email else TEAM
    return _write(out_dir, build_digest(version, reader), dashboard_url or MailSettings.dashboard_url)


def write_weekly_digests(warehouse: Path, out_dir: Path, dashboard_url: str | None = None) -> list[Path]:
    """The team's digest and one for every recruiter with a work e-mail and an open role."""
    version = base.warehouse_version(warehouse)
    url = dashboard_url or MailSettings.dashboard_url
    readers = recruiter_readers(version, AccessSettings())
    return [_write(out_dir, build_digest(version, r), url) for r in [TEAM, *readers.values()]]
