"""The analytics marts: windowed rates against a hand computation, the diagnosis on generated data
with planted effects, person-level consent, and the one home of data_as_of."""

from collections import defaultdict
from datetime import date, timedelta

import numpy as np
import pytest
from scipy.stats import binomtest

from synthetic import behaviour
from synthetic.simulate import simulate_dimensions
from tests.support import rows

# contract §9.1: at least these windows, for these segment types
CONTRACT_WINDOWS = {("replied", 14), ("replied", 30), ("interested", 30), ("hired", 120)}
SEGMENT_COLUMNS = {
    "all": None,
    "channel": "channel",
    "first_outreach_channel": "first_outreach_channel",
    "match_tier": "match_tier",
    "title_match": "title_match",
    "role_id": "role_id",
    "recruiter_id": "recruiter_id",
}
GENERATED = {"prospects": 30_000, "seed": 11}  # tests/conftest.py generated_warehouse


def data_as_of(warehouse):
    return rows(warehouse, "select data_as_of from marts.dim_data_as_of")[0]["data_as_of"]


def windowed_by_hand(warehouse, windows) -> dict:
    """agg_windowed_rates computed here from fct_prospect_funnel, prospect by prospect."""
    as_of = data_as_of(warehouse)
    counts = defaultdict(lambda: [0, 0, 0])  # contacted, eligible, converted
    for p in rows(warehouse, "select * from marts.fct_prospect_funnel where contacted_at is not null"):
        month = date(p["contacted_at"].year, p["contacted_at"].month, 1)
        for stage, days in windows:
            end = p["contacted_at"] + timedelta(days=days)
            eligible = end <= as_of
            converted = eligible and p[f"{stage}_at"] is not None and p[f"{stage}_at"] <= end
            for segment_type, column in SEGMENT_COLUMNS.items():
                value = "all" if column is None else p[column]
                for cohort in (month, None):
                    cell = counts[(segment_type, value, cohort, stage, days)]
                    cell[0] += 1
                    cell[1] += eligible
                    cell[2] += converted
    return {key: tuple(cell) for key, cell in counts.items() if cell[1] > 0}


@pytest.fixture(params=["messy", "generated"])
def warehouse(request, messy_run, generated_warehouse):
    return messy_run[0] if request.param == "messy" else generated_warehouse


def test_windowed_rates_equal_a_hand_computation(warehouse):
    mart = rows(warehouse, "select * from marts.agg_windowed_rates")
    windows = CONTRACT_WINDOWS | {(r["stage"], r["window_days"]) for r in mart}  # a window nobody had yet has no rows
    actual = {
        (r["segment_type"], r["segment_value"], r["cohort_month"], r["stage"], r["window_days"]): (
            r["contacted"],
            r["eligible"],
            r["converted"],
        )
        for r in mart
    }
    assert actual == windowed_by_hand(warehouse, windows)
    for r in mart:
        assert r["rate"] == pytest.approx(r["converted"] / r["eligible"], abs=1e-6)
        assert r["in_window"] == r["contacted"] - r["eligible"]


def test_every_contract_window_is_published(generated_warehouse):
    windows = {
        (r["stage"], r["window_days"]) for r in rows(generated_warehouse, "select * from marts.agg_windowed_rates")
    }
    assert windows >= CONTRACT_WINDOWS
    segment_types = {
        r["segment_type"] for r in rows(generated_warehouse, "select segment_type from marts.agg_windowed_rates")
    }
    assert segment_types == set(SEGMENT_COLUMNS)


def test_windowed_intervals_are_wilson_as_scipy_computes_them(generated_warehouse):
    sample = rows(
        generated_warehouse,
        "select converted, eligible, ci_low, ci_high from marts.agg_windowed_rates order by random() limit 300",
    )
    for r in sample:
        interval = binomtest(r["converted"], r["eligible"]).proportion_ci(method="wilson")
        assert (r["ci_low"], r["ci_high"]) == (
            pytest.approx(interval.low, abs=2e-6),
            pytest.approx(interval.high, abs=2e-6),
        )


def test_a_very_recent_cohort_is_not_inflated(generated_warehouse):
    """The newest month with eligible prospects is mostly still inside its window: its windowed rate
    counts only those who had the whole window and stays in line with the all-cohorts rate (the
    retired "settled rate" kept recent repliers and dropped recent non-repliers: 100 % replied)."""
    for days in (14, 30):
        reply = rows(
            generated_warehouse,
            """select * from marts.agg_windowed_rates
               where segment_type = 'all' and stage = 'replied' and window_days = ? order by cohort_month""",
            [days],
        )
        overall = next(r for r in reply if r["cohort_month"] is None)
        newest = [r for r in reply if r["cohort_month"] is not None][-1]
        assert newest["in_window"] > 0 and newest["eligible"] >= 30
        spread = 4 * np.sqrt(overall["rate"] * (1 - overall["rate"]) / newest["eligible"])
        assert abs(newest["rate"] - overall["rate"]) < spread, (newest, overall)


def test_data_as_of_has_one_home(generated_warehouse):
    (latest,) = rows(
        generated_warehouse,
        """select greatest((select max(sent_at) from intake.outreach__messages),
                           (select max(responded_at) from intake.outreach__responses),
                           (select max(applied_at) from intake.ats__applications),
                           (select max(entered_at) from intake.ats__stage_events)) as latest""",
    )
    assert data_as_of(generated_warehouse) == latest["latest"]
    stamps = rows(generated_warehouse, "select distinct data_as_of from marts.agg_windowed_rates")
    assert [s["data_as_of"] for s in stamps] == [latest["latest"]]


def hard_to_fill_roles() -> set[str]:
    dims = simulate_dimensions(np.random.default_rng([GENERATED["seed"], 0]), GENERATED["prospects"], 0, 0)
    return set(dims.roles["role_id"][dims.hard_to_fill])


def test_diagnosis_finds_the_planted_effects(generated_warehouse):
    findings = rows(generated_warehouse, "select * from marts.fct_diagnosis_findings order by finding_rank")
    found = {(f["dimension"], f["subject"], f["metric"], f["direction"]) for f in findings}
    assert ("sequence_id", behaviour.WEAK_SEQUENCE, "reply_rate", "worse") in found
    assert ("template_id", behaviour.WEAK_TEMPLATE, "reply_rate", "worse") in found
    assert ("role_id", "R00002", "decline_reason:compensation", "worse") in found
    assert ("first_touch_style", "generic", "reply_rate", "worse") in found
    weak = next(f for f in findings if f["subject"] == behaviour.WEAK_SEQUENCE and f["metric"] == "reply_rate")
    assert weak["sentence"].startswith(f"Prospects in sequence '{behaviour.WEAK_SEQUENCE}': ")
    assert f"of {weak['subject_eligible']:,} prospects replied within 30 days" in weak["sentence"]
    assert weak["explanation"] == "outreach" and weak["ci_high"] < 0 and weak["p_adjusted"] < 0.05
    assert [f["finding_rank"] for f in findings] == list(range(1, len(findings) + 1))
    # what holds response back first, each direction by impact
    assert [f["direction"] for f in findings] == sorted((f["direction"] for f in findings), key="worse".__ne__)
    for direction in ("worse", "better"):
        impacts = [f["impact"] for f in findings if f["direction"] == direction]
        assert impacts == sorted(impacts, reverse=True)
    assert all(f["suggested_action"] for f in findings)


def test_a_channel_used_mostly_for_hard_roles_is_not_a_finding(generated_warehouse):
    confounded = behaviour.CONFOUNDED_CHANNEL
    (raw,) = rows(
        generated_warehouse,
        """select avg(replied_within_30d) filter (where channel = ?) as subject,
                  avg(replied_within_30d) filter (where channel <> ?) as others
           from marts.fct_prospect_windows where is_eligible_30d = 1""",
        [confounded, confounded],
    )
    assert raw["subject"] < 0.7 * raw["others"]  # what a plain one-vs-rest comparison sees
    findings = rows(generated_warehouse, "select dimension, subject from marts.fct_diagnosis_findings")
    assert ("channel", confounded) not in {(f["dimension"], f["subject"]) for f in findings}


def test_roles_found_to_reply_less_are_the_hard_to_fill_ones(generated_warehouse):
    worse = rows(
        generated_warehouse,
        """select f.subject, r.seniority from marts.fct_diagnosis_findings f
           join marts.dim_roles r on r.role_id = f.subject
           where f.dimension = 'role_id' and f.metric = 'reply_rate' and f.direction = 'worse'""",
    )
    assert worse
    assert {w["subject"] for w in worse if w["seniority"] != "executive"} <= hard_to_fill_roles()


def test_consent_is_the_persons_across_roles(generated_warehouse):
    (guard,) = rows(
        generated_warehouse,
        """select numerator from marts.agg_guardrails
           where guardrail = 'messages_after_opt_out' and scope_type = 'all'""",
    )
    (by_hand,) = rows(
        generated_warehouse,
        """with stops as (
               select candidate_id, min(responded_at) as stopped_at from intermediate.int_responses_merged
               where counts_for_funnel and response_type in ('opt_out', 'declined') group by 1)
           select count(*) as n from intermediate.int_messages_merged m
           join stops using (candidate_id) where m.is_delivered and m.sent_at > stops.stopped_at""",
    )
    (per_prospect,) = rows(
        generated_warehouse, "select sum(messages_after_opt_out) as n from marts.fct_prospect_funnel"
    )
    assert guard["numerator"] == by_hand["n"] > per_prospect["n"] > 0
    (other_roles,) = rows(
        generated_warehouse,
        """select count(*) as n from marts.fct_guardrail_breaches b join marts.fct_prospect_funnel f using (prospect_id)
           where b.breach = 'messages_after_opt_out' and f.messages_after_opt_out = 0""",
    )
    assert other_roles["n"] > 0  # written to for another role after stopping for one


def test_reconnect_pipeline_has_one_row_per_person(generated_warehouse):
    (missing,) = rows(
        generated_warehouse,
        """select count(distinct candidate_id) as n from marts.fct_prospect_funnel
           where outcome = 'not_now' and candidate_id not in (select candidate_id from marts.fct_reconnect_pipeline)""",
    )
    assert missing["n"] == 0
    (shape,) = rows(
        generated_warehouse,
        """select count(*) as n, count(distinct candidate_id) as people,
                  count(*) filter (where (reconnect_status = 'do_not_contact')
                                   <> (stopped_at is not null and recontacted_at is null)) as inconsistent
           from marts.fct_reconnect_pipeline""",
    )
    assert shape["n"] == shape["people"] > 0 and shape["inconsistent"] == 0
    statuses = {
        r["reconnect_status"]
        for r in rows(generated_warehouse, "select reconnect_status from marts.fct_reconnect_pipeline")
    }
    assert {"recontacted", "overdue", "later"} <= statuses


def test_hire_attribution_counts_every_hire_once(generated_warehouse):
    (attributed,) = rows(
        generated_warehouse, "select sum(hires) as n from marts.agg_hire_attribution where attribution = 'prospect'"
    )
    (hires,) = rows(generated_warehouse, "select count(hired_at) as n from marts.fct_prospect_funnel")
    assert attributed["n"] == hires["n"] > 0
