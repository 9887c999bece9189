"""Rewriting: incoming rows of erased people anonymized as they are written to raw, and kept rows
(raw, intake_state, quarantine) anonymized pass after pass as new keys turn up."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from contract.person_data import PersonTable
from contract.sql import ident, literal
from contract.tables import TABLES_BY_KEY, Table
from intake.catalog import relation_exists
from intake.erasure.keys import ERASED_KEYS, add_keys, key_kinds
from intake.erasure.rules import PERSON_TABLES, PERSON_TABLES_BY_KEY, REQUEST_KEYS, REQUESTS, SHARED_KINDS, every_match
from intake.erasure.tokens import require_token_function, token_sql
from intake.values import raw_values_sql

PLACEHOLDER = "erased"  # a required text value (a name) of an erased person
MAX_PASSES = 20  # keys of one person found through another of their records; a handful in practice


def _lookups(
    con: duckdb.DuckDBPyConnection, person: PersonTable, alias: str, keys: str = ERASED_KEYS
) -> tuple[str, str] | None:
    """Joins and the condition telling whether a row of `alias` belongs to an erased person (its
    token is among `keys`), or None when no key can match. The joins add no rows (each looks up
    distinct values)."""
    kinds = key_kinds(con, keys)
    if kinds:
        require_token_function(con)
    joins, hits = [], []
    for i, match in enumerate(every_match(person)):
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
    kinds = sorted({kind for _, kind in person.tokens} & key_kinds(con, ERASED_KEYS))
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
    kept = {c.name for c in TABLES_BY_KEY[person.key].columns} - {c for c, _ in person.tokens}
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
        add_keys(con, f"select * from ({keys}) where token is not null", "record")
    contract = {c.name for c in TABLES_BY_KEY[person.key].columns}
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
        f"update audit.quarantine as q set raw_values = {raw_values_sql(TABLES_BY_KEY[person.key], 'r')} "
        f"from {raw} as r semi join erasure_hits as h on {on_hit} "
        f"where q.table_name = {literal(key)} and q.kind = 'row' "
        "and q.source_file = r._source_file and q.row_number = r._row_number"
    )


def settle(con: duckdb.DuckDBPyConnection) -> int:
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
