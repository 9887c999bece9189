"""Exports with other column names and spellings: per landing table, an optional mapping file.

A landing folder may hold `mapping/<source>/<table>.yml` beside its table folders (for example
`mapping/outreach/messages.yml`). It renames export headers to contract columns, maps value
spellings to the contract's values and names the formats of timestamp columns, so an export
lands unedited:

    columns:                 # export header (any case) -> contract column
      Message Id: message_id
      Channel Type: channel
    values:                  # contract column -> {spelling (any case) -> contract value}
      channel: {InMail: inmail, LinkedIn InMail: inmail}
      status: {Sent: delivered}
    timestamps:              # contract column -> strptime format(s) (DuckDB's, like Python's)
      sent_at: "%d/%m/%Y %H:%M"

The mapping is applied where the intake reads a file (`renamed`, `value_sql`): the raw layer holds the
renamed columns and mapped values. A spelling that is still not a contract value is quarantined
by the intake's own checks; `note_mapping` then names the missing entry in the reason. A changed
mapping file rebuilds its table from every drop (`mapping_changed`), since earlier drops were read
through the old one. See docs/bring-your-own-data.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from contract.sql import ident, literal
from contract.tables import BOOL, DATE, ENUM, TIMESTAMP, Column, Table

MAPPING_DIR = "mapping"
SECTIONS = ("columns", "values", "timestamps")
BOOL_VALUES = ("true", "false")
MAPPINGS_DDL = """create table if not exists audit.intake_mappings (
    table_name varchar, mapping_file varchar, fingerprint varchar)"""


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file and the entry."""


def normalized(name: object) -> str:
    """How headers and spellings are compared: trimmed, lower case."""
    return str(name).strip().lower()


def mapping_path(table: Table) -> str:
    """Where a table's mapping file lives, relative to the landing folder."""
    return f"{MAPPING_DIR}/{table.folder}.yml"


@dataclass(frozen=True)
class ExportMapping:
    """A table's mapping: empty (nothing renamed or mapped) when the landing has no mapping file."""

    file: str | None = None
    fingerprint: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # normalized export header -> column
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> normalized spelling -> value
    timestamps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> formats


def load_mapping(landing_dir: Path, table: Table) -> ExportMapping:
    """The table's mapping file, checked against the contract; empty when there is none."""
    path = landing_dir / mapping_path(table)
    if not path.is_file():
        return ExportMapping()
    text = path.read_bytes()
    where = mapping_path(table)
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise MappingError(f"{where}: not valid YAML ({error.__class__.__name__})") from None
    if not isinstance(document, dict) or set(document) - set(SECTIONS):
        raise MappingError(f"{where}: expected a mapping with the sections {', '.join(SECTIONS)}")
    columns = {c.name: c for c in table.columns}
    return ExportMapping(
        file=where,
        fingerprint=hashlib.sha256(text).hexdigest(),
        columns=_renames(document.get("columns") or {}, columns, where),
        values=_value_maps(document.get("values") or {}, columns, where),
        timestamps=_formats(document.get("timestamps") or {}, columns, where),
    )


def _column(name: object, columns: dict[str, Column], where: str) -> Column:
    column = columns.get(normalized(name))
    if column is None:
        raise MappingError(f"{where}: {name!r} is not a column of this table (known: {', '.join(columns)})")
    return column


def _renames(section: dict, columns: dict[str, Column], where: str) -> dict[str, str]:
    return {normalized(header): _column(target, columns, f"{where} columns").name for header, target in section.items()}


def _value_maps(section: dict, columns: dict[str, Column], where: str) -> dict[str, dict[str, str]]:
    maps = {}
    for name, spellings in section.items():
        column = _column(name, columns, f"{where} values")
        allowed = column.values if column.kind == ENUM else BOOL_VALUES if column.kind == BOOL else None
        entries = {}
        for spelling, value in (spellings or {}).items():
            target = normalized(value) if allowed else str(value)
            if allowed and target not in allowed:
                raise MappingError(
                    f"{where} values.{column.name}: {value!r} is not one of {', '.join(allowed)} "
                    f"(mapped from {spelling!r})"
                )
            entries[normalized(spelling)] = target
        maps[column.name] = entries
    return maps


def _formats(section: dict, columns: dict[str, Column], where: str) -> dict[str, tuple[str, ...]]:
    formats = {}
    for name, spec in section.items():
        column = _column(name, columns, f"{where} timestamps")
        if column.kind not in (TIMESTAMP, DATE):
            raise MappingError(f"{where} timestamps.{column.name}: not a timestamp or date column")
        formats[column.name] = (spec,) if isinstance(spec, str) else tuple(map(str, spec))
    return formats


def _timestamp_expression(value: str, fmt: str, kind: str) -> str:
    """The value read with one format, as ISO text (NULL when it does not match)."""
    parsed = f"try_strptime({value}, {literal(fmt)})"
    if kind == DATE:
        return f"strftime({parsed}, '%Y-%m-%d')"
    if "%z" in fmt or "%Z" in fmt:  # an offset in the text: converted to UTC, written with Z
        return f"strftime(timezone('UTC', {parsed}), '%Y-%m-%dT%H:%M:%S') || 'Z'"
    return f"strftime({parsed}, '%Y-%m-%dT%H:%M:%S')"


def renamed(mapping: ExportMapping, header: list[str]) -> dict[str, str]:
    """A file's column names (as the reader names them) and the contract names they are read under:
    renamed by the mapping, otherwise trimmed and lower case."""
    return {name: mapping.columns.get(normalized(name), normalized(name)) for name in header}


def value_sql(mapping: ExportMapping, table: Table, source: str, column: str) -> str:
    """The text of the file's column `source` read as the table's column `column`: its spellings mapped
    to contract values and its timestamps parsed with the mapping's formats. Unmapped spellings pass
    through unchanged, so the intake quarantines them with its reason."""
    value = f"cast({ident(source)} as varchar)"
    if column in mapping.values and mapping.values[column]:
        cases = " ".join(f"when {literal(k)} then {literal(v)}" for k, v in mapping.values[column].items())
        value = f"case lower(trim({value})) {cases} else {value} end"
    if column in mapping.timestamps:
        kind = next(c.kind for c in table.columns if c.name == column)
        parsed = [_timestamp_expression(f"trim({value})", f, kind) for f in mapping.timestamps[column]]
        value = f"coalesce({', '.join(parsed)}, {value})"
    return value


def _stored_fingerprint(con: duckdb.DuckDBPyConnection, table: Table) -> str:
    con.execute(MAPPINGS_DDL)
    row = con.execute("select fingerprint from audit.intake_mappings where table_name = ?", [table.key]).fetchone()
    return row[0] if row else ""


def mapping_changed(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path) -> bool:
    """True when the table's mapping file differs from the one its kept rows were read with."""
    return load_mapping(landing_dir, table).fingerprint != _stored_fingerprint(con, table)


def _hints(mapping: ExportMapping, table: Table) -> list[tuple[str, str]]:
    """(pattern of an intake reason, the missing mapping entry it means) per mappable column."""
    hints = []
    for column in table.columns:
        if column.kind in (ENUM, BOOL):
            hints.append(
                (
                    f"(^|; ){column.name}: (unknown value|cannot be read)",
                    f"{column.name}: no entry for this spelling under values.{column.name} in {mapping.file}",
                )
            )
        elif column.kind in (TIMESTAMP, DATE):
            where = "matches none of the formats" if column.name in mapping.timestamps else "has no format"
            hints.append(
                (
                    f"(^|; ){column.name}: cannot be read",
                    f"{column.name}: {where} under timestamps.{column.name} in {mapping.file}",
                )
            )
    return hints


def note_mapping(con: duckdb.DuckDBPyConnection, table: Table, landing_dir: Path) -> None:
    """After a table was ingested: name the missing mapping entry in the reasons of rows whose
    values stayed unmapped, and remember which mapping its rows were read with."""
    mapping = load_mapping(landing_dir, table)
    if mapping.file is not None:
        for pattern, hint in _hints(mapping, table):
            con.execute(
                "update audit.quarantine set reason = reason || '; ' || $hint "
                "where table_name = $table and kind = 'row' and regexp_matches(reason, $pattern) "
                "and not contains(reason, $hint)",
                {"hint": hint, "table": table.key, "pattern": pattern},
            )
    _stored_fingerprint(con, table)
    con.execute("delete from audit.intake_mappings where table_name = ?", [table.key])
    con.execute("insert into audit.intake_mappings values (?, ?, ?)", [table.key, mapping.file, mapping.fingerprint])
