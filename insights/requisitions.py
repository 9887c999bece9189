"""Requisition triage: the chance that the people in process fill a role's openings by its target date.

The counts come from dbt (marts.agg_requisition_health: openings, hires, target date per role;
marts.fct_requisition_pipeline: each person in process, their stage and days in it;
marts.agg_stage_hire_durations: per stage, the days from reaching it to the hire, censored at the
data's as-of time). Per stage, a Kaplan-Meier curve (insights.survival) gives F(t), the share of
applications hired within t days of reaching the stage; applications that were rejected or
withdrew stay at risk until the as-of time (they are never hired), so F is the share hired, as the
stage-to-hire rate is. A person who has sat d days in a stage is hired within the h days left to
the target with probability (F(d + h) - F(d)) / (1 - F(d)): someone stuck long past the usual
time has less left to expect. People are independent, so a role's hires by the target date follow
a Poisson binomial distribution (scipy.stats.poisson_binom); the chance to fill is the chance of
at least the openings left.

Status: closed (the role closed), over_filled (more hires than openings), filled (no opening
left), else on_track / watch / at_risk by the chance to fill (thresholds: WorkListRules). Expected
days to fill are given only where that chance is at least days_to_fill_min_chance_pct: the median
time to fill among the outcomes in which the pipeline fills the role by the target. Below it, the
role is unlikely to fill from its pipeline, and the shortfall (openings left - expected hires) over
the company's windowed contact-to-hire rate says about how many more first contacts it needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import poisson_binom

from insights.survival import conversion_curves

LEVEL = 0.95
# no hire yet anywhere, so no days to fill to set a target date by: the chance is taken over a year
NO_TARGET_HORIZON_DAYS = 365
STATUSES = ("at_risk", "watch", "on_track", "over_filled", "filled", "closed")  # most severe first


@dataclass(frozen=True)
class TriageRules:
    on_track_chance: float = 0.70
    at_risk_chance: float = 0.30
    days_to_fill_min_chance: float = 0.20


@dataclass(frozen=True)
class ContactRate:
    """The company's windowed contact-to-hire rate: hired within the window among eligible contacts."""

    hired: int
    eligible: int
    window_days: int

    @property
    def rate(self) -> float | None:
        return self.hired / self.eligible if self.eligible else None


class StageCurves:
    """F(t) per stage: the share of applications hired within t days of reaching it."""

    def __init__(self, durations: pd.DataFrame):
        curves = conversion_curves(durations, segment="stage")
        self._steps = {
            stage: (group["day"].to_numpy(dtype=float), group["converted"].to_numpy(dtype=float))
            for stage, group in curves.groupby("stage")
        }

    def hired_within(self, stage: str, days: np.ndarray) -> np.ndarray:
        """F(days) for one stage (0 for a stage nobody was ever hired from)."""
        days = np.asarray(days, dtype=float)
        if stage not in self._steps:
            return np.zeros_like(days)
        steps, converted = self._steps[stage]
        at = np.searchsorted(steps, days, side="right") - 1
        return np.where(at >= 0, converted[np.clip(at, 0, None)], 0.0)

    def chance_within(self, stages: np.ndarray, days_in_stage: np.ndarray, horizon: float) -> np.ndarray:
        """Each person's chance to be hired within `horizon` more days, given d days in their stage unhired."""
        chances = np.zeros(len(stages))
        if horizon <= 0:
            return chances
        for stage in np.unique(stages):
            mine = stages == stage
            before = self.hired_within(stage, days_in_stage[mine])
            by_then = self.hired_within(stage, days_in_stage[mine] + horizon)
            chances[mine] = np.where(before < 1, (by_then - before) / np.clip(1 - before, 1e-12, None), 0.0)
        return np.clip(chances, 0.0, 1.0)


def chance_to_fill(chances: np.ndarray, needed: int) -> float:
    """P(at least `needed` hires) when each person is hired independently with their chance."""
    if needed <= 0:
        return 1.0
    if len(chances) < needed:
        return 0.0
    return float(poisson_binom.sf(needed - 1, chances))


def hires_interval(chances: np.ndarray) -> tuple[int, int]:
    """The central 95 % interval of the number of hires."""
    if not len(chances):
        return 0, 0
    tail = (1 - LEVEL) / 2
    return int(poisson_binom.ppf(tail, chances)), int(poisson_binom.ppf(1 - tail, chances))


def days_to_fill(curves: StageCurves, stages: np.ndarray, days_in_stage: np.ndarray, needed: int, horizon: int) -> int:
    """The median time to fill among outcomes that fill within `horizon` days: the first day by which
    the chance to fill reaches half its value at the horizon (the chance grows with the days)."""
    target = chance_to_fill(curves.chance_within(stages, days_in_stage, horizon), needed) / 2
    low, high = 1, max(horizon, 1)
    while low < high:
        middle = (low + high) // 2
        if chance_to_fill(curves.chance_within(stages, days_in_stage, middle), needed) >= target:
            high = middle
        else:
            low = middle + 1
    return low


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _pct(value: float) -> str:
    return f"{value * 100:.0f} %"


def first_contacts_needed(shortfall: float, contact: ContactRate) -> int | None:
    """About how many more first contacts bring `shortfall` hires at the windowed contact-to-hire rate."""
    if shortfall <= 0 or not contact.hired:
        return None
    # from the counts, not the rounded rate; rounded so that 1.6 / 0.01 (160.00000000000003) is 160
    return math.ceil(round(shortfall * contact.eligible / contact.hired, 6))


def triage_role(
    role: dict, people: pd.DataFrame, curves: StageCurves, rules: TriageRules, contact: ContactRate
) -> dict:
    """One role's status, chance to fill, expected hires and days to fill, and the sentence saying why."""
    openings, hires, remaining = int(role["openings"]), int(role["hires"]), int(role["remaining_openings"])
    out = {
        "chance_to_fill": None,
        "expected_hires": 0.0,
        "expected_hires_low": 0,
        "expected_hires_high": 0,
        "expected_days_to_fill": None,
        "first_contacts_needed": None,
    }
    if not role["is_open"]:
        closed = role["closed_at"]
        return {**out, "status": "closed", "status_reason": f"Closed on {closed:%Y-%m-%d}" if closed else "Closed"}
    if hires > openings:
        return {
            **out,
            "status": "over_filled",
            "status_reason": f"{_plural(hires, 'hire')} for {_plural(openings, 'opening')}: "
            f"{hires - openings:,} more than the requisition asked for",
        }
    if remaining == 0:
        return {**out, "status": "filled", "status_reason": f"All {_plural(openings, 'opening')} filled"}

    has_target = not pd.isna(role["days_to_target"])
    horizon = int(role["days_to_target"]) if has_target else NO_TARGET_HORIZON_DAYS
    stages = people["stage"].to_numpy(dtype=object)
    days_in = people["days_in_stage"].to_numpy(dtype=float)
    chances = curves.chance_within(stages, days_in, horizon)
    chance = chance_to_fill(chances, remaining)
    low, high = hires_interval(chances)
    expected = float(chances.sum())
    status = "on_track" if chance >= rules.on_track_chance else "watch" if chance >= rules.at_risk_chance else "at_risk"
    target = f"{role['target_date']:%Y-%m-%d}" if has_target else "none yet: no past hire to set one by"
    seats = _plural(remaining, "opening")
    if not has_target:
        reason = (
            f"{_pct(chance)} chance that the {_plural(len(people), 'person')} in process fill the {seats} left "
            f"within {NO_TARGET_HORIZON_DAYS} days (target date {target})"
        )
    elif horizon <= 0:
        reason = f"Past its target date ({target}) with {seats} left"
    elif not len(people):
        reason = f"Nobody in process for {seats} left; target date {target}"
    else:
        reason = (
            f"{_pct(chance)} chance that the {_plural(len(people), 'person')} in process fill the {seats} left "
            f"by the target date ({target}, in {_plural(horizon, 'day')}); expected hires by then {expected:.1f}"
        )
    days = None
    needed = None
    if chance >= rules.days_to_fill_min_chance and horizon > 0:
        days = days_to_fill(curves, stages, days_in, remaining, horizon)
    else:
        needed = first_contacts_needed(remaining - expected, contact)
        if needed is not None:
            reason += (
                f". Unlikely from the current pipeline: about {needed:,} more first contacts needed "
                f"({contact.rate * 100:.1f} % of {contact.eligible:,} first contacts were hired within "
                f"{contact.window_days} days)"
            )
        else:
            reason += ". Unlikely from the current pipeline"
    return {
        **out,
        "status": status,
        "status_reason": reason,
        "chance_to_fill": chance,
        "expected_hires": expected,
        "expected_hires_low": low,
        "expected_hires_high": high,
        "expected_days_to_fill": days,
        "first_contacts_needed": needed,
    }


def triage(
    health: pd.DataFrame,
    pipeline: pd.DataFrame,
    durations: pd.DataFrame,
    rules: TriageRules,
    contact: ContactRate,
) -> pd.DataFrame:
    """agg_requisition_health's rows with the triage columns, ranked by severity (1 = most severe)."""
    curves = StageCurves(durations)
    people = {role: group for role, group in pipeline.groupby("role_id")}
    empty = pipeline.iloc[0:0]
    decided = pd.DataFrame(
        [
            triage_role(row, people.get(row["role_id"], empty), curves, rules, contact)
            for row in health.to_dict("records")
        ],
        index=health.index,
        columns=[
            "status",
            "status_reason",
            "chance_to_fill",
            "expected_hires",
            "expected_hires_low",
            "expected_hires_high",
            "expected_days_to_fill",
            "first_contacts_needed",
        ],
    )
    out = pd.concat([health, decided], axis=1)
    out["severity"] = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    out = out.sort_values(
        ["severity", "chance_to_fill", "remaining_openings", "role_id"],
        ascending=[True, True, False, True],
        na_position="last",
    )
    out["severity_rank"] = np.arange(1, len(out) + 1)
    return out.drop(columns="severity").reset_index(drop=True)
