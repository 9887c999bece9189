"""Rates and their Wilson intervals, against scipy."""

import pandas as pd
import pytest
from scipy.stats import binomtest

from insights.rates import SMALL_SAMPLE, wilson_interval, with_rate


def test_wilson_interval_matches_scipy():
    successes, trials = pd.Series([0, 12, 50, 3]), pd.Series([10, 40, 50, 7])
    low, high = wilson_interval(successes, trials)
    for x, n, lo, hi in zip(successes, trials, low, high):
        interval = binomtest(int(x), int(n)).proportion_ci(method="wilson")
        assert (lo, hi) == (pytest.approx(interval.low, abs=2e-6), pytest.approx(interval.high, abs=2e-6))


def test_no_trials_gives_no_rate_and_a_small_sample_flag():
    frame = with_rate(pd.DataFrame({"replied": [0, 5], "contacted": [0, 40]}), "replied", "contacted", "reply_")
    assert frame["reply_rate"].isna().tolist() == [True, False]
    assert frame["reply_ci_low"].isna().tolist() == [True, False]
    assert frame["reply_rate"].iloc[1] == pytest.approx(0.125)
    assert frame["is_small_sample"].tolist() == [SMALL_SAMPLE > 0, SMALL_SAMPLE > 40]
