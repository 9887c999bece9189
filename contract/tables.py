"""The input tables of data contract v1 (docs/contract.md §2), as data.

One declaration drives everything the intake does with a table: which columns a file
must have, how each value is typed, which enum values are allowed, the primary key
that later drops update, and the references checked against staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contract import vocabulary as V
from contract.sql import ident

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
    # a deadline (Lever's consent expiry): legitimately later than its file's landing time, so only
    # the lower bound of contract §3's plausible range applies
    future: bool = False


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    columns: tuple[Column, ...]
    primary_key: str | None
    optional: bool = False
    depends_on: tuple[str, ...] = field(default=())
    # a connector's soft-delete flag: rows with it true are kept in the intake and ignored downstream
    deleted_flag: str | None = None
    # other tables whose (not deleted) primary keys are keys of this table too, for references:
    # a prospect's role_id may name a contract role, a Greenhouse job or a Lever posting
    key_sources: tuple[str, ...] = ()

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
        """Every table whose keys this table's references are checked against (key sources included)."""
        parents = [c.references for c in self.columns if c.references]
        return tuple(dict.fromkeys(key for parent in parents for key in (parent, *TABLES_BY_KEY[parent].key_sources)))

    @property
    def keys_relation(self) -> str:
        """SQL relation of every staged key of this table, under the primary key's name: what a
        reference to this table is checked against."""
        own = f"intake.{self.key}"
        if not self.key_sources:
            return own
        selects = [f"select {ident(self.primary_key)} from {own}"]
        for source in map(table, self.key_sources):
            kept = f" where not coalesce({ident(source.deleted_flag)}, false)" if source.deleted_flag else ""
            key = f"{ident(source.primary_key)} as {ident(self.primary_key)}"
            selects.append(f"select {key} from intake.{source.key}{kept}")
        return "(" + " union ".join(selects) + ")"


def _enum(name: str, values: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, ENUM, required=required, values=values)


CONTRACT_TABLES: tuple[Table, ...] = (  # parents before children; erasure requests first: they apply as rows come in
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
        key_sources=("greenhouse__job", "lever__posting"),
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


# --- ATS connector tables (docs/bring-your-own-data.md) ----------------------------------------
# The tables a Fivetran-style connector lands for Greenhouse and Lever, under their own table and
# column names. Only the columns the product reads are declared; every other column is kept in the
# raw layer. Tables keyed by several columns (e-mail addresses, histories, link tables) have no
# intake primary key: every row is staged, and dbt staging keeps the latest drop's row per key.
DELETED = "_fivetran_deleted"


def _deleted() -> Column:
    return Column(DELETED, BOOL, required=False)


def _connector(source: str, name: str, columns: tuple[Column, ...], primary_key: str | None = "id") -> Table:
    deleted = DELETED if any(c.name == DELETED for c in columns) else None
    return Table(source, name, columns, primary_key=primary_key, optional=True, deleted_flag=deleted)


# the CRM id is not a connector column: a team that keeps the sourcing tool's id in a custom field
# maps that column onto `crm_candidate_id` with mapping/<source>/<table>.yml (docs/bring-your-own-data.md)
GREENHOUSE_TABLES: tuple[Table, ...] = (
    _connector(
        "greenhouse",
        "candidate",
        (
            Column("id"),
            Column("first_name", required=False, pii=True),
            Column("last_name", required=False, pii=True),
            Column("crm_candidate_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
            _deleted(),
        ),
    ),
    _connector(
        "greenhouse",
        "email_address",
        (
            Column("candidate_id", references="greenhouse__candidate"),
            Column("index", INT, required=False),
            Column("value", pii=True),
            Column("type", required=False),
        ),
        primary_key=None,
    ),
    _connector(
        "greenhouse",
        "social_media_address",
        (
            Column("candidate_id", references="greenhouse__candidate"),
            Column("index", INT, required=False),
            Column("value", pii=True),
        ),
        primary_key=None,
    ),
    _connector(
        "greenhouse",
        "job",
        (
            Column("id"),
            Column("name"),
            Column("requisition_id", required=False),
            Column("status", required=False),
            Column("created_at", TIMESTAMP, required=False),
            Column("closed_at", TIMESTAMP, required=False),
            _deleted(),
        ),
    ),
    # one row per opening of a job (Fivetran's Greenhouse schema): open, filled by application_id, or
    # closed without a hire (close_reason_id); the job's openings are its rows that are open or filled
    _connector(
        "greenhouse",
        "job_opening",
        (
            Column("id"),
            Column("job_id", references="greenhouse__job"),
            Column("opening_id", required=False),
            Column("status", required=False),
            Column("opened_at", TIMESTAMP, required=False),
            Column("closed_at", TIMESTAMP, required=False),
            Column("application_id", required=False),
            Column("close_reason_id", required=False),
            _deleted(),
        ),
    ),
    _connector("greenhouse", "department", (Column("id"), Column("name"), _deleted())),
    _connector(
        "greenhouse",
        "job_department",
        (Column("job_id", references="greenhouse__job"), Column("department_id")),
        primary_key=None,
    ),
    _connector(
        "greenhouse",
        "job_stage",
        (Column("id"), Column("job_id", required=False), Column("name"), _deleted()),
    ),
    _connector("greenhouse", "user_email", (Column("user_id"), Column("email")), primary_key=None),
    _connector(
        "greenhouse",
        "hiring_team",
        (Column("job_id", references="greenhouse__job"), Column("user_id"), Column("role")),
        primary_key=None,
    ),
    _connector(
        "greenhouse",
        "source",
        (Column("id"), Column("name", required=False), Column("source_type_name", required=False), _deleted()),
    ),
    _connector(
        "greenhouse",
        "rejection_reason",
        (Column("id"), Column("reason"), Column("rejection_reason_type_name", required=False), _deleted()),
    ),
    _connector(
        "greenhouse",
        "application",
        (
            Column("id"),
            Column("candidate_id", references="greenhouse__candidate"),
            Column("applied_at", TIMESTAMP, required=False),
            Column("prospect", BOOL, required=False),
            _enum("status", V.GREENHOUSE_APPLICATION_STATUSES, required=False),
            Column("source_id", required=False),
            Column("rejected_at", TIMESTAMP, required=False),
            Column("rejected_reason_id", required=False),
            Column("last_activity_at", TIMESTAMP, required=False),
            Column("is_deleted", BOOL, required=False),
            _deleted(),
        ),
    ),
    _connector(
        "greenhouse",
        "job_application",
        (Column("application_id", references="greenhouse__application"), Column("job_id")),
        primary_key=None,
    ),
    _connector(
        "greenhouse",
        "application_history",
        (
            Column("application_id", references="greenhouse__application"),
            Column("updated_at", TIMESTAMP),
            Column("new_stage_id", required=False),
            _enum("new_status", V.GREENHOUSE_APPLICATION_STATUSES, required=False),
        ),
        primary_key=None,
    ),
)

LEVER_TABLES: tuple[Table, ...] = (
    _connector("lever", "user", (Column("id"), Column("email", required=False), _deleted())),
    _connector(
        "lever",
        "posting",
        (
            Column("id"),
            Column("text"),
            Column("categories_department", required=False),
            Column("categories_team", required=False),
            Column("categories_location", required=False),
            Column("state", required=False),
            Column("owner_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
            Column("updated_at", TIMESTAMP, required=False),
            _deleted(),
        ),
    ),
    # a requisition's headcount (Fivetran's Lever schema) and the postings it is advertised by
    _connector(
        "lever",
        "requisition",
        (
            Column("id"),
            Column("requisition_code", required=False),
            Column("name", required=False),
            Column("status", required=False),
            Column("headcount_total", INT, required=False, minimum=0),
            Column("headcount_hired", INT, required=False, minimum=0),
            Column("headcount_infinite", BOOL, required=False),
            Column("owner_id", required=False),
            Column("hiring_manager_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
            _deleted(),
        ),
    ),
    _connector(
        "lever",
        "requisition_posting",
        (Column("requisition_id", references="lever__requisition"), Column("posting_id")),
        primary_key=None,
    ),
    _connector("lever", "stage", (Column("id"), Column("text"), _deleted())),
    _connector("lever", "archive_reason", (Column("id"), Column("text"), _deleted())),
    _connector(
        "lever",
        "opportunity",
        (
            Column("id"),
            Column("contact"),
            Column("name", required=False, pii=True),
            _enum("origin", V.LEVER_ORIGINS, required=False),
            Column("stage_id", required=False),
            Column("archived_at", TIMESTAMP, required=False),
            Column("archived_reason_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
            Column("updated_at", TIMESTAMP, required=False),
            Column("data_protection_contact_allowed", BOOL, required=False),
            Column("data_protection_contact_expires_at", TIMESTAMP, required=False, future=True),
            Column("crm_candidate_id", required=False),
        ),
    ),
    _connector(
        "lever",
        "application",
        (
            Column("id"),
            Column("opportunity_id", references="lever__opportunity"),
            Column("posting_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
        ),
    ),
    _connector(
        "lever",
        "opportunity_stage_history",
        (
            Column("opportunity_id", references="lever__opportunity"),
            Column("stage_id"),
            Column("updated_at", TIMESTAMP),
        ),
        primary_key=None,
    ),
    _connector("lever", "contact_email", (Column("contact_id"), Column("email", pii=True)), primary_key=None),
    _connector("lever", "contact_link", (Column("contact_id"), Column("link", pii=True)), primary_key=None),
)

# in dependency order: every table after the tables its references are checked against (a
# prospect's role may be a Greenhouse job or a Lever posting)
TABLES: tuple[Table, ...] = GREENHOUSE_TABLES + LEVER_TABLES + CONTRACT_TABLES

TABLES_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}


def table(key: str) -> Table:
    try:
        return TABLES_BY_KEY[key]
    except KeyError:
        raise KeyError(f"no contract table {key!r}; known: {', '.join(TABLES_BY_KEY)}") from None
