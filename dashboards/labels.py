"""Human labels for every enum value and column the dashboards and the digest show, and what each
number means (one hover away). Enum values come from `contract.vocabulary`; the few values the
marts add (work lists, requisition status, segment fallbacks) are listed here, next to the model
that defines them."""

from __future__ import annotations

from collections.abc import Iterable

from contract import vocabulary as V

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

_OVERRIDES = {
    "opt_out": "Opt-out",
    "interested_not_in_ats": "Interested, not yet in the ATS",
    "follow_up_due": "Follow-up due",
    "reconnect_due": "Reconnect due",
    "rediscovery": "Rediscovery for open roles",
    "multi_channel": "Multi-channel",
    "single_channel": "Single channel",
    "net_new": "Net new",
    "full_name": "Name",
    "candidate_id": "CRM candidate ID",
    "days_since": "Days since",
}


def humanize(name: str) -> str:
    """`professional_network` -> `Professional network`; `ats_hires` -> `ATS hires`."""
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
    yield from MART_VALUES


ENUM_LABELS: dict[str, str] = {value: humanize(value) for value in _enum_values()}


def label(value: object) -> object:
    """The human label of an enum value; any other value unchanged."""
    return ENUM_LABELS.get(value, value) if isinstance(value, str) else value


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
}


def definition(name: str) -> str | None:
    """What a column or metric means, or None."""
    key = name.lower().replace(" ", "_")
    return DEFINITIONS.get(key)
