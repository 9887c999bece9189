"""Wilson intervals for rates the dashboards compute under filters.

The same formula as the dbt macro `wilson_bound` (dbt_project/macros/stats.sql); tests check
both against scipy and against each other on unfiltered data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z = 1.959964
SMALL_SAMPLE = 30


def wilson_interval(successes: pd.Series, trials: pd.Series) -> tuple[pd.Series, pd.Series]:
    x = successes.astype(float)
    n = trials.astype(float).where(trials > 0)
    p = x / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return (centre - half).round(6), (centre + half).round(6)


def with_rate(frame: pd.DataFrame, numerator: str, denominator: str, prefix: str = "") -> pd.DataFrame:
    """Add <prefix>rate, <prefix>ci_low, <prefix>ci_high and is_small_sample for numerator / denominator."""
    out = frame.copy()
    out[f"{prefix}rate"] = (out[numerator] / out[denominator].where(out[denominator] > 0)).round(6)
    out[f"{prefix}ci_low"], out[f"{prefix}ci_high"] = wilson_interval(out[numerator], out[denominator])
    out["is_small_sample"] = out[denominator] < SMALL_SAMPLE
    return out
