"""The erased keys (`privacy.erased_keys`): the token of every key of an erased person with where it
came from (`request`, `retention`, `record`) and whether it was applied; the privacy tables; what a
full refresh carries over."""

from __future__ import annotations

from pathlib import Path

import duckdb

from contract.sql import ident, literal
from contract.tables import Table
from intake.catalog import relation_exists
from intake.erasure.rules import PERSON_TABLES_BY_KEY, REQUEST_KEYS, REQUESTS

ERASED_KEYS = "privacy.erased_keys"


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


def ensure_privacy_tables(con: duckdb.DuckDBPyConnection) -> None:
    for statement in PRIVACY_DDL:
        con.execute(statement)


def key_kinds(con: duckdb.DuckDBPyConnection, keys: str) -> set[str]:
    return {row[0] for row in con.execute(f"select distinct kind from {keys}").fetchall()}


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
    add_keys(con, found, origin)


def add_keys(con: duckdb.DuckDBPyConnection, keys_sql: str, origin: str) -> int:
    """Add (kind, token) rows not yet known from this origin, as not applied; how many were new."""
    return con.execute(
        f"""insert into {ERASED_KEYS}
            select distinct kind, token, {literal(origin)}, false from ({keys_sql}) as found
            where not exists (select 1 from {ERASED_KEYS} as known
                              where known.kind = found.kind and known.token = found.token
                                and known.origin = {literal(origin)})"""
    ).fetchone()[0]


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
    added = add_keys(con, "select kind, token from kept_request_keys", "request")
    con.execute("drop table kept_request_keys")
    return added
