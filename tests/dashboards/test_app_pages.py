"""Every page through Streamlit's AppTest: the numbers shown equal those computed here from the marts."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from contract import vocabulary as V
from contract.labels import label
from contract.tables import TABLES
from dashboards.text import escape_markdown
from settings import ENV_WAREHOUSE
from tests.support import ROOT, rows

APP = str(ROOT / "dashboards" / "app.py")


@pytest.fixture
def app(generated_warehouse, monkeypatch):
    monkeypatch.setenv(ENV_WAREHOUSE, str(generated_warehouse))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def shown(at, page: str):
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at, column: str):
    """The table on the page that has this column (tables are located by what they hold, not where)."""
    (frame,) = [df.value for df in at.dataframe if column in df.value.columns]
    return frame


def finding_lines(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**") and ".** " in m.value]


def test_overview_shows_funnel_counts_and_they_follow_filters(app, generated_warehouse):
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as s, count(contacted_at) as c, count(replied_at) as r,
                  count(interested_at) as i, count(hired_at) as h
           from marts.fct_prospect_funnel""",
    )
    shown_metrics = metrics(app)
    assert {k: shown_metrics[k] for k in ("Sourced", "Contacted", "Replied", "Interested", "Hired")} == {
        "Sourced": f"{fact['s']:,}",
        "Contacted": f"{fact['c']:,}",
        "Replied": f"{fact['r']:,}",
        "Interested": f"{fact['i']:,}",
        "Hired": f"{fact['h']:,}",
    }
    (windowed,) = rows(
        generated_warehouse,
        """select rate, converted, eligible from marts.agg_windowed_rates
           where segment_type = 'all' and cohort_month is null and stage = 'replied' and window_days = 30""",
    )
    assert shown_metrics["Reply rate within 30 days"] == f"{windowed['rate']:.1%}"
    reply = next(m for m in app.metric if m.label == "Reply rate within 30 days")
    assert f"{windowed['converted']:,} of {windowed['eligible']:,} eligible" in str(reply.proto.delta)
    assert "contacted at least 30 days before" in reply.proto.help
    assert len(app.get("vega_lite_chart")) >= 4
    app.sidebar.multiselect(key="filter_channel").set_value(["event"]).run()
    (event,) = rows(
        generated_warehouse,
        "select count(*) as s, count(replied_at) as r from marts.fct_prospect_funnel where channel = 'event'",
    )
    assert metrics(app)["Sourced"] == f"{event['s']:,}" and metrics(app)["Replied"] == f"{event['r']:,}"
    assert app.query_params["channel"] in ("event", ["event"])


def test_date_filter_keeps_never_contacted_prospects_in_sourced(app, generated_warehouse):
    app.sidebar.date_input(key="filter_dates").set_value((date(2026, 3, 1), date(2026, 3, 31))).run()
    assert not app.exception, [e.value for e in app.exception]
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as s, count(contacted_at) as c from marts.fct_prospect_funnel
           where sourced_at >= '2026-03-01' and sourced_at < '2026-04-01'""",
    )
    assert metrics(app)["Sourced"] == f"{fact['s']:,}" and metrics(app)["Contacted"] == f"{fact['c']:,}"
    assert fact["s"] > fact["c"]
    assert any("filters on when prospects were sourced (sourced_at)" in c.value for c in app.caption)


def test_role_funnel_shows_the_chosen_role(app, generated_warehouse):
    at = shown(app, "role_funnel")
    role = at.selectbox(key="role_page_role").value
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as s, count(contacted_at) as c from marts.fct_prospect_funnel where role_id = ?""",
        [role],
    )
    assert metrics(at)["Sourced"] == f"{fact['s']:,}" and metrics(at)["Contacted"] == f"{fact['c']:,}"
    benchmark = table_with(at, "role prospects").set_index("stage")
    counts = rows(
        generated_warehouse,
        f"""select {", ".join(f"count({s}_at) as {s}" for s in V.FUNNEL_STAGES[1:])}, count(*) as sourced
            from marts.fct_prospect_funnel where role_id = ?""",
        [role],
    )[0]
    assert {s: int(benchmark.at[label(s), "role prospects"]) for s in V.FUNNEL_STAGES} == counts
    (reply,) = rows(
        generated_warehouse,
        """select rate from marts.agg_windowed_rates where segment_type = 'role_id' and segment_value = ?
           and cohort_month is null and stage = 'replied' and window_days = 30""",
        [role],
    )
    assert benchmark.at["Replied", "role rate (within window)"] == pytest.approx(reply["rate"], abs=1e-4)


def test_channels_page_table_matches_the_marts(app, generated_warehouse):
    at = shown(app, "channels")
    table = table_with(at, "Reply rate within 30 days").set_index("channel")
    for fact in rows(
        generated_warehouse,
        """select channel, count(contacted_at) as contacted, count(hired_at) as hired
           from marts.fct_prospect_funnel group by 1""",
    ):
        assert (table.at[label(fact["channel"]), "contacted"], table.at[label(fact["channel"]), "hired"]) == (
            fact["contacted"],
            fact["hired"],
        )
    for mart in rows(
        generated_warehouse,
        """select segment_value, rate from marts.agg_windowed_rates
           where segment_type = 'channel' and cohort_month is null and stage = 'hired' and window_days = 120""",
    ):
        hire_rate = table.at[label(mart["segment_value"]), "Hire rate within 120 days"]
        assert hire_rate == pytest.approx(mart["rate"], abs=1e-6)
    assert len(at.get("vega_lite_chart")) == 9  # rates, two survival curves, targeting, grid, volume and quality
    at.sidebar.multiselect(key="filter_seniority").set_value(["executive"]).run()
    narrowed = table_with(at, "Reply rate within 30 days").set_index("channel")
    for fact in rows(
        generated_warehouse,
        """select f.channel, count(f.contacted_at) as contacted from marts.fct_prospect_funnel f
           join marts.dim_roles r using (role_id) where r.seniority = 'executive' group by 1""",
    ):
        assert narrowed.at[label(fact["channel"]), "contacted"] == fact["contacted"]


def test_engagement_page_lists_every_finding_and_findings_follow_the_filters(app, generated_warehouse):
    at = shown(app, "engagement")
    findings = rows(
        generated_warehouse,
        "select finding_rank, sentence, suggested_action from marts.fct_diagnosis_findings order by 1",
    )
    assert list(table_with(at, "sentence")["sentence"]) == [f["sentence"] for f in findings]
    # numbered 1..n in the order shown, each sentence and its next step as text (markdown escaped)
    assert finding_lines(at) == [
        f"**{f['finding_rank']}.** {escape_markdown(f['sentence'])}  \n"
        f"**Next step:** {escape_markdown(f['suggested_action'])}"
        for f in findings
    ]
    assert [f["finding_rank"] for f in findings] == list(range(1, len(findings) + 1))
    checked = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert len(checked) == 1 and checked[0].count("\n- ") == len(V.DIAGNOSIS_EXPLANATIONS) - 1
    assert any(c.value.startswith("Scope: all prospects (") for c in at.caption)
    at.sidebar.multiselect(key="filter_department").set_value(["Data"]).run()
    assert not at.exception, [e.value for e in at.exception]
    narrowed = table_with(at, "sentence")
    assert set(narrowed["sentence"]) != {f["sentence"] for f in findings} and len(narrowed) > 0
    (data_team,) = rows(
        generated_warehouse,
        """select sum(is_eligible_30d) as eligible from marts.fct_prospect_windows where department = 'Data'""",
    )
    assert any(c.value.startswith(f"Scope: department Data ({data_team['eligible']:,} prospects") for c in at.caption)
    assert (narrowed["subject_eligible"] <= data_team["eligible"]).all()
    assert len(at.get("vega_lite_chart")) == 3


def test_outreach_page_shows_follow_ups_templates_and_guardrails(app, generated_warehouse):
    at = shown(app, "outreach")
    templates = table_with(at, "template_id")
    (first_touch,) = rows(
        generated_warehouse,
        "select count(distinct first_template_id) as n from marts.fct_prospect_segments where is_contacted = 1",
    )
    assert len(templates) == first_touch["n"]
    guards = table_with(at, "guardrail")
    (after_stop,) = rows(
        generated_warehouse,
        """select sum(numerator) as n from marts.agg_guardrails
           where guardrail = 'messages_after_opt_out' and scope_type = 'sequence'""",
    )
    after_stop_rows = guards[guards["guardrail"] == "Messages after an opt-out or decline"]
    assert after_stop_rows["numerator"].sum() == after_stop["n"]
    assert guards.index[guards["is_breached"] == "Yes"].max() < guards.index[guards["is_breached"] == "No"].min()
    # follow-up replies and opt-outs, multi- against single-channel, time to reply, send time
    assert len(at.get("vega_lite_chart")) == 6
    at.sidebar.multiselect(key="filter_department").set_value(["Engineering"]).run()
    narrowed = table_with(at, "template_id")
    assert set(narrowed["sequence_id"]) <= {"eng-core", "eng-story", "exec-search"}


def test_network_page_counts_reconnect_statuses_per_person(app, generated_warehouse):
    at = shown(app, "network")
    counts = {
        r["reconnect_status"]: r["n"]
        for r in rows(
            generated_warehouse, "select reconnect_status, count(*) as n from marts.fct_reconnect_pipeline group by 1"
        )
    }
    shown_counts = metrics(at)
    assert set(shown_counts) == {label(s) for s in V.RECONNECT_STATUSES}
    for status in V.RECONNECT_STATUSES:
        assert shown_counts[label(status)] == f"{counts.get(status, 0):,}"
    at.sidebar.multiselect(key="filter_channel").set_value(["employee_referral"]).run()
    narrowed = {
        r["reconnect_status"]: r["n"]
        for r in rows(
            generated_warehouse,
            """select reconnect_status, count(*) as n
        from marts.fct_reconnect_pipeline where channel = 'employee_referral' group by 1""",
        )
    }
    for status in V.RECONNECT_STATUSES:
        assert metrics(at)[label(status)] == f"{narrowed.get(status, 0):,}"


def test_quality_page_shows_reconciliation_and_quarantine(app, generated_warehouse):
    at = shown(app, "quality")
    assert at.success and "Every table reconciles" in at.success[0].value
    (quarantined,) = rows(generated_warehouse, "select count(*) as n from audit.quarantine where kind = 'row'")
    assert metrics(at)["Rows quarantined"] == f"{quarantined['n']:,}"
    assert len(table_with(at, "balanced")) == len(TABLES)
    assert "No Greenhouse or Lever stages" in at.info[0].value  # the contract's ats/* tables: nothing to map
    runs = table_with(at, "run_id")
    history = rows(generated_warehouse.with_name("warehouse.history.duckdb"), "select run_id from runs")
    assert set(runs["run_id"]) == {h["run_id"] for h in history} and len(history) >= 1
    assert len(at.get("vega_lite_chart")) == 1
