"""Landing files before any row is read: which files a table folder holds, which of them may be
read at all, and what a CSV file's header says (contract §1, §3 "More precisely").

Nothing here reads a data row. A file is refused as a whole, with a reason that never quotes its
content, when it is reached through a symbolic link leading outside the landing folder, is not a
regular file, is neither CSV nor Parquet, is not UTF-8 text, holds NUL bytes, has no header row,
or has two columns of the same name.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from contract.tables import Table
from intake.folders import table_folders

DATA_SUFFIXES = (".csv", ".parquet")
SCAN_CHUNK = 1 << 22  # bytes read at a time when looking for NUL bytes
HEADER_LIMIT = 1 << 20  # a header row longer than this is refused (and so is a 1 MB value, contract §3)
MAX_COLUMNS = 1000  # a wider file is refused: each extra column becomes a column of the raw table
FOREIGN_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32 (little-endian byte order mark)",
    codecs.BOM_UTF32_BE: "UTF-32 (big-endian byte order mark)",
    codecs.BOM_UTF16_LE: "UTF-16 (little-endian byte order mark)",
    codecs.BOM_UTF16_BE: "UTF-16 (big-endian byte order mark)",
}


@dataclass(frozen=True)
class DropFile:
    """One file of a table folder, as listed before reading it."""

    source_file: str  # path relative to the landing folder
    drop_seq: int
    file_format: str
    landed_at: datetime  # modification time (of the link itself when the file is refused)
    file_bytes: int
    refusal: str | None = None  # why the file is not read at all; None when it may be read


def _walk(folder: Path, root: Path, seen: set[Path]) -> Iterator[Path]:
    """Every entry below a folder that is not a folder; folder links are followed only inside the root."""
    real = Path(os.path.realpath(folder))
    if real in seen:  # a link cycle
        return
    seen.add(real)
    with os.scandir(folder) as entries:
        for entry in entries:
            path = Path(entry.path)
            linked_folder_inside = entry.is_symlink() and entry.is_dir() and _inside(path, root)
            if entry.is_dir(follow_symlinks=False) or linked_folder_inside:
                yield from _walk(path, root, seen)
            else:
                yield path


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(root)


def list_drops(landing_dir: Path, table: Table) -> list[Path]:
    """Every file of a table's folders (its contract name and alternate names; links included, not
    followed yet), in the lexicographic order of its path."""
    root = Path(os.path.realpath(landing_dir))
    folders = [landing_dir / name for name in table_folders(table) if (landing_dir / name).is_dir()]
    return sorted((path for folder in folders for path in _walk(folder, root, set())), key=lambda p: p.as_posix())


def refusal(path: Path, root: Path) -> str | None:
    """Why a listed file must not be read at all, or None."""
    if not _inside(path, root):
        return "reached through a symbolic link that leads outside the landing folder; not read"
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a symbolic link to nothing; not read"
    if not stat.S_ISREG(mode):
        return "not a regular file; not read"
    if path.suffix.lower() not in DATA_SUFFIXES:
        return "not a CSV or Parquet file"
    return None


def describe_drop(landing_dir: Path, path: Path, seq: int) -> DropFile:
    """A listed file with its landing time and size; a refused file is described by its own entry (lstat)."""
    refused = refusal(path, Path(os.path.realpath(landing_dir)))
    try:
        info = path.lstat() if refused else path.stat()
    except OSError:  # gone since it was listed
        refused, info = "vanished while the folder was listed; not read", os.stat_result((0,) * 10)
    return DropFile(
        path.relative_to(landing_dir).as_posix(),
        seq,
        path.suffix.lower().lstrip("."),
        datetime.fromtimestamp(info.st_mtime, tz=UTC).replace(tzinfo=None),
        info.st_size,
        refused,
    )


class RefusedFile(ValueError):
    """A file that is quarantined as a whole; the message is its reason (never the file's content)."""


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file's header row (a UTF-8 BOM is skipped), read from at most 1 MB.

    Raises RefusedFile when the text is not UTF-8, the file is empty, the header row cannot be
    read, or two columns share a name (case-insensitive). Empty names become `column<N>`."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_LIMIT + 1)
    for bom, name in FOREIGN_BOMS.items():
        if head.startswith(bom):
            raise RefusedFile(f"not UTF-8 text: the file is {name}")
    complete = len(head) <= HEADER_LIMIT
    head = head[:HEADER_LIMIT]
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=complete)
    except UnicodeDecodeError as error:
        raise RefusedFile(
            f"not UTF-8 text: invalid byte sequence at byte {error.start} (another encoding, such as Latin-1?)"
        ) from None
    buffer = io.StringIO(text, newline="")
    try:
        header = next(csv.reader(buffer), None)
    except csv.Error:
        raise RefusedFile("the header row cannot be read as CSV") from None
    if header is None:
        raise RefusedFile("empty file: no header row")
    if not complete and buffer.tell() >= len(text) and not text.endswith(("\n", "\r")):
        raise RefusedFile("the header row is longer than 1 MB")
    names = [name.strip() or f"column{i}" for i, name in enumerate(header, start=1)]
    check_names(names)
    return names


def check_text(path: Path) -> None:
    """Refuse a CSV file holding a NUL byte anywhere: text never does; a binary, padded or damaged
    file does (a valid header followed by a run of NUL bytes was once "loaded" with no rows)."""
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(SCAN_CHUNK):
            found = chunk.find(b"\0")
            if found >= 0:
                raise RefusedFile(
                    f"not CSV text: holds NUL bytes (the first at byte {offset + found}; a binary, padded or "
                    "damaged file)"
                )
            offset += len(chunk)


def check_names(names: list[str]) -> None:
    """Refuse a file with too many columns or two columns of the same name (case-insensitive)."""
    if len(names) > MAX_COLUMNS:
        raise RefusedFile(f"more than {MAX_COLUMNS} columns")
    folded = [name.strip().lower() for name in names]
    duplicated = len(folded) - len(set(folded))
    if duplicated:
        raise RefusedFile(f"duplicate column names (case-insensitive): {duplicated} column(s) repeat a name")
