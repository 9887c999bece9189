"""The token SQL function: `anon_token(kind, key)` = `anon_` + the first 24 hex digits of
HMAC-SHA256(secret, "<kind>:<key>"), installed per connection (never stored in the database file),
and the SQL of a key (normalized like identity resolution) and of its token."""

from __future__ import annotations

import hashlib

import duckdb

from contract.sql import literal
from intake import identity

TOKEN_MACRO = "anon_token"
TOKEN_PREFIX = "anon_"
TOKEN_DIGITS = 24  # 96 bits


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
