"""The dashboards' data layer and chart builders, without Streamlit running."""

import altair as alt
import pandas as pd
import pytest
from scipy.stats import binomtest

from dashboards import charts, data
from dashboards.filters import Filters
from dashboards.stats import wilson_interval
from tests.support import rows


@pytest.fixture
def version(generated_warehouse):
    return data.warehouse_version(generated_warehouse)


def test_wilson_matches_scipy_and_the_dbt_marts(generated_warehouse):
    low, high = wilson_interval(pd.Series([0, 12, 50]), pd.Series([10, 40, 50]))
    for (x, n), lo, hi in zip([(0, 10), (12, 40), (50, 50)], low, high):
        ci = binomtest(x, n).proportion_ci(method="wilson")
        assert (lo, hi) == (pytest.approx(ci.low, abs=2e-6), pytest.approx(ci.high, abs=2e-6))
    mart = rows(
        generated_warehouse,
        """select segment_value, replied, contacted, reply_ci_low, reply_ci_high
                                       from marts.agg_funnel_by_segment where segment_type = 'channel'""",
    )
    lows, highs = wilson_interval(pd.Series([m["replied"] for m in mart]), pd.Series([m["contacted"] for m in mart]))
    assert list(lows) == pytest.approx([m["reply_ci_low"] for m in mart], abs=1e-6)
    assert list(highs) == pytest.approx([m["reply_ci_high"] for m in mart], abs=1e-6)


def test_unfiltered_counts_equal_the_funnel_mart(version, generated_warehouse):
    mine = data.stage_counts(version, Filters(), "Channel").set_index("segment")
    mart = {
        r["segment_value"]: r
        for r in rows(generated_warehouse, "select * from marts.agg_funnel_by_segment where segment_type = 'channel'")
    }
    for channel, row in mine.iterrows():
        assert {s: int(row[s]) for s in data.STAGES} == {s: mart[channel][s] for s in data.STAGES}
        assert row["reply_rate"] == pytest.approx(mart[channel]["reply_rate"], abs=1e-6)


def test_filters_narrow_every_count_to_matching_prospects(version, generated_warehouse):
    filters = Filters(channel=("employee_referral",), seniority=("senior", "lead"))
    (mine,) = data.stage_counts(version, filters).to_dict("records")
    (fact,) = rows(
        generated_warehouse,
        """
        select count(*) as sourced, count(contacted_at) as contacted, count(replied_at) as replied,
               count(hired_at) as hired
        from marts.fct_prospect_funnel f join marts.dim_roles r using (role_id)
        where f.channel = 'employee_referral' and r.seniority in ('senior', 'lead')""",
    )
    assert {k: mine[k] for k in fact} == fact


def test_date_filter_keeps_prospects_first_contacted_in_range(version, generated_warehouse):
    from datetime import date

    filters = Filters(contacted_from=date(2026, 3, 1), contacted_to=date(2026, 3, 31))
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as n from marts.fct_prospect_funnel
                                          where contacted_at >= '2026-03-01' and contacted_at < '2026-04-01'""",
    )
    assert data.stage_counts(version, filters).at[0, "sourced"] == fact["n"] > 0


def test_filter_values_are_parameters_not_sql(version):
    hostile = Filters(channel=("x' or '1'='1",), role=("R1'); drop table marts.fct_prospect_funnel; --",))
    assert data.stage_counts(version, hostile).empty
    assert not data.stage_counts(version, Filters()).empty
    with pytest.raises(KeyError):
        data.stage_counts(version, Filters(), "channel; drop table x")


def test_no_personal_data_reaches_the_dashboards(version):
    frames = [
        data.reconnect_pipeline(version, Filters()),
        data.quarantine(version),
        data.findings(version),
        data.templates(version),
        data.freshness(version),
    ]
    for frame in frames:
        assert not {"email", "linkedin_url", "full_name", "raw_values"} & set(frame.columns)
        text = frame.astype(str).to_string()
        assert "@" not in text and "linkedin.com" not in text
    # the work lists show a person's name (to act on), never their e-mail or profile URL
    roles = tuple(r["role_id"] for r in rows(version[0], "select role_id from marts.dim_roles"))
    lists = data.work_lists(version, roles)
    assert len(lists) > 0 and lists["full_name"].notna().all()
    assert not {"email", "linkedin_url"} & set(lists.columns)
    text = lists.astype(str).to_string()
    assert "@" not in text and "linkedin.com" not in text


def test_missing_warehouse_is_reported_not_crashed(tmp_path):
    with pytest.raises(data.NoWarehouse, match="funnel run"):
        data.warehouse_version(tmp_path / "none.duckdb")


def test_chart_tooltips_name_numerator_and_denominator(version):
    frame = data.stage_counts(version, Filters(), "Channel")
    chart = charts.rate_bars(frame, "segment", "reply_rate", "replied", "contacted", "replied / contacted")
    spec = chart.to_dict()
    tooltip_fields = {t["field"] for layer in spec["layer"] for t in layer["encoding"].get("tooltip", [])}
    assert {"replied", "contacted", "reply_ci_low", "reply_ci_high", "sample"} <= tooltip_fields
    assert alt.theme.active == "funnel"
    steps = data.funnel_steps(data.stage_counts(version, Filters()).iloc[0])
    assert list(steps["stage"]) == list(data.STAGES)
    assert steps.loc[steps["stage"] == "replied", "step_rate"].item() == pytest.approx(
        steps.loc[2, "prospects"] / steps.loc[1, "prospects"], abs=1e-6
    )
    for builder in (
        charts.funnel(steps),
        charts.turndown_bars(data.turndowns(version, Filters())),
        charts.heatmap(
            data.send_time(version, Filters()),
            "hour_utc",
            "weekday",
            "reply_rate",
            "replied",
            "contacted",
            "replied / contacted",
        ),
    ):
        assert builder.to_dict()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_small_samples_are_flagged(version):
    frame = data.stage_counts(version, Filters(), "Role")
    assert (frame["is_small_sample"] == (frame["contacted"] < 30)).all()


def test_replies_by_touch_and_turndowns_equal_the_funnel_mart(version, generated_warehouse):
    touches = data.replies_by_touch(version, Filters())
    expected = {
        r["touch"]: r["replies"]
        for r in rows(
            generated_warehouse,
            """
        select least(touches_to_reply, 6) as touch, count(*) as replies from marts.fct_prospect_funnel
        where touches_to_reply is not null group by 1""",
        )
    }
    (contacted,) = rows(generated_warehouse, "select count(contacted_at) as n from marts.fct_prospect_funnel")
    assert dict(zip(touches["touch"], touches["replies"])) == {t: expected.get(t, 0) for t in range(1, 7)}
    assert set(touches["contacted"]) == {contacted["n"]}
    turndowns = data.turndowns(version, Filters()).set_index("furthest_stage")
    for fact in rows(
        generated_warehouse,
        """
            select furthest_stage, count(*) as prospects, count(*) filter (where outcome = 'rejected') as by_company
            from marts.fct_prospect_funnel group by 1""",
    ):
        assert (
            turndowns.at[fact["furthest_stage"], "prospects"],
            turndowns.at[fact["furthest_stage"], "by_company"],
        ) == (fact["prospects"], fact["by_company"])


def test_reconnect_list_filters_like_every_other_view(version, generated_warehouse):
    filters = Filters(seniority=("senior", "lead"), channel=("professional_network",))
    mine = set(data.reconnect_pipeline(version, filters)["prospect_id"])
    expected = {
        r["prospect_id"]
        for r in rows(
            generated_warehouse,
            """
        select r.prospect_id from marts.fct_reconnect_pipeline r
        join marts.fct_prospect_segments s using (prospect_id)
        where s.seniority in ('senior', 'lead') and s.channel = 'professional_network'""",
        )
    }
    assert mine == expected and 0 < len(mine) < len(data.reconnect_pipeline(version, Filters()))
