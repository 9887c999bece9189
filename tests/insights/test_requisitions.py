"""Requisition triage (insights.requisitions) by hand: survival chances, the fill distribution, statuses."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from insights.requisitions import (
    ContactRate,
    StageCurves,
    TriageRules,
    chance_to_fill,
    first_contacts_needed,
    hires_interval,
    triage,
    triage_role,
)

# interview: of 10 applications, 2 hired on day 10 and 2 on day 20, 6 never (censored on day 100);
# offer: of 4, 3 hired on day 5, 1 never (censored on day 100)
DURATIONS = pd.DataFrame(
    [
        ("interview", 10, 2, 0),
        ("interview", 20, 2, 0),
        ("interview", 100, 0, 6),
        ("offer", 5, 3, 0),
        ("offer", 100, 0, 1),
    ],
    columns=["stage", "day", "events", "censored"],
)
RULES = TriageRules(on_track_chance=0.7, at_risk_chance=0.3, days_to_fill_min_chance=0.2)
CONTACT = ContactRate(hired=50, eligible=5000, window_days=120)


def role(**values) -> dict:
    base = {
        "role_id": "R1",
        "is_open": True,
        "closed_at": None,
        "openings": 1,
        "hires": 0,
        "remaining_openings": 1,
        "days_to_target": 30,
        "target_date": pd.Timestamp("2026-07-30"),
    }
    return {**base, **values}


def people(*stages_and_days: tuple[str, float]) -> pd.DataFrame:
    return pd.DataFrame(list(stages_and_days), columns=["stage", "days_in_stage"]).assign(role_id="R1")


def test_a_stage_curve_is_the_share_hired_and_a_long_wait_lowers_the_chance():
    curves = StageCurves(DURATIONS)
    assert curves.hired_within("interview", np.array([9, 10, 20, 99])) == pytest.approx([0, 0.2, 0.4, 0.4])
    # just entered the interview, 30 days to go: F(30) - F(0) = 0.4; after 15 days there: (0.4 - 0.2) / 0.8
    fresh, waited = curves.chance_within(np.array(["interview", "interview"]), np.array([0.0, 15.0]), 30)
    assert (fresh, waited) == pytest.approx((0.4, 0.25))
    assert curves.chance_within(np.array(["offer"]), np.array([0.0]), 0) == pytest.approx([0.0])
    assert curves.hired_within("recruiter_screen", np.array([50])) == pytest.approx([0.0])


def test_chance_to_fill_and_interval_equal_a_brute_force_sum_over_who_is_hired():
    chances = np.array([0.9, 0.4, 0.25])
    by_hand = np.zeros(4)
    for hired in itertools.product([0, 1], repeat=3):
        by_hand[sum(hired)] += math.prod(p if h else 1 - p for p, h in zip(chances, hired))
    assert chance_to_fill(chances, 2) == pytest.approx(by_hand[2:].sum())
    assert chance_to_fill(chances, 4) == 0.0 and chance_to_fill(chances, 0) == 1.0
    cdf = np.cumsum(by_hand)
    assert hires_interval(chances) == (int(np.argmax(cdf >= 0.025)), int(np.argmax(cdf >= 0.975)))


def test_over_filled_filled_and_closed_roles_are_never_at_risk():
    curves = StageCurves(DURATIONS)
    empty = people()
    over = triage_role(role(hires=5, remaining_openings=0), empty, curves, RULES, CONTACT)
    assert (
        over["status"] == "over_filled"
        and over["status_reason"] == "5 hires for 1 opening: 4 more than the requisition asked for"
    )
    assert "%" not in over["status_reason"] and over["chance_to_fill"] is None
    assert triage_role(role(hires=1, remaining_openings=0), empty, curves, RULES, CONTACT)["status"] == "filled"
    closed = triage_role(role(is_open=False, closed_at=pd.Timestamp("2026-05-01")), empty, curves, RULES, CONTACT)
    assert (closed["status"], closed["status_reason"]) == ("closed", "Closed on 2026-05-01")


def test_status_follows_the_chance_and_days_to_fill_are_given_only_from_20_percent():
    curves = StageCurves(DURATIONS)
    # two people at the offer, 30 days to go: each hired with 0.75, one opening: 1 - 0.25^2 = 0.9375
    on_track = triage_role(role(), people(("offer", 0), ("offer", 0)), curves, RULES, CONTACT)
    assert on_track["status"] == "on_track" and on_track["chance_to_fill"] == pytest.approx(0.9375)
    assert on_track["expected_days_to_fill"] == 5 and on_track["first_contacts_needed"] is None
    # one person fresh in the interview: 0.4: watch, still a day count (the hires come on days 10 and 20)
    watch = triage_role(role(), people(("interview", 0)), curves, RULES, CONTACT)
    assert watch["status"] == "watch" and watch["expected_days_to_fill"] == 10
    # two openings, one person in the interview: 0 chance: at risk, about (2 - 0.4) / 1 % first contacts
    at_risk = triage_role(role(openings=2, remaining_openings=2), people(("interview", 0)), curves, RULES, CONTACT)
    assert at_risk["status"] == "at_risk" and at_risk["expected_days_to_fill"] is None
    assert at_risk["first_contacts_needed"] == 160
    assert "Unlikely from the current pipeline: about 160 more first contacts needed" in at_risk["status_reason"]
    assert "1.0 % of 5,000 first contacts were hired within 120 days" in at_risk["status_reason"]


def test_past_its_target_date_a_role_with_openings_left_is_at_risk():
    curves = StageCurves(DURATIONS)
    late = triage_role(role(days_to_target=-3), people(("offer", 0)), curves, RULES, CONTACT)
    assert late["status"] == "at_risk" and late["chance_to_fill"] == 0.0
    assert late["status_reason"].startswith("Past its target date (2026-07-30) with 1 opening left")


def test_roles_are_ranked_by_severity_then_chance():
    health = pd.DataFrame(
        [
            role(role_id="OK"),
            role(role_id="FULL", hires=1, remaining_openings=0),
            role(role_id="EMPTY"),
            role(role_id="HALF"),
        ]
    )
    pipeline = pd.DataFrame(
        [("OK", "offer", 0), ("OK", "offer", 0), ("HALF", "interview", 0)],
        columns=["role_id", "stage", "days_in_stage"],
    )
    ranked = triage(health, pipeline, DURATIONS, RULES, CONTACT)
    assert list(ranked["role_id"]) == ["EMPTY", "HALF", "OK", "FULL"]
    assert list(ranked["status"]) == ["at_risk", "watch", "on_track", "filled"]
    assert list(ranked["severity_rank"]) == [1, 2, 3, 4]
    assert ranked.loc[0, "status_reason"].startswith("Nobody in process for 1 opening left")


def test_first_contacts_needed_come_from_the_counts_not_a_rounded_rate():
    # 1 of 3 first contacts hired (a rate stored as 0.333333 would need 3.000003, i.e. 4, contacts)
    assert first_contacts_needed(1.0, ContactRate(hired=1, eligible=3, window_days=120)) == 3
    assert first_contacts_needed(0.0, CONTACT) is None
    assert first_contacts_needed(1.0, ContactRate(hired=0, eligible=3, window_days=120)) is None


def test_without_any_past_hire_there_is_no_target_and_the_chance_is_taken_over_a_year():
    curves = StageCurves(DURATIONS)
    no_target = role(days_to_target=None, target_date=None)
    decided = triage_role(no_target, people(("offer", 0)), curves, RULES, CONTACT)
    assert decided["chance_to_fill"] == pytest.approx(0.75) and decided["status"] == "on_track"
    assert decided["status_reason"].endswith("within 365 days (target date none yet: no past hire to set one by)")
