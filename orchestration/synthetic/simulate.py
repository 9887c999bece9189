"""Simulate one chunk of outbound recruiting: prospects, messages, responses and ATS progress.

Everything is vectorised with numpy over the chunk; a chunk of 250k prospects needs a few
hundred MB at most, so any number of prospects streams to disk chunk by chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from contract import vocabulary as V
from orchestration.synthetic import behaviour as B

HOUR = 3600
DAY = 24 * HOUR
ATS_FLOW = list(V.ATS_PROGRESS_STAGES)


def pick(rng: np.random.Generator, weights: dict, size: int) -> np.ndarray:
    keys = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def lookup(mapping: dict, values: np.ndarray) -> np.ndarray:
    return pd.Series(values).map(mapping).to_numpy(dtype=float)


def ids(prefix: str, numbers: np.ndarray, suffix: str = "") -> np.ndarray:
    return (prefix + pd.Series(numbers).astype(str).str.zfill(8) + suffix).to_numpy(dtype=object)


@dataclass
class Dimensions:
    recruiters: pd.DataFrame
    roles: pd.DataFrame


def simulate_dimensions(rng: np.random.Generator, prospects: int, start: int, end: int) -> Dimensions:
    n_roles = int(np.clip(prospects // 400, 12, 3000))
    n_recruiters = int(np.clip(n_roles // 6, 4, 400))
    recruiter_ids = np.array([f"rec{i:03d}" for i in range(1, n_recruiters + 1)], dtype=object)
    first = rng.choice(B.FIRST_NAMES, n_recruiters)
    recruiters = pd.DataFrame(
        {
            "recruiter_id": recruiter_ids,
            "name": [f"{f} Recruiter{i}" for i, f in enumerate(first, 1)],
            "email": [f"{r}@acme.example" for r in recruiter_ids],
            "team": rng.choice(["eng", "gtm", "product", "ops"], n_recruiters),
        }
    )
    departments = np.array(list(B.DEPARTMENTS), dtype=object)
    dept = departments[rng.integers(0, len(departments), n_roles)]
    dept[B.UNATTRACTIVE_ROLE_INDEX] = "Sales"
    seniority = pick(rng, B.SENIORITY, n_roles)
    seniority[B.UNATTRACTIVE_ROLE_INDEX] = "mid"
    titles = [
        f"{B.SENIORITY_TITLE[s]} {B.DEPARTMENTS[d][rng.integers(0, len(B.DEPARTMENTS[d]))]}".strip()
        for d, s in zip(dept, seniority)
    ]
    opened = start - rng.integers(0, 60, n_roles) * DAY
    roles = pd.DataFrame(
        {
            "role_id": [f"R{i:05d}" for i in range(1, n_roles + 1)],
            "title": titles,
            "department": dept,
            "location": rng.choice(B.LOCATIONS, n_roles),
            "seniority": seniority,
            "recruiter_id": recruiter_ids[rng.integers(0, n_recruiters, n_roles)],
            "opened_at": pd.to_datetime(opened, unit="s").strftime("%Y-%m-%d"),
            "closed_at": None,
            "openings": rng.integers(1, 4, n_roles),
        }
    )
    return Dimensions(recruiters=recruiters, roles=roles)


@dataclass
class Chunk:
    """One drop's worth of rows per landing table (values already as export-ready text)."""

    tables: dict[str, pd.DataFrame]


def _stamp(seconds: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    return np.char.add(text.astype("U19"), "Z").astype(object)


def _follow(rng: np.random.Generator, base: np.ndarray, low_days: float, high_days: float) -> np.ndarray:
    return base + (rng.uniform(low_days, high_days, base.size) * DAY).astype(np.int64)


def simulate_chunk(
    rng: np.random.Generator, dims: Dimensions, first_index: int, size: int, window: tuple[int, int], end: int
) -> Chunk:
    """`size` prospects sourced within `window` (epoch seconds); nothing happens after `end`."""
    n = size
    idx = np.arange(first_index, first_index + n)
    roles = dims.roles
    role_pos = rng.integers(0, len(roles), n)
    role_id = roles["role_id"].to_numpy()[role_pos]
    dept = roles["department"].to_numpy()[role_pos]
    seniority = roles["seniority"].to_numpy()[role_pos]
    owner = roles["recruiter_id"].to_numpy()[role_pos]
    recruiters = dims.recruiters["recruiter_id"].to_numpy()
    sourced_by = np.where(rng.random(n) < 0.8, owner, recruiters[rng.integers(0, len(recruiters), n)])

    # people: most are new, some are sourced again for another role of this chunk
    candidate_no = idx.copy()
    again = rng.random(n) < B.SAME_PERSON_OTHER_ROLE
    again[0] = False
    candidate_no[again] = idx[rng.choice(np.flatnonzero(~again), again.sum())]
    sourced_at = rng.integers(window[0], window[1], n)

    channel = pick(rng, B.SOURCING_CHANNELS, n)
    title_match = pick(rng, B.TITLE_MATCH, n)
    score = np.clip(np.round(lookup(B.MATCH_SCORE_MEAN, title_match) + rng.normal(0, 10, n)), 0, 100).astype(int)
    tier = np.where(score >= 80, "strong", np.where(score >= 60, "moderate", "stretch"))

    # outreach plan
    messaged = rng.random(n) >= B.NOT_MESSAGED
    length = pick(rng, B.SEQUENCE_LENGTH, n).astype(int)
    bounced = rng.random(n) < B.FIRST_TOUCH_BOUNCED
    length = np.where(bounced, np.minimum(length, 2), length)
    sequence = np.where(seniority == "executive", B.EXECUTIVE_SEQUENCE, pd.Series(dept).map(B.SEQUENCES).to_numpy())
    variant = np.where(rng.random(n) < 0.5, "a", "b")
    first_template = np.char.add(np.char.add(sequence.astype(str), "-step1-"), variant.astype(str)).astype(object)
    first_channel = pick(rng, B.MESSAGE_CHANNELS, n)
    personalized = rng.random(n) < B.PERSONALIZED_SHARE
    touch_time = np.empty((4, n), dtype=np.int64)
    touch_time[0] = sourced_at + rng.integers(2 * HOUR, 72 * HOUR, n)
    for k in range(1, 4):
        touch_time[k] = _follow(rng, touch_time[k - 1], 3, 7)

    p_reply = (
        B.BASE_REPLY
        * lookup(B.CHANNEL_REPLY, channel)
        * lookup(B.SENIORITY_REPLY, seniority)
        * lookup(B.TIER_REPLY, tier)
        * np.where(personalized, B.PERSONALIZED_REPLY[True], B.PERSONALIZED_REPLY[False])
        * lookup(B.MESSAGE_CHANNEL_REPLY, first_channel)
        * np.where(first_template == B.WEAK_TEMPLATE, B.WEAK_TEMPLATE_REPLY, 1.0)
    )
    reply_step = np.minimum(pick(rng, B.REPLY_STEP, n).astype(int), length)
    reply_time = touch_time[reply_step - 1, np.arange(n)] + (rng.lognormal(np.log(20), 1.0, n) * HOUR).astype(np.int64)
    replied = messaged & ~bounced & (rng.random(n) < np.clip(p_reply, 0, 0.95)) & (reply_time < end)
    last_step = np.where(replied, reply_step, length)

    # what the reply says
    mix = np.tile(np.array(list(B.RESPONSE_MIX.values())), (n, 1))
    mix[:, 0] *= lookup(B.CHANNEL_INTEREST, channel) * lookup(B.TIER_REPLY, tier) ** 0.5
    unattractive = role_id == roles["role_id"].iat[B.UNATTRACTIVE_ROLE_INDEX]
    mix[unattractive, 2] = B.UNATTRACTIVE_DECLINE * mix[unattractive].sum(axis=1) / (1 - B.UNATTRACTIVE_DECLINE)
    mix /= mix.sum(axis=1, keepdims=True)
    choice = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    response_type = np.array(list(B.RESPONSE_MIX), dtype=object)[np.minimum(choice, mix.shape[1] - 1)]
    decline_reason = pick(rng, B.DECLINE_REASONS, n)
    pay = unattractive & (rng.random(n) < B.UNATTRACTIVE_COMPENSATION)
    decline_reason[pay] = "compensation"
    reconnect_after = reply_time + rng.integers(30, 180, n) * DAY

    # "not now" people written to again on their date; some are interested then
    recontact = replied & (response_type == "not_now") & (rng.random(n) < B.RECONTACT_NOT_NOW)
    recontact_time = reconnect_after - reconnect_after % DAY + 9 * HOUR
    recontact &= recontact_time < end
    reinterested = recontact & (rng.random(n) < B.RECONTACT_INTERESTED)
    reinterest_time = recontact_time + rng.integers(2 * HOUR, 72 * HOUR, n)
    reinterested &= reinterest_time < end

    breach = replied & np.isin(response_type, ["opt_out", "declined"]) & (rng.random(n) < B.CONTACT_AFTER_STOP)
    breach_time = _follow(rng, reply_time, 2, 6)
    breach &= breach_time < end
    auto_reply = messaged & ~bounced & (rng.random(n) < B.AUTO_REPLY)

    interested = replied & (response_type == "interested") | reinterested
    interested_time = np.where(reinterested, reinterest_time, reply_time)

    # duplicates: the same person sourced again for the same role; follow-ups land on the copy
    duplicate = rng.random(n) < B.DUPLICATE_PROSPECT
    duplicate_id = ids("P", idx, "d")

    prospect_id = ids("P", idx)
    candidate_id = ids("C", candidate_no)
    tables: dict[str, pd.DataFrame] = {}

    # -- sourcing ---------------------------------------------------------------------------
    new_person = ~again
    first = np.array(B.FIRST_NAMES, dtype=object)[candidate_no % len(B.FIRST_NAMES)]
    last = np.array(B.LAST_NAMES, dtype=object)[(candidate_no // len(B.FIRST_NAMES)) % len(B.LAST_NAMES)]
    slug = (
        pd.Series(first).str.lower() + "-" + pd.Series(last).str.lower() + "-" + pd.Series(candidate_no).astype(str)
    ).to_numpy()
    email = (pd.Series(slug).str.replace("-", ".", regex=False) + "@mail.example").to_numpy(dtype=object)
    shared = rng.random(n) < B.SHARED_EMAIL
    email[shared] = "talent-pool@shared.example"
    has_url = rng.random(n) < 0.85
    tables["sourcing/candidates"] = pd.DataFrame(
        {
            "candidate_id": candidate_id,
            "full_name": first + " " + last,
            "email": np.where(rng.random(n) < 0.9, email, None),
            "linkedin_url": np.where(has_url, "https://www.linkedin.com/in/" + slug.astype(object) + "/", None),
            "current_title": roles["title"].to_numpy()[role_pos],
            "current_company": rng.choice(B.COMPANIES, n),
            "location": rng.choice(B.LOCATIONS, n),
            "profile_detail": pick(rng, B.PROFILE_DETAIL, n),
            "created_at": _stamp(sourced_at - rng.integers(0, 400, n) * DAY),
        }
    )[new_person]
    prospects = pd.DataFrame(
        {
            "prospect_id": prospect_id,
            "candidate_id": candidate_id,
            "role_id": role_id,
            "sourced_at": _stamp(sourced_at),
            "sourced_by": sourced_by,
            "channel": channel,
            "title_match": title_match,
            "match_score": score,
            "selection_reason": np.where(rng.random(n) < 0.4, "matches the target profile", None),
        }
    )
    copies = prospects[duplicate].assign(
        prospect_id=duplicate_id[duplicate],
        sourced_at=_stamp(sourced_at[duplicate] + rng.integers(1, 10, duplicate.sum()) * DAY),
    )
    tables["sourcing/prospects"] = pd.concat([prospects, copies], ignore_index=True)

    # -- outreach ---------------------------------------------------------------------------
    messages = []
    for k in range(1, 5):
        sent = messaged & (k <= last_step) & (touch_time[k - 1] < end)
        template = first_template if k == 1 else np.char.add(sequence.astype(str), f"-step{k}").astype(object)
        owner_id = np.where(duplicate & (k >= 2), duplicate_id, prospect_id)
        status = np.where(
            bounced, "bounced", np.where(rng.random(n) < B.LATER_TOUCH_FAILED * (k > 1), "failed", "delivered")
        )
        messages.append(
            pd.DataFrame(
                {
                    "message_id": ids("M", idx, f"-{k}"),
                    "prospect_id": owner_id,
                    "sequence_id": sequence,
                    "template_id": template,
                    "step": k,
                    "channel": first_channel if k == 1 else np.where(rng.random(n) < 0.8, "email", first_channel),
                    "sent_at": _stamp(touch_time[k - 1]),
                    "status": status,
                    "personalized": personalized if k == 1 else rng.random(n) < 0.2,
                }
            )[sent]
        )
    messages.append(
        pd.DataFrame(
            {
                "message_id": ids("M", idx, "-r"),
                "prospect_id": prospect_id,
                "sequence_id": B.RECONNECT_SEQUENCE,
                "template_id": f"{B.RECONNECT_SEQUENCE}-step1",
                "step": 1,
                "channel": "email",
                "sent_at": _stamp(recontact_time),
                "status": "delivered",
                "personalized": True,
            }
        )[recontact]
    )
    messages.append(
        pd.DataFrame(
            {
                "message_id": ids("M", idx, "-x"),
                "prospect_id": prospect_id,
                "sequence_id": sequence,
                "template_id": np.char.add(sequence.astype(str), "-step4").astype(object),
                "step": np.minimum(last_step + 1, 4),
                "channel": "email",
                "sent_at": _stamp(breach_time),
                "status": "delivered",
                "personalized": False,
            }
        )[breach]
    )
    tables["outreach/messages"] = pd.concat(messages, ignore_index=True)

    reply_owner = np.where(duplicate & (reply_step >= 2), duplicate_id, prospect_id)
    responses = [
        pd.DataFrame(
            {
                "response_id": ids("E", idx, "-h"),
                "prospect_id": reply_owner,
                "message_id": ids("M", idx, "-") + reply_step.astype(str).astype(object),
                "responded_at": _stamp(reply_time),
                "response_type": response_type,
                "decline_reason": np.where(response_type == "declined", decline_reason, None),
                "reconnect_after": np.where(
                    response_type == "not_now", pd.to_datetime(reconnect_after, unit="s").strftime("%Y-%m-%d"), None
                ),
            }
        )[replied],
        pd.DataFrame(
            {
                "response_id": ids("E", idx, "-a"),
                "prospect_id": prospect_id,
                "message_id": ids("M", idx, "-1"),
                "responded_at": _stamp(touch_time[0] + 300),
                "response_type": "auto_reply",
                "decline_reason": None,
                "reconnect_after": None,
            }
        )[auto_reply],
        pd.DataFrame(
            {
                "response_id": ids("E", idx, "-r"),
                "prospect_id": prospect_id,
                "message_id": ids("M", idx, "-r"),
                "responded_at": _stamp(reinterest_time),
                "response_type": "interested",
                "decline_reason": None,
                "reconnect_after": None,
            }
        )[reinterested],
    ]
    tables["outreach/responses"] = pd.concat(responses, ignore_index=True)

    tables.update(
        _simulate_ats(
            rng, dims, idx, candidate_id, slug, email, role_id, channel, sourced_at, interested, interested_time, end
        )
    )
    return Chunk(tables=tables)


def _simulate_ats(
    rng, dims, idx, candidate_id, slug, email, role_id, channel, sourced_at, interested, interested_time, end
) -> dict[str, pd.DataFrame]:
    n = idx.size
    applied_time = _follow(rng, interested_time, 1, 6)
    applies = interested & (rng.random(n) < B.APPLY_WHEN_INTERESTED) & (applied_time < end)
    prior_share = np.where(
        channel == "ats_rediscovery",
        B.REDISCOVERY_PRIOR_APPLICATION["ats_rediscovery"],
        B.REDISCOVERY_PRIOR_APPLICATION["other_channels"],
    )
    prior = rng.random(n) < prior_share
    inbound = rng.random(n) < B.INBOUND_APPLICANTS
    has_record = applies | prior

    link = pick(rng, B.ATS_LINK, n)
    upper_email = pd.Series(email).str.upper().radd(" ").add(" ").to_numpy(dtype=object)
    url_variant = ("http://uk.linkedin.com/in/" + pd.Series(slug).str.title() + "?trk=ats").to_numpy(dtype=object)
    candidates = pd.DataFrame(
        {
            "ats_candidate_id": ids("A", idx),
            "full_name": "Applicant " + pd.Series(idx).astype(str),
            "email": np.where(
                link == "email", upper_email, np.where(link == "none", ids("other.", idx, "@elsewhere.example"), None)
            ),
            "linkedin_url": np.where(link == "linkedin_url", url_variant, None),
            "crm_candidate_id": np.where(link == "crm_candidate_id", candidate_id, None),
        }
    )[has_record]
    inbound_candidates = pd.DataFrame(
        {
            "ats_candidate_id": ids("A", idx, "i"),
            "full_name": "Inbound " + pd.Series(idx).astype(str),
            "email": ids("inbound.", idx, "@mail.example"),
            "linkedin_url": None,
            "crm_candidate_id": None,
        }
    )[inbound]

    roles = dims.roles["role_id"].to_numpy()
    prior_time = sourced_at - rng.integers(60, 700, n) * DAY
    applications = pd.concat(
        [
            pd.DataFrame(
                {
                    "application_id": ids("AP", idx),
                    "ats_candidate_id": ids("A", idx),
                    "role_id": role_id,
                    "applied_at": applied_time,
                    "source": "sourced",
                }
            )[applies],
            pd.DataFrame(
                {
                    "application_id": ids("AP", idx, "p"),
                    "ats_candidate_id": ids("A", idx),
                    "role_id": roles[rng.integers(0, roles.size, n)],
                    "applied_at": prior_time,
                    "source": "applied",
                }
            )[prior],
            pd.DataFrame(
                {
                    "application_id": ids("AP", idx, "i"),
                    "ats_candidate_id": ids("A", idx, "i"),
                    "role_id": roles[rng.integers(0, roles.size, n)],
                    "applied_at": sourced_at + rng.integers(0, 30, n) * DAY,
                    "source": "applied",
                }
            )[inbound],
        ],
        ignore_index=True,
    )
    applications = applications[applications["applied_at"] < end]
    events = _stage_events(rng, applications, end)
    applications = applications.assign(applied_at=_stamp(applications["applied_at"].to_numpy()))
    return {
        "ats/candidates": pd.concat([candidates, inbound_candidates], ignore_index=True),
        "ats/applications": applications,
        "ats/stage_events": events,
    }


def _stage_events(rng, applications: pd.DataFrame, end: int) -> pd.DataFrame:
    m = len(applications)
    app_id = applications["application_id"].to_numpy()
    at = applications["applied_at"].to_numpy().astype(np.int64)
    alive = np.ones(m, dtype=bool)
    prior = applications["source"].to_numpy() != "sourced"
    frames = []
    for position, stage in enumerate(ATS_FLOW):
        if position > 0:
            passed = rng.random(m) < B.STAGE_PASS[ATS_FLOW[position - 1]]
            passed &= ~(prior & (position >= 2))
            leaving = alive & ~passed
            at = _follow(rng, at, 3, 10)
            leave_now = leaving & (at < end)
            withdrawn = rng.random(m) < B.WITHDRAW_SHARE
            frames.append(
                pd.DataFrame(
                    {
                        "event_id": app_id + f"-x{position}",
                        "application_id": app_id,
                        "stage": np.where(withdrawn, "withdrawn", "rejected"),
                        "entered_at": at,
                        "reason": np.where(
                            withdrawn, rng.choice(B.WITHDRAWAL_REASONS, m), rng.choice(B.REJECTION_REASONS, m)
                        ),
                    }
                )[leave_now]
            )
            alive &= passed & (at < end)
        # a screen is sometimes skipped straight to the interview
        skip = (stage == "recruiter_screen") & (rng.random(m) < 0.1)
        frames.append(
            pd.DataFrame(
                {
                    "event_id": app_id + f"-s{position}",
                    "application_id": app_id,
                    "stage": stage,
                    "entered_at": at,
                    "reason": None,
                }
            )[alive & ~skip]
        )
    events = pd.concat(frames, ignore_index=True)
    return events.assign(entered_at=_stamp(events["entered_at"].to_numpy()))
