"""`funnel generate`: write a contract-conformant landing folder, one drop per chunk."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from contract.tables import TABLES_BY_KEY, Table
from synthetic import messy as M
from synthetic.ats_shapes import ALIASES, ats_shape
from synthetic.simulate import DAY, Dimensions, simulate_dimensions, simulate_period

CHUNK_PROSPECTS = 200_000
HISTORY_DAYS = 540
UPDATED_SHARE = 0.02
DEFAULT_END = date(2026, 11, 20)


@dataclass(frozen=True)
class GenerateOptions:
    out: Path
    prospects: int = 5_000
    seed: int = 7
    messy: bool = False
    end: date = DEFAULT_END
    ats: str = "contract"  # how the ATS lands: contract ats/* tables, or Greenhouse / Lever connector tables
    lever_user_table: str = "user"  # Fivetran's Lever connectors created since mid-2024 land `users`
    planted: bool = True  # False: no effect anywhere (behaviour.py's planted effects and reply factors off)

    @property
    def drops(self) -> int:
        return max(3, math.ceil(self.prospects / CHUNK_PROSPECTS))


def _folder_table(folder: str) -> Table | None:
    """The contract's declaration of a landing folder; None for a connector table the intake does not
    read (it is written as the connector lands it, never made messy)."""
    source, name = folder.split("/")
    return TABLES_BY_KEY.get(f"{source}__{ALIASES.get(folder, name)}")


class RoleExports:
    """Which state of each requisition the landing already holds: every drop exports the roles opened
    by its date that are new or changed (closed, or a seat filled) since the drop before."""

    def __init__(self) -> None:
        self.written: pd.DataFrame | None = None

    def changed(self, dims: Dimensions, at: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        roles = dims.book.as_of(dims.roles, at)
        state = roles[["role_id", "closed_at", "hires"]].astype(str)
        written = self.written if self.written is not None else state.iloc[0:0]
        roles = roles.assign(first_export=~roles["role_id"].isin(written["role_id"]).to_numpy())
        unchanged = state.merge(written, how="left", indicator=True)["_merge"].to_numpy() == "both"
        roles = roles[~unchanged]
        self.written = state
        hires = dims.book.hires_table()
        hires = hires[(hires["hired_at"].to_numpy() < at)]
        hires = hires.assign(role_id=dims.roles["role_id"].to_numpy()[hires["role_pos"].to_numpy(dtype=int)])
        return roles, hires[hires["role_id"].isin(roles["role_id"])]


def _outdated(folder: str, frame: pd.DataFrame) -> pd.DataFrame:
    """An earlier version of rows, exported before they were corrected."""
    if folder == "sourcing/prospects":
        return frame.assign(match_score=(frame["match_score"] - 7).clip(lower=0), selection_reason=None)
    return frame.assign(status="failed")


class LandingWriter:
    def __init__(self, options: GenerateOptions) -> None:
        self.options = options
        self.rows: Counter[str] = Counter()

    def write(
        self, folder: str, drop: int, frame: pd.DataFrame, rng: np.random.Generator | None = None, suffix: str = "csv"
    ) -> None:
        table = _folder_table(folder)
        if self.options.messy and rng is not None and table is not None:
            frame = M.messify(frame, table, rng, tag=str(drop))
        path = self.options.out / folder / f"{folder.split('/')[1]}_{drop:04d}.{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == "parquet":
            frame.astype(object).where(frame.notna(), None).astype("string").to_parquet(path, index=False)
        else:
            bom = self.options.messy and drop == 1
            frame.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8", date_format="%Y-%m-%d")
        self.rows[folder] += len(frame)


def generate_landing(options: GenerateOptions, echo: Callable[[str], None] = print) -> Counter[str]:
    """Write every landing table of the contract for `options.prospects` prospects."""
    started = time.perf_counter()
    end = int(datetime.combine(options.end, datetime.min.time(), tzinfo=UTC).timestamp())
    start = end - HISTORY_DAYS * DAY
    writer = LandingWriter(options)
    dims_rng = np.random.default_rng([options.seed, 0])
    dims = simulate_dimensions(dims_rng, options.prospects, start, end, options.planted)
    shape = ats_shape(options.ats, dims.recruiters, dims.roles, lever_user_table=options.lever_user_table)
    writer.write("team/recruiters", 1, dims.recruiters, dims_rng)
    for folder, frame in shape.lookups().items():
        writer.write(folder, 1, frame, dims_rng)
    writer.write("team/recruiters", 2, dims.recruiters.head(2).assign(team="leadership"), dims_rng)

    sizes = np.diff(np.linspace(0, options.prospects, options.drops + 1).astype(int))
    bounds = np.linspace(start, end - 2 * DAY, options.drops + 1).astype(np.int64)
    held: dict[str, pd.DataFrame] = {}
    exported = RoleExports()
    first = 0
    for drop, size in enumerate(sizes, start=1):
        rng = np.random.default_rng([options.seed, drop])
        window = (bounds[drop - 1], bounds[drop])
        chunk = simulate_period(rng, dims, first, int(size), window, end, options.planted)
        first += int(size)
        last = drop == options.drops
        roles, hires = exported.changed(dims, end if last else int(bounds[drop]))
        for folder, frame in shape.role_tables(roles, hires).items():
            writer.write(folder, drop, frame, rng)
        for folder, frame in shape.chunk_tables(chunk.tables).items():
            if folder in held:
                frame = pd.concat([held.pop(folder), frame], ignore_index=True)
            if folder in ("sourcing/prospects", "outreach/messages") and not last:
                later = rng.random(len(frame)) < UPDATED_SHARE
                held[folder] = frame[later]
                frame = pd.concat([frame[~later], _outdated(folder, frame[later])], ignore_index=True)
            if options.messy and folder == "outreach/responses":
                frame = pd.concat([frame, M.responses_before_contact(frame, rng)], ignore_index=True)
            parquet = options.messy and last and folder == "ats/stage_events"
            writer.write(folder, drop, frame, rng, suffix="parquet" if parquet else "csv")
        echo(f"drop {drop}/{options.drops}: {int(size):,} prospects written ({time.perf_counter() - started:.1f} s)")
    if options.messy:
        _write_broken_files(options, writer)
    shape.write_mapping_files(options.out)
    return writer.rows


def _write_broken_files(options: GenerateOptions, writer: LandingWriter) -> None:
    """One file that cannot be parsed at all and one that lacks a required column."""
    junk = options.out / "outreach/messages/messages_9999_truncated.csv"
    junk.write_bytes(b'message_id,prospect_id\n"M1,\x00\xff\xfe' + bytes(range(256)) * 4)
    partial = options.out / "sourcing/prospects/prospects_0000_partial.csv"
    pd.DataFrame(
        {
            "prospect_id": [f"PX{i}" for i in range(5)],
            "candidate_id": "C00000000",
            "role_id": "R00001",
            "sourced_by": "rec001",
            "channel": "event",
            "title_match": "exact",
            "match_score": 70,
        }
    ).to_csv(partial, index=False)
    writer.rows["sourcing/prospects"] += 5
