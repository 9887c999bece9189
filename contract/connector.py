"""An ATS connector as one declared unit (docs/bring-your-own-data.md, "Add a connector").

A connector lands its own tables under its own names (a Fivetran-style export of Greenhouse or
Lever). Its declaration (one module in contract/connectors/) says everything the rest of the product
needs to know about it, and everything else is derived from the declarations:
- its tables and columns: what the intake reads, types and checks (contract.tables);
- its personal data: the rules erasure rewrites its rows by (contract.person_data);
- which of its tables the incremental models read changes of (contract.dbt renders their staging
  models), and which are lookups, whose change recomputes everyone of that ATS;
- its stage mapping: the sections of mapping/ats.yml it reads (intake/ats_mapping);
- how it maps onto the common ATS shape: the `int_ats_<name>__<shape>` models it provides, which
  the union models of dbt_project/models/intermediate/ats read (through the rendered macro
  `ats_connectors()`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from contract.person_data import PersonTable
from contract.schema import Table

# the common ATS shape: per shape, the columns an `int_ats_<connector>__<shape>` model returns
# (its grain in the comment); the union model `int_ats__<...>` adds `source_system`
SHAPES: Mapping[str, tuple[str, ...]] = {
    # one row per connector stage: the contract stage the ATS mapping gives it (map_ats_names)
    "stages": ("stage_id", "stage_name", "mapped_stage", "mapped_by", "mapped_in"),
    # one row per stage move of the history (Data-quality page: events per stage name)
    "stage_moves": ("stage_id", "application_id"),
    # one row per person in the ATS
    "candidates": ("ats_candidate_id", "crm_candidate_id", "full_name"),
    # one row per identity record of a person: a CRM id, an e-mail, a LinkedIn link
    "identities": ("ats_candidate_id", "crm_candidate_id", "email_normalized", "linkedin_url_normalized"),
    # one row per role (requisition); role_id is what sourcing prospects name
    "roles": (
        "role_id",
        "recruiter_id",
        "role_title",
        "department",
        "role_location",
        "seniority",
        "openings",
        "openings_source",
        "opened_at",
        "closed_at",
    ),
    # one row per application (not a lead or prospect record)
    "applications": ("application_id", "ats_candidate_id", "role_id", "application_source", "applied_at"),
    # one row per stage event of an application of the `applications` shape
    "stage_events": ("event_id", "application_id", "stage", "stage_reason", "entered_at"),
    # one row per changed record of this run's intake changes: the person or role it names
    "changed_records": ("ats_candidate_id", "role_id", "crm_candidate_id", "email", "link"),
    # (optional) one row per person whose ATS records say whether they may be contacted
    "consent": ("ats_candidate_id", "contact_allowed", "contact_expires_at"),
}
OPTIONAL_SHAPES = frozenset({"consent"})


@dataclass(frozen=True)
class Connector:
    name: str  # the landing folder, the raw and intake table prefix, the ATS's `source_system`
    tables: tuple[Table, ...]  # in dependency order: every table after the tables it references
    person_tables: tuple[PersonTable, ...]  # parents before children
    candidate_kind: str  # the kind of key of a person's record in this ATS (erasure's tokens)
    role_table: str  # the table whose ids are role ids (what sourcing prospects name as role_id)
    change_tables: tuple[str, ...]  # tables whose intake changes the incremental models read
    lookup_tables: tuple[str, ...]  # of those, the ones whose change may move everyone of this ATS
    mapping_sections: tuple[str, ...]  # the sections of mapping/ats.yml under `<name>:`
    shapes: tuple[str, ...] = tuple(s for s in SHAPES if s not in OPTIONAL_SHAPES)
    # another folder a table may land in, by table name (Fivetran renamed Lever's `user` to `users`)
    alternate_folders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = {t.name for t in self.tables}
        problems = [f"table {t.key} is not of source {self.name}" for t in self.tables if t.source != self.name]
        problems += [
            f"{what} {name} is not one of its tables"
            for what, listed in (
                ("change table", self.change_tables),
                ("lookup table", self.lookup_tables),
                ("role table", (self.role_table,)),
                ("alternate folder of", tuple(self.alternate_folders)),
            )
            for name in listed
            if name not in names
        ]
        not_changes = [n for n in self.lookup_tables if n not in self.change_tables]
        problems += [f"lookup table {name} is not a change table" for name in not_changes]
        strangers = [p.key for p in self.person_tables if p.key not in self.keys]
        problems += [f"person table {key} is not one of its tables" for key in strangers]
        problems += [f"unknown shape {s}" for s in self.shapes if s not in SHAPES]
        problems += [f"shape {s} missing" for s in SHAPES if s not in OPTIONAL_SHAPES and s not in self.shapes]
        if problems:
            raise ValueError(f"connector {self.name}: " + "; ".join(problems))

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    def key(self, name: str) -> str:
        return f"{self.name}__{name}"

    @property
    def change_keys(self) -> tuple[str, ...]:
        return tuple(map(self.key, self.change_tables))

    def model(self, shape: str) -> str:
        """The dbt model that maps this connector onto one shape of the common ATS shape."""
        return f"int_ats_{self.name}__{shape}"
