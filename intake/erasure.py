"""Erasure and retention (contract §8): a person's records become anonymous rows in every table the
intake keeps, before dbt reads them, and stay in every count.

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

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from contract.connectors import CONNECTORS
from contract.person_data import CONTRACT_ATS_CANDIDATE, CONTRACT_PERSON_TABLES, PersonTable
from contract.sql import ident, literal
from contract.tables import TABLES_BY_KEY, Table
from intake import identity
from intake.catalog import relation_exists
from intake.values import CLOCK, raw_values_sql

TOKEN_MACRO = "anon_token"
TOKEN_PREFIX = "anon_"
TOKEN_DIGITS = 24  # 96 bits
PLACEHOLDER = "erased"  # a required text value (a name) of an erased person
ERASED_KEYS = "privacy.erased_keys"
REQUESTS = "privacy__erasure_requests"
REQUEST_KEYS = (("crm_candidate_id", "candidate"), ("email", "email"), ("linkedin_url", "linkedin_url"))
KEY_CHECK = ("key_check", "v1")  # a constant whose token tells whether the secret changed
SECRET_BYTES = 32  # the erasure secret's least length
SECRET_MIN_DISTINCT_BYTES = 16  # fewer distinct byte values: typed or patterned, not random
MAX_PASSES = 20  # keys of one person found through another of their records; a handful in practice
SHARED_KINDS = frozenset({"email", "linkedin_url"})  # keys several people can hold (a shared inbox)

PRIVACY_DDL = (
    "create schema if not exists privacy",
    "create schema if not exists audit",
    f"""create table if not exists {ERASED_KEYS} (
        kind varchar, token varchar, origin varchar, applied boolean)""",
    "create table if not exists privacy.key_check (token varchar)",
    """create table if not exists audit.erasure_log (
        applied_at timestamp, requests_by_crm_candidate_id bigint, requests_by_email bigint,
        requests_by_linkedin_url bigint, requests_matched bigint, retention_candidates bigint,
        crm_candidates_anonymized bigint, ats_candidates_anonymized bigint, prospects_anonymized bigint,
        rows_anonymized bigint)""",
    """create table if not exists audit.erasure_pass (
        new_keys bigint, kept_rows_anonymized bigint, incoming_rows_anonymized bigint)""",
)


class RetentionNeedsConfirmation(RuntimeError):
    """Retention would anonymize more than the configured share of CRM candidates in one run: a wrong
    date in the data (or a clock) is likelier than that many people ageing out at once."""


class ErasureSecretChanged(RuntimeError):
    """The secret differs from the one the erased keys were made with: erased people could come back."""


# --- tokens ---------------------------------------------------------------------------------------


class ErasureSecretInvalid(RuntimeError):
    """The secret file holds no usable secret: tokens made with it could be recomputed from a guessed key."""


def load_secret(path: Path) -> bytes:
    """The erasure secret in `path` (created, readable by its owner only, on first use): at least
    SECRET_BYTES random bytes written as hex, or ErasureSecretInvalid saying how to make one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
    try:
        secret = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        raise ErasureSecretInvalid(_secret_advice(path, "is not written as hexadecimal digits")) from None
    if len(secret) < SECRET_BYTES:
        raise ErasureSecretInvalid(_secret_advice(path, f"holds {len(secret)} bytes"))
    if len(set(secret)) < SECRET_MIN_DISTINCT_BYTES:  # 32 random bytes have ~30 distinct values
        raise ErasureSecretInvalid(_secret_advice(path, "does not look random (it repeats a few byte values)"))
    return secret


def _secret_advice(path: Path, problem: str) -> str:
    return (
        f"the erasure secret file {path} {problem}: it must hold at least {SECRET_BYTES} random bytes as hex. "
        f"Make one with: python -c 'import secrets; print(secrets.token_hex({SECRET_BYTES}))' > {path} && "
        f"chmod 600 {path} (or delete the file and the run creates one). A warehouse whose erasures were made "
        "with another secret needs that one back (docs/privacy.md)"
    )


def install_token_function(con: duckdb.DuckDBPyConnection, secret: bytes) -> None:
    """`anon_token(kind, key)` on this connection: HMAC-SHA256 in SQL, as a temporary macro (never
    stored in the database file). NULL for a NULL key."""
    block = (hashlib.sha256(secret).digest() if len(secret) > 64 else secret).ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in block).hex()
    outer = bytes(b ^ 0x5C for b in block).hex()
    con.execute(
        f"create or replace temp macro {TOKEN_MACRO}(kind, key) as {literal(TOKEN_PREFIX)} || left(sha256("
        f"unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode(kind || ':' || key)))), {TOKEN_DIGITS})"
    )


def has_token_function(con: duckdb.DuckDBPyConnection) -> bool:
    return (
        con.execute("select count(*) from duckdb_functions() where function_name = ?", [TOKEN_MACRO]).fetchone()[0] > 0
    )


def require_token_function(con: duckdb.DuckDBPyConnection) -> None:
    if not has_token_function(con):
        raise RuntimeError(
            "erasure needs the erasure secret: install it on the connection (install_token_function) first"
        )


def key_sql(kind: str, value: str) -> str:
    """SQL for the key of a text value: normalized like identity resolution (contract §4) for email
    and LinkedIn URL, trimmed for ids; NULL when empty."""
    if kind == "email":
        return identity.normalize_email(value)
    if kind == "linkedin_url":
        return identity.normalize_linkedin_url(value)
    return f"nullif(trim({value}), '')"


def token_sql(kind: str, value: str) -> str:
    return f"{TOKEN_MACRO}({literal(kind)}, {key_sql(kind, value)})"


# --- which records belong to a person ---------------------------------------------------------------


# every table holding a person's records, with how erasure finds and rewrites them: the contract's
# (contract.person_data) and each connector's (contract.connectors), parents before children
PERSON_TABLES = CONTRACT_PERSON_TABLES + tuple(p for c in CONNECTORS for p in c.person_tables)
# the kinds of key of a person's record in an ATS
ATS_CANDIDATE_KINDS = (CONTRACT_ATS_CANDIDATE, *(c.candidate_kind for c in CONNECTORS))
PERSON_TABLES_BY_KEY = {p.key: p for p in PERSON_TABLES}


def ensure_privacy_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in PRIVACY_DDL:
        con.execute(statement)


def _kinds(con: duckdb.DuckDBPyConnection, keys: str) -> set[str]:
    return {row[0] for row in con.execute(f"select distinct kind from {keys}").fetchall()}


def _lookups(
    con: duckdb.DuckDBPyConnection, person: PersonTable, alias: str, keys: str = ERASED_KEYS
) -> tuple[str, str] | None:
    """Joins and the condition telling whether a row of `alias` belongs to an erased person (its
    token is among `keys`), or None when no key can match. The joins add no rows (each looks up
    distinct values)."""
    kinds = _kinds(con, keys)
    if kinds:
        require_token_function(con)
    joins, hits = [], []
    for i, match in enumerate(person.every_match):
        if match.kind not in kinds:
            continue
        probe = token_sql(match.kind, f"{alias}.{ident(match.column)}")
        if match.parent and relation_exists(con, "intake_state", match.parent):
            parent_key = ident(TABLES_BY_KEY[match.parent].primary_key)
            joins.append(
                f"left join (select distinct {parent_key} as id from intake_state.{match.parent}) as plain{i} "
                f"on plain{i}.id = nullif(trim({alias}.{ident(match.column)}), '')"
            )
            probe = f"case when plain{i}.id is null then {probe} end"
        joins.append(
            f"left join (select distinct token from {keys} where kind = {literal(match.kind)}) "
            f"as erased{i} on erased{i}.token = {probe}"
        )
        hits.append(f"erased{i}.token is not null")
    return (" ".join(joins), "(" + " or ".join(hits) + ")") if hits else None


def _line_hit(con: duckdb.DuckDBPyConnection, person: PersonTable, line: str) -> str | None:
    """A condition telling whether the text of a rejected CSV line holds a value whose token is an
    erased key of one of the table's kinds (fields split at commas, quotes trimmed)."""
    kinds = sorted({kind for _, kind in person.tokens} & _kinds(con, ERASED_KEYS))
    if not kinds:
        return None
    field = "trim(fields.value, ' \"')"
    looked_up = " or ".join(
        f"{token_sql(kind, field)} in (select token from {ERASED_KEYS} where kind = {literal(kind)})" for kind in kinds
    )
    return f"exists (select 1 from (select unnest(string_split({line}, ',')) as value) as fields where {looked_up})"


def _rewritten(person: PersonTable, columns: list[str]) -> list[str]:
    """The raw text columns an erased person's row does not keep as they are: ids and identity keys,
    names, free text, and every column outside the contract."""
    kept = {c.name for c in person.table.columns} - {c for c, _ in person.tokens}
    kept -= set(person.placeholders) | set(person.cleared)
    return [c for c in columns if c not in kept]


def _replacement(person: PersonTable, column: str, value: str) -> str:
    """SQL for an erased person's value of one rewritten raw text column."""
    tokens = dict(person.tokens)
    if column in tokens:
        return token_sql(tokens[column], value)
    if column in person.placeholders:  # a blank name stays blank: the row's problems do not change
        return f"case when nullif(trim({value}), '') is not null then {literal(PLACEHOLDER)} end"
    return "null::varchar"  # free text, and columns outside the contract


# --- on the way in ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """How one drop's rows are written to raw: a select list over `alias` and the joins it needs."""

    select: str
    joins: str = ""


def incoming_rows(con: duckdb.DuckDBPyConnection, table: Table, columns: list[str], alias: str) -> Incoming:
    """The values to write for incoming rows with these raw text columns: an erasure request as the
    tokens of its keys; a row of an erased person anonymized; any other row as it is. Adds the
    `_erased` mark."""
    if table.key == REQUESTS:
        require_token_function(con)
        tokens = dict(REQUEST_KEYS)
        values = [
            f"{token_sql(tokens[c], f'{alias}.{ident(c)}') if c in tokens else f'{alias}.{ident(c)}'} as {ident(c)}"
            for c in columns
        ]
        return Incoming(", ".join([*values, "false as _erased"]))
    person = PERSON_TABLES_BY_KEY.get(table.key)
    lookups = _lookups(con, person, alias) if person else None
    if lookups is None:
        return Incoming(", ".join([*(f"{alias}.{ident(c)}" for c in columns), "false as _erased"]))
    joins, hit = lookups
    rewritten = _rewritten(person, columns)
    values = [
        f"case when {hit} then {_replacement(person, c, f'{alias}.{ident(c)}')} else {alias}.{ident(c)} end "
        f"as {ident(c)}"
        if c in rewritten
        else f"{alias}.{ident(c)}"
        for c in columns
    ]
    return Incoming(", ".join([*values, f"{hit} as _erased"]), joins)


def rejected_line(con: duckdb.DuckDBPyConnection, table: Table, line: str) -> tuple[str, str]:
    """SQL for what raw keeps of a line the CSV reader rejected, and its `_erased` mark: never the
    text of an erasure request, nor of a line that holds an erased person's key."""
    if table.key == REQUESTS:
        return "null::varchar", "false"
    person = PERSON_TABLES_BY_KEY.get(table.key)
    hit = _line_hit(con, person, line) if person else None
    if hit is None:
        return line, "false"
    return f"case when {hit} then null else {line} end", hit


def remember_keys(con: duckdb.DuckDBPyConnection, table: Table, drop_seq: int) -> None:
    """Add the keys of a drop's anonymized rows (their tokens, as written) to the erased keys; for the
    erasure requests, the tokens of the requests' keys."""
    if table.key == REQUESTS:
        pairs, origin, where = REQUEST_KEYS, "request", "true"
    elif table.key in PERSON_TABLES_BY_KEY:
        pairs, origin, where = PERSON_TABLES_BY_KEY[table.key].tokens, "record", "_erased"
    else:
        return
    found = " union ".join(
        f"select {literal(kind)} as kind, {ident(column)} as token from raw.{table.key} "
        f"where _drop_seq = {int(drop_seq)} and {where} and _rejected is null and {ident(column)} is not null"
        for column, kind in pairs
    )
    _add_keys(con, found, origin)


def _add_keys(con: duckdb.DuckDBPyConnection, keys_sql: str, origin: str) -> int:
    """Add (kind, token) rows not yet known from this origin, as not applied; how many were new."""
    return con.execute(
        f"""insert into {ERASED_KEYS}
            select distinct kind, token, {literal(origin)}, false from ({keys_sql}) as found
            where not exists (select 1 from {ERASED_KEYS} as known
                              where known.kind = found.kind and known.token = found.token
                                and known.origin = {literal(origin)})"""
    ).fetchone()[0]


def check_secret(con: duckdb.DuckDBPyConnection) -> None:
    """Fail when the secret differs from the one the erased keys were made with (they would no longer
    match, and erased people would come back); record it on first use."""
    ensure_privacy_tables(con)
    require_token_function(con)
    current = con.execute(f"select {TOKEN_MACRO}(?, ?)", list(KEY_CHECK)).fetchone()[0]
    recorded = con.execute("select token from privacy.key_check").fetchone()
    if recorded and recorded[0] != current:
        if con.execute(f"select count(*) from {ERASED_KEYS}").fetchone()[0]:
            raise ErasureSecretChanged(
                "the erasure secret is not the one this warehouse's erasures were made with: restore the "
                "original secret file (see docs/privacy.md); the run stops so that no erased person comes back"
            )
        con.execute("delete from privacy.key_check")
        recorded = None
    if recorded is None:
        con.execute("insert into privacy.key_check values (?)", [current])


# --- applying new keys to the kept rows ----------------------------------------------------------------


def _anonymize_kept(con: duckdb.DuckDBPyConnection, person: PersonTable, keys: str, spread: frozenset[str]) -> int:
    """Anonymize the kept rows of one table that match one of `keys`: raw, intake_state and the
    quarantine's raw values. Adds their keys of the `spread` kinds (as pending). How many rows."""
    key, raw = person.key, f"raw.{person.key}"
    if not relation_exists(con, "raw", key):
        return 0
    lookups = _lookups(con, person, "r", keys)
    line_hit = _line_hit(con, person, "r._raw_line")
    parts = []
    if lookups:
        joins, hit = lookups
        parts.append(
            f"select r._source_file, r._row_number from {raw} as r {joins} "
            f"where r._rejected is null and not r._erased and {hit}"
        )
    if line_hit:
        parts.append(
            f"select r._source_file, r._row_number from {raw} as r "
            f"where r._rejected is not null and r._raw_line is not null and {line_hit}"
        )
    if not parts:
        return 0
    con.execute(f"create or replace temp table erasure_hits as {' union '.join(parts)}")
    hits = con.execute("select count(*) from erasure_hits").fetchone()[0]
    if hits:
        _rewrite_kept_rows(con, person, spread)
    con.execute("drop table erasure_hits")
    return hits


def _rewrite_kept_rows(con: duckdb.DuckDBPyConnection, person: PersonTable, spread: frozenset[str]) -> None:
    """Rewrite the rows listed in `erasure_hits` wherever they are kept, after adding their keys of
    the `spread` kinds."""
    key, raw = person.key, f"raw.{person.key}"
    on_hit = "h._source_file = r._source_file and h._row_number = r._row_number"
    keys = " union ".join(
        f"select {literal(kind)} as kind, {token_sql(kind, f'r.{ident(column)}')} as token "
        f"from {raw} as r semi join erasure_hits as h on {on_hit} where r._rejected is null"
        for column, kind in person.tokens
        if kind in spread
    )
    if keys:
        _add_keys(con, f"select * from ({keys}) where token is not null", "record")
    contract = {c.name for c in person.table.columns}
    raw_columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
            "and not starts_with(column_name, '_')",
            [key],
        ).fetchall()
    ]
    rewritten = _rewritten(person, raw_columns)
    assignments = ", ".join(f"{ident(c)} = {_replacement(person, c, ident(c))}" for c in rewritten)
    con.execute(
        f"update {raw} as r set {assignments}, _erased = true from erasure_hits as h "
        f"where {on_hit} and r._rejected is null"
    )
    con.execute(
        f"update {raw} as r set _raw_line = null, _erased = true from erasure_hits as h "
        f"where {on_hit} and r._rejected is not null"
    )
    in_state = [c for c in rewritten if c in contract]
    con.execute(
        f"update intake_state.{key} as s set {', '.join(f'{ident(c)} = r.{ident(c)}' for c in in_state)} "
        f"from {raw} as r semi join erasure_hits as h on {on_hit} "
        "where s._source_file = r._source_file and s._row_number = r._row_number"
    )
    con.execute(
        f"update audit.quarantine as q set raw_values = {raw_values_sql(person.table, 'r')} "
        f"from {raw} as r semi join erasure_hits as h on {on_hit} "
        f"where q.table_name = {literal(key)} and q.kind = 'row' "
        "and q.source_file = r._source_file and q.row_number = r._row_number"
    )


def _settle(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the keys learned in this run to every kept row: first every key but retention's (an
    erased person is found under all their keys), then retention's, which find the retained
    candidate's own records through ids only: an e-mail or link they share with someone else (a
    talent-pool address) must not reach that other person."""
    con.execute(f"create or replace temp table looked_up as select kind, token from {ERASED_KEYS} where applied")
    every_kind = frozenset(kind for person in PERSON_TABLES for _, kind in person.tokens)
    rows = _settle_passes(con, "origin <> 'retention'", every_kind)
    rows += _settle_passes(con, "true", every_kind - SHARED_KINDS)
    con.execute("drop table if exists pass_keys")
    con.execute("drop table if exists looked_up")
    return rows


def _settle_passes(con: duckdb.DuckDBPyConnection, keys_where: str, spread: frozenset[str]) -> int:
    """Pass after pass, look up the erased keys (those matching `keys_where`) not looked up before;
    rows a pass anonymizes add their keys of the `spread` kinds for the next pass, until none is left."""
    rows = 0
    for _ in range(MAX_PASSES):
        con.execute(
            f"create or replace temp table pass_keys as select distinct kind, token from {ERASED_KEYS} "
            f"where {keys_where} except select kind, token from looked_up"
        )
        if not con.execute("select count(*) from pass_keys").fetchone()[0]:
            return rows
        con.execute("insert into looked_up select * from pass_keys")
        for person in PERSON_TABLES:
            rows += _anonymize_kept(con, person, "pass_keys", spread)
    # keys still turning up: stop the run rather than publish a person half erased
    raise RuntimeError(f"erasure found new keys after {MAX_PASSES} passes; the run stops")


# --- retention ----------------------------------------------------------------------------------------


def _as_of_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The data's as-of time (contract §9.1): the newest sent, responded, applied or stage time staged,
    bounded by the run's clock: a wrong date in the data must not age everyone past retention."""
    parts = [
        f"(select max({column}) from intake.{name})"
        for name, column in (
            ("outreach__messages", "sent_at"),
            ("outreach__responses", "responded_at"),
            ("ats__applications", "applied_at"),
            ("ats__stage_events", "entered_at"),
        )
        if relation_exists(con, "intake", name)
    ]
    return f"least(greatest({', '.join(parts)}), {CLOCK})"  # never later than the run's clock


# where an ATS record names a CRM candidate: (table, column, kind of key), the contract's ATS
# candidates and every connector's person tables
ATS_PERSON_TABLES = tuple(p for p in CONTRACT_PERSON_TABLES if p.key == "ats__candidates") + tuple(
    p for c in CONNECTORS for p in c.person_tables
)
ATS_IDENTITY_KEYS = tuple((p.key, column, kind) for p in ATS_PERSON_TABLES for column, kind in p.crm_keys)
CANDIDATE_KEY_COLUMNS = {"candidate": "candidate_id", "email": "email", "linkedin_url": "linkedin_url"}


def _drop_candidates_in_the_ats(con: duckdb.DuckDBPyConnection) -> None:
    """Remove from `past_retention` the candidates an ATS record (contract or connector tables) matches
    by CRM id, email or URL (one hash join per key: they engaged)."""
    for table, column, kind in ATS_IDENTITY_KEYS:
        if not relation_exists(con, "intake", table):
            continue
        crm = CANDIDATE_KEY_COLUMNS[kind]
        con.execute(f"""
            delete from past_retention as p using intake.sourcing__candidates as c
            where c._source_file = p._source_file and c._row_number = p._row_number
              and {key_sql(kind, f"c.{ident(crm)}")} in (
                  select {key_sql(kind, f"a.{ident(column)}")} from intake.{table} as a)""")


def add_retention_keys(con: duckdb.DuckDBPyConnection, months: int) -> int:
    """Add, as pending keys, the CRM candidates that never engaged (no human response on any of
    their prospects, no record in the ATS) and whose latest activity (created, sourced, written to,
    auto-reply) is more than `months` months before the data's as-of time (contract §9.1).
    How many candidates."""
    needed = ("sourcing__candidates", "sourcing__prospects", "outreach__messages", "outreach__responses")
    if months <= 0 or not all(relation_exists(con, "intake", t) for t in needed):
        return 0
    con.execute(f"""
        create or replace temp table past_retention as
        with responses as (
            select prospect_id, max(responded_at) as last_response,
                   bool_or(response_type <> 'auto_reply') as engaged
            from intake.outreach__responses group by prospect_id),
        messages as (select prospect_id, max(sent_at) as last_sent from intake.outreach__messages group by prospect_id),
        activity as (
            select c.candidate_id, c._source_file, c._row_number,
                   greatest(c.created_at, max(p.sourced_at), max(m.last_sent), max(r.last_response)) as last_activity,
                   coalesce(bool_or(r.engaged), false) as engaged
            from intake.sourcing__candidates as c
            left join intake.sourcing__prospects as p on p.candidate_id = c.candidate_id
            left join messages as m on m.prospect_id = p.prospect_id
            left join responses as r on r.prospect_id = p.prospect_id
            group by c.candidate_id, c._source_file, c._row_number, c.created_at)
        select candidate_id, _source_file, _row_number from activity
        where not engaged and last_activity < {_as_of_sql(con)} - to_months({int(months)})
    """)
    con.execute("""delete from past_retention as p using raw.sourcing__candidates as r
                   where r._source_file = p._source_file and r._row_number = p._row_number and r._erased""")
    _drop_candidates_in_the_ats(con)
    added = _add_keys(
        con,
        f"select 'candidate' as kind, {token_sql('candidate', 'candidate_id')} as token from past_retention",
        "retention",
    )
    con.execute("drop table past_retention")
    return added


# --- the whole step -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureReport:
    new_keys: int  # keys learned in this run: requests, retention, records of erased people
    kept_rows_anonymized: int
    incoming_rows_anonymized: int

    @property
    def rows_anonymized(self) -> int:
        """Rows anonymized in this run. When any, the warehouse is written to a fresh file: the
        blocks freed by the old rows (or by a rebuilt table) would otherwise keep their bytes."""
        return self.kept_rows_anonymized + self.incoming_rows_anonymized


def _log(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    """One row in audit.erasure_log for the keys learned in this run: when, how many requests by key
    type and how many of them matched someone, retention, and what was anonymized. No personal data."""
    by_kind = dict(
        con.execute(
            f"select origin || ':' || kind, count(*) from {ERASED_KEYS} where not applied group by all"
        ).fetchall()
    )
    matched = con.execute(f"""
        select count(*) from {ERASED_KEYS} as k where origin = 'request' and not applied and exists (
            select 1 from {ERASED_KEYS} as r where r.origin = 'record' and r.kind = k.kind and r.token = k.token)
    """).fetchone()[0]
    con.execute(
        "insert into audit.erasure_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now(UTC).replace(tzinfo=None),
            *(by_kind.get(f"request:{kind}", 0) for _, kind in REQUEST_KEYS),
            matched,
            by_kind.get("retention:candidate", 0),
            by_kind.get("record:candidate", 0),
            sum(by_kind.get(f"record:{kind}", 0) for kind in ATS_CANDIDATE_KINDS),
            by_kind.get("record:prospect", 0),
            rows,
        ],
    )


DIGEST_FILES = "digest-*"  # the weekly digests' file names (dashboards/digest.py)


def remove_digests(folder: Path) -> int:
    """Remove the kept digest files of a folder: written before this run's erasure, they can hold an
    erased person (a name in a work list, an id); the next `funnel digest` or Monday schedule writes
    them again from the anonymous warehouse. How many were removed."""
    removed = 0
    for path in folder.glob(DIGEST_FILES) if folder.is_dir() else ():
        if path.is_file():
            path.unlink()
            removed += 1
    return removed


def kept_rows_anonymized_in_this_run(con: duckdb.DuckDBPyConnection) -> int:
    """Rows kept from earlier runs that this run's erasure step anonymized (0 before the step ran)."""
    ensure_privacy_tables(con)
    return con.execute("select coalesce(sum(kept_rows_anonymized), 0) from audit.erasure_pass").fetchone()[0]


def rows_anonymized_in_this_run(con: duckdb.DuckDBPyConnection) -> int:
    """Rows this run's erasure step anonymized, kept and incoming (0 before the step ran)."""
    ensure_privacy_tables(con)
    return con.execute(
        "select coalesce(sum(kept_rows_anonymized + incoming_rows_anonymized), 0) from audit.erasure_pass"
    ).fetchone()[0]


@dataclass(frozen=True)
class RetentionGuard:
    """How much retention may anonymize in one run without the operator's confirmation."""

    max_share: float = 0.10  # of the CRM candidates staged
    confirmed: bool = False  # `funnel run --confirm-retention`


DEFAULT_GUARD = RetentionGuard()


def _check_retention_share(con: duckdb.DuckDBPyConnection, retained: int, guard: RetentionGuard) -> None:
    """Stop the run (nothing is published) when retention would anonymize more than the guard's share."""
    if not retained or guard.confirmed:
        return
    total = con.execute("select count(*) from intake.sourcing__candidates").fetchone()[0]
    if retained <= guard.max_share * total:
        return
    as_of = con.execute(f"select {_as_of_sql(con)}").fetchone()[0]
    raise RetentionNeedsConfirmation(
        f"retention would anonymize {retained:,} of {total:,} CRM candidates ({retained / total:.0%}) in this run, "
        f"more than FUNNEL_RETENTION_MAX_SHARE ({guard.max_share:.0%}); the data's as-of time is {as_of:%Y-%m-%d}. "
        "Check the dates in the landing first (a wrong date or clock ages everyone at once); if this is right, "
        "run again with `funnel run --confirm-retention`. Nothing was published"
    )


def forget_derived_keys(con: duckdb.DuckDBPyConnection) -> int:
    """Before a full refresh: forget the keys retention added and those found on records, keeping the
    erasure requests' own keys. The rebuild finds the records of erased people again from the
    requests, and retention is judged afresh on the data as it is now, so a retention caused by bad
    data is undone once the data is fixed. How many keys were forgotten."""
    ensure_privacy_tables(con)
    return con.execute(f"delete from {ERASED_KEYS} where origin <> 'request'").fetchone()[0]


CARRIED_OVER = ("privacy.key_check", "audit.erasure_log")  # with the erased keys: what the landing cannot give back


def carry_over(con: duckdb.DuckDBPyConnection, served: Path) -> str | None:
    """Into the empty build of a full refresh, from the served warehouse: the erased keys (then
    forget_derived_keys: the requests' own stay), the secret's check token and the erasure log.
    None, or why the served file could not be read (nothing is carried over then)."""
    ensure_privacy_tables(con)
    if not served.exists():
        return None
    tables = (ERASED_KEYS, *CARRIED_OVER)
    try:
        con.execute("attach ? as served_warehouse (read_only)", [str(served)])
        try:
            for name in tables:
                schema, table = name.split(".")
                if relation_exists(con, schema, table, database="served_warehouse"):
                    con.execute(f"insert into {name} by name select * from served_warehouse.{name}")
        finally:
            con.execute("detach served_warehouse")
    except duckdb.Error as error:
        for name in tables:
            con.execute(f"delete from {name}")
        return f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    forget_derived_keys(con)
    return None


def restore_request_keys(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]) -> int:
    """Add erasure requests' keys kept outside the warehouse (the run history) that it lacks: a warehouse
    rebuilt from scratch keeps every erasure, also of requests whose files are gone. How many were added."""
    ensure_privacy_tables(con)
    if not keys:
        return 0
    con.execute("create or replace temp table kept_request_keys (kind varchar, token varchar)")
    con.executemany("insert into kept_request_keys values (?, ?)", [list(key) for key in keys])
    added = _add_keys(con, "select kind, token from kept_request_keys", "request")
    con.execute("drop table kept_request_keys")
    return added


def apply_erasure(
    con: duckdb.DuckDBPyConnection, retention_months: int, guard: RetentionGuard = DEFAULT_GUARD
) -> ErasureReport:
    """After every intake table: add retention keys (within the guard's share), apply every key learned
    in this run to the kept rows, log it, and record what the run did in `audit.erasure_pass`."""
    ensure_privacy_tables(con)
    _check_retention_share(con, add_retention_keys(con, retention_months), guard)
    new_keys = con.execute(f"select count(*) from {ERASED_KEYS} where not applied").fetchone()[0]
    kept = _settle(con) if new_keys else 0
    incoming = con.execute("select coalesce(sum(rows_erased), 0) from audit.intake_batches").fetchone()[0]
    report = ErasureReport(new_keys, kept, int(incoming))
    con.execute("delete from audit.erasure_pass")
    con.execute("insert into audit.erasure_pass values (?, ?, ?)", [new_keys, kept, report.incoming_rows_anonymized])
    if new_keys or report.rows_anonymized:
        _log(con, report.rows_anonymized)
        con.execute(f"update {ERASED_KEYS} set applied = true where not applied")
    if kept:  # this run's intake changes describe rows that are anonymous now: dbt rebuilds instead
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'intake_changes'"
        ).fetchall():
            con.execute(f"delete from intake_changes.{ident(name)}")
    return report
