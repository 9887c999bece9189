"""Greenhouse, as a Fivetran-style connector lands it (docs/bring-your-own-data.md §2)."""

from __future__ import annotations

from contract import vocabulary as V
from contract.connector import Connector
from contract.person_data import Match, PersonTable
from contract.schema import BOOL, INT, TIMESTAMP, Column, Table, connector_table, deleted_column, enum_column

# the CRM id is not a connector column: a team that keeps the sourcing tool's id in a custom field
# maps that column onto `crm_candidate_id` with mapping/<source>/<table>.yml (docs/bring-your-own-data.md)
TABLES: tuple[Table, ...] = (
    connector_table(
        "greenhouse",
        "candidate",
        (
            Column("id"),
            Column("first_name", required=False, pii=True),
            Column("last_name", required=False, pii=True),
            Column("crm_candidate_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
            deleted_column(),
        ),
    ),
    connector_table(
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
    connector_table(
        "greenhouse",
        "social_media_address",
        (
            Column("candidate_id", references="greenhouse__candidate"),
            Column("index", INT, required=False),
            Column("value", pii=True),
        ),
        primary_key=None,
    ),
    connector_table(
        "greenhouse",
        "job",
        (
            Column("id"),
            Column("name"),
            Column("requisition_id", required=False),
            Column("status", required=False),
            Column("created_at", TIMESTAMP, required=False),
            Column("closed_at", TIMESTAMP, required=False),
            deleted_column(),
        ),
    ),
    # one row per opening of a job (Fivetran's Greenhouse schema): open, filled by application_id, or
    # closed without a hire (close_reason_id); the job's openings are its rows that are open or filled
    connector_table(
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
            deleted_column(),
        ),
    ),
    connector_table("greenhouse", "department", (Column("id"), Column("name"), deleted_column())),
    connector_table(
        "greenhouse",
        "job_department",
        (Column("job_id", references="greenhouse__job"), Column("department_id")),
        primary_key=None,
    ),
    connector_table(
        "greenhouse",
        "job_stage",
        (Column("id"), Column("job_id", required=False), Column("name"), deleted_column()),
    ),
    connector_table("greenhouse", "user_email", (Column("user_id"), Column("email")), primary_key=None),
    connector_table(
        "greenhouse",
        "hiring_team",
        (Column("job_id", references="greenhouse__job"), Column("user_id"), Column("role")),
        primary_key=None,
    ),
    connector_table(
        "greenhouse",
        "source",
        (Column("id"), Column("name", required=False), Column("source_type_name", required=False), deleted_column()),
    ),
    connector_table(
        "greenhouse",
        "rejection_reason",
        (Column("id"), Column("reason"), Column("rejection_reason_type_name", required=False), deleted_column()),
    ),
    connector_table(
        "greenhouse",
        "application",
        (
            Column("id"),
            Column("candidate_id", references="greenhouse__candidate"),
            Column("applied_at", TIMESTAMP, required=False),
            Column("prospect", BOOL, required=False),
            enum_column("status", V.GREENHOUSE_APPLICATION_STATUSES, required=False),
            Column("source_id", required=False),
            Column("rejected_at", TIMESTAMP, required=False),
            Column("rejected_reason_id", required=False),
            Column("last_activity_at", TIMESTAMP, required=False),
            Column("is_deleted", BOOL, required=False),
            deleted_column(),
        ),
    ),
    connector_table(
        "greenhouse",
        "job_application",
        (Column("application_id", references="greenhouse__application"), Column("job_id")),
        primary_key=None,
    ),
    connector_table(
        "greenhouse",
        "application_history",
        (
            Column("application_id", references="greenhouse__application"),
            Column("updated_at", TIMESTAMP),
            Column("new_stage_id", required=False),
            enum_column("new_status", V.GREENHOUSE_APPLICATION_STATUSES, required=False),
        ),
        primary_key=None,
    ),
)

# a Greenhouse candidate is found by its CRM id or through its e-mail and link rows. Links are tokens
# of the LinkedIn kind whatever site they name (staging reads a token as a LinkedIn key, so an erased
# person's ATS record stays linked to their CRM record)
CANDIDATE = "greenhouse_candidate"
PERSON_TABLES: tuple[PersonTable, ...] = (
    PersonTable(
        "greenhouse__candidate",
        (("id", CANDIDATE), ("crm_candidate_id", "candidate")),
        (Match("id", CANDIDATE), Match("crm_candidate_id", "candidate", "sourcing__candidates")),
        cleared=("first_name", "last_name"),
    ),
    PersonTable(
        "greenhouse__email_address",
        (("candidate_id", CANDIDATE), ("value", "email")),
        (Match("candidate_id", CANDIDATE, "greenhouse__candidate"), Match("value", "email")),
    ),
    PersonTable(
        "greenhouse__social_media_address",
        (("candidate_id", CANDIDATE), ("value", "linkedin_url")),
        (Match("candidate_id", CANDIDATE, "greenhouse__candidate"), Match("value", "linkedin_url")),
    ),
    PersonTable(
        "greenhouse__application",
        (("id", "greenhouse_application"), ("candidate_id", CANDIDATE)),
        (Match("candidate_id", CANDIDATE, "greenhouse__candidate"),),
    ),
    PersonTable(
        "greenhouse__job_application",
        (("application_id", "greenhouse_application"),),
        (Match("application_id", "greenhouse_application", "greenhouse__application"),),
    ),
    PersonTable(
        "greenhouse__application_history",
        (("application_id", "greenhouse_application"),),
        (Match("application_id", "greenhouse_application", "greenhouse__application"),),
    ),
)

CONNECTOR = Connector(
    name="greenhouse",
    tables=TABLES,
    person_tables=PERSON_TABLES,
    candidate_kind=CANDIDATE,
    role_table="job",
    change_tables=(
        "candidate",
        "email_address",
        "social_media_address",
        "application",
        "job_application",
        "application_history",
        "job",
        "job_stage",
        "department",
        "job_department",
        "source",
        "rejection_reason",
        "user_email",
        "hiring_team",
    ),
    lookup_tables=(
        "job",
        "job_stage",
        "department",
        "job_department",
        "source",
        "rejection_reason",
        "user_email",
        "hiring_team",
    ),
    mapping_sections=("stages", "rejection_reasons", "rejection_reason_types", "source_types", "seniority"),
)
