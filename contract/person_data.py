"""Where personal data sits (contract §8), as data: for every table holding a person's records, how
erasure finds them and what it rewrites. The contract's tables are declared here; each connector
declares its own (contract.connectors). intake/erasure applies them.

Words used: a *key* is what identifies a person or one of their records, by kind (a CRM candidate id
`candidate`, a normalized `email` or `linkedin_url`, or the id of a prospect, message, ATS candidate,
application ...); erasure replaces it by a token of that kind.
"""

from __future__ import annotations

from dataclasses import dataclass

# the kinds of key an ATS record can name a CRM candidate by (retention: such a candidate engaged)
CRM_KINDS = ("candidate", "email", "linkedin_url")


@dataclass(frozen=True)
class Match:
    """A row belongs to an erased person when the token of `column` (as a `kind` key) is an erased key.

    With a `parent`, values that are plain ids of the parent's kept rows are not looked up: the
    kept row of an erased parent carries a token, never its plain id."""

    column: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True)
class PersonTable:
    """How the records of one table are anonymized: ids and identity keys become tokens (these are
    also the keys an anonymized row adds), a required name becomes a placeholder, free text is
    cleared, and so is every column outside the contract."""

    key: str
    tokens: tuple[tuple[str, str], ...]  # (column, kind)
    matches: tuple[Match, ...]
    placeholders: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()

    @property
    def crm_keys(self) -> tuple[tuple[str, str], ...]:
        """(column, kind) of the columns naming a CRM candidate by id, e-mail or link."""
        return tuple((column, kind) for column, kind in self.tokens if kind in CRM_KINDS)


CONTRACT_ATS_CANDIDATE = "ats_candidate"  # the kind of key of a contract ATS candidate
CONTRACT_PERSON_TABLES: tuple[PersonTable, ...] = (  # parents before children
    PersonTable(
        "sourcing__candidates",
        (("candidate_id", "candidate"), ("email", "email"), ("linkedin_url", "linkedin_url")),
        (Match("candidate_id", "candidate"), Match("email", "email"), Match("linkedin_url", "linkedin_url")),
        placeholders=("full_name",),
        cleared=("current_title", "current_company", "location"),
    ),
    PersonTable(
        "sourcing__prospects",
        (("prospect_id", "prospect"), ("candidate_id", "candidate")),
        (Match("candidate_id", "candidate", "sourcing__candidates"),),
        cleared=("selection_reason",),
    ),
    PersonTable(
        "outreach__messages",
        (("message_id", "message"), ("prospect_id", "prospect")),
        (Match("prospect_id", "prospect", "sourcing__prospects"),),
    ),
    PersonTable(
        "outreach__responses",
        (("response_id", "response"), ("prospect_id", "prospect"), ("message_id", "message")),
        (Match("prospect_id", "prospect", "sourcing__prospects"),),
    ),
    PersonTable(
        "ats__candidates",
        (
            ("ats_candidate_id", CONTRACT_ATS_CANDIDATE),
            ("crm_candidate_id", "candidate"),
            ("email", "email"),
            ("linkedin_url", "linkedin_url"),
        ),
        (
            Match("ats_candidate_id", CONTRACT_ATS_CANDIDATE),
            Match("crm_candidate_id", "candidate", "sourcing__candidates"),
            Match("email", "email"),
            Match("linkedin_url", "linkedin_url"),
        ),
        placeholders=("full_name",),
    ),
    PersonTable(
        "ats__applications",
        (("application_id", "application"), ("ats_candidate_id", CONTRACT_ATS_CANDIDATE)),
        (Match("ats_candidate_id", CONTRACT_ATS_CANDIDATE, "ats__candidates"),),
    ),
    PersonTable(
        "ats__stage_events",
        (("event_id", "event"), ("application_id", "application")),
        (Match("application_id", "application", "ats__applications"),),
        cleared=("reason",),
    ),
)
