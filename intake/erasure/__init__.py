"""Erasure and retention (contract §8), one module per responsibility: `secret` (the erasure
secret), `tokens` (the token SQL function), `rules` (the rule table, derived from the contract's
and the connectors' declarations), `keys` (the erased keys), `rewrite` (anonymizing rows),
`retention`, `log` and `step` (the step after the last intake table). In short: a person's
records become anonymous rows in every table the intake keeps, before dbt reads them, and stay in
every count.

Words used here:
- *key*: what identifies a person or one of their records, by kind: a CRM candidate id
  (`candidate`), a normalized `email` or `linkedin_url` (contract §4, the dbt macros), or the id of
  one of their prospects, messages, responses, ATS candidates, applications or stage events.
- *token*: `anon_` + the first 24 hex digits of HMAC-SHA256(secret, "<kind>:<key>"). The secret is
  kept outside the warehouse (settings: erasure_secret_file); without it a token can be neither
  reversed nor recomputed. One key always gives the same token, so an anonymous record keeps its
  links (a prospect's messages, an ATS candidate's link to its CRM candidate) and counts do not move.
- *erased keys* (`privacy.erased_keys`): the token of every key of an erased person, with where it
  came from (`request`, `retention`, or `record`: found on a record of an erased person) and whether
  it was applied to the rows already kept. Tokens only: the table holds no personal data.

How:
1. The erasure requests' intake keeps a request only as the tokens of its keys (the request's
   own text is never written) and adds them to the erased keys.
2. Every person table anonymizes the incoming rows of erased people in the statement that writes
   them to raw, so their personal data is never written, and adds the keys of those rows.
3. After the last intake table (`apply_erasure`): new keys — new requests, keys found in step 2,
   people past the retention period — are applied to every kept row (raw, intake_state,
   quarantine) until no new key turns up, the run is logged in `audit.erasure_log`, and the run
   is marked for a fresh warehouse file (`audit.erasure_pass`) so freed blocks keep nothing.
"""

from intake.erasure.keys import (
    ERASED_KEYS,
    carry_over,
    ensure_privacy_tables,
    forget_derived_keys,
    remember_keys,
    restore_request_keys,
)
from intake.erasure.log import (
    ErasureReport,
    kept_rows_anonymized_in_this_run,
    remove_digests,
    rows_anonymized_in_this_run,
)
from intake.erasure.retention import DEFAULT_GUARD, RetentionGuard, RetentionNeedsConfirmation, add_retention_keys
from intake.erasure.rewrite import Incoming, incoming_rows, rejected_line
from intake.erasure.rules import PERSON_TABLES, PERSON_TABLES_BY_KEY, REQUESTS
from intake.erasure.secret import ErasureSecretChanged, ErasureSecretInvalid, check_secret, load_secret
from intake.erasure.step import apply_erasure
from intake.erasure.tokens import TOKEN_DIGITS, TOKEN_PREFIX, install_token_function, token_sql

__all__ = [
    "DEFAULT_GUARD",
    "ERASED_KEYS",
    "ErasureReport",
    "ErasureSecretChanged",
    "ErasureSecretInvalid",
    "Incoming",
    "PERSON_TABLES",
    "PERSON_TABLES_BY_KEY",
    "REQUESTS",
    "RetentionGuard",
    "RetentionNeedsConfirmation",
    "TOKEN_DIGITS",
    "TOKEN_PREFIX",
    "add_retention_keys",
    "apply_erasure",
    "carry_over",
    "check_secret",
    "ensure_privacy_tables",
    "forget_derived_keys",
    "incoming_rows",
    "install_token_function",
    "kept_rows_anonymized_in_this_run",
    "load_secret",
    "rejected_line",
    "remember_keys",
    "remove_digests",
    "restore_request_keys",
    "rows_anonymized_in_this_run",
    "token_sql",
]
