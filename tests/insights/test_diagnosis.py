"""The diagnosis' statistics on small count tables, against statsmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.stats import binomtest, fisher_exact
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.multitest import multipletests

from contract import diagnosis_actions as actions
from contract import vocabulary as V
from insights import diagnosis as D
from synthetic import behaviour


def counts(rows: list[tuple], dimension: str = "channel", metric: str = "reply_rate", scope: str = "all"):
    """Count-table rows (subject, role_id, eligible, converted) in the shape of agg_diagnosis_counts."""
    frame = pd.DataFrame(rows, columns=["subject", "role_id", "eligible", "converted"])
    return frame.assign(
        dimension=dimension,
        scope=scope,
        match_tier="strong",
        first_touch_style="generic",
        metric=metric,
        window_days=30,
    )


def test_comparison_is_mantel_haenszel_within_roles_with_a_standardized_comparison_rate():
    table = counts(
        [
            ("A", "R1", 100, 10),
            ("B", "R1", 200, 40),
            ("C", "R1", 100, 20),
            ("A", "R2", 300, 15),
            ("B", "R2", 50, 5),
            ("C", "R2", 50, 5),
        ]
    )
    tests = D.run_tests(table).set_index("subject")
    strata = np.dstack([[[10, 90], [60, 240]], [[15, 285], [10, 90]]])  # A against B + C, per role
    assert tests.at["A", "p_value"] == pytest.approx(StratifiedTable(strata).test_null_odds().pvalue)
    assert tests.at["A", "odds_ratio"] == pytest.approx(StratifiedTable(strata).oddsratio_pooled)
    # what A's prospects would have got at the others' rate in their role: (100 x 60/300 + 300 x 10/100) / 400
    assert tests.at["A", "comparison_rate"] == pytest.approx(0.125)
    assert tests.at["A", "subject_rate"] == pytest.approx(25 / 400)
    assert tests.at["A", "effect"] == pytest.approx(25 / 400 - 0.125)
    assert tests.at["A", "ci_low"] < tests.at["A", "effect"] < tests.at["A", "ci_high"]
    assert tests.at["A", "impact"] == pytest.approx(0.0625 * 400)
    assert (tests.at["A", "subject_eligible"], tests.at["A", "comparison_eligible"]) == (400, 400)


def test_a_channel_used_mostly_for_hard_roles_is_not_a_finding_but_a_weak_one_is():
    # role H: 5 % reply whatever the channel; role E: 20 %. X is used mostly for H; Z is weak everywhere
    table = counts(
        [
            ("X", "H", 900, 45),
            ("X", "E", 100, 20),
            ("Y", "H", 100, 5),
            ("Y", "E", 900, 180),
            ("Z", "H", 500, 12),
            ("Z", "E", 500, 50),
        ]
    )
    raw = table.groupby("subject")[["converted", "eligible"]].sum()
    assert raw.at["X", "converted"] / raw.at["X", "eligible"] < 0.5 * raw.at["Y", "converted"] / raw.at["Y", "eligible"]
    found = D.diagnose(table)
    worse = found[found["direction"] == "worse"]
    assert list(worse["subject"]) == ["Z"]  # X is not blamed for its roles (against Y and Z it even does better)
    weak = worse.iloc[0]
    assert weak["direction"] == "worse" and weak["explanation"] == "channel"
    assert "Prospects sourced via Z: 6.2 % of 1,000 prospects replied within 30 days" in weak["sentence"]
    assert "(same role, match tier and first-touch style)" in weak["sentence"]


def test_holm_within_each_explanation_family():
    table = pd.concat(
        [
            counts([("X", "H", 900, 45), ("Y", "H", 300, 30), ("Z", "H", 500, 12)] * 1),
            counts([("stretch", "H", 400, 20), ("strong", "H", 400, 60), ("moderate", "H", 400, 41)], "match_tier"),
        ]
    )
    tests = D.run_tests(table)
    assert set(tests["explanation"]) == {"channel", "targeting"}
    for _, family in tests.groupby("explanation"):
        expected = multipletests(family["p_value"], method="holm")[1]
        assert family["p_adjusted"].to_numpy() == pytest.approx(expected)
        assert (family["family_tests"] == len(family)).all()
    # by hand: three p-values 0.01, 0.04, 0.03 -> 0.03, 0.06, 0.06
    assert multipletests([0.01, 0.04, 0.03], method="holm")[1] == pytest.approx([0.03, 0.06, 0.06])


def test_each_comparison_is_counted_once():
    style = counts([("generic", "R1", 500, 50), ("personalized", "R1", 500, 90)], "first_touch_style")
    assert len(D.run_tests(style)) == 1 and D.run_tests(style).at[0, "subject"] == "generic"
    # s1/s2 only ever meet in R1, s3/s4 in R2: two tests, not four
    sequences = counts(
        [
            ("s1", "R1", 400, 40),
            ("s2", "R1", 400, 80),
            ("s3", "R2", 400, 60),
            ("s4", "R2", 400, 61),
        ],
        "sequence_id",
    )
    tests = D.run_tests(sequences)
    assert sorted(tests["subject"]) == ["s1", "s3"]


def test_decline_reasons_that_say_nothing_about_a_role_are_not_tested():
    rows = [("R1", "R1", 200, 60), ("R2", "R2", 200, 10), ("R3", "R3", 200, 12)]
    table = pd.concat(
        [counts(rows, "role_id", metric) for metric in ("decline_reason:compensation", "decline_reason:not_looking")]
    )
    tests = D.run_tests(table.assign(match_tier=table["subject"].map({"R1": "strong", "R2": "strong", "R3": "strong"})))
    assert set(tests["metric"]) == {"decline_reason:compensation"}


def test_employer_brand_is_a_trend_by_month_of_reply():
    months = [f"2026-{m:02d}-01" for m in range(1, 10)]
    replies = [300] * 9
    company = [6, 7, 6, 8, 9, 11, 14, 16, 19]
    table = pd.DataFrame(
        {
            "dimension": "response_month",
            "scope": "all",
            "subject": months,
            "role_id": "R1",
            "match_tier": "strong",
            "first_touch_style": "generic",
            "metric": "decline_reason:company",
            "window_days": 0,
            "eligible": replies,
            "converted": company,
        }
    )
    tests = D.run_tests(table)
    (trend,) = tests.to_dict("records")
    t = np.arange(9, dtype=float)
    glm = sm.GLM(
        np.column_stack([company, np.subtract(replies, company)]), sm.add_constant(t), family=sm.families.Binomial()
    ).fit()
    assert trend["p_value"] == pytest.approx(glm.pvalues[1])
    assert trend["direction"] == "worse" and trend["explanation"] == "employer_brand"
    assert trend["subject"] == "2026-07..2026-09"
    assert trend["subject_rate"] == pytest.approx(49 / 900) and trend["comparison_rate"] == pytest.approx(47 / 1800)
    (finding,) = D.findings(tests).to_dict("records")
    assert finding["sentence"].startswith(
        "Declines citing the company are rising: 5.4 % of 900 replies in 2026-07 to 2026-09"
    )


def test_findings_are_ranked_what_holds_response_back_first_then_by_impact():
    table = counts(
        [
            ("big_gap_small_group", "R1", 200, 2),
            ("small_gap_big_group", "R1", 4000, 560),
            ("rest", "R1", 4000, 800),
            ("big_gap_small_group", "R2", 200, 2),
            ("small_gap_big_group", "R2", 4000, 560),
            ("rest", "R2", 4000, 800),
        ]
    )
    found = D.diagnose(table)
    assert list(found["finding_rank"]) == list(range(1, len(found) + 1))  # numbered without gaps
    assert list(found["direction"]) == ["worse", "worse", "better"]  # "rest" does better
    for _, side in found.groupby("direction"):
        assert list(side["impact"]) == sorted(side["impact"], reverse=True)
    worse = found[found["direction"] == "worse"]
    assert list(worse["subject"]) == ["small_gap_big_group", "big_gap_small_group"]
    assert set(D.CONTRACT_COLUMNS) <= set(found.columns)


def test_nothing_to_compare_gives_an_empty_table_with_every_column():
    assert list(D.diagnose(counts([("A", "R1", 10, 1), ("B", "R1", 10, 2)])).columns) == D.FINDING_COLUMNS
    assert D.diagnose(counts([])).empty


# --- sparse cells, the error rate per family ------------------------------------------------------


def test_sparse_comparisons_use_the_exact_conditional_test_and_large_ones_mantel_haenszel():
    # one stratum, 2 of 30 opted out against 4 of 400: Mantel and Fleiss' rule fails (expected 0.4, lowest 0)
    sparse = D.run_tests(counts([("A", "R1", 30, 2), ("B", "R1", 400, 4)], metric="opt_out_rate"))
    sparse = sparse.set_index("subject")
    assert sparse.at["A", "test"] == D.EXACT_TEST
    assert sparse.at["A", "p_value"] == pytest.approx(fisher_exact([[2, 28], [4, 396]]).pvalue)
    # with the asymptotic test the same counts look like a finding at the 5 % level; exactly, they are not
    chi_square = StratifiedTable(np.array([[[2], [28]], [[4], [396]]], dtype=float)).test_null_odds().pvalue
    assert chi_square < 0.05 < sparse.at["A", "p_value"]
    large = D.run_tests(counts([("A", "R1", 400, 30), ("B", "R1", 4000, 100)], metric="opt_out_rate"))
    large = large.set_index("subject")
    assert large.at["A", "test"] == D.MH_TEST
    table = np.array([[[30], [370]], [[100], [3900]]], dtype=float)
    assert large.at["A", "p_value"] == pytest.approx(StratifiedTable(table).test_null_odds().pvalue)


def null_decline_counts(rng: np.random.Generator, roles: int = 40, replies: float = 45) -> pd.DataFrame:
    """Role decline-reason counts in which no role differs: each role's replies (about 45, over six
    strata) decline for the generator's reasons in the generator's shares (synthetic)."""
    strata = pd.MultiIndex.from_product(
        [[f"R{r:03d}" for r in range(roles)], V.MATCH_TIERS, ("generic", "personalized")],
        names=["role_id", "match_tier", "first_touch_style"],
    ).to_frame(index=False)
    n = rng.poisson(replies / len(V.MATCH_TIERS) / 2, len(strata))
    declined = behaviour.RESPONSE_MIX["declined"] / sum(behaviour.RESPONSE_MIX.values())
    shares = np.array(list(behaviour.DECLINE_REASONS.values())) * declined
    drawn = rng.multinomial(n, [*shares, 1 - shares.sum()])
    sparse = ("location", "seniority")  # the rarest reasons a role is judged on: ~3 % and ~2 % of replies
    frames = [
        strata.assign(metric=f"decline_reason:{reason}", eligible=n, converted=drawn[:, i])
        for i, reason in enumerate(behaviour.DECLINE_REASONS)
        if reason in sparse
    ]
    table = pd.concat(frames, ignore_index=True)
    return table.assign(dimension="role_id", scope="all", subject=table["role_id"], window_days=30)


def test_data_without_effects_gives_a_false_finding_in_about_one_family_in_twenty():
    # 30 companies of 40 roles in which no role differs: with Mantel-Haenszel's chi-square on these sparse
    # cells, 8 of them got a finding ("declined citing location" from ~45 replies); the rate must be 5 %
    rng = np.random.default_rng(2026)
    companies = 30
    with_a_finding = sum(
        bool((D.run_tests(null_decline_counts(rng))["p_adjusted"] < D.ALPHA).any()) for _ in range(companies)
    )
    assert binomtest(with_a_finding, companies, D.ALPHA, alternative="greater").pvalue > 0.01, with_a_finding


# --- findings that advise --------------------------------------------------------------------------


def test_every_explanation_and_direction_has_a_suggested_action_and_the_most_specific_rule_wins():
    for explanation in V.DIAGNOSIS_EXPLANATIONS:
        for direction in V.FINDING_DIRECTIONS:
            assert actions.rule_for(explanation, direction, "any_dimension", "any_metric").dimension == actions.ANY
    keys = [(r.explanation, r.direction, r.dimension, r.metric) for r in actions.RULES]
    assert len(keys) == len(set(keys))
    assert actions.rule_for("opportunity", "worse", "role_id", "decline_reason:compensation").action.startswith(
        "Review the offer range"
    )
    assert actions.rule_for("outreach", "worse", "template_id", "reply_rate").action.startswith(
        "Rewrite the first touch"
    )
    assert actions.rule_for("channel", "worse", "channel", "reply_rate").action.startswith("Shift sourcing effort away")


def test_each_finding_says_what_to_do_with_its_sample_and_a_small_sample_flag():
    table = pd.concat(
        [
            counts([("job_board", "R1", 2000, 100), ("referral", "R1", 2000, 300), ("other", "R1", 2000, 310)]),
            counts(
                [("R1", "R1", 40, 9), ("R2", "R2", 900, 18), ("R3", "R3", 900, 20)],
                "role_id",
                "decline_reason:compensation",
            ),
        ]
    )
    found = D.diagnose(table, {"role_id": {"R1": "Account Executive (R1)"}}).set_index("subject")
    board, role = found.loc["job_board"], found.loc["R1"]
    assert board["suggested_action"] == "Shift sourcing effort away from job board for these roles."
    assert role["suggested_action"] == (
        "Review the offer range of role Account Executive (R1): people who answer turn it down over pay."
    )
    assert (board["subject_eligible"], bool(board["small_sample"])) == (2000, False)
    assert (role["subject_eligible"], role["subject_converted"], bool(role["small_sample"])) == (40, 9, True)
    assert "Small sample: 9 of 40;" in role["sentence"]
    # plain sentences: both rates with their denominators, the gap in points, no p-value jargon
    assert board["sentence"].startswith("Prospects sourced via job board: 5.0 % of 2,000 prospects replied")
    assert "points lower (95 % interval" in board["sentence"] and "p adj" not in " ".join(found["sentence"])
    assert len(set(found["finding_id"])) == len(found)


def test_a_role_explained_by_its_seniority_is_merged_into_the_seniority_finding():
    # executives reply less whichever role; R1 and R2 are executive roles doing as their seniority does
    roles = {"R1": "executive", "R2": "executive", "R3": "mid", "R4": "mid", "R5": "senior"}
    rows = [("R1", 600, 30), ("R2", 600, 32), ("R3", 600, 120), ("R4", 600, 118), ("R5", 600, 121)]
    role_rows = counts([(r, r, n, x) for r, n, x in rows], "role_id")
    seniority_rows = counts([(roles[r], r, n, x) for r, n, x in rows], "seniority")
    # the same roles' match tiers differ, so comparisons are within (tier, style) strata
    table = pd.concat([role_rows, seniority_rows])
    tests = D.run_tests(table)
    significant = tests[tests["p_adjusted"] < D.ALPHA]
    assert {("role_id", "R1"), ("role_id", "R2"), ("seniority", "executive")} <= set(
        zip(significant["dimension"], significant["subject"])
    )
    found = D.findings(tests, counts=table)
    worse = found[found["direction"] == "worse"]
    assert list(zip(worse["dimension"], worse["subject"])) == [("seniority", "executive")]
    assert worse.iloc[0]["merged_with"] == "R1, R2"
    assert "Its roles with the same gap, which their seniority explains: R1, R2." in worse.iloc[0]["sentence"]
    assert list(found["finding_rank"]) == list(range(1, len(found) + 1))
    # without the counts nothing is merged: the role findings repeat the seniority's
    assert {"R1", "R2"} <= set(D.findings(tests)["subject"])


def test_coverage_tells_nothing_found_from_not_checked():
    table = counts([("X", "R1", 900, 90), ("Y", "R1", 900, 92)])  # channels only, alike
    tests = D.run_tests(table)
    covered = D.coverage(tests, D.findings(tests)).set_index("explanation")
    assert list(covered.index) == list(V.DIAGNOSIS_EXPLANATIONS)
    assert covered.at["channel", "tested"] and covered.at["channel", "findings"] == 0
    assert covered.at["channel", "summary"] == (
        "Channel (where we find and reach people): checked (1 comparison of sourcing and first-contact channels), "
        "nothing stands out."
    )
    assert not covered.at["targeting", "tested"] and covered.at["targeting", "comparisons"] == 0
    assert "not checked" in covered.at["targeting", "summary"]


def test_a_recruiters_roles_are_compared_with_every_comparable_prospect_of_the_company():
    # the recruiter owns R1 and R2; every other role is pooled into one unnamed group, as the dashboards pass it
    own = counts([("R1", "R1", 500, 25), ("R2", "R2", 500, 26)], "role_id")
    others = counts([(D.OTHER_ROLES, D.OTHER_ROLES, 20_000, 3_000)], "role_id")
    tests = D.run_tests(pd.concat([own, others]), roles=("R1", "R2")).set_index("subject")
    assert sorted(tests.index) == ["R1", "R2"]  # the pooled group is the comparison, never a subject
    assert tests.at["R1", "comparison_rate"] == pytest.approx((3_000 + 26) / 20_500)  # not R2's 5.2 % alone
    assert tests.at["R1", "comparison_eligible"] == 20_500
    found = D.findings(tests.reset_index())
    assert found["sentence"].str.contains("for other roles across the company").all()
    assert not found["sentence"].str.contains(D.OTHER_ROLES, regex=False).any()
    opportunity = D.coverage(tests.reset_index(), found).set_index("explanation").at["opportunity", "summary"]
    assert "(2 comparisons of roles)" in opportunity  # no seniority compared in a scope of some roles
