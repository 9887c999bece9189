"""The diagnosis on generated data in which nothing differs (`funnel generate --no-effects`): every
channel, sequence, role and style replies alike and declines for the same reasons, so every finding
is a false one. Each explanation family is corrected to a 5 % error rate; tests/insights/test_diagnosis.py
checks that rate over 30 simulated companies (and fails with Mantel-Haenszel's chi-square on sparse
cells), this test the whole pipeline's output on one generated dataset and on two companies made of
half its roles each (a check of the published tables and the coverage lines more than of the rate: on
the generator before its requisition rework, this seed gave Mantel-Haenszel everywhere a false finding)."""

import pandas as pd
from scipy.stats import binomtest

from contract import vocabulary as V
from insights import diagnosis
from tests.support import rows


def counts(warehouse) -> pd.DataFrame:
    return pd.DataFrame(rows(warehouse, "select * from marts.agg_diagnosis_counts"))


def test_data_without_effects_yields_no_finding_and_says_what_was_checked(no_effect_warehouse):
    assert rows(no_effect_warehouse, "select sentence from marts.fct_diagnosis_findings") == []
    coverage = rows(no_effect_warehouse, "select * from marts.fct_diagnosis_coverage order by explanation")
    assert sorted(c["explanation"] for c in coverage) == sorted(V.DIAGNOSIS_EXPLANATIONS)
    for line in coverage:  # every explanation was tested and found nothing: "fine", not "not checked"
        assert line["tested"] and line["comparisons"] > 0 and line["findings"] == 0, line
        assert line["summary"].endswith("nothing stands out."), line


def test_false_findings_per_family_are_consistent_with_five_percent(no_effect_warehouse):
    table = counts(no_effect_warehouse)
    roles = sorted(table["role_id"].unique())
    companies = [table] + [table[table["role_id"].isin(half)] for half in (roles[0::2], roles[1::2])]
    families_with_a_finding = 0
    for company in companies:
        tests = diagnosis.run_tests(company)
        assert set(tests["explanation"]) == set(V.DIAGNOSIS_EXPLANATIONS)  # every family was tested
        families_with_a_finding += tests[tests["p_adjusted"] < diagnosis.ALPHA]["explanation"].nunique()
    families = len(companies) * len(V.DIAGNOSIS_EXPLANATIONS)
    # as many families with a false finding as a 5 % error rate makes plausible (at most 2 of 15; the halves
    # share their data with the whole, so one chance finding can count twice)
    assert binomtest(families_with_a_finding, families, diagnosis.ALPHA, alternative="greater").pvalue > 0.05
