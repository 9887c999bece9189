"""Alerts by e-mail (the digest's channel, orchestration/mail.py), raised by Dagster sensors: a
data-quality run that fails, a pipeline run that fails (and so does not publish), a requisition that
turns at risk after a publish. Talent leaders (FUNNEL_LEADERS) get every alert; a recruiter gets
their own roles' turns.

Each alert goes out once: what it last said about its subject (the job, a role) is kept in the run
history (`alert_states`), and a subject alerts again only when that changes (a run passes, then fails
again; a role gets back on track, then at risk again). The first look at the requisitions records
their statuses without alerting: a role *turns* at risk against a status seen before.

Alerts name jobs, steps, checks and roles, never a candidate: a failure's own message (which may
quote a value from the data) is left out, except the data-quality job's, which lists suite names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from contract.labels import definition
from dashboards.letters import Letter
from orchestration.mail import Delivery, deliver
from orchestration.quality.data_quality import DATA_QUALITY_JOB
from orchestration.quality.history import alert_states, checks_from_run, record_alert_states, record_deliveries
from settings import Settings

RUN_FAILED, REQUISITION = "run_failed", "requisition_status"
PASSED, AT_RISK = "passed", "at_risk"


@dataclass(frozen=True)
class Alert:
    """One alert, before it is addressed: what happened, in lines and a table of text."""

    subject: str
    lines: tuple[str, ...]
    page: str  # the dashboards' page that shows more (dashboards/app.py url path)
    table: pd.DataFrame | None = None


def failure_state(instance: dg.DagsterInstance, run: dg.DagsterRun) -> str:
    """What failed in a run, as a stable text: its failed steps (with the data-quality job's own
    description: the failed suites) and its failed checks. Alerts compare it with the last one."""
    steps = []
    for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        event = record.dagster_event
        failure = getattr(event.event_specific_data, "user_failure_data", None)
        described = run.job_name == DATA_QUALITY_JOB and failure is not None and failure.description
        steps.append(f"{event.step_key}: {failure.description}" if described else str(event.step_key))
    checks = [f"check {c.asset} {c.check_name}" for c in checks_from_run(instance, run.run_id) if not c.passed]
    return "; ".join(sorted(steps) + sorted(checks)) or "the run failed before any step"


def run_failure_alert(run: dg.DagsterRun, state: str, finished: datetime | None) -> Alert:
    when = f" at {finished:%Y-%m-%d %H:%M} UTC" if finished else ""
    if run.job_name == DATA_QUALITY_JOB:
        subject = "Data quality check failed"
        first = f"The data-quality run{when} failed: the published warehouse breaks a blocking rule."
    else:
        subject = "Pipeline run failed: nothing was published"
        first = f"The {run.job_name} run{when} failed, so it did not publish."
    return Alert(
        subject,
        (
            first,
            f"What failed: {state}.",
            "The dashboards keep showing the last published warehouse. Run id: " + run.run_id + ".",
            "You will not be told again until this changes (a run passes, or fails differently).",
        ),
        "quality",
    )


def changed_failure(settings: Settings, job: str, state: str) -> bool:
    """Record the job's state; whether it is a failure that was not alerted yet."""
    before = alert_states(settings.history_database, RUN_FAILED).get(job)
    if before == state:
        return False
    record_alert_states(settings.history_database, RUN_FAILED, {job: state})
    return state != PASSED


def turned_at_risk(settings: Settings, health: pd.DataFrame) -> pd.DataFrame:
    """The requisitions at risk now that were not at risk when last seen (none on the first look);
    records every status that changed."""
    before = alert_states(settings.history_database, REQUISITION)
    now = dict(zip(health["role_id"], health["status"].fillna("unknown")))
    record_alert_states(
        settings.history_database, REQUISITION, {role: s for role, s in now.items() if before.get(role) != s}
    )
    if not before:
        return health.iloc[0:0]
    turned = [role for role, status in now.items() if status == AT_RISK and before.get(role) != AT_RISK]
    return health[health["role_id"].isin(turned)]


def at_risk_alert(turned: pd.DataFrame, whose: str) -> Alert:
    from dashboards.digest import requisition_table

    count = len(turned)
    return Alert(
        f"{count} requisition{'s' if count > 1 else ''}{whose} turned at risk",
        (
            f"{count} open requisition{'s' if count > 1 else ''}{whose} turned at risk with the latest published data.",
            "At risk: " + definition("status_at_risk"),
        ),
        "role-funnel",
        requisition_table(turned, rows=None),
    )


def letters_for(settings: Settings, alert: Alert, to: list[tuple[str, str, str]]) -> list[Letter]:
    """The alert as an e-mail to each (address, audience, reader)."""
    from dashboards.digest import templates

    url = settings.mail.dashboard_url
    context = {
        "title": alert.subject,
        "alert": alert,
        "link": f"{url}/{alert.page}",
        "table": None
        if alert.table is None
        else {"columns": list(alert.table.columns), "rows": alert.table.astype(str).values.tolist()},
    }
    env = templates()
    html = env.get_template("alert.html.j2").render(context)
    text = env.get_template("alert.txt.j2").render(context)
    subject = f"Outbound funnel alert: {alert.subject}"
    return [Letter(address, subject, text, html, {}, "alert", audience, reader) for address, audience, reader in to]


def leaders(settings: Settings) -> list[tuple[str, str, str]]:
    return [(email, "leader", "leader") for email in sorted(settings.access.leaders)]


def send(settings: Settings, letters: list[Letter], run_id: str) -> list[Delivery]:
    deliveries = deliver(settings.mail, letters, settings.digest_dir / "undelivered")
    record_deliveries(settings.history_database, f"alert-{run_id}", [d.row() for d in deliveries])
    return deliveries


def alert_run_failure(settings: Settings, instance: dg.DagsterInstance, run: dg.DagsterRun) -> list[Delivery]:
    """A failed data-quality or pipeline run: to the leaders, once per change of what failed."""
    state = failure_state(instance, run)
    if not changed_failure(settings, run.job_name, state):
        return []
    stats = instance.get_run_stats(run.run_id)
    finished = datetime.fromtimestamp(stats.end_time, tz=UTC) if stats.end_time else None
    return send(settings, letters_for(settings, run_failure_alert(run, state, finished), leaders(settings)), run.run_id)


def alert_run_success(settings: Settings, run: dg.DagsterRun, full_run_job: str) -> list[Delivery]:
    """A run passed: its failure may alert again; after a publish, requisitions that turned at risk."""
    changed_failure(settings, run.job_name, PASSED)
    if run.job_name != full_run_job:
        return []
    from dashboards.digest import recruiter_readers
    from dashboards.queries import base, workbench

    version = base.warehouse_version(settings.warehouse)
    turned = turned_at_risk(settings, workbench.requisition_health(version, base.EVERYTHING))
    if turned.empty:
        return []
    letters = letters_for(settings, at_risk_alert(turned, ""), leaders(settings))
    for email, reader in recruiter_readers(version, settings.access).items():
        theirs = turned[turned["role_id"].isin(reader.scope.roles or ())]
        if not theirs.empty:
            letters += letters_for(
                settings, at_risk_alert(theirs, " of yours"), [(email, "recruiter", reader.recruiter_id)]
            )
    return send(settings, letters, run.run_id)


def build_alert_sensors(settings: Settings, full_run_job: str) -> list[dg.SensorDefinition]:
    """Sensors on every run of the code location: failures of the data-quality and pipeline jobs, and
    successes (which clear a failure and, after a publish, look for requisitions turning at risk)."""
    watched = (DATA_QUALITY_JOB, full_run_job)

    @dg.run_failure_sensor(name="alert_failed_runs", default_status=dg.DefaultSensorStatus.RUNNING)
    def alert_failed_runs(context: dg.RunFailureSensorContext):
        if context.dagster_run.job_name not in watched:
            return dg.SkipReason(f"no alert for {context.dagster_run.job_name}")
        if not settings.mail.configured:
            return dg.SkipReason("e-mail is not configured (FUNNEL_SMTP_HOST, FUNNEL_DIGEST_FROM)")
        alert_run_failure(settings, context.instance, context.dagster_run)
        return None

    @dg.run_status_sensor(
        name="alert_after_successful_runs",
        run_status=dg.DagsterRunStatus.SUCCESS,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
    def alert_after_successful_runs(context: dg.RunStatusSensorContext):
        if context.dagster_run.job_name not in watched:
            return dg.SkipReason(f"no alert for {context.dagster_run.job_name}")
        if not settings.mail.configured:
            return dg.SkipReason("e-mail is not configured (FUNNEL_SMTP_HOST, FUNNEL_DIGEST_FROM)")
        alert_run_success(settings, context.dagster_run, full_run_job)
        return None

    return [alert_failed_runs, alert_after_successful_runs]
