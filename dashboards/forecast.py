"""How many hires the people in process will bring: a distribution, not only an expectation.

The counts come from the marts (agg_requisition_health: people in process per ATS stage;
agg_stage_to_hire: of the applications that reached each stage and had the whole window, how many
were hired within it). Each stage's rate is known only up to sampling error: its Jeffreys
posterior is Beta(hired + 1/2, eligible - hired + 1/2). The people at one stage share that
uncertain rate, so their hires follow a beta-binomial (scipy.stats.betabinom); stages are
independent, so a role's hires are the convolution of its stages. From that distribution: a 95 %
interval and the chance that the people in process fill the openings left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import betabinom

STAGES = ("application_review", "recruiter_screen", "interview", "final_interview", "offer")
LEVEL = 0.95


@dataclass(frozen=True)
class HireForecast:
    low: int
    high: int
    chance_to_fill: float | None


def hire_distribution(in_flight: Sequence[int], hired: Sequence[int], eligible: Sequence[int]) -> np.ndarray:
    """Probability of 0, 1, 2 ... hires among the people in flight at each stage."""
    pmf = np.array([1.0])
    for people, x, n in zip(in_flight, hired, eligible, strict=True):
        people = int(people)
        if people == 0:
            continue
        stage = betabinom.pmf(np.arange(people + 1), people, x + 0.5, n - x + 0.5)
        pmf = np.convolve(pmf, stage)
    return pmf


def quantile(pmf: np.ndarray, q: float) -> int:
    """The smallest number of hires whose cumulative probability reaches q."""
    return int(np.searchsorted(np.cumsum(pmf), q - 1e-12))


def forecast(in_flight: Sequence[int], hired: Sequence[int], eligible: Sequence[int], remaining: int) -> HireForecast:
    pmf = hire_distribution(in_flight, hired, eligible)
    tail = (1 - LEVEL) / 2
    chance = float(pmf[remaining:].sum()) if remaining > 0 else None
    return HireForecast(low=quantile(pmf, tail), high=quantile(pmf, 1 - tail), chance_to_fill=chance)


def with_forecast(health: pd.DataFrame, stage_rates: pd.DataFrame) -> pd.DataFrame:
    """Add expected_hires_low / _high (95 %) and chance_to_fill (open roles) to rows of agg_requisition_health."""
    rates = stage_rates.set_index("stage").reindex(list(STAGES))
    hired = rates["hired"].fillna(0).to_numpy()
    eligible = rates["eligible"].fillna(0).to_numpy()
    results = [
        forecast(
            [row[f"in_{stage}"] for stage in STAGES],
            hired,
            eligible,
            int(row["remaining_openings"]) if row["is_open"] else 0,
        )
        for row in health.to_dict("records")
    ]
    out = health.copy()
    out["expected_hires_low"] = [r.low for r in results]
    out["expected_hires_high"] = [r.high for r in results]
    out["chance_to_fill"] = [r.chance_to_fill for r in results]
    return out
