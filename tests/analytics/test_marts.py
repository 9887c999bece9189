"""The analytics marts on generated data: invariants, arithmetic checked with scipy, diagnosis."""

import math

import pytest
from scipy.stats import binomtest, norm

from orchestration.synthetic import behaviour
from tests.support import rows

SEGMENT_TYPES = [
    "channel",
    "match_tier",
    "title_match",
    "profile_detail",
    "rediscovery",
    "role",
    "department",
    "seniority",
    "recruiter",
    "first_outreach_channel",
    "sequence",
    "template",
    "cohort_week",
    "cohort_month",
    "channel x match_tier",
    "role x channel",
]
STAGES = ["sourced", "contacted", "replied", "interested", "screened", "interviewed", "offered", "hired"]


def test_every_segment_type_adds_up_to_the_total(generated_warehouse):
    sums = {
        r["segment_type"]: r
        for r in rows(
            generated_warehouse,
            f"""
        select segment_type, {", ".join(f"sum({s}) as {s}" for s in STAGES)}
        from marts.agg_funnel_by_segment group by 1""",
        )
    }
    total = sums.pop("all")
    assert total["sourced"] == rows(generated_warehouse, "select count(*) as n from marts.fct_prospect_funnel")[0]["n"]
    assert set(SEGMENT_TYPES) <= set(sums)
    for segment_type, counts in sums.items():
        assert counts == {**total, "segment_type": segment_type}, segment_type


@pytest.mark.parametrize(
    "segment_type, column",
    [("channel", "channel"), ("match_tier", "match_tier"), ("first_outreach_channel", "first_outreach_channel")],
)
def test_every_rate_reproduces_from_the_fact_table(generated_warehouse, segment_type, column):
    expected = {}
    for row in rows(
        generated_warehouse,
        f"""
            select coalesce({column}, 'not_contacted') as value,
                   {", ".join(f"count({s}_at) as {s}" for s in STAGES if s != "sourced")}, count(*) as sourced
            from marts.fct_prospect_funnel group by 1""",
    ):
        for i, stage in enumerate(STAGES[1:], start=1):
            expected[(row["value"], f"{stage} / {STAGES[i - 1]}")] = (row[stage], row[STAGES[i - 1]])
            if i > 2:
                expected[(row["value"], f"{stage} / contacted")] = (row[stage], row["contacted"])
    actual = {
        (r["segment_value"], r["metric"]): r
        for r in rows(
            generated_warehouse, "select * from marts.agg_funnel_rates where segment_type = ?", [segment_type]
        )
    }
    assert actual.keys() == expected.keys()
    for key, (numerator, denominator) in expected.items():
        row = actual[key]
        assert (row["numerator"], row["denominator"]) == (numerator, denominator), key
        if denominator:
            assert row["rate"] == pytest.approx(numerator / denominator, abs=1e-6)


def test_wilson_intervals_match_scipy(generated_warehouse):
    sample = rows(
        generated_warehouse,
        """select numerator, denominator, ci_low, ci_high from marts.agg_funnel_rates
                                         where denominator > 0
                                         order by segment_type, segment_value, metric limit 300""",
    )
    assert len(sample) == 300
    for row in sample:
        interval = binomtest(row["numerator"], row["denominator"]).proportion_ci(method="wilson")
        assert row["ci_low"] == pytest.approx(interval.low, abs=2e-6)
        assert row["ci_high"] == pytest.approx(interval.high, abs=2e-6)


def test_two_proportion_tests_match_scipy(generated_warehouse):
    tests = rows(generated_warehouse, "select * from marts.fct_diagnosis_tests where z is not null")
    assert len(tests) > 50
    for t in tests:
        p1, p2 = t["x1"] / t["n1"], t["x2"] / t["n2"]
        pooled = (t["x1"] + t["x2"]) / (t["n1"] + t["n2"])
        z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / t["n1"] + 1 / t["n2"]))
        assert t["z"] == pytest.approx(z, abs=1e-4)
        assert t["p_value"] == pytest.approx(2 * norm.sf(abs(z)), abs=2e-7)
        assert t["p_adjusted"] == pytest.approx(
            min(1.0, 2 * norm.sf(abs(z)) * t["comparisons_tested"]), abs=2e-7 * t["comparisons_tested"]
        )


def test_diagnosis_finds_the_planted_effects_and_nothing_else(generated_warehouse):
    findings = rows(generated_warehouse, "select * from marts.fct_diagnosis_findings order by finding_rank")
    found = {(f["dimension"], f["subject"], f["metric"]) for f in findings}
    assert ("template", behaviour.WEAK_TEMPLATE, "reply_rate") in found
    assert ("role", "R00002", "decline_share_compensation") in found
    planted = {
        "template": {behaviour.WEAK_TEMPLATE},
        "first_touch_style": {"generic"},
        "match_tier": {"stretch", "moderate"},
        "title_match": {"transferable", "adjacent"},  # lower match scores by construction
        "seniority": {s for s, m in behaviour.SENIORITY_REPLY.items() if m < 1},
        "channel": {c for c, m in behaviour.CHANNEL_REPLY.items() if m <= 1},
        "first_outreach_channel": {c for c, m in behaviour.MESSAGE_CHANNEL_REPLY.items() if m < 1},
        "role": {"R00002"},
    }
    for dimension, subject, _ in found:
        assert subject in planted.get(dimension, set()), f"unplanted finding: {dimension}={subject}"
    weak = next(f for f in findings if f["subject"] == behaviour.WEAK_TEMPLATE)
    assert weak["sentence"].startswith(f"Template '{behaviour.WEAK_TEMPLATE}' gets replies from ")
    assert weak["sentence"].endswith(": weak outreach") and weak["difference_ci_high"] < 0


def test_mature_cohorts_are_fully_settled_and_recent_ones_are_not(generated_warehouse):
    cohorts = rows(generated_warehouse, "select * from marts.agg_cohort_maturity where cohort_grain = 'month'")
    mature = [c for c in cohorts if c["is_mature"]]
    recent = [c for c in cohorts if not c["is_mature"]]
    assert mature and recent
    assert all(c["settled"] == c["contacted"] for c in mature)
    assert any(c["settled"] < c["contacted"] for c in recent)
    latest = max(recent, key=lambda c: (c["cohort"], c["stage"] == "interested"))
    assert latest["settled_rate"] is None or latest["settled_rate"] >= latest["all_in_rate"]


def test_non_engagement_shares_sum_to_one_and_match_outcomes(generated_warehouse):
    for row in rows(
        generated_warehouse,
        """select segment_type, segment_value, sum(share_rate) as total
                                           from marts.agg_non_engagement group by 1, 2""",
    ):
        assert row["total"] == pytest.approx(1.0, abs=1e-5)
    (all_row,) = rows(
        generated_warehouse,
        """select sum(prospects) as n from marts.agg_non_engagement
                                             where segment_type = 'all'""",
    )
    (fact,) = rows(
        generated_warehouse,
        """select count(*) as n from marts.fct_prospect_funnel where outcome in
        ('no_response', 'declined', 'not_now', 'opted_out', 'referred_other', 'undeliverable')""",
    )
    assert all_row["n"] == fact["n"]


def test_guardrails_agree_with_the_fact_table(generated_warehouse):
    (guard,) = rows(
        generated_warehouse,
        """select numerator from marts.agg_guardrails
                                           where guardrail = 'messages_after_opt_out' and scope_type = 'all'""",
    )
    (fact,) = rows(
        generated_warehouse,
        "select sum(messages_after_opt_out) as n, count(*) filter (where messages_after_opt_out > 0) as p "
        "from marts.fct_prospect_funnel",
    )
    assert guard["numerator"] == fact["n"] > 0
    (breaches,) = rows(
        generated_warehouse,
        "select count(*) as n from marts.fct_guardrail_breaches where breach = 'messages_after_opt_out'",
    )
    assert breaches["n"] == fact["p"]


def test_reconnect_pipeline_holds_every_not_now_prospect(generated_warehouse):
    (missing,) = rows(
        generated_warehouse,
        """select count(*) as n from marts.fct_prospect_funnel f
        where outcome = 'not_now' and prospect_id not in (select prospect_id from marts.fct_reconnect_pipeline)""",
    )
    assert missing["n"] == 0
    statuses = {
        r["reconnect_status"]
        for r in rows(generated_warehouse, "select distinct reconnect_status from marts.fct_reconnect_pipeline")
    }
    assert {"recontacted", "overdue", "later"} <= statuses


def test_hire_attribution_counts_every_hire_once(generated_warehouse):
    (attributed,) = rows(
        generated_warehouse, "select sum(hires) as n from marts.agg_hire_attribution where attribution = 'prospect'"
    )
    (hires,) = rows(generated_warehouse, "select count(hired_at) as n from marts.fct_prospect_funnel")
    assert attributed["n"] == hires["n"] > 0


def test_follow_ups_add_replies(generated_warehouse):
    touches = rows(generated_warehouse, "select * from marts.agg_replies_by_touch order by touch")
    assert [t["touch"] for t in touches] == [1, 2, 3, 4, 5, 6]
    assert touches[1]["added_rate"] > 0.02
    assert touches[-1]["cumulative_rate"] == pytest.approx(
        rows(generated_warehouse, "select reply_rate from marts.agg_funnel_by_segment where segment_type = 'all'")[0][
            "reply_rate"
        ],
        abs=1e-6,
    )
