"""The one label registry: the words a person reads for every code of the project (enum values, mart
values, guardrails, diagnosis metrics, dimensions, column names), the order ordered vocabularies are
shown in, and what each number means (one hover away). Pages, charts, tables, the digest and the
tests read it; CSV downloads keep the machine names. Enum values come from `contract.vocabulary`; the
few values the marts add are listed here, next to the model that defines them."""

from __future__ import annotations

from collections.abc import Iterable

from contract import vocabulary as V
from contract.connectors import ATS_SOURCE_SYSTEMS

# words written differently from their snake_case form
_WORDS = {
    "ats": "ATS",
    "inmail": "InMail",
    "sms": "SMS",
    "utc": "UTC",
    "ci": "CI",
    "id": "ID",
    "ux": "UX",
    "crm": "CRM",
    "gx": "GX",
    "dbt": "dbt",
    "url": "URL",
}

# values the marts add beside the contract's enums (accepted_values in their yml)
MART_VALUES: tuple[str, ...] = (
    # fct_prospect_segments
    "personalized",
    "generic",
    "not_contacted",
    "rediscovered",
    "net_new",
    "unknown",
    "unspecified",
    # fct_reconnect_pipeline
    "recontacted",
    "overdue",
    "due_this_week",
    "due_this_month",
    "later",
    "no_date",
    "do_not_contact",
    # fct_work_lists
    "follow_up_due",
    "interested_not_in_ats",
    "reconnect_due",
    "rediscovery",
    # fct_requisition_triage
    "at_risk",
    "watch",
    "on_track",
    "over_filled",
    "filled",
    "closed",
    # dq_requisitions
    "duplicate",
    "malformed",
    # agg_channel_mix
    "multi_channel",
    "single_channel",
)

# marts.agg_guardrails.guardrail: signs of over-automation, each a numerator over a named denominator
GUARDRAILS: dict[str, str] = {
    "messages_after_opt_out": "Messages after an opt-out or decline",
    "contact_without_consent": "Contacted without consent",
    "four_plus_unanswered_touches": "Contacted with 4+ unanswered touches",
    "multi_role_within_30_days": "Contacted for another role within 30 days",
    "opt_out_rate": "Opt-out rate",
    "delivered_per_interested": "Messages per interested prospect",
    "delivered_per_hire": "Messages per hire",
}
# guardrails that are a ratio of two counts (messages per ...), not a share
RATIO_GUARDRAILS = ("delivered_per_interested", "delivered_per_hire")

# the dimensions a page can break figures down by: label -> column of the per-prospect marts
DIMENSIONS: dict[str, str] = {
    "Channel": "channel",
    "Match tier": "match_tier",
    "Title match": "title_match",
    "Profile detail": "profile_detail",
    "Rediscovery": "rediscovery",
    "Department": "department",
    "Seniority": "seniority",
    "Role": "role_id",
    "Recruiter": "recruiter_id",
    "First outreach channel": "first_outreach_channel",
    "Sequence": "first_sequence_id",
    "Template": "first_template_id",
    "First-touch style": "first_touch_style",
    "Cohort month": "cohort_month",
}

# marts.fct_diagnosis_findings.metric (and the observations'): what was compared
DIAGNOSIS_METRICS: dict[str, str] = {
    "reply_rate": "Reply rate",
    "interest_rate": "Interest rate",
    "opt_out_rate": "Opt-out rate",
    "reply_rate_among_silent": "Reply rate among those still silent",
    "opt_out_rate_among_silent": "Opt-out rate among those still silent",
    "screen_rate_of_interested": "Screened, of those interested",
    "hire_rate_of_interested": "Hired, of those interested",
    **{f"decline_reason:{reason}": f"Declined citing {reason.replace('_', ' ')}" for reason in V.DECLINE_REASONS},
}

# column headers that do not read well as their humanized name
COLUMN_LABELS: dict[str, str] = {
    **{column: name for name, column in DIMENSIONS.items()},
    "role_id": "Role ID",
    "recruiter_id": "Recruiter",
    "candidate_id": "Candidate ID",
    "prospect_id": "Prospect ID",
    "full_name": "Name",
    "days_since": "Days since",
    "scope_value": "Sequence",
    "is_breached": "Breached",
    "is_unmapped": "Unmapped",
    "share_rate": "Share",
    "reply_rate": "Reply rate",
    "hire_rate": "Hire rate",
    "median_hours": "Median hours to reply",
    "p90_hours": "Hours to reply, 9 in 10 within",
    "median_touches": "Median touches to reply",
    "hour_utc": "Hour (UTC)",
    "denominator_label": "Counted among",
    "reconnect_after": "Reconnect after",
    "recontacted_role_id": "Recontacted for role",
    "response_after_recontact": "Answer after recontact",
    "days_until_due": "Days until due",
    "current_outcome": "Outcome now",
    "is_ageing": "Ageing",
    "ageing_reason": "Why ageing",
}

_OVERRIDES = {  # column names first: a value of the same spelling (the work list `rediscovery`) wins
    **COLUMN_LABELS,
    **GUARDRAILS,
    **DIAGNOSIS_METRICS,
    "opt_out": "Opt-out",
    "interested_not_in_ats": "Interested, not yet in the ATS",
    "follow_up_due": "Follow-up due",
    "reconnect_due": "Reconnect due",
    "rediscovery": "Rediscovery for open roles",
    "multi_channel": "Multi-channel",
    "single_channel": "Single channel",
    "net_new": "Net new",
}


def humanize(name: str) -> str:
    """`professional_network` -> `Professional network`; `ats_hires` -> `ATS hires`; a registered code
    -> its label."""
    if name in _OVERRIDES:
        return _OVERRIDES[name]
    words = [_WORDS.get(word, word) for word in name.split("_") if word]
    if not words:
        return name
    first = words[0]
    return " ".join([first[:1].upper() + first[1:], *words[1:]])


def _enum_values() -> Iterable[str]:
    for values in V.ENUMS.values():
        yield from values
    yield from ATS_SOURCE_SYSTEMS
    yield from V.RECONNECT_STATUSES
    yield from V.DIAGNOSIS_EXPLANATIONS
    yield from MART_VALUES
    yield from GUARDRAILS
    yield from DIAGNOSIS_METRICS
    yield from DIMENSIONS.values()


ENUM_LABELS: dict[str, str] = {value: humanize(value) for value in _enum_values()}


def label(value: object) -> object:
    """The human label of a code; any other value unchanged."""
    return ENUM_LABELS.get(value, value) if isinstance(value, str) else value


def codes() -> frozenset[str]:
    """Every code that must never reach a person as it is: the registered values and column names written
    in snake_case (`first_touch_style`, `contact_without_consent`)."""
    return frozenset(code for code in (*ENUM_LABELS, *COLUMN_LABELS, *DEFINITIONS) if "_" in code)


# ordered vocabularies: shown in this order (strong > moderate > stretch), never alphabetically
ORDERS: tuple[tuple[str, ...], ...] = (
    V.FUNNEL_STAGES,
    V.MATCH_TIERS,
    V.TITLE_MATCHES,
    V.PROFILE_DETAILS,
    V.SENIORITIES,
    V.ATS_STAGES,
    V.RECONNECT_STATUSES,
    V.OUTCOMES,
    V.DECLINE_REASONS + ("unspecified",),
    ("rediscovered", "net_new"),
    ("personalized", "generic"),
)


def in_order(values: Iterable[object]) -> list:
    """Distinct values in the order of the first vocabulary holding them all (strong, moderate, stretch);
    otherwise as they sort (numbers as numbers: hour 2 before hour 10)."""
    distinct = list(dict.fromkeys(values))
    for order in ORDERS:
        if set(distinct) <= set(order):
            return sorted(distinct, key=order.index)
    try:
        return sorted(distinct)
    except TypeError:
        return sorted(distinct, key=str)


# what each number means: column or metric name -> definition with its denominator
DEFINITIONS: dict[str, str] = {
    "sourced": "Prospects (a person sourced for a role) found and added to the sourcing tool.",
    "contacted": "Prospects with at least one delivered message.",
    "replied": "Contacted prospects with a human response after first contact, or a linked application.",
    "interested": "Contacted prospects who said interested after first contact, or applied.",
    "screened": "Prospects whose linked application reached the recruiter screen or beyond.",
    "interviewed": "Prospects whose linked application reached an interview or beyond.",
    "offered": "Prospects whose linked application reached an offer or beyond.",
    "hired": "Prospects whose linked application was hired (outbound hires).",
    "ats_hires": "Every hire in the ATS, whatever its source (applied, referred, agency, sourced ...).",
    "opted_out": "Prospects whose answer was an opt-out.",
    "delivered_messages": "Messages with status delivered.",
    "reply_rate": "replied / contacted (or / the denominator named beside it).",
    "interest_rate": "interested / contacted.",
    "hire_rate": "hired / contacted; for ATS stages: hired within the window / applications that reached the stage.",
    "share": "This group's count / the total named beside it.",
    "still_silent": "Prospects who got this touch without having replied before it.",
    "opt_out_rate": "opted out / the denominator named beside it.",
    "messages_per_interested": "Delivered messages / interested prospects.",
    "stretch_share_rate": "Contacted prospects targeted at the stretch tier (match score < 60) / contacted.",
    "generic_share_rate": "Contacted prospects whose first touch was generic (not personalized) / contacted.",
    "outbound_rate": "Outbound hires (prospects hired) / every ATS hire.",
    "openings": "Hires the requisition asks for.",
    "hires": "ATS applications for the role that were hired (every source).",
    "remaining_openings": "Openings minus hires, at least 0.",
    "days_open": "Days since the requisition opened (to its close when closed).",
    "candidate_id": "The person's ID in the sourcing tool (CRM): tells apart two people of the same name.",
    "is_ageing": "Longer in their current ATS stage than people usually are.",
    "in_flight": "Applications still in process: not hired, latest event neither rejected nor withdrawn.",
    "expected_hires": "Hires the people in process are expected to bring by the target date: each person's chance "
    "from the time-to-hire curve of their stage, given the days they have sat in it.",
    "expected_hires_low": "Low end of the 95 % interval of hires by the target date (Poisson binomial, scipy).",
    "expected_hires_high": "High end of the 95 % interval of hires by the target date.",
    "chance_to_fill": "Probability that the people in process bring at least the openings left by the target date.",
    "expected_days_to_fill": "Median days to fill among the outcomes in which the people in process fill the "
    "openings left by the target date; shown only where that chance is meaningful.",
    "status_reason": "Why the role has its status, with the chance to fill and, when unlikely, the first contacts "
    "still needed.",
    "status_at_risk": "Chance to fill the openings left by the target date below the at-risk threshold.",
    "status_watch": "Chance to fill by the target date between the at-risk and on-track thresholds.",
    "status_on_track": "Chance to fill by the target date at least the on-track threshold.",
    "status_over_filled": "More hires than openings.",
    "status_filled": "Every opening filled.",
    "status_closed": "The requisition closed.",
    "reason": "Why the person is on this list.",
    "since": "Date of the event the reason refers to (last touch, interest, reconnect date, leaving the process).",
    "days_since": "Days from that date to the data's as-of date.",
    "priority": "Order within the role's list (1 first).",
    "eligible": "Applications that reached the stage early enough to have had the whole window.",
    "conversations": "Prospects whose first human reply (or linked application) came in the week: a conversation "
    "started.",
    "messages_after_opt_out": "Messages delivered to a person after their opt-out or decline for any role / "
    "delivered messages. Should be 0.",
    "contact_without_consent": "Contacted prospects whose ATS record did not allow contact / contacted prospects. "
    "Should be 0.",
    "four_plus_unanswered_touches": "Contacted prospects who got 4 or more touches and never answered / contacted "
    "prospects: a sign of over-automated sequences.",
    "multi_role_within_30_days": "Contacted prospects written to for another role within 30 days / contacted.",
    "delivered_per_interested": "Delivered messages / interested prospects.",
    "delivered_per_hire": "Delivered messages / outbound hires: what one hire costs in outreach.",
}


def definition(name: str) -> str | None:
    """What a column or metric means, or None."""
    key = name.lower().replace(" ", "_")
    return DEFINITIONS.get(key)
