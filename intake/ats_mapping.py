"""The ATS stage and outcome mapping: defaults (ats_mapping.yml, beside this module) plus the
team's `mapping/ats.yml` in the landing folder, rendered into `intake.ats_value_map` for dbt.

dbt cannot read YAML at run time and seeds are for small fixed lookups, so the intake renders the
mapping into a table before dbt runs: one row per entry, with the order in which entries are tried
(`precedence`: the team's exact names, the team's patterns in the order written, then the
defaults' exact names and patterns). dbt matches connector names against it
(`dbt_project/macros/ats_value_map.sql`). When the rendered rows differ from the last run's, the
intake records the table as rebuilt, so dbt rebuilds every model: past events may map differently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from contract.connectors import CONNECTORS
from contract.vocabulary import ATS_MAPPING_TARGETS
from intake.ingest import ensure_audit_tables
from intake.mapping import MAPPING_DIR, MAPPINGS_DDL, MappingError, normalized
from intake.reading import FULL, INCREMENTAL

DEFAULTS_FILE = Path(__file__).with_name("ats_mapping.yml")
LANDING_FILE = f"{MAPPING_DIR}/ats.yml"
TABLE = "ats_value_map"
SECTIONS = {c.name: c.mapping_sections for c in CONNECTORS}  # declared by each connector
EXACT, PATTERN = "exact", "pattern"
COLUMNS = ("source_system", "kind", "match_type", "match_value", "target", "precedence", "defined_in")


@dataclass(frozen=True)
class Entry:
    source_system: str
    kind: str
    match_type: str  # exact: the name itself; pattern: a SQL LIKE pattern
    match_value: str  # lower case
    target: str
    precedence: int
    defined_in: str


def _like(pattern: str) -> str:
    return pattern.replace("*", "%").replace("?", "_")


def _read(path: Path, label: str) -> dict:
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as error:
        raise MappingError(f"{label}: not valid YAML ({error.__class__.__name__})") from None
    if not isinstance(document, dict):
        raise MappingError(f"{label}: expected a mapping with the sections {', '.join(SECTIONS)}")
    return document


def _entries(document: dict, label: str) -> list[tuple[str, str, str, str, str]]:
    """(system, kind, match type, match value, target) in the order they are tried within the file."""
    unknown = set(document) - set(SECTIONS)
    if unknown:
        raise MappingError(f"{label}: unknown section(s) {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}")
    rows = []
    for system, kinds in document.items():
        kinds = kinds or {}
        for kind in kinds:
            if kind not in SECTIONS[system]:
                raise MappingError(f"{label}: {system}.{kind} is not a section; known: {', '.join(SECTIONS[system])}")
        for kind in SECTIONS[system]:
            names = kinds.get(kind) or {}
            allowed = ATS_MAPPING_TARGETS[kind]
            checked = []
            for name, target in names.items():
                value = normalized(target)
                if value not in allowed:
                    raise MappingError(
                        f"{label}: {system}.{kind}.{name}: {target!r} is not one of {', '.join(allowed)}"
                    )
                key = normalized(name)
                checked.append((PATTERN if "*" in key or "?" in key else EXACT, key, value))
            exact = [(system, kind, EXACT, key, value) for match, key, value in checked if match == EXACT]
            patterns = [(system, kind, PATTERN, _like(key), value) for match, key, value in checked if match == PATTERN]
            rows += exact + patterns
    return rows


def load_ats_mapping(landing_dir: Path) -> list[Entry]:
    """Every entry of the team's mapping file (when the landing has one) and of the defaults, in order."""
    files = []
    team = landing_dir / LANDING_FILE
    if team.is_file():
        files.append((team, LANDING_FILE))
    files.append((DEFAULTS_FILE, "defaults"))
    entries = []
    for path, label in files:
        entries += [Entry(*row, len(entries) + i, label) for i, row in enumerate(_entries(_read(path, label), label))]
    return entries


def write_ats_value_map(con: duckdb.DuckDBPyConnection, landing_dir: Path) -> tuple[int, bool]:
    """Render the mapping into intake.ats_value_map; (entries, whether they differ from the last run's).

    A change is recorded in audit.intake_batches as a full rebuild, which makes dbt rebuild too."""
    entries = load_ats_mapping(landing_dir)
    rows = [tuple(getattr(e, c) for c in COLUMNS) for e in entries]
    fingerprint = hashlib.sha256(json.dumps(rows).encode()).hexdigest()
    ensure_audit_tables(con)
    con.execute(MAPPINGS_DDL)
    previous = con.execute("select fingerprint from audit.intake_mappings where table_name = ?", [TABLE]).fetchone()
    changed = previous != (fingerprint,)
    con.execute(
        f"create or replace table intake.{TABLE} (source_system varchar, kind varchar, match_type varchar, "
        "match_value varchar, target varchar, precedence integer, defined_in varchar)"
    )
    con.executemany(f"insert into intake.{TABLE} values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("delete from audit.intake_mappings where table_name = ?", [TABLE])
    con.execute("insert into audit.intake_mappings values (?, ?, ?)", [TABLE, LANDING_FILE, fingerprint])
    con.execute("delete from audit.intake_batches where table_name = ?", [TABLE])
    con.execute(
        "insert into audit.intake_batches by name select ? as table_name, ? as mode, 1 as drops_read, ? as rows_read",
        [TABLE, FULL if changed else INCREMENTAL, len(rows)],
    )
    return len(rows), changed
