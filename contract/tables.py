"""The input tables of data contract v1 (docs/contract.md §2), as data.

One declaration drives everything the intake does with a table: which columns a file
must have, how each value is typed, which enum values are allowed, the primary key
that later drops update, and the references checked against staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract import vocabulary as V

TEXT, INT, TIMESTAMP, DATE, BOOL, ENUM = "text", "int", "timestamp", "date", "bool", "enum"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = True
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    references: str | None = None  # key of the referenced table; its primary key is matched
    pii: bool = False


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    columns: tuple[Column, ...]
    primary_key: str | None
    optional: bool = False
    depends_on: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        """`<source>__<table>`: the name of this table in the raw and intake schemas."""
        return f"{self.source}__{self.name}"

    @property
    def folder(self) -> str:
        return f"{self.source}/{self.name}"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def referenced_tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.references for c in self.columns if c.references))


def _enum(name: str, values: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, ENUM, required=required, values=values)


TABLES: tuple[Table, ...] = (  # parents before children; erasure requests first: they apply as rows come in
    Table(
        "privacy",
        "erasure_requests",
        (
            Column("email", required=False, pii=True),
            Column("linkedin_url", required=False, pii=True),
            Column("crm_candidate_id", required=False),
            Column("requested_at", TIMESTAMP),
        ),
        primary_key=None,
        optional=True,
    ),
    Table(
        "team",
        "recruiters",
        (
            Column("recruiter_id"),
            Column("name"),
            Column("email", required=False),
            Column("team", required=False),
        ),
        primary_key="recruiter_id",
    ),
    Table(
        "ats",
        "roles",
        (
            Column("role_id"),
            Column("title"),
            Column("department"),
            Column("location", required=False),
            _enum("seniority", V.SENIORITIES),
            Column("recruiter_id", references="team__recruiters"),
            Column("opened_at", DATE),
            Column("closed_at", DATE, required=False),
            Column("openings", INT, minimum=1),
        ),
        primary_key="role_id",
    ),
    Table(
        "sourcing",
        "candidates",
        (
            Column("candidate_id"),
            Column("full_name", pii=True),
            Column("email", required=False, pii=True),
            Column("linkedin_url", required=False, pii=True),
            Column("current_title", required=False),
            Column("current_company", required=False),
            Column("location", required=False),
            _enum("profile_detail", V.PROFILE_DETAILS, required=False),
            Column("created_at", TIMESTAMP),
        ),
        primary_key="candidate_id",
    ),
    Table(
        "sourcing",
        "prospects",
        (
            Column("prospect_id"),
            Column("candidate_id", references="sourcing__candidates"),
            Column("role_id", references="ats__roles"),
            Column("sourced_at", TIMESTAMP),
            Column("sourced_by", references="team__recruiters"),
            _enum("channel", V.SOURCING_CHANNELS),
            _enum("title_match", V.TITLE_MATCHES),
            Column("match_score", INT, minimum=0, maximum=100),
            Column("selection_reason", required=False),
        ),
        primary_key="prospect_id",
    ),
    Table(
        "outreach",
        "messages",
        (
            Column("message_id"),
            Column("prospect_id", references="sourcing__prospects"),
            Column("sequence_id"),
            Column("template_id"),
            Column("step", INT, minimum=1),
            _enum("channel", V.MESSAGE_CHANNELS),
            Column("sent_at", TIMESTAMP),
            _enum("status", V.MESSAGE_STATUSES),
            Column("personalized", BOOL),
        ),
        primary_key="message_id",
    ),
    Table(
        "outreach",
        "responses",
        (
            Column("response_id"),
            Column("prospect_id", references="sourcing__prospects"),
            Column("message_id", required=False, references="outreach__messages"),
            Column("responded_at", TIMESTAMP),
            _enum("response_type", V.RESPONSE_TYPES),
            _enum("decline_reason", V.DECLINE_REASONS, required=False),
            Column("reconnect_after", DATE, required=False),
        ),
        primary_key="response_id",
    ),
    Table(
        "ats",
        "candidates",
        (
            Column("ats_candidate_id"),
            Column("full_name", pii=True),
            Column("email", required=False, pii=True),
            Column("linkedin_url", required=False, pii=True),
            Column("crm_candidate_id", required=False),
        ),
        primary_key="ats_candidate_id",
    ),
    Table(
        "ats",
        "applications",
        (
            Column("application_id"),
            Column("ats_candidate_id", references="ats__candidates"),
            Column("role_id", references="ats__roles"),
            Column("applied_at", TIMESTAMP),
            _enum("source", V.APPLICATION_SOURCES),
        ),
        primary_key="application_id",
    ),
    Table(
        "ats",
        "stage_events",
        (
            Column("event_id"),
            Column("application_id", references="ats__applications"),
            _enum("stage", V.ATS_STAGES),
            Column("entered_at", TIMESTAMP),
            Column("reason", required=False),
        ),
        primary_key="event_id",
    ),
)

TABLES_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}


def table(key: str) -> Table:
    try:
        return TABLES_BY_KEY[key]
    except KeyError:
        raise KeyError(f"no contract table {key!r}; known: {', '.join(TABLES_BY_KEY)}") from None
