"""The dashboards' data layer and chart builders, without Streamlit running."""

from datetime import date

import altair as alt
import pandas as pd
import pytest
from scipy.stats import binomtest

from contract import vocabulary as V
from contract import windows as W
from dashboards import charts
from dashboards.filters import Filters
from dashboards.queries import base, engagement, funnel, network, outreach, overview, quality, reference, workbench
from dashboards.queries import diagnosis as diagnosis_queries
from dashboards.queries.base import EVERYTHING
from insights import diagnosis
from insights.rates import wilson_interval
from tests.support import rows


@pytest.fixture
def version(generated_warehouse):
    return base.warehouse_version(generated_warehouse)


def test_wilson_matches_scipy_and_the_dbt_marts(generated_warehouse):
    low, high = wilson_interval(pd.Series([0, 12, 50]), pd.Series([10, 40, 50]))
    for (x, n), lo, hi in zip([(0, 10), (12, 40), (50, 50)], low, high):
        ci = binomtest(x, n).proportion_ci(method="wilson")
        assert (lo, hi) == (pytest.approx(ci.low, abs=2e-6), pytest.approx(ci.high, abs=2e-6))
    mart = rows(
        generated_warehouse,
        """select converted, eligible, ci_low, ci_high from marts.agg_windowed_rates
           where segment_type = 'channel' and cohort_month is null""",
    )
    lows, highs = wilson_interval(pd.Series([m["converted"] for m in mart]), pd.Series([m["eligible"] for m in mart]))
    assert list(lows) == pytest.approx([m["ci_low"] for m in mart], abs=1e-6)
    assert list(highs) == pytest.approx([m["ci_high"] for m in mart], abs=1e-6)


def test_unfiltered_counts_equal_the_fact_table(version, generated_warehouse):
    mine = funnel.stage_counts(version, EVERYTHING, Filters(), "Channel").set_index("segment")
    for fact in rows(
        generated_warehouse,
        f"""select channel, count(*) as sourced, {", ".join(f"count({s}_at) as {s}" for s in V.FUNNEL_STAGES[1:])}
            from marts.fct_prospect_funnel group by 1""",
    ):
        assert {s: int(mine.at[fact["channel"], s]) for s in V.FUNNEL_STAGES} == {s: fact[s] for s in V.FUNNEL_STAGES}


@pytest.mark.parametrize("window", [W.REPLY_WINDOW, W.HIRE_WINDOW])
def test_windowed_rates_equal_the_published_mart(version, generated_warehouse, window):
    mine = funnel.windowed_rates(version, EVERYTHING, Filters(), "Channel", window).set_index("segment")
    mart = rows(
        generated_warehouse,
        """select * from marts.agg_windowed_rates
           where segment_type = 'channel' and cohort_month is null and stage = ? and window_days = ?""",
        list(window),
    )
    assert len(mart) == len(mine)
    for m in mart:
        row = mine.loc[m["segment_value"]]
        assert (row["eligible"], row["converted"], row["in_window"]) == (m["eligible"], m["converted"], m["in_window"])
        assert row["rate"] == pytest.approx(m["rate"], abs=1e-6)
    trend = overview.cohort_trend(version, EVERYTHING, Filters(), window)
    (overall,) = [
        r
        for r in rows(
            generated_warehouse,
            """select sum(eligible) as eligible from marts.agg_windowed_rates
           where segment_type = 'all' and cohort_month is not null and stage = ? and window_days = ?""",
            list(window),
        )
    ]
    assert trend["eligible"].sum() == overall["eligible"]


def test_filters_narrow_every_count_to_matching_prospects(version, generated_warehouse):
    filters = Filters(channel=("employee_referral",), seniority=("senior", "lead"))
    (mine,) = funnel.stage_counts(version, EVERYTHING, filters).to_dict("records")
    (fact,) = rows(
        generated_warehouse,
        """
        select count(*) as sourced, count(contacted_at) as contacted, count(replied_at) as replied,
               count(hired_at) as hired
        from marts.fct_prospect_funnel f join marts.dim_roles r using (role_id)
        where f.channel = 'employee_referral' and r.seniority in ('senior', 'lead')""",
    )
    assert {k: mine[k] for k in fact} == fact


def test_date_filter_keeps_never_contacted_prospects_in_sourced(version, generated_warehouse):
    filters = Filters(sourced_from=date(2026, 3, 1), sourced_to=date(2026, 3, 31))
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as sourced, count(contacted_at) as contacted from marts.fct_prospect_funnel
           where sourced_at >= '2026-03-01' and sourced_at < '2026-04-01'""",
    )
    counts = funnel.stage_counts(version, EVERYTHING, filters).iloc[0]
    assert (counts["sourced"], counts["contacted"]) == (fact["sourced"], fact["contacted"])
    assert counts["sourced"] > counts["contacted"] > 0


def test_filter_values_are_parameters_not_sql(version):
    hostile = Filters(channel=("x' or '1'='1",), role=("R1'); drop table marts.fct_prospect_funnel; --",))
    assert funnel.stage_counts(version, EVERYTHING, hostile).at[0, "sourced"] == 0
    assert funnel.stage_counts(version, EVERYTHING, Filters()).at[0, "sourced"] > 0
    with pytest.raises(KeyError):
        funnel.stage_counts(version, EVERYTHING, Filters(), "channel; drop table x")
    with pytest.raises(KeyError):
        funnel.windowed_rates(version, EVERYTHING, Filters(), window=("replied; drop table x", 30))


def test_findings_follow_the_filters(version, generated_warehouse):
    published = rows(generated_warehouse, "select * from marts.agg_diagnosis_counts")
    unfiltered = diagnosis_queries.diagnosis_counts(version, EVERYTHING, Filters())
    merged = unfiltered.merge(
        pd.DataFrame(published),
        on=list(diagnosis_queries.DIAGNOSIS_STRATA),
        suffixes=("", "_mart"),
        validate="one_to_one",
    )
    assert len(merged) == len(published) == len(unfiltered)
    assert (merged["eligible"] == merged["eligible_mart"]).all() and (
        merged["converted"] == merged["converted_mart"]
    ).all()
    # the page's function on unfiltered counts gives the published findings
    recomputed = diagnosis.diagnose(unfiltered, reference.role_labels(version, EVERYTHING))
    mart = diagnosis_queries.findings(version, EVERYTHING, Filters())
    assert list(recomputed["sentence"]) == list(mart["sentence"])
    data_team = Filters(department=("Data",))
    narrowed = diagnosis_queries.findings(version, EVERYTHING, data_team)
    assert list(narrowed["sentence"]) == list(
        diagnosis.diagnose(
            diagnosis_queries.diagnosis_counts(version, EVERYTHING, data_team),
            reference.role_labels(version, EVERYTHING),
        )["sentence"]
    )
    assert set(narrowed["sentence"]) != set(mart["sentence"])
    assert narrowed["subject_eligible"].max() < mart["subject_eligible"].max()


def test_counts_narrowed_by_roles_alone_equal_the_observations_of_those_roles(version, generated_warehouse):
    """A recruiter's scope or a role filter reads the published counts of those roles: the same sums
    as the prospects' observations of those roles (any other filter sums the observations)."""
    roles = tuple(
        r["role_id"] for r in rows(generated_warehouse, "select role_id from marts.dim_roles order by 1 limit 3")
    )
    strata = ", ".join(diagnosis_queries.DIAGNOSIS_STRATA)
    summed = rows(
        generated_warehouse,
        f"""select {strata}, sum(eligible) as eligible, sum(converted) as converted
            from marts.fct_diagnosis_observations where list_contains(?, role_id) group by all""",
        [list(roles)],
    )

    def in_order(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values(list(diagnosis_queries.DIAGNOSIS_STRATA), na_position="first").reset_index(drop=True)

    expected = in_order(pd.DataFrame(summed))
    assert len(expected) > 100
    for scope, filters in (
        (EVERYTHING, Filters(role=roles)),
        (base.Scope(roles), Filters()),
        (base.Scope((*roles, "not-a-role")), Filters(role=(*roles, "another"))),
    ):
        counts = in_order(diagnosis_queries.diagnosis_counts(version, scope, filters))
        pd.testing.assert_frame_equal(counts, expected, check_dtype=False)


def test_survival_counts_and_curves(version, generated_warehouse):
    counts = funnel.survival_counts(version, EVERYTHING, Filters(), "replied", "Channel")
    totals = counts.groupby("segment")[["events", "censored"]].sum()
    for fact in rows(
        generated_warehouse,
        """select channel, count(replied_at) as replied, count(*) - count(replied_at) as waiting
           from marts.fct_prospect_funnel where contacted_at is not null group by 1""",
    ):
        assert tuple(totals.loc[fact["channel"]]) == (fact["replied"], fact["waiting"])
    curves = funnel.survival_curves(version, EVERYTHING, Filters(), "replied", "Channel")
    windowed = funnel.windowed_rates(version, EVERYTHING, Filters(), "Channel", W.REPLY_WINDOW).set_index("segment")
    by_30 = curves[curves["day"] <= 30].groupby("segment")["converted"].last()
    for channel, share in by_30.items():
        assert share == pytest.approx(windowed.at[channel, "rate"], abs=0.02)  # both: replied within 30 days
    with pytest.raises(KeyError):
        funnel.survival_counts(version, EVERYTHING, Filters(), "screened")


def test_follow_ups_count_replies_among_the_still_silent(version, generated_warehouse):
    touches = outreach.follow_up_steps(version, EVERYTHING, Filters()).set_index("touch")
    for fact in rows(
        generated_warehouse,
        """with eligible as (
               select f.* from marts.fct_prospect_funnel f cross join marts.dim_data_as_of a
               where f.contacted_at + interval 30 day <= a.data_as_of)
           select t.range as touch,
                  count(*) filter (where delivered_messages >= t.range and (touches_to_reply is null
                                   or touches_to_reply >= t.range)) as silent,
                  count(*) filter (where case when touches_to_reply >= 6 then 6 else touches_to_reply end = t.range)
                      as replies,
                  count(*) filter (where case when touches_to_reply >= 6 then 6 else touches_to_reply end = t.range
                                   and outcome = 'opted_out') as opt_outs
           from range(1, 7) t cross join eligible group by 1""",
    ):
        row = touches.loc[fact["touch"]]
        assert (row["still_silent"], row["replied"], row["opted_out"]) == (
            fact["silent"],
            fact["replies"],
            fact["opt_outs"],
        )
    assert touches.at[2, "still_silent"] < touches.at[1, "still_silent"] and touches.at[2, "reply_rate"] > 0
    assert (touches["replied"] <= touches["still_silent"]).all() and (touches["opted_out"] <= touches["replied"]).all()
    first, second = touches.at[1, "reply_rate"], touches.at[2, "reply_rate"]
    assert first > second > 0


def test_no_personal_data_reaches_the_dashboards(version):
    frames = [
        network.reconnect_pipeline(version, EVERYTHING, Filters()),
        quality.quarantine(version, EVERYTHING),
        diagnosis_queries.findings(version, EVERYTHING, Filters()),
        diagnosis_queries.findings(version, EVERYTHING, Filters(department=("Data",))),
        outreach.templates(version, EVERYTHING, Filters()),
        reference.freshness(version),
    ]
    for frame in frames:
        assert not {"email", "linkedin_url", "full_name", "raw_values"} & set(frame.columns)
        text = frame.astype(str).to_string()
        assert "@" not in text and "linkedin.com" not in text
    # the work lists show a person's name (to act on), never their e-mail or profile URL
    roles = tuple(r["role_id"] for r in rows(version[0], "select role_id from marts.dim_roles"))
    lists = workbench.work_lists(version, EVERYTHING, roles)
    assert len(lists) > 0 and lists["full_name"].notna().all()
    assert not {"email", "linkedin_url"} & set(lists.columns)
    text = lists.astype(str).to_string()
    assert "@" not in text and "linkedin.com" not in text


def test_missing_warehouse_is_reported_not_crashed(tmp_path):
    with pytest.raises(base.NoWarehouse, match="funnel run"):
        base.warehouse_version(tmp_path / "none.duckdb")


def test_chart_tooltips_name_numerator_and_denominator(version):
    frame = funnel.windowed_rates(version, EVERYTHING, Filters(), "Channel")
    chart = charts.rate_bars(frame, "segment", "rate", "converted", "eligible", "replied within 30 days / eligible")
    spec = chart.to_dict()
    tooltip_fields = {t["field"] for layer in spec["layer"] for t in layer["encoding"].get("tooltip", [])}
    assert {"converted", "eligible", "ci_low", "ci_high", "sample"} <= tooltip_fields
    assert alt.theme.active == "funnel"
    steps = funnel.funnel_steps(funnel.stage_counts(version, EVERYTHING, Filters()).iloc[0])
    assert list(steps["stage"]) == list(V.FUNNEL_STAGES)
    assert steps.loc[steps["stage"] == "replied", "step_rate"].item() == pytest.approx(
        steps.loc[2, "prospects"] / steps.loc[1, "prospects"], abs=1e-6
    )
    survival = charts.survival(
        funnel.survival_curves(version, EVERYTHING, Filters(), "replied", "Channel"), "segment", "replied"
    )
    survival_tooltips = {
        t["field"] for layer in survival.to_dict()["layer"] for t in layer["encoding"].get("tooltip", [])
    }
    assert {"converted", "at_risk", "ci_low", "ci_high"} <= survival_tooltips
    for builder in (
        charts.funnel(steps),
        charts.turndown_bars(engagement.turndowns(version, EVERYTHING, Filters())),
        charts.heatmap(
            outreach.send_time(version, EVERYTHING, Filters()),
            "hour_utc",
            "weekday",
            "reply_rate",
            "replied",
            "eligible",
            "replied within 30 days / eligible",
        ),
    ):
        assert builder.to_dict()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_small_samples_are_flagged(version):
    frame = funnel.windowed_rates(version, EVERYTHING, Filters(), "Role")
    assert (frame["is_small_sample"] == (frame["eligible"] < 30)).all()


def test_turndowns_equal_the_fact_table(version, generated_warehouse):
    turndowns = engagement.turndowns(version, EVERYTHING, Filters()).set_index("furthest_stage")
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
    mine = set(network.reconnect_pipeline(version, EVERYTHING, filters)["prospect_id"])
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
    assert mine == expected and 0 < len(mine) < len(network.reconnect_pipeline(version, EVERYTHING, Filters()))
