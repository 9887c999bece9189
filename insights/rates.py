"""Rates as ratios of counts, with their 95 % Wilson interval (statsmodels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

SMALL_SAMPLE = 30  # a denominator under this is flagged; the dbt macro small_sample_threshold() agrees


def wilson_interval(successes: pd.Series, trials: pd.Series, alpha: float = 0.05) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of successes / trials; NaN where there are no trials."""
    x = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    has_trials = n > 0
    low, high = np.full(n.shape, np.nan), np.full(n.shape, np.nan)
    if has_trials.any():
        low[has_trials], high[has_trials] = proportion_confint(
            x[has_trials], n[has_trials], alpha=alpha, method="wilson"
        )
    index = getattr(successes, "index", None)
    return pd.Series(low, index=index).round(6), pd.Series(high, index=index).round(6)


def with_rate(frame: pd.DataFrame, numerator: str, denominator: str, prefix: str = "") -> pd.DataFrame:
    """Add <prefix>rate, <prefix>ci_low, <prefix>ci_high and is_small_sample for numerator / denominator."""
    out = frame.copy()
    trials = out[denominator]
    out[f"{prefix}rate"] = (out[numerator] / trials.where(trials > 0)).astype(float).round(6)
    out[f"{prefix}ci_low"], out[f"{prefix}ci_high"] = wilson_interval(out[numerator], trials)
    out["is_small_sample"] = trials < SMALL_SAMPLE
    return out
