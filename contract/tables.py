"""The input tables of data contract v1 (docs/contract.md §2), as data, and every connector's
(contract.connectors): one declaration (contract.schema) drives everything the intake does with a
table.
"""

from __future__ import annotations

from contract import vocabulary as V
from contract.connectors import CONNECTORS
from contract.schema import BOOL, DATE, ENUM, INT, TEXT, TIMESTAMP, Column, Table, enum_column
from contract.sql import ident

__all__ = [
    "BOOL",
    "DATE",
    "ENUM",
    "INT",
    "TEXT",
    "TIMESTAMP",
    "Column",
    "Table",
    "TABLES",
    "TABLES_BY_KEY",
    "keys_relation",
    "referenced_tables",
    "table",
]

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
            enum_column("seniority", V.SENIORITIES),
            Column("recruiter_id", references="team__recruiters"),
            Column("opened_at", DATE),
            Column("closed_at", DATE, required=False),
            Column("openings", INT, minimum=1),
        ),
        primary_key="role_id",
        key_sources=tuple(c.key(c.role_table) for c in CONNECTORS),
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
            enum_column("profile_detail", V.PROFILE_DETAILS, required=False),
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
            enum_column("channel", V.SOURCING_CHANNELS),
            enum_column("title_match", V.TITLE_MATCHES),
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
            enum_column("channel", V.MESSAGE_CHANNELS),
            Column("sent_at", TIMESTAMP),
            enum_column("status", V.MESSAGE_STATUSES),
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
            enum_column("response_type", V.RESPONSE_TYPES),
            enum_column("decline_reason", V.DECLINE_REASONS, required=False),
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
            enum_column("source", V.APPLICATION_SOURCES),
        ),
        primary_key="application_id",
    ),
    Table(
        "ats",
        "stage_events",
        (
            Column("event_id"),
            Column("application_id", references="ats__applications"),
            enum_column("stage", V.ATS_STAGES),
            Column("entered_at", TIMESTAMP),
            Column("reason", required=False),
        ),
        primary_key="event_id",
    ),
)


# in dependency order: every table after the tables its references are checked against (a
# prospect's role may be a connector's role, e.g. a Greenhouse job or a Lever posting)
TABLES: tuple[Table, ...] = tuple(t for c in CONNECTORS for t in c.tables) + CONTRACT_TABLES

TABLES_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}


def table(key: str) -> Table:
    try:
        return TABLES_BY_KEY[key]
    except KeyError:
        raise KeyError(f"no contract table {key!r}; known: {', '.join(TABLES_BY_KEY)}") from None


def referenced_tables(of: Table) -> tuple[str, ...]:
    """Every table whose keys `of`'s references are checked against (their key sources included)."""
    parents = [c.references for c in of.columns if c.references]
    return tuple(dict.fromkeys(key for parent in parents for key in (parent, *TABLES_BY_KEY[parent].key_sources)))


def keys_relation(of: Table) -> str:
    """SQL relation of every staged key of `of`, under its primary key's name: what a reference to it is
    checked against (a prospect's role_id may name a contract role, a Greenhouse job or a Lever posting)."""
    own = f"intake.{of.key}"
    if not of.key_sources:
        return own
    selects = [f"select {ident(of.primary_key)} from {own}"]
    for source in map(table, of.key_sources):
        kept = f" where not coalesce({ident(source.deleted_flag)}, false)" if source.deleted_flag else ""
        key = f"{ident(source.primary_key)} as {ident(of.primary_key)}"
        selects.append(f"select {key} from intake.{source.key}{kept}")
    return "(" + " union ".join(selects) + ")"
