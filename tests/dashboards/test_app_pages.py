"""Every page through Streamlit's AppTest: the numbers shown equal those computed here from the marts."""

import pytest
from streamlit.testing.v1 import AppTest

from orchestration.settings import ENV_WAREHOUSE
from tests.dashboards.test_workbench import table
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


def test_overview_shows_funnel_counts_and_they_follow_filters(app, generated_warehouse):
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as s, count(contacted_at) as c, count(replied_at) as r,
                                          count(interested_at) as i, count(hired_at) as h
                                          from marts.fct_prospect_funnel""",
    )
    funnel_metrics = {"Sourced", "Contacted", "Replied", "Interested", "Hired"}
    assert {label: value for label, value in metrics(app).items() if label in funnel_metrics} == {
        "Sourced": f"{fact['s']:,}",
        "Contacted": f"{fact['c']:,}",
        "Replied": f"{fact['r']:,}",
        "Interested": f"{fact['i']:,}",
        "Hired": f"{fact['h']:,}",
    }
    replied = next(m for m in app.metric if m.label == "Replied")
    assert f"{fact['r'] / fact['c'] * 100:.1f} % of contacted" in str(replied.proto.delta)
    assert len(app.get("vega_lite_chart")) >= 4
    app.sidebar.multiselect(key="filter_channel").set_value(["event"]).run()
    (event,) = rows(
        generated_warehouse,
        """select count(*) as s, count(replied_at) as r from marts.fct_prospect_funnel
                                           where channel = 'event'""",
    )
    assert metrics(app)["Sourced"] == f"{event['s']:,}" and metrics(app)["Replied"] == f"{event['r']:,}"
    assert app.query_params["channel"] in ("event", ["event"])


def test_role_funnel_shows_the_chosen_role(app, generated_warehouse):
    at = shown(app, "role_funnel")
    role = at.selectbox(key="role_page_role").value
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as s, count(contacted_at) as c, count(hired_at) as h
                                          from marts.fct_prospect_funnel where role_id = ?""",
        [role],
    )
    assert metrics(at)["Sourced"] == f"{fact['s']:,}" and metrics(at)["Contacted"] == f"{fact['c']:,}"
    benchmark = table(at, "role_benchmark")
    assert list(benchmark["role prospects"]) == [
        int(v)
        for v in rows(
            generated_warehouse,
            """
        select count(*) as v from marts.fct_prospect_funnel where role_id = ? union all
        select count(contacted_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(replied_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(interested_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(screened_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(interviewed_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(offered_at) from marts.fct_prospect_funnel where role_id = ? union all
        select count(hired_at) from marts.fct_prospect_funnel where role_id = ?""",
            [role] * 8,
        )
        for v in [v["v"]]
    ]


def test_channels_page_table_matches_fact_table(app, generated_warehouse):
    at = shown(app, "channels")
    table = at.dataframe[0].value.set_index("segment")
    for fact in rows(
        generated_warehouse,
        """select channel, count(contacted_at) as contacted, count(hired_at) as hired
                                            from marts.fct_prospect_funnel group by 1""",
    ):
        assert (table.at[fact["channel"], "contacted"], table.at[fact["channel"], "hired"]) == (
            fact["contacted"],
            fact["hired"],
        )
    assert len(at.get("vega_lite_chart")) == 4
    at.sidebar.multiselect(key="filter_seniority").set_value(["executive"]).run()
    narrowed = at.dataframe[0].value.set_index("segment")
    for fact in rows(
        generated_warehouse,
        """select f.channel, count(f.contacted_at) as contacted from marts.fct_prospect_funnel f
                                            join marts.dim_roles r using (role_id)
                                            where r.seniority = 'executive' group by 1""",
    ):
        assert narrowed.at[fact["channel"], "contacted"] == fact["contacted"]


def test_engagement_page_lists_every_finding(app, generated_warehouse):
    at = shown(app, "engagement")
    findings = rows(generated_warehouse, "select sentence from marts.fct_diagnosis_findings order by finding_rank")
    assert list(at.dataframe[0].value["sentence"]) == [f["sentence"] for f in findings]
    assert len(at.get("vega_lite_chart")) == 3


def test_outreach_page_shows_templates_and_guardrails(app, generated_warehouse):
    at = shown(app, "outreach")
    (templates,) = rows(generated_warehouse, "select count(*) as n from marts.agg_template_performance")
    assert len(at.dataframe[0].value) == templates["n"]
    guards = at.dataframe[2].value
    (after_stop,) = rows(
        generated_warehouse,
        """select sum(numerator) as n from marts.agg_guardrails
                                               where guardrail = 'messages_after_opt_out'
                                                 and scope_type = 'sequence'""",
    )
    assert guards.loc[guards["guardrail"] == "messages_after_opt_out", "numerator"].sum() == after_stop["n"]


def test_network_page_counts_reconnect_statuses(app, generated_warehouse):
    at = shown(app, "network")
    counts = {
        r["reconnect_status"]: r["n"]
        for r in rows(
            generated_warehouse, "select reconnect_status, count(*) as n from marts.fct_reconnect_pipeline group by 1"
        )
    }
    for label, value in metrics(at).items():
        assert value == f"{counts.get(label.replace(' ', '_'), 0):,}"
    at.sidebar.multiselect(key="filter_channel").set_value(["employee_referral"]).run()
    narrowed = {
        r["reconnect_status"]: r["n"]
        for r in rows(
            generated_warehouse,
            """select reconnect_status, count(*) as n
        from marts.fct_reconnect_pipeline where channel = 'employee_referral' group by 1""",
        )
    }
    for label, value in metrics(at).items():
        assert value == f"{narrowed.get(label.replace(' ', '_'), 0):,}"


def test_quality_page_shows_reconciliation_and_quarantine(app, generated_warehouse):
    at = shown(app, "quality")
    assert at.success and "Every table reconciles" in at.success[0].value
    (quarantined,) = rows(generated_warehouse, "select count(*) as n from audit.quarantine where kind = 'row'")
    assert metrics(at)["Rows quarantined"] == f"{quarantined['n']:,}"
    assert len(at.dataframe[0].value) == 10
    runs = at.dataframe[2].value
    history = rows(generated_warehouse.with_name("warehouse.history.duckdb"), "select run_id from runs")
    assert set(runs["run_id"]) == {h["run_id"] for h in history} and len(history) >= 1
    assert len(at.get("vega_lite_chart")) == 1
