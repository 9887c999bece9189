"""The leader's weekly view on the Overview and the weekly digest: the digest's numbers are the pages'."""

import io
import os
import re
import shutil
import subprocess
import sys

import dagster as dg
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from contract.labels import ENUM_LABELS
from dashboards.digest import write_digest
from dashboards.filters import Filters
from dashboards.queries import base, diagnosis
from orchestration.definitions import build_definitions
from orchestration.weekly_digest import WEEKLY_DIGEST_JOB
from settings import ENV_WAREHOUSE, load_settings
from tests.dashboards.test_workbench import LIST_LABELS, table
from tests.support import ROOT, rows

APP = str(ROOT / "dashboards" / "app.py")
REVERSE_LABELS = {text: code for code, text in ENUM_LABELS.items()}  # tables show labels: back to the marts' codes


@pytest.fixture
def overview(generated_warehouse, monkeypatch) -> AppTest:
    monkeypatch.setenv(ENV_WAREHOUSE, str(generated_warehouse))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def latest_weeks(warehouse) -> list[dict]:
    return rows(warehouse, "select * from marts.agg_weekly_activity where is_complete order by week_start desc limit 5")


# the Overview leads with the week's conversations (first replies) and outbound hires: the weekly mart's numbers
OVERVIEW_WEEK = {"replied": "Conversations started", "hired": "Outbound hires"}


def test_the_overview_leads_with_last_weeks_conversations_and_hires(overview, generated_warehouse):
    latest, *before = latest_weeks(generated_warehouse)
    shown = {m.label: m for m in overview.metric}
    for metric, caption in OVERVIEW_WEEK.items():
        average = sum(week[metric] for week in before) / len(before)
        assert shown[caption].value == f"{latest[metric]:,}"
        assert f"vs {average:,.1f} a week in the 4 weeks before" in str(shown[caption].proto.delta)
    assert any(f"Last week: {latest['week_start']:%d %b}" in s.value for s in overview.subheader)
    (unanswered,) = rows(
        generated_warehouse,
        """select numerator, denominator from marts.agg_guardrails
           where guardrail = 'four_plus_unanswered_touches' and scope_type = 'all'""",
    )
    tile = shown["4+ unanswered touches"]
    assert tile.value == f"{unanswered['numerator'] / unanswered['denominator'] * 100:.1f} %"
    assert f"of {unanswered['denominator']:,} contacted; 95 % CI" in str(tile.proto.delta)
    assert "Messages per hire" in shown


def test_hires_by_channel_counts_and_shares(overview, generated_warehouse):
    mart = {
        r["channel"]: r["hires"]
        for r in rows(
            generated_warehouse, "select channel, hires from marts.agg_hire_attribution where attribution = 'prospect'"
        )
    }
    shown = table(overview, "hires_by_channel").set_index("channel").rename(index=REVERSE_LABELS)
    assert shown["hires"].to_dict() == mart
    assert shown["share_rate"].to_dict() == pytest.approx(
        {c: h / sum(mart.values()) for c, h in mart.items()}, abs=1e-6
    )
    (hires,) = rows(
        generated_warehouse,
        """select (select count(hired_at) from marts.fct_prospect_funnel) as outbound,
                  (select count(hired_at) from intermediate.int_applications_summarized) as ats""",
    )
    outbound = next(m for m in overview.metric if m.label == "Outbound hires, all time")
    assert outbound.value == f"{hires['outbound']:,}"
    assert f"{hires['outbound'] / hires['ats'] * 100:.1f} % of every ATS hire" in str(outbound.proto.delta)


def digest_tables(path) -> list[pd.DataFrame]:
    return pd.read_html(io.StringIO(path.read_text(encoding="utf-8")), flavor="lxml")


def test_digest_numbers_equal_the_overview(overview, generated_warehouse, tmp_path):
    path = write_digest(generated_warehouse, tmp_path)
    page = path.read_text(encoding="utf-8")
    week = re.search(
        r"This week \(the team\): ([\d,]+) first contacts, ([\d,]+) replies, ([\d,]+) newly interested, "
        r"([\d,]+) outbound hires?",
        page,
    )
    shown = {m.label: m.value for m in overview.metric}
    digest_week = dict(zip(("contacted", "replied", "interested", "hired"), week.groups()))
    for metric, caption in OVERVIEW_WEEK.items():  # the Overview leads with two of the week's numbers
        assert digest_week[metric] == shown[caption]
    assert page.count("data:image/png;base64,") >= 2 and "<svg" not in page
    assert not re.search(r"""(src|href)=["']?https?:(?!//127\.0\.0\.1:8501/)""", page)
    top = diagnosis.findings(base.warehouse_version(generated_warehouse), base.EVERYTHING, Filters(), limit=3)
    for finding in top.itertuples():
        rate = f"{finding.subject_rate * 100:.1f} %"
        assert f"{rate} ({finding.subject_converted:,} of {finding.subject_eligible:,})" in page


def test_recruiters_digest_counts_what_their_role_page_lists(generated_warehouse, monkeypatch, tmp_path):
    (recruiter,) = rows(
        generated_warehouse,
        """select r.recruiter_id, r.recruiter_email from marts.dim_recruiters r
           join marts.fct_work_lists w using (recruiter_id) group by all order by count(*) desc limit 1""",
    )
    path = write_digest(generated_warehouse, tmp_path, recruiter["recruiter_email"].upper())
    assert path.name.endswith(f"-{recruiter['recruiter_id']}.html")
    (lists,) = [t for t in digest_tables(path) if "Work list" in t.columns]
    counts = dict(zip(lists["Work list"], lists["People"].map(lambda n: f"{n:,}")))
    monkeypatch.setenv(ENV_WAREHOUSE, str(generated_warehouse))
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.switch_page("views/role_funnel.py").run()
    at.selectbox(key="role_page_recruiter").set_value(recruiter["recruiter_id"]).run()
    shown = {m.label: m.value for m in at.metric}
    assert {label: shown[label] for label in LIST_LABELS.values()} == {
        label: counts[label] for label in LIST_LABELS.values()
    }
    text = path.read_text(encoding="utf-8")
    assert "@" not in text.split("<h2", 1)[1] and "linkedin.com" not in text


def test_digest_command_and_an_unknown_recruiter(workbench_warehouse, tmp_path):
    command = [sys.executable, "-m", "orchestration.cli", "digest", "--warehouse", str(workbench_warehouse)]
    done = subprocess.run([*command, "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (written,) = tmp_path.glob("digest-*.html")
    page = written.read_text(encoding="utf-8")
    assert "The week in five lines" in page and "Next step:" in page  # an empty findings mart: roles at risk
    unknown = subprocess.run(
        [*command, "--out", str(tmp_path), "--recruiter", "nobody@acme.example"], capture_output=True, text=True
    )
    assert unknown.returncode == 2 and "no recruiter" in unknown.stderr
    without_smtp = {k: v for k, v in os.environ.items() if not k.startswith(("FUNNEL_SMTP", "FUNNEL_DIGEST_FROM"))}
    unset = subprocess.run([*command, "--send"], capture_output=True, text=True, env=without_smtp)
    assert unset.returncode == 2 and "FUNNEL_SMTP_HOST" in unset.stderr


def test_monday_schedule_writes_the_team_and_each_recruiters_with_open_roles(workbench_warehouse, tmp_path):
    served = tmp_path / "w.duckdb"
    shutil.copyfile(workbench_warehouse, served)
    definitions = build_definitions(load_settings(environ={}, landing_dir=tmp_path, warehouse=served))
    schedule = definitions.resolve_schedule_def("monday_digest")
    assert schedule.cron_schedule == "0 7 * * 1" and schedule.job_name == WEEKLY_DIGEST_JOB
    result = definitions.resolve_job_def(WEEKLY_DIGEST_JOB).execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success
    written = sorted(p.name for p in (tmp_path / "digests").glob("*.html"))
    assert written == ["digest-2026-06-22-rec1.html", "digest-2026-06-22.html"]  # rec2's roles are closed
    ana = (tmp_path / "digests" / "digest-2026-06-22-rec1.html").read_text(encoding="utf-8")
    assert "Ana Recruiter" in ana and "(RA)" in ana and "(RC)" not in ana and "(RD)" not in ana
