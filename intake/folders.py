"""Which folders of the landing folder the product reads, under which names, and which it does not.

A table lands in `<source>/<table>/` (contract §1); a connector table may land under another name
too (`ALTERNATE_FOLDERS`: Fivetran renamed Lever's `user` to `users` for connectors created since
mid-2024), and both are read. Any other folder (or file) is read by nothing: `unread_entries` lists
them, so the run summary and the Data-quality page say so instead of skipping it silently.
"""

from __future__ import annotations

from pathlib import Path

from contract.connectors import CONNECTORS
from contract.tables import TABLES, Table
from intake.mapping import MAPPING_DIR

# declared by each connector (contract.connectors), e.g. Lever's `users`
ALTERNATE_FOLDERS: dict[str, tuple[str, ...]] = {
    c.key(name): folders for c in CONNECTORS for name, folders in c.alternate_folders.items()
}


def table_folders(table: Table) -> tuple[str, ...]:
    """Every folder a table's drops land in: its contract name first, then its alternate names."""
    return (table.folder, *ALTERNATE_FOLDERS.get(table.key, ()))


def known_folders() -> set[str]:
    return {folder for table in TABLES for folder in table_folders(table)}


def unread_entries(landing_dir: Path) -> list[str]:
    """Folders and files of the landing folder that no table reads (paths relative to it, `/` at the end
    of a folder): anything outside `<source>/<table>/` of a known table and outside `mapping/`.
    Hidden entries (a name starting with `.`) are left out."""
    if not landing_dir.is_dir():
        return []
    known = known_folders()
    sources = {folder.split("/")[0] for folder in known}
    unread = []
    for entry in sorted(landing_dir.iterdir()):
        if entry.name.startswith(".") or entry.name == MAPPING_DIR:
            continue
        if entry.name not in sources or not entry.is_dir():
            unread.append(_shown(entry, landing_dir))
            continue
        for inner in sorted(entry.iterdir()):
            if not inner.name.startswith(".") and (not inner.is_dir() or f"{entry.name}/{inner.name}" not in known):
                unread.append(_shown(inner, landing_dir))
    return unread


def _shown(path: Path, landing_dir: Path) -> str:
    relative = path.relative_to(landing_dir).as_posix()
    return f"{relative}/" if path.is_dir() else relative
