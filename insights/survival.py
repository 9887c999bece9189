"""Time to reply and time to hire: Kaplan-Meier curves from counts per day (statsmodels).

A prospect that has not reached the stage yet is censored at data_as_of: it is known to have
waited that long without converting, which a plain rate over recent cohorts forgets. The curve
gives, for every day d, the share expected to have converted within d days of first contact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm
from statsmodels.duration.survfunc import SurvfuncRight


def conversion_curve(days: pd.Series, events: pd.Series, censored: pd.Series, alpha: float = 0.05) -> pd.DataFrame:
    """One Kaplan-Meier curve from counts per day: `events` prospects converted on day d, `censored`
    were last seen (data_as_of) on day d without converting.

    Returns one row per day with an event (and day 0): converted (1 - survival), its pointwise
    interval, at_risk and events. statsmodels estimates with frequency weights; its standard error is then
    Tsiatis' for the cumulative hazard, so the interval is taken on that (log-survival) scale.
    """
    time = np.concatenate([days.to_numpy(dtype=float), days.to_numpy(dtype=float)])
    status = np.concatenate([np.ones(len(days)), np.zeros(len(days))])
    weights = np.concatenate([events.to_numpy(dtype=float), censored.to_numpy(dtype=float)])
    kept = weights > 0
    columns = ["day", "converted", "ci_low", "ci_high", "at_risk", "events"]
    if not (status[kept] * weights[kept]).sum():
        return pd.DataFrame(columns=columns)
    fit = SurvfuncRight(time[kept], status[kept], freq_weights=weights[kept])
    survival = np.asarray(fit.surv_prob)
    hazard = -np.log(np.clip(survival, 1e-16, 1.0))
    spread = norm.ppf(1 - alpha / 2) * np.asarray(fit.surv_prob_se)
    curve = pd.DataFrame(
        {
            "day": np.asarray(fit.surv_times),
            "converted": 1 - survival,
            "ci_low": 1 - np.exp(-np.clip(hazard - spread, 0, None)),
            "ci_high": 1 - np.exp(-(hazard + spread)),
            "at_risk": np.asarray(fit.n_risk),
            "events": np.asarray(fit.n_events),
        }
    )
    if curve["day"].iloc[0] > 0:  # the curve starts at day 0 with nobody converted yet
        start = {
            "day": 0.0,
            "converted": 0.0,
            "ci_low": 0.0,
            "ci_high": 0.0,
            "at_risk": weights[kept].sum(),
            "events": 0,
        }
        curve = pd.concat([pd.DataFrame([start]), curve], ignore_index=True)
    return curve


def conversion_curves(counts: pd.DataFrame, segment: str = "segment", alpha: float = 0.05) -> pd.DataFrame:
    """Kaplan-Meier curves per segment from counts shaped (segment, day, events, censored)."""
    curves = [
        conversion_curve(group["day"], group["events"], group["censored"], alpha).assign(**{segment: value})
        for value, group in counts.groupby(segment, sort=True)
    ]
    curves = [c for c in curves if not c.empty]
    if not curves:
        return pd.DataFrame(columns=[segment, "day", "converted", "ci_low", "ci_high", "at_risk", "events"])
    frame = pd.concat(curves, ignore_index=True)
    return frame[[segment, *[c for c in frame.columns if c != segment]]]


def converted_by(curves: pd.DataFrame, day: float, segment: str = "segment") -> pd.Series:
    """Each segment's share converted within `day` days (the curve's last step at or before it)."""
    before = curves[curves["day"] <= day]
    return before.groupby(segment)["converted"].last()
