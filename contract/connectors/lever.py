"""Lever, as a Fivetran-style connector lands it (docs/bring-your-own-data.md §3)."""

from __future__ import annotations

from contract import vocabulary as V
from contract.connector import SHAPES, Connector
from contract.person_data import Match, PersonTable
from contract.schema import BOOL, INT, TIMESTAMP, Column, Table, connector_table, deleted_column, enum_column

TABLES: tuple[Table, ...] = (
    connector_table("lever", "user", (Column("id"), Column("email", required=False), deleted_column())),
    connector_table(
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
            deleted_column(),
        ),
    ),
    # a requisition's headcount (Fivetran's Lever schema) and the postings it is advertised by
    connector_table(
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
            deleted_column(),
        ),
    ),
    connector_table(
        "lever",
        "requisition_posting",
        (Column("requisition_id", references="lever__requisition"), Column("posting_id")),
        primary_key=None,
    ),
    connector_table("lever", "stage", (Column("id"), Column("text"), deleted_column())),
    connector_table("lever", "archive_reason", (Column("id"), Column("text"), deleted_column())),
    connector_table(
        "lever",
        "opportunity",
        (
            Column("id"),
            Column("contact"),
            Column("name", required=False, pii=True),
            enum_column("origin", V.LEVER_ORIGINS, required=False),
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
    connector_table(
        "lever",
        "application",
        (
            Column("id"),
            Column("opportunity_id", references="lever__opportunity"),
            Column("posting_id", required=False),
            Column("created_at", TIMESTAMP, required=False),
        ),
    ),
    connector_table(
        "lever",
        "opportunity_stage_history",
        (
            Column("opportunity_id", references="lever__opportunity"),
            Column("stage_id"),
            Column("updated_at", TIMESTAMP),
        ),
        primary_key=None,
    ),
    connector_table("lever", "contact_email", (Column("contact_id"), Column("email", pii=True)), primary_key=None),
    connector_table("lever", "contact_link", (Column("contact_id"), Column("link", pii=True)), primary_key=None),
)

# a Lever contact (the person behind opportunities) is found through its e-mail and link rows or an
# opportunity's CRM id
CONTACT = "lever_contact"
PERSON_TABLES: tuple[PersonTable, ...] = (
    PersonTable(
        "lever__opportunity",
        (("id", "lever_opportunity"), ("contact", CONTACT), ("crm_candidate_id", "candidate")),
        (Match("contact", CONTACT), Match("crm_candidate_id", "candidate", "sourcing__candidates")),
        cleared=("name",),
    ),
    PersonTable(
        "lever__application",
        (("id", "lever_application"), ("opportunity_id", "lever_opportunity")),
        (Match("opportunity_id", "lever_opportunity", "lever__opportunity"),),
    ),
    PersonTable(
        "lever__opportunity_stage_history",
        (("opportunity_id", "lever_opportunity"),),
        (Match("opportunity_id", "lever_opportunity", "lever__opportunity"),),
    ),
    PersonTable(
        "lever__contact_email",
        (("contact_id", CONTACT), ("email", "email")),
        (Match("contact_id", CONTACT), Match("email", "email")),
    ),
    PersonTable(
        "lever__contact_link",
        (("contact_id", CONTACT), ("link", "linkedin_url")),
        (Match("contact_id", CONTACT), Match("link", "linkedin_url")),
    ),
)
CONNECTOR = Connector(
    name="lever",
    tables=TABLES,
    person_tables=PERSON_TABLES,
    candidate_kind=CONTACT,
    role_table="posting",
    change_tables=(
        "opportunity",
        "application",
        "opportunity_stage_history",
        "contact_email",
        "contact_link",
        "posting",
        "stage",
        "archive_reason",
        "user",
    ),
    lookup_tables=("stage", "archive_reason", "user"),
    mapping_sections=("stages", "archive_reasons", "origins", "seniority"),
    shapes=tuple(SHAPES),  # with consent: the data-protection fields of opportunities
    alternate_folders={"user": ("lever/users",)},  # Fivetran's Lever connectors created since mid-2024
)
