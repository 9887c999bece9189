"""Kaplan-Meier curves from counts per day, against statsmodels on the individual durations."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from insights.survival import conversion_curve, conversion_curves, converted_by

# day, replied that day, last seen that day without a reply (censored at data_as_of)
COUNTS = pd.DataFrame(
    {"day": [1, 2, 3, 5, 8], "events": [4, 0, 3, 2, 1], "censored": [1, 2, 0, 5, 12]},
)


def test_curve_from_counts_equals_statsmodels_on_each_prospect():
    times = np.concatenate([np.repeat(COUNTS["day"], COUNTS["events"]), np.repeat(COUNTS["day"], COUNTS["censored"])])
    status = np.concatenate([np.ones(COUNTS["events"].sum()), np.zeros(COUNTS["censored"].sum())])
    individual = SurvfuncRight(times.astype(float), status)
    curve = conversion_curve(COUNTS["day"], COUNTS["events"], COUNTS["censored"])
    assert curve.iloc[0].to_dict() == {"day": 0, "converted": 0, "ci_low": 0, "ci_high": 0, "at_risk": 30, "events": 0}
    curve = curve.iloc[1:]
    assert curve["day"].tolist() == list(individual.surv_times)
    assert curve["converted"].to_numpy() == pytest.approx(1 - individual.surv_prob)
    assert curve["at_risk"].tolist() == list(individual.n_risk)


def test_curve_by_hand_and_its_interval():
    curve = conversion_curve(COUNTS["day"], COUNTS["events"], COUNTS["censored"]).set_index("day")
    # 30 prospects: 4 of 30 reply on day 1; 3 of 23 still waiting on day 3 (1 + 2 censored before)
    survival_3 = (1 - 4 / 30) * (1 - 3 / 23)
    assert curve.at[3, "converted"] == pytest.approx(1 - survival_3)
    assert (curve["ci_low"] <= curve["converted"]).all() and (curve["converted"] <= curve["ci_high"]).all()
    assert curve["ci_low"].min() >= 0 and curve["ci_high"].max() <= 1


def test_censoring_at_data_as_of_keeps_recent_prospects_from_dragging_the_curve():
    """Half the prospects were contacted yesterday and have not replied yet: a plain rate halves
    (20 of 200), the curve at day 3 does not move (they are censored after day 1, not counted as
    people who did not reply by day 3)."""
    mature = pd.DataFrame({"day": [2, 30], "events": [20, 0], "censored": [0, 80]})
    with_recent = pd.DataFrame({"day": [1, 2, 30], "events": [0, 20, 0], "censored": [100, 0, 80]})
    both = pd.concat([mature.assign(segment="mature"), with_recent.assign(segment="with recent")])
    curves = conversion_curves(both)
    by_day_3 = converted_by(curves, 3)
    assert by_day_3["mature"] == pytest.approx(0.2) and by_day_3["with recent"] == pytest.approx(0.2)


def test_a_segment_without_events_has_no_curve():
    counts = pd.DataFrame({"segment": ["a", "b"], "day": [1, 1], "events": [0, 3], "censored": [5, 2]})
    assert set(conversion_curves(counts)["segment"]) == {"b"}
