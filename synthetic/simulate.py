"""Simulate one chunk of outbound recruiting: prospects, messages, responses and ATS progress.

Everything is vectorised with numpy over the chunk; a chunk of 250k prospects needs a few
hundred MB at most, so any number of prospects streams to disk chunk by chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from contract import vocabulary as V
from synthetic import behaviour as B

HOUR = 3600
DAY = 24 * HOUR
SLICE_DAYS = 7  # roles are picked, and hires booked, a week at a time
ATS_FLOW = list(V.ATS_PROGRESS_STAGES)
FILLED_REASON = "position_filled"


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
    hard_to_fill: np.ndarray  # per role, in the order of `roles`: scarce skills (behaviour only, never exported)
    book: RoleBook
    planted: bool = True  # False: the underpaid role neither stalls nor loses its offers (no effect anywhere)


NEVER = np.iinfo(np.int64).max


@dataclass
class RoleBook:
    """Each requisition's life, in the order of `Dimensions.roles` (which is the order they open in).

    Opening dates and cancellations are planned; fills happen: a role takes hires until its openings
    are filled, and closes at its last hire. Prospects are only sourced for a role while it is open
    (`open_roles`), so the simulation runs in short time slices and books each slice's hires
    (`book_hires`) before the next slice picks roles."""

    opened: np.ndarray  # epoch seconds
    cancel_after: np.ndarray  # seconds from opening to cancellation, NEVER for roles that are not cancelled
    openings: np.ndarray
    priority: np.ndarray  # how much sourcing effort a role gets per open seat
    min_open: int  # the fewest roles open at a time
    hires: np.ndarray
    last_hire: np.ndarray  # epoch seconds of the latest hire booked, 0 before the first
    filled_at: np.ndarray  # when the last opening was filled (its latest hire), NEVER until then
    hired: list[pd.DataFrame]  # the booked hires: role position, application id, hired_at

    @property
    def cancel_at(self) -> np.ndarray:
        return np.where(self.cancel_after == NEVER, NEVER, self.opened + np.minimum(self.cancel_after, NEVER // 2))

    @property
    def closed_at(self) -> np.ndarray:
        return np.minimum(self.filled_at, self.cancel_at)

    def open_roles(self, window: tuple[int, int]) -> np.ndarray:
        """Positions of the roles open for the whole `window` (epoch seconds) with a seat to fill."""
        # open a week past the window too: a duplicate prospect is sourced again up to a week later
        closes_after = window[1] + B.DUPLICATE_AFTER_DAYS[1] * DAY
        return np.flatnonzero(
            (self.opened <= window[0]) & (self.closed_at > closes_after) & (self.hires < self.openings)
        )

    def choose(self, rng: np.random.Generator, window: tuple[int, int], size: int) -> np.ndarray:
        """A role open during `window` for each of `size` prospects, weighted by open seats and
        priority. While fewer than `min_open` roles are open, the next planned ones open now (the
        team never runs out of work)."""
        open_now = self.open_roles(window)
        early = np.flatnonzero(self.opened > window[0])[: max(self.min_open - open_now.size, 0)]
        self.opened[early] = window[0] - window[0] % DAY
        open_now = np.concatenate([open_now, early])
        if open_now.size == 0:
            raise ValueError(f"no requisition open on {pd.to_datetime(window[0], unit='s'):%Y-%m-%d}")
        weight = (self.openings - self.hires)[open_now] * self.priority[open_now]
        return open_now[rng.choice(open_now.size, size=size, p=weight / weight.sum())]

    def book_hires(self, role_pos: np.ndarray, application_id: np.ndarray, hired_at: np.ndarray) -> np.ndarray:
        """Book would-be hires in time order while their role has a seat and is not cancelled; returns
        which were booked (the others lose the seat: the role was filled or cancelled first)."""
        order = np.argsort(hired_at, kind="stable")
        frame = pd.DataFrame({"role_pos": role_pos[order], "hired_at": hired_at[order], "position": order})
        frame = frame[frame["hired_at"].to_numpy() < self.cancel_at[frame["role_pos"].to_numpy()]]
        seat = frame.groupby("role_pos").cumcount().to_numpy() + self.hires[frame["role_pos"].to_numpy()]
        booked = frame[seat < self.openings[frame["role_pos"].to_numpy()]]
        taken = booked.groupby("role_pos")["hired_at"].agg(["size", "max"])
        positions = taken.index.to_numpy()
        self.hires[positions] += taken["size"].to_numpy()
        self.last_hire[positions] = np.maximum(self.last_hire[positions], taken["max"].to_numpy())
        full = positions[self.hires[positions] == self.openings[positions]]
        self.filled_at[full] = self.last_hire[full]  # the last hire booked may come earlier than one before
        accepted = np.zeros(role_pos.size, dtype=bool)
        accepted[booked["position"].to_numpy()] = True
        self.hired.append(
            pd.DataFrame(
                {
                    "role_pos": role_pos[accepted],
                    "application_id": application_id[accepted],
                    "hired_at": hired_at[accepted],
                }
            )
        )
        return accepted

    def hires_table(self) -> pd.DataFrame:
        """Every booked hire, by role and time."""
        return pd.concat(self.hired, ignore_index=True).sort_values(["role_pos", "hired_at"], ignore_index=True)

    def as_of(self, roles: pd.DataFrame, at: int) -> pd.DataFrame:
        """The roles opened before `at` as an export made then shows them (closed ones with their
        date), with the hires booked by then (`hires`, not a contract column)."""
        opened = self.opened < at
        closed = self.closed_at < at
        day = pd.to_datetime(np.where(closed, self.closed_at, 0), unit="s").strftime("%Y-%m-%d")
        booked = self.hires_table()
        booked = booked[booked["hired_at"].to_numpy() < at]
        return roles.assign(
            opened_at=pd.to_datetime(self.opened, unit="s").strftime("%Y-%m-%d"),
            closed_at=np.where(closed, day, None),
            hires=np.bincount(booked["role_pos"].to_numpy(dtype=int), minlength=len(roles)),
        )[opened]


def _plan_lives(
    rng: np.random.Generator, n_roles: int, start: int, end: int, planted: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """The hiring plan, in role order: opening dates from a little before the data begin to as long
    again after they end (a role planned later opens only when the team runs out of open roles,
    `RoleBook.choose`), and how long after opening the few roles closed without a hire are cancelled."""
    first = start - B.ROLES_OPEN_BEFORE_DAYS * DAY
    opened = np.sort(rng.integers(first, max(end + (end - first), first + 1), n_roles))
    opened -= opened % DAY
    cancelled = rng.random(n_roles) < B.CANCELLED_SHARE
    cancelled[B.UNATTRACTIVE_ROLE_INDEX] &= not planted  # it stalls: open, unfilled, for the whole period
    return opened, np.where(cancelled, rng.integers(*B.CANCEL_AFTER_DAYS, n_roles) * DAY, NEVER)


def _assign_owners(rng: np.random.Generator, opened: np.ndarray, recruiter_ids: np.ndarray, end: int) -> np.ndarray:
    """The recruiter owning each role: one of the team, except that the newest recruiter (last in the
    list), who joined a few weeks before the end, took the first few roles opened since."""
    owner = recruiter_ids[rng.integers(0, recruiter_ids.size - 1, opened.size)]
    owner[np.flatnonzero(opened >= end - B.NEWCOMER_JOINED_DAYS_AGO * DAY)[: B.NEWCOMER_ROLES]] = recruiter_ids[-1]
    return owner


def simulate_dimensions(
    rng: np.random.Generator, prospects: int, start: int, end: int, planted: bool = True
) -> Dimensions:
    """Recruiters and the hiring plan. Without `planted` effects the underpaid role is a role like any
    other (its seats, cancellation and sourcing effort drawn as theirs, its offers accepted alike)."""
    n_roles = max(prospects // B.PROSPECTS_PER_PLANNED_ROLE, 24)
    n_recruiters = int(np.clip(prospects // B.PROSPECTS_PER_RECRUITER, 3, 400))
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
    location = rng.choice(B.LOCATIONS, n_roles)
    openings = pick(rng, B.OPENINGS, n_roles).astype(int)
    if planted:
        openings[B.UNATTRACTIVE_ROLE_INDEX] = B.UNATTRACTIVE_OPENINGS
    hard_to_fill = rng.random(n_roles) < B.HARD_ROLE_SHARE
    hard_to_fill[B.UNATTRACTIVE_ROLE_INDEX] = False  # its planted effect is compensation, not scarcity
    opened, cancel_after = _plan_lives(rng, n_roles, start, end, planted)
    owners = _assign_owners(rng, opened, recruiter_ids, end)
    roles = pd.DataFrame(
        {
            "role_id": [f"R{i:05d}" for i in range(1, n_roles + 1)],
            "title": titles,
            "department": dept,
            "location": location,
            "seniority": seniority,
            "recruiter_id": owners,
            "opened_at": pd.to_datetime(opened, unit="s").strftime("%Y-%m-%d"),
            "closed_at": None,
            "openings": openings,
        }
    )
    book = RoleBook(
        opened=opened,
        cancel_after=cancel_after,
        openings=openings,
        priority=np.where(hard_to_fill, B.HARD_ROLE_SOURCING_PRIORITY, 1.0)
        * np.where((np.arange(n_roles) == B.UNATTRACTIVE_ROLE_INDEX) & planted, B.UNATTRACTIVE_SOURCING_PRIORITY, 1.0)
        * rng.lognormal(0, B.SOURCING_PRIORITY_SPREAD, n_roles),
        min_open=max(1, int(prospects / max((end - start) / DAY, 1) / B.DAILY_PROSPECTS_PER_OPEN_ROLE)),
        hires=np.zeros(n_roles, dtype=int),
        last_hire=np.zeros(n_roles, dtype=np.int64),
        filled_at=np.full(n_roles, NEVER, dtype=np.int64),
        hired=[pd.DataFrame({"role_pos": [], "application_id": [], "hired_at": []})],
    )
    return Dimensions(recruiters=recruiters, roles=roles, hard_to_fill=hard_to_fill, book=book, planted=planted)


@dataclass
class Chunk:
    """One drop's worth of rows per landing table (values already as export-ready text)."""

    tables: dict[str, pd.DataFrame]


def _stamp(seconds: np.ndarray) -> np.ndarray:
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    return np.char.add(text.astype("U19"), "Z").astype(object)


def _follow(rng: np.random.Generator, base: np.ndarray, low_days: float, high_days: float) -> np.ndarray:
    return base + (rng.uniform(low_days, high_days, base.size) * DAY).astype(np.int64)


@dataclass
class Sourced:
    """Who was sourced for which role, by whom, when, through which channel and how well they match."""

    idx: np.ndarray
    role_pos: np.ndarray
    role_id: np.ndarray
    department: np.ndarray
    seniority: np.ndarray
    hard_to_fill: np.ndarray
    unattractive: np.ndarray
    sourced_by: np.ndarray
    candidate_no: np.ndarray
    again: np.ndarray  # sourced before, for another role of this chunk
    sourced_at: np.ndarray
    channel: np.ndarray
    title_match: np.ndarray
    score: np.ndarray
    tier: np.ndarray

    @property
    def size(self) -> int:
        return self.idx.size


@dataclass
class Outreach:
    """The sequence each prospect is put in and when each of its (up to four) touches goes out."""

    messaged: np.ndarray
    bounced: np.ndarray
    length: np.ndarray
    sequence: np.ndarray
    first_template: np.ndarray
    first_channel: np.ndarray
    personalized: np.ndarray
    touch_time: np.ndarray  # (4, n) epoch seconds


@dataclass
class Replies:
    """Whether, when and to which touch each prospect answers, and what the answer says."""

    replied: np.ndarray
    reply_step: np.ndarray
    reply_time: np.ndarray
    last_step: np.ndarray  # the last touch sent: the sequence stops at a reply
    response_type: np.ndarray
    decline_reason: np.ndarray
    reconnect_after: np.ndarray
    auto_reply: np.ndarray


@dataclass
class Afterwards:
    """What happens after the first answer: reconnects, renewed interest, guardrail breaches."""

    recontact: np.ndarray
    recontact_time: np.ndarray
    reinterested: np.ndarray
    reinterest_time: np.ndarray
    breach: np.ndarray
    breach_time: np.ndarray
    interested: np.ndarray
    interested_time: np.ndarray


@dataclass
class Identity:
    """Ids and contact details of the chunk's people and prospects (duplicates included)."""

    prospect_id: np.ndarray
    candidate_id: np.ndarray
    duplicate: np.ndarray  # the same person sourced again for the same role; follow-ups land on the copy
    duplicate_id: np.ndarray
    slug: np.ndarray
    email: np.ndarray


def _pick_channels(rng: np.random.Generator, hard_to_fill: np.ndarray) -> np.ndarray:
    """Sourcing channel per prospect; the confounded channel is mostly used for hard-to-fill roles."""
    channel = pick(rng, B.SOURCING_CHANNELS, hard_to_fill.size)
    share = np.where(hard_to_fill, B.CONFOUNDED_CHANNEL_SHARE["hard_to_fill"], B.CONFOUNDED_CHANNEL_SHARE["other"])
    channel[rng.random(hard_to_fill.size) < share] = B.CONFOUNDED_CHANNEL
    return channel


def source_prospects(
    rng: np.random.Generator, dims: Dimensions, first_index: int, size: int, window: tuple[int, int]
) -> Sourced:
    """`size` people sourced within `window` (epoch seconds), each for a role open at its start."""
    idx = np.arange(first_index, first_index + size)
    roles = dims.roles
    role_pos = dims.book.choose(rng, window, size)
    owner = roles["recruiter_id"].to_numpy()[role_pos]
    # a colleague helps with a fifth of the sourcing (the newest recruiter, last in the list, only with their own)
    team = dims.recruiters["recruiter_id"].to_numpy()[:-1]
    sourced_by = np.where(rng.random(size) < 0.8, owner, team[rng.integers(0, len(team), size)])
    # people: most are new, some are sourced again for another role of this chunk
    candidate_no = idx.copy()
    again = rng.random(size) < B.SAME_PERSON_OTHER_ROLE
    again[0] = False
    candidate_no[again] = idx[rng.choice(np.flatnonzero(~again), again.sum())]
    sourced_at = rng.integers(window[0], window[1], size)
    hard_to_fill = dims.hard_to_fill[role_pos]
    channel = _pick_channels(rng, hard_to_fill)
    title_match = pick(rng, B.TITLE_MATCH, size)
    score = np.clip(np.round(lookup(B.MATCH_SCORE_MEAN, title_match) + rng.normal(0, 10, size)), 0, 100).astype(int)
    return Sourced(
        idx=idx,
        role_pos=role_pos,
        role_id=roles["role_id"].to_numpy()[role_pos],
        department=roles["department"].to_numpy()[role_pos],
        seniority=roles["seniority"].to_numpy()[role_pos],
        hard_to_fill=hard_to_fill,
        unattractive=role_pos == B.UNATTRACTIVE_ROLE_INDEX,
        sourced_by=sourced_by,
        candidate_no=candidate_no,
        again=again,
        sourced_at=sourced_at,
        channel=channel,
        title_match=title_match,
        score=score,
        tier=np.where(score >= 80, "strong", np.where(score >= 60, "moderate", "stretch")),
    )


def plan_outreach(rng: np.random.Generator, people: Sourced) -> Outreach:
    n = people.size
    messaged = rng.random(n) >= B.NOT_MESSAGED
    length = pick(rng, B.SEQUENCE_LENGTH, n).astype(int)
    bounced = rng.random(n) < B.FIRST_TOUCH_BOUNCED
    length = np.where(bounced, np.minimum(length, 2), length)
    pair = pd.Series(people.department).map(B.SEQUENCES)
    choice = rng.random(n) < 0.5
    department_sequence = np.where(choice, pair.str[0].to_numpy(), pair.str[1].to_numpy())
    sequence = np.where(people.seniority == "executive", B.EXECUTIVE_SEQUENCE, department_sequence).astype(object)
    variant = np.where(rng.random(n) < 0.5, "a", "b")
    first_template = np.char.add(np.char.add(sequence.astype(str), "-step1-"), variant.astype(str)).astype(object)
    touch_time = np.empty((4, n), dtype=np.int64)
    touch_time[0] = people.sourced_at + rng.integers(2 * HOUR, 72 * HOUR, n)
    first_channel = pick(rng, B.MESSAGE_CHANNELS, n)
    personalized = rng.random(n) < B.PERSONALIZED_SHARE
    for k in range(1, 4):
        touch_time[k] = _follow(rng, touch_time[k - 1], 3, 7)
    return Outreach(
        messaged=messaged,
        bounced=bounced,
        length=length,
        sequence=sequence,
        first_template=first_template,
        first_channel=first_channel,
        personalized=personalized,
        touch_time=touch_time,
    )


def reply_probability(people: Sourced, plan: Outreach, planted: bool = True) -> np.ndarray:
    """Chance that a prospect answers at all: every planted reply factor multiplied (without planted
    effects, the same chance for everyone)."""
    if not planted:
        return np.full(people.size, B.BASE_REPLY)
    return (
        B.BASE_REPLY
        * lookup(B.CHANNEL_REPLY, people.channel)
        * lookup(B.SENIORITY_REPLY, people.seniority)
        * lookup(B.TIER_REPLY, people.tier)
        * np.where(people.hard_to_fill, B.HARD_ROLE_REPLY, 1.0)
        * np.where(plan.personalized, B.PERSONALIZED_REPLY[True], B.PERSONALIZED_REPLY[False])
        * lookup(B.MESSAGE_CHANNEL_REPLY, plan.first_channel)
        * np.where(plan.first_template == B.WEAK_TEMPLATE, B.WEAK_TEMPLATE_REPLY, 1.0)
        * np.where(plan.sequence == B.WEAK_SEQUENCE, B.WEAK_SEQUENCE_REPLY, 1.0)
    )


def _answer_mix(people: Sourced, planted: bool = True) -> np.ndarray:
    """Per prospect, the probability of each RESPONSE_MIX answer should they reply."""
    mix = np.tile(np.array(list(B.RESPONSE_MIX.values())), (people.size, 1))
    if not planted:
        return mix / mix.sum(axis=1, keepdims=True)
    mix[:, 0] *= lookup(B.CHANNEL_INTEREST, people.channel) * lookup(B.TIER_REPLY, people.tier) ** 0.5
    low = people.unattractive
    mix[low, 2] = B.UNATTRACTIVE_DECLINE * mix[low].sum(axis=1) / (1 - B.UNATTRACTIVE_DECLINE)
    return mix / mix.sum(axis=1, keepdims=True)


def simulate_replies(
    rng: np.random.Generator, people: Sourced, plan: Outreach, end: int, planted: bool = True
) -> Replies:
    n = people.size
    reply_step = np.minimum(pick(rng, B.REPLY_STEP, n).astype(int), plan.length)
    reply_time = plan.touch_time[reply_step - 1, np.arange(n)] + (rng.lognormal(np.log(20), 1.0, n) * HOUR).astype(
        np.int64
    )
    reachable = plan.messaged & ~plan.bounced
    chance = np.clip(reply_probability(people, plan, planted), 0, 0.95)
    replied = reachable & (rng.random(n) < chance) & (reply_time < end)
    mix = _answer_mix(people, planted)
    choice = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    response_type = np.array(list(B.RESPONSE_MIX), dtype=object)[np.minimum(choice, mix.shape[1] - 1)]
    decline_reason = pick(rng, B.DECLINE_REASONS, n)
    unattractive = people.unattractive & planted
    decline_reason[unattractive & (rng.random(n) < B.UNATTRACTIVE_COMPENSATION)] = "compensation"
    reconnect_after = reply_time + rng.integers(30, 180, n) * DAY
    return Replies(
        replied=replied,
        reply_step=reply_step,
        reply_time=reply_time,
        last_step=np.where(replied, reply_step, plan.length),
        response_type=response_type,
        decline_reason=decline_reason,
        reconnect_after=reconnect_after,
        auto_reply=reachable & (rng.random(n) < B.AUTO_REPLY),
    )


def simulate_afterwards(rng: np.random.Generator, replies: Replies, end: int) -> Afterwards:
    n = replies.replied.size
    # "not now" people written to again on their date; some are interested then
    recontact = replies.replied & (replies.response_type == "not_now") & (rng.random(n) < B.RECONTACT_NOT_NOW)
    recontact_time = replies.reconnect_after - replies.reconnect_after % DAY + 9 * HOUR
    recontact &= recontact_time < end
    reinterested = recontact & (rng.random(n) < B.RECONTACT_INTERESTED)
    reinterest_time = recontact_time + rng.integers(2 * HOUR, 72 * HOUR, n)
    reinterested &= reinterest_time < end
    stopped = replies.replied & np.isin(replies.response_type, ["opt_out", "declined"])
    breach = stopped & (rng.random(n) < B.CONTACT_AFTER_STOP)
    breach_time = _follow(rng, replies.reply_time, 2, 6)
    breach &= breach_time < end
    return Afterwards(
        recontact=recontact,
        recontact_time=recontact_time,
        reinterested=reinterested,
        reinterest_time=reinterest_time,
        breach=breach,
        breach_time=breach_time,
        interested=replies.replied & (replies.response_type == "interested") | reinterested,
        interested_time=np.where(reinterested, reinterest_time, replies.reply_time),
    )


def name_people(rng: np.random.Generator, people: Sourced) -> Identity:
    duplicate = rng.random(people.size) < B.DUPLICATE_PROSPECT
    number = people.candidate_no
    first = np.array(B.FIRST_NAMES, dtype=object)[number % len(B.FIRST_NAMES)]
    last = np.array(B.LAST_NAMES, dtype=object)[(number // len(B.FIRST_NAMES)) % len(B.LAST_NAMES)]
    slug = (
        pd.Series(first).str.lower() + "-" + pd.Series(last).str.lower() + "-" + pd.Series(number).astype(str)
    ).to_numpy()
    email = (pd.Series(slug).str.replace("-", ".", regex=False) + "@mail.example").to_numpy(dtype=object)
    email[rng.random(people.size) < B.SHARED_EMAIL] = "talent-pool@shared.example"
    return Identity(
        prospect_id=ids("P", people.idx),
        candidate_id=ids("C", number),
        duplicate=duplicate,
        duplicate_id=ids("P", people.idx, "d"),
        slug=slug,
        email=email,
    )


def sourcing_tables(
    rng: np.random.Generator, dims: Dimensions, people: Sourced, who: Identity
) -> dict[str, pd.DataFrame]:
    n = people.size
    first = np.array(B.FIRST_NAMES, dtype=object)[people.candidate_no % len(B.FIRST_NAMES)]
    last = np.array(B.LAST_NAMES, dtype=object)[(people.candidate_no // len(B.FIRST_NAMES)) % len(B.LAST_NAMES)]
    has_url = rng.random(n) < 0.85
    candidates = pd.DataFrame(
        {
            "candidate_id": who.candidate_id,
            "full_name": first + " " + last,
            "email": np.where(rng.random(n) < 0.9, who.email, None),
            "linkedin_url": np.where(has_url, "https://www.linkedin.com/in/" + who.slug.astype(object) + "/", None),
            "current_title": dims.roles["title"].to_numpy()[people.role_pos],
            "current_company": rng.choice(B.COMPANIES, n),
            "location": rng.choice(B.LOCATIONS, n),
            "profile_detail": pick(rng, B.PROFILE_DETAIL, n),
            "created_at": _stamp(people.sourced_at - rng.integers(0, 400, n) * DAY),
        }
    )
    prospects = pd.DataFrame(
        {
            "prospect_id": who.prospect_id,
            "candidate_id": who.candidate_id,
            "role_id": people.role_id,
            "sourced_at": _stamp(people.sourced_at),
            "sourced_by": people.sourced_by,
            "channel": people.channel,
            "title_match": people.title_match,
            "match_score": people.score,
            "selection_reason": np.where(rng.random(n) < 0.4, "matches the target profile", None),
        }
    )
    dup = who.duplicate
    copies = prospects[dup].assign(
        prospect_id=who.duplicate_id[dup],
        sourced_at=_stamp(people.sourced_at[dup] + rng.integers(*B.DUPLICATE_AFTER_DAYS, dup.sum()) * DAY),
    )
    return {
        "sourcing/candidates": candidates[~people.again],
        "sourcing/prospects": pd.concat([prospects, copies], ignore_index=True),
    }


def _messages(
    people: Sourced,
    suffix: str,
    *,
    prospect_id: np.ndarray,
    sequence: object,
    template: object,
    step: object,
    sent_at: np.ndarray,
    personalized: object,
    channel: object = "email",
    status: object = "delivered",
) -> pd.DataFrame:
    """One message per prospect in the order of `people` (message id M<idx><suffix>), sent at `sent_at`
    (epoch seconds); the caller keeps the rows of those actually written to."""
    return pd.DataFrame(
        {
            "message_id": ids("M", people.idx, suffix),
            "prospect_id": prospect_id,
            "sequence_id": sequence,
            "template_id": template,
            "step": step,
            "channel": channel,
            "sent_at": _stamp(sent_at),
            "status": status,
            "personalized": personalized,
        }
    )


def _sequence_messages(
    rng: np.random.Generator, people: Sourced, plan: Outreach, replies: Replies, who: Identity, end: int
) -> list[pd.DataFrame]:
    """The planned touches, up to the reply (the sequence stops there) or the end of the data."""
    n = people.size
    frames = []
    for k in range(1, 5):
        sent = plan.messaged & (k <= replies.last_step) & (plan.touch_time[k - 1] < end)
        template = plan.first_template if k == 1 else np.char.add(plan.sequence.astype(str), f"-step{k}").astype(object)
        status = np.where(
            plan.bounced, "bounced", np.where(rng.random(n) < B.LATER_TOUCH_FAILED * (k > 1), "failed", "delivered")
        )
        frames.append(
            _messages(
                people,
                f"-{k}",
                prospect_id=np.where(who.duplicate & (k >= 2), who.duplicate_id, who.prospect_id),
                sequence=plan.sequence,
                template=template,
                step=k,
                channel=plan.first_channel if k == 1 else np.where(rng.random(n) < 0.8, "email", plan.first_channel),
                sent_at=plan.touch_time[k - 1],
                status=status,
                personalized=plan.personalized if k == 1 else rng.random(n) < 0.2,
            )[sent]
        )
    return frames


def message_table(
    rng: np.random.Generator,
    people: Sourced,
    plan: Outreach,
    replies: Replies,
    later: Afterwards,
    who: Identity,
    end: int,
) -> pd.DataFrame:
    reconnects = _messages(
        people,
        "-r",
        prospect_id=who.prospect_id,
        sequence=B.RECONNECT_SEQUENCE,
        template=f"{B.RECONNECT_SEQUENCE}-step1",
        step=1,
        sent_at=later.recontact_time,
        personalized=True,
    )[later.recontact]
    breaches = _messages(
        people,
        "-x",
        prospect_id=who.prospect_id,
        sequence=plan.sequence,
        template=np.char.add(plan.sequence.astype(str), "-step4").astype(object),
        step=np.minimum(replies.last_step + 1, 4),
        sent_at=later.breach_time,
        personalized=False,
    )[later.breach]
    return pd.concat(
        [*_sequence_messages(rng, people, plan, replies, who, end), reconnects, breaches], ignore_index=True
    )


def _responses(
    people: Sourced,
    suffix: str,
    *,
    prospect_id: np.ndarray,
    message_id: np.ndarray,
    responded_at: np.ndarray,
    response_type: object,
    decline_reason: object = None,
    reconnect_after: object = None,
) -> pd.DataFrame:
    """One response per prospect in the order of `people` (response id E<idx><suffix>), at `responded_at`
    (epoch seconds); the caller keeps the rows of those who answered."""
    return pd.DataFrame(
        {
            "response_id": ids("E", people.idx, suffix),
            "prospect_id": prospect_id,
            "message_id": message_id,
            "responded_at": _stamp(responded_at),
            "response_type": response_type,
            "decline_reason": decline_reason,
            "reconnect_after": reconnect_after,
        }
    )


def response_table(people: Sourced, plan: Outreach, replies: Replies, later: Afterwards, who: Identity) -> pd.DataFrame:
    reply_owner = np.where(who.duplicate & (replies.reply_step >= 2), who.duplicate_id, who.prospect_id)
    frames = [
        _responses(
            people,
            "-h",
            prospect_id=reply_owner,
            message_id=ids("M", people.idx, "-") + replies.reply_step.astype(str).astype(object),
            responded_at=replies.reply_time,
            response_type=replies.response_type,
            decline_reason=np.where(replies.response_type == "declined", replies.decline_reason, None),
            reconnect_after=np.where(
                replies.response_type == "not_now",
                pd.to_datetime(replies.reconnect_after, unit="s").strftime("%Y-%m-%d"),
                None,
            ),
        )[replies.replied],
        _responses(
            people,
            "-a",
            prospect_id=who.prospect_id,
            message_id=ids("M", people.idx, "-1"),
            responded_at=plan.touch_time[0] + 300,
            response_type="auto_reply",
        )[replies.auto_reply],
        _responses(
            people,
            "-r",
            prospect_id=who.prospect_id,
            message_id=ids("M", people.idx, "-r"),
            responded_at=later.reinterest_time,
            response_type="interested",
        )[later.reinterested],
    ]
    return pd.concat(frames, ignore_index=True)


def simulate_period(
    rng: np.random.Generator,
    dims: Dimensions,
    first_index: int,
    size: int,
    window: tuple[int, int],
    end: int,
    planted: bool = True,
) -> Chunk:
    """`size` prospects sourced within `window` (epoch seconds), simulated a week at a time: each week's
    prospects go to the roles open then, and its hires are booked (closing filled roles) before the next
    week; nothing happens after `end`. Without `planted` effects every prospect replies with the same
    chance and answers, and declines, alike."""
    weeks = max(1, int(np.ceil((window[1] - window[0]) / (SLICE_DAYS * DAY))))
    edges = np.linspace(window[0], window[1], weeks + 1).astype(np.int64)
    counts = np.diff(np.linspace(0, size, weeks + 1).astype(int))
    parts = []
    for low, high, count in zip(edges[:-1], edges[1:], counts):
        if count:
            people = source_prospects(rng, dims, first_index, int(count), (int(low), int(high)))
            parts.append(_simulate_sourced(rng, dims, people, end, planted))
            first_index += int(count)
    return Chunk(tables={name: pd.concat([p[name] for p in parts], ignore_index=True) for name in parts[0]})


def _simulate_sourced(
    rng: np.random.Generator, dims: Dimensions, people: Sourced, end: int, planted: bool
) -> dict[str, pd.DataFrame]:
    """Every landing table's rows for one week's sourced prospects: outreach and answers, what came after,
    the CRM records and the ATS."""
    plan = plan_outreach(rng, people)
    replies = simulate_replies(rng, people, plan, end, planted)
    later = simulate_afterwards(rng, replies, end)
    who = name_people(rng, people)
    tables = sourcing_tables(rng, dims, people, who)
    tables["outreach/messages"] = message_table(rng, people, plan, replies, later, who, end)
    tables["outreach/responses"] = response_table(people, plan, replies, later, who)
    tables.update(simulate_ats(rng, dims, people, who, later, end))
    return tables


def simulate_ats(
    rng: np.random.Generator, dims: Dimensions, people: Sourced, who: Identity, later: Afterwards, end: int
) -> dict[str, pd.DataFrame]:
    """ATS records: applications of the interested, earlier applications of rediscovered people,
    unrelated inbound applicants, and each application's stage events."""
    idx, candidate_id, slug, email = people.idx, who.candidate_id, who.slug, who.email
    channel, sourced_at = people.channel, people.sourced_at
    interested, interested_time = later.interested, later.interested_time
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
    # an earlier application went to a role open by then (roles are in the order they opened)
    opened_before = np.searchsorted(dims.book.opened, prior_time, side="right")
    prior_role = (rng.random(n) * np.maximum(opened_before, 1)).astype(int)
    applications = pd.concat(
        [
            pd.DataFrame(
                {
                    "application_id": ids("AP", idx),
                    "ats_candidate_id": ids("A", idx),
                    "role_pos": people.role_pos,
                    "applied_at": applied_time,
                    "source": "sourced",
                    "earlier": False,
                }
            )[applies],
            pd.DataFrame(
                {
                    "application_id": ids("AP", idx, "p"),
                    "ats_candidate_id": ids("A", idx),
                    "role_pos": prior_role,
                    "applied_at": prior_time,
                    "source": "applied",
                    "earlier": True,
                }
            )[prior],
            pd.DataFrame(  # walk-in applicants to the roles open when these prospects were sourced
                {
                    "application_id": ids("AP", idx, "i"),
                    "ats_candidate_id": ids("A", idx, "i"),
                    "role_pos": people.role_pos,
                    "applied_at": sourced_at + rng.integers(0, 30, n) * DAY,
                    "source": "applied",
                    "earlier": False,
                }
            )[inbound],
        ],
        ignore_index=True,
    )
    applications = applications[applications["applied_at"] < end]
    events = _close_out(dims.book, applications, _stage_events(rng, applications, end, dims.planted), end)
    applications = applications.assign(
        role_id=roles[applications["role_pos"].to_numpy()], applied_at=_stamp(applications["applied_at"].to_numpy())
    )[["application_id", "ats_candidate_id", "role_id", "applied_at", "source"]]
    return {
        "ats/candidates": pd.concat([candidates, inbound_candidates], ignore_index=True),
        "ats/applications": applications,
        "ats/stage_events": events.assign(entered_at=_stamp(events["entered_at"].to_numpy())),
    }


def _close_out(book: RoleBook, applications: pd.DataFrame, events: pd.DataFrame, end: int) -> pd.DataFrame:
    """Hires only into open seats; nothing moves on a role after it closed. Would-be hires whose role
    was filled or cancelled first are turned down (position filled), stage events after the role
    closed are dropped, and whoever was still in process then is turned down the day after."""
    role_of = pd.Series(applications["role_pos"].to_numpy(), index=applications["application_id"].to_numpy())
    hired = events["stage"].to_numpy() == "hired"
    booked = book.book_hires(
        role_of[events["application_id"][hired]].to_numpy(),
        events["application_id"][hired].to_numpy(),
        events["entered_at"][hired].to_numpy(),
    )
    lost = np.flatnonzero(hired)[~booked]
    events.iloc[lost, events.columns.get_loc("stage")] = "rejected"
    events.iloc[lost, events.columns.get_loc("reason")] = FILLED_REASON
    closes = book.closed_at[role_of[events["application_id"]].to_numpy()]
    events = events[events["entered_at"].to_numpy() <= closes]
    ended = set(events["application_id"][events["stage"].isin(V.ATS_END_OUTCOMES)])
    closed = book.closed_at[applications["role_pos"].to_numpy()]
    turned_down_at = np.maximum(closed, applications["applied_at"].to_numpy()) + DAY
    pending = (closed < end) & ~applications["application_id"].isin(ended).to_numpy() & (turned_down_at < end)
    notice = pd.DataFrame(
        {
            "event_id": applications["application_id"] + "-c",
            "application_id": applications["application_id"],
            "stage": "rejected",
            "entered_at": turned_down_at,
            "reason": FILLED_REASON,
        }
    )[pending]
    return pd.concat([events, notice], ignore_index=True)


def _stage_events(rng, applications: pd.DataFrame, end: int, planted: bool = True) -> pd.DataFrame:
    m = len(applications)
    app_id = applications["application_id"].to_numpy()
    at = applications["applied_at"].to_numpy().astype(np.int64)
    alive = np.ones(m, dtype=bool)
    earlier = applications["earlier"].to_numpy()  # a rediscovered person's old application: it went nowhere
    walk_in = (applications["source"].to_numpy() != "sourced") & ~earlier
    underpaid = (applications["role_pos"].to_numpy() == B.UNATTRACTIVE_ROLE_INDEX) & planted
    frames = []
    for position, stage in enumerate(ATS_FLOW):
        if position > 0:
            pass_rate = np.full(m, B.STAGE_PASS[ATS_FLOW[position - 1]])
            pass_rate[walk_in & (position == 1)] = B.WALK_IN_REVIEW_PASS
            pass_rate[underpaid & (stage == "hired")] = B.UNATTRACTIVE_OFFER_ACCEPTED
            passed = rng.random(m) < pass_rate
            passed &= ~(earlier & (position >= 2))
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
    return pd.concat(frames, ignore_index=True)
