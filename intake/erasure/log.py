"""What an erasure run did: its report, its row in `audit.erasure_log` (no personal data), the
run's counts, and the removal of digest files written before it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from intake.erasure.keys import ERASED_KEYS, ensure_privacy_tables
from intake.erasure.rules import ATS_CANDIDATE_KINDS, REQUEST_KEYS


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


def log_run(con: duckdb.DuckDBPyConnection, rows: int) -> None:
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
