"""The digest and the alerts by e-mail, received by a real SMTP server (aiosmtpd) and parsed as a mail
client would: one e-mail per reader, both parts, PNG images only, the dashboards linked, each recruiter
their own roles only, no candidate's e-mail address or profile URL anywhere."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage

import dagster as dg
import duckdb
import pandas as pd
import pytest
from aiosmtpd.controller import Controller

from dashboards.digest import requisition_table, write_digest
from dashboards.filters import Filters
from dashboards.queries import base, funnel
from orchestration.alerts import at_risk_alert, build_alert_sensors
from orchestration.definitions import FULL_RUN_JOB, build_definitions
from orchestration.quality.data_quality import DATA_QUALITY_JOB
from orchestration.weekly_digest import WEEKLY_DIGEST_JOB
from settings import load_settings
from tests.dashboards.test_browser import free_port
from tests.support import rows

DASHBOARDS = "https://funnel.acme.example"
SENDER = "funnel@acme.example"
LEADERS = ("lead.one@acme.example", "Lead.Two@acme.example")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@dataclass
class Inbox:
    """What the SMTP server accepted, and addresses it refuses (each with the number of refusals left)."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: dict[str, int] = field(default_factory=dict)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse.get(address.lower(), 0) > 0:
            self.refuse[address.lower()] -= 1
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address.lower() in (r.lower() for r in rcpt)]


@pytest.fixture
def inbox():
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, controller.port
    controller.stop()


def mail_env(port: int, **more: str) -> dict[str, str]:
    return {
        "FUNNEL_SMTP_HOST": "127.0.0.1",
        "FUNNEL_SMTP_PORT": str(port),
        "FUNNEL_SMTP_STARTTLS": "false",
        "FUNNEL_DIGEST_FROM": SENDER,
        "FUNNEL_DASHBOARD_URL": DASHBOARDS,
        "FUNNEL_LEADERS": ",".join(LEADERS),
        **more,
    }


def parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    """The text part, the HTML part and every other leaf (the images)."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    leaves = [
        p for p in message.walk() if not p.is_multipart() and p.get_content_type() not in ("text/plain", "text/html")
    ]
    return text, html, leaves


def candidate_contacts(warehouse) -> set[str]:
    """Every candidate e-mail address and profile URL the warehouse holds (raw CRM and ATS tables)."""
    found = set()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            """select table_name, column_name from duckdb_columns()
               where schema_name = 'raw' and (column_name like '%email%' or column_name like '%linkedin%')
                 and table_name not like 'team%'"""
        ).fetchall()
        for table, column in columns:
            values = con.execute(
                f'select distinct "{column}" from raw."{table}" where "{column}" is not null'
            ).fetchall()
            found |= {str(v).strip().lower() for (v,) in values if str(v).strip()}
    return found


def assert_readable_mail(message: EmailMessage, contacts: set[str]) -> tuple[str, str]:
    assert message["From"] == SENDER
    text, html, images = parts(message)
    assert text.strip() and html.strip()
    assert images and all(image.get_content_type() == "image/png" for image in images)
    assert all(image.get_content()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    referenced = set(re.findall(r'src="cid:([^"]+)"', html))
    assert referenced == {image["Content-ID"].strip("<>") for image in images}
    assert "<svg" not in html.lower() and "<script" not in html.lower() and "data:" not in html
    assert html.count(f'href="{DASHBOARDS}/') >= 5 and DASHBOARDS in text  # a link on every section
    body = (text + html).lower()
    assert not ADDRESS.findall(body), "an e-mail address in the body"
    assert "linkedin.com" not in body and not any(contact in body for contact in contacts)
    return text, html


def summary_lines(html: str) -> list[str]:
    block = html.split("The week in five lines", 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li[^>]*>(.*?)</li>", block, flags=re.S)


def test_digest_send_mails_every_leader_and_recruiter_their_own(generated_warehouse, inbox, tmp_path):
    box, port = inbox
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(generated_warehouse, warehouse)
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "digest", "--send", "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env={**os.environ, **mail_env(port)},
    )
    assert done.returncode == 0, done.stderr
    recruiters = rows(
        warehouse,
        """select r.recruiter_id, lower(r.recruiter_email) as email, list(o.role_id) as roles
           from marts.dim_recruiters r join marts.dim_roles o using (recruiter_id)
           where r.open_roles_owned > 0 group by all""",
    )
    every_role = {r["role_id"] for r in rows(warehouse, "select role_id from marts.dim_roles")}
    expected = {leader.lower() for leader in LEADERS} | {r["email"] for r in recruiters}
    received = [address.lower() for rcpt, _ in box.messages for address in rcpt]
    assert sorted(received) == sorted(expected)  # one e-mail each, nobody else
    contacts = candidate_contacts(warehouse)
    version = base.warehouse_version(warehouse)
    for leader in LEADERS:
        (message,) = box.to(leader)
        _, html = assert_readable_mail(message, contacts)
        lines = summary_lines(html)
        assert len(lines) == 5
        assert any(re.search(r"\d+\.\d % .*\([\d,]+ of [\d,]+ ", line) for line in lines)  # a rate and its denominator
        assert 1 <= html.count("Next step:") <= 3
    for recruiter in recruiters:
        (message,) = box.to(recruiter["email"])
        text, html = assert_readable_mail(message, contacts)
        assert len(summary_lines(html)) == 5
        others = every_role - set(recruiter["roles"])
        shown = set(re.findall(r"\bR\d{5}[\w-]*", text + html))
        assert not shown & others, "a role of another recruiter in a recruiter's e-mail"
        theirs = funnel.windowed_rates(version, base.Scope(tuple(sorted(recruiter["roles"]))), Filters()).iloc[0]
        assert f"({theirs['converted']:,} of {theirs['eligible']:,} prospects" in text  # their prospects only


def hostile_copy(workbench_warehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        for table in ("dim_roles", "fct_requisition_triage"):
            con.execute(
                f"""update marts.{table} set role_title = '<img src="https://evil.example/x.png"> [Apply](https://evil.example)'"""
            )
    return warehouse


def test_monday_schedule_sends_when_smtp_is_set_and_a_refused_address_loses_no_other_mail(
    workbench_warehouse, inbox, tmp_path, monkeypatch
):
    box, port = inbox
    monkeypatch.setattr("orchestration.mail.RETRY_PAUSE_SECONDS", 0.0)
    warehouse = hostile_copy(workbench_warehouse, tmp_path)
    recruiters = rows(
        warehouse, "select lower(recruiter_email) as email from marts.dim_recruiters where open_roles_owned > 0"
    )
    flaky, refused = LEADERS[0], recruiters[0]["email"]
    box.refuse = {flaky: 1, refused: 99}  # the first is accepted on the second attempt, the other never
    settings = load_settings(environ=mail_env(port), landing_dir=tmp_path, warehouse=warehouse)
    result = (
        build_definitions(settings)
        .resolve_job_def(WEEKLY_DIGEST_JOB)
        .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    )
    assert not result.success  # reported: one e-mail was not delivered
    received = sorted(address.lower() for rcpt, _ in box.messages for address in rcpt)
    expected = {leader.lower() for leader in LEADERS} | {r["email"] for r in recruiters}
    assert received == sorted(expected - {refused})
    (kept,) = (tmp_path / "digests" / "undelivered").glob("*.eml")
    assert email.message_from_bytes(kept.read_bytes())["To"].lower() == refused
    history = rows(
        settings.history_database, "select audience, reader, attempts, delivered, error from deliveries order by reader"
    )
    assert len(history) == len(expected)
    assert {(h["attempts"], h["delivered"]) for h in history if h["audience"] == "leader"} == {(1, True), (2, True)}
    (failed,) = [h for h in history if not h["delivered"]]
    assert failed["attempts"] == 3 and "451" in failed["error"] and "@" not in failed["error"]
    assert not any("@" in h["reader"] for h in history)
    _, html, _ = parts(box.to(LEADERS[1])[0])
    assert "&lt;img src=&#34;https://evil.example/x.png&#34;&gt; [Apply](https://evil.example)" in html
    assert '<img src="https://evil' not in html and 'href="https://evil' not in html


def test_no_smtp_keeps_writing_files(workbench_warehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    settings = load_settings(environ={"FUNNEL_LEADERS": LEADERS[0]}, landing_dir=tmp_path, warehouse=warehouse)
    assert not settings.mail.configured
    result = (
        build_definitions(settings)
        .resolve_job_def(WEEKLY_DIGEST_JOB)
        .execute_in_process(instance=dg.DagsterInstance.ephemeral())
    )
    assert result.success and len(list((tmp_path / "digests").glob("digest-*.html"))) >= 2


def break_contract(warehouse) -> None:
    """A recruiter listed twice: the recruiters table's primary key, a blocking rule of the contract."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into intake_state.team__recruiters select * from intake_state.team__recruiters limit 1")


def sense(sensor: dg.SensorDefinition, result, instance) -> None:
    """Evaluate a run-status sensor on a finished run, as the daemon would."""
    event = result.get_run_success_event() if result.success else result.get_run_failure_event()
    context = dg.build_run_status_sensor_context(
        sensor_name=sensor.name, dagster_event=event, dagster_instance=instance, dagster_run=result.dagster_run
    )
    sensor(context if result.success else context.for_run_failure())


def finished_run(job_name: str):
    """A run of this job that passed (a stand-in: the sensors read the run's job and the served warehouse)."""

    @dg.op
    def passed():
        return None

    @dg.job(name=job_name)
    def stand_in():
        passed()

    instance = dg.DagsterInstance.ephemeral()
    return stand_in.execute_in_process(instance=instance), instance


def test_a_failing_data_quality_run_alerts_the_leaders_once(served_copy, inbox):
    box, port = inbox
    settings = load_settings(environ=mail_env(port), warehouse=served_copy)
    definitions = build_definitions(settings)
    failed_sensor = definitions.resolve_sensor_def("alert_failed_runs")
    passed_sensor = definitions.resolve_sensor_def("alert_after_successful_runs")
    break_contract(served_copy)
    instance = dg.DagsterInstance.ephemeral()
    failed = definitions.resolve_job_def(DATA_QUALITY_JOB).execute_in_process(instance=instance, raise_on_error=False)
    assert not failed.success
    sense(failed_sensor, failed, instance)
    sense(failed_sensor, failed, instance)  # the same failure again: no second alert
    assert sorted(a.lower() for rcpt, _ in box.messages for a in rcpt) == sorted(a.lower() for a in LEADERS)
    message = box.to(LEADERS[0])[0]
    assert "Data quality check failed" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "team__recruiters.contract" in text and f'href="{DASHBOARDS}/quality"' in html
    assert not ADDRESS.findall(text + html), ADDRESS.findall(text + html)
    sense(passed_sensor, *finished_run(DATA_QUALITY_JOB))  # a passing run clears it: the next failure alerts again
    sense(failed_sensor, failed, instance)
    assert len(box.messages) == 2 * len(LEADERS)


def test_a_requisition_turning_at_risk_alerts_leaders_and_its_recruiter_once(workbench_warehouse, inbox, tmp_path):
    box, port = inbox
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, warehouse)
    settings = load_settings(environ=mail_env(port), landing_dir=tmp_path, warehouse=warehouse)
    (sensor,) = [s for s in build_alert_sensors(settings, FULL_RUN_JOB) if s.name == "alert_after_successful_runs"]

    def publish_and_sense() -> None:
        sense(sensor, *finished_run(FULL_RUN_JOB))

    (turning,) = rows(
        warehouse,
        """select h.role_id, lower(r.recruiter_email) as email from marts.fct_requisition_triage h
           join marts.dim_roles o using (role_id) join marts.dim_recruiters r on r.recruiter_id = o.recruiter_id
           where h.is_open and r.open_roles_owned > 0 order by h.role_id limit 1""",
    )
    role, owner = turning["role_id"], turning["email"]

    def set_status(status: str) -> None:
        with duckdb.connect(str(warehouse)) as con:
            con.execute("update marts.fct_requisition_triage set status = ? where role_id = ?", [status, role])

    set_status("on_track")
    publish_and_sense()  # the first look records the statuses: nothing has turned yet
    assert box.messages == []
    set_status("at_risk")
    publish_and_sense()
    publish_and_sense()  # still at risk: no repeat
    recipients = sorted(a.lower() for rcpt, _ in box.messages for a in rcpt)
    assert recipients == sorted([*(a.lower() for a in LEADERS), owner])
    text = box.to(owner)[0].get_body(preferencelist=("plain",)).get_content()
    assert role in text and "turned at risk" in text


@pytest.mark.parametrize("width", [600, 800])
def test_the_team_digest_reads_at_mail_width_with_a_screen_of_tables(generated_warehouse, browser, tmp_path, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(write_digest(generated_warehouse, tmp_path).as_uri())
    page.screenshot(path=str(tmp_path / f"digest-{width}px.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the mail
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    tables = page.evaluate("[...document.querySelectorAll('table')].reduce((s, t) => s + t.offsetHeight, 0)")
    assert 0 < tables <= 900  # one screen of tables
    body = page.evaluate("getComputedStyle(document.querySelector('li')).fontSize")
    assert float(body.removesuffix("px")) >= 13


def test_an_alert_lists_requisitions_at_risk_as_the_digest_does():
    """One table of requisitions at risk for every e-mail: the digest's columns, every row an alert names."""
    turned = pd.DataFrame(
        {
            "role_title": ["Backend Engineer"] * 7,
            "role_id": [f"R{i}" for i in range(7)],
            "remaining_openings": [2] * 7,
            "in_flight": [1] * 7,
            "chance_to_fill": [0.125] * 7,
            "status_reason": ["1 in process for 2 openings left; few first contacts"] * 7,
        }
    )
    table = at_risk_alert(turned, "").table
    assert list(table.columns) == ["Role", "Remaining openings", "People in process", "Chance to fill", "Why"]
    assert len(table) == 7 and table.iloc[0]["Why"] == "1 in process for 2 openings left"
    assert table.head(5).equals(requisition_table(turned))
