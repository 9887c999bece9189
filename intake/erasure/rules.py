"""The rule table: which tables hold a person's records and how each is matched and rewritten, as
data derived from the declarations (contract.person_data for the contract's tables, each connector's
in contract/connectors), and the keys an erasure request and an ATS record carry."""

from __future__ import annotations

from contract.connectors import CONNECTORS
from contract.person_data import CONTRACT_ATS_CANDIDATE, CONTRACT_PERSON_TABLES, Match, PersonTable
from contract.tables import TABLES_BY_KEY

REQUESTS = "privacy__erasure_requests"
REQUEST_KEYS = (("crm_candidate_id", "candidate"), ("email", "email"), ("linkedin_url", "linkedin_url"))
SHARED_KINDS = frozenset({"email", "linkedin_url"})  # keys several people can hold (a shared inbox)

# every table holding a person's records, with how erasure finds and rewrites them: the contract's
# (contract.person_data) and each connector's (contract.connectors), parents before children
CONNECTOR_PERSON_TABLES = tuple(p for c in CONNECTORS for p in c.person_tables)
PERSON_TABLES = CONTRACT_PERSON_TABLES + CONNECTOR_PERSON_TABLES
PERSON_TABLES_BY_KEY = {p.key: p for p in PERSON_TABLES}
# the kinds of key of a person's record in an ATS
ATS_CANDIDATE_KINDS = (CONTRACT_ATS_CANDIDATE, *(c.candidate_kind for c in CONNECTORS))

# where an ATS record names a CRM candidate (retention: that candidate engaged): (table, column, kind
# of key) of the contract's ATS candidates and of every connector's person tables
ATS_IDENTITY_KEYS = tuple(
    (person.key, column, kind)
    for person in (PERSON_TABLES_BY_KEY["ats__candidates"], *CONNECTOR_PERSON_TABLES)
    for column, kind in person.crm_keys
)
CANDIDATE_KEY_COLUMNS = {"candidate": "candidate_id", "email": "email", "linkedin_url": "linkedin_url"}


def every_match(person: PersonTable) -> tuple[Match, ...]:
    """`person.matches`, and every id and identity key the table's rows are anonymized under (contract §8:
    prospect, candidate, ATS candidate, application, message and response ids): a row reached through any
    of them belongs to the person, also a quarantined row whose other ids are empty."""
    matched = {m.column for m in person.matches}
    references = {c.name: c.references for c in TABLES_BY_KEY[person.key].columns}
    return person.matches + tuple(
        Match(column, kind, references.get(column)) for column, kind in person.tokens if column not in matched
    )
