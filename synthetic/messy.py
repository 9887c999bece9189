"""What real exports contain: mixed timestamp offsets, enum case and padding, boolean spellings,
reordered and extra columns, rows re-sent within a file, bad rows and responses stamped before
first contact. Bad rows are built from the contract, so each one breaks exactly one rule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from contract.tables import BOOL, ENUM, INT, TIMESTAMP, Table

OFFSETS = {"+02:00": 2 * 3600, "-05:00": -5 * 3600, "+05:30": 5 * 3600 + 1800}
BOOL_SPELLINGS = {True: ["true", "TRUE", "1", "yes", "Yes"], False: ["false", "False", "0", "no", "NO"]}
BAD_ROW_SHARE = 0.001


def _restamp(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    """Rewrite 30 % of UTC `...Z` stamps as local time with an offset, 30 % without any zone."""
    out = values.copy()
    present = values.notna().to_numpy()
    roll = rng.random(len(values))
    naive = present & (roll < 0.3)
    out[naive] = values[naive].str.slice(0, 19)
    for i, (suffix, shift) in enumerate(OFFSETS.items()):
        chosen = present & (roll >= 0.3 + 0.1 * i) & (roll < 0.4 + 0.1 * i)
        if chosen.any():
            local = pd.to_datetime(values[chosen].str.slice(0, 19)) + pd.Timedelta(seconds=shift)
            out[chosen] = local.dt.strftime("%Y-%m-%dT%H:%M:%S") + suffix
    return out


def _vary_enum(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    roll = rng.random(len(values))
    out = values.copy()
    present = values.notna().to_numpy()
    upper, padded = present & (roll < 0.05), present & (roll >= 0.05) & (roll < 0.1)
    out[upper] = values[upper].str.upper()
    out[padded] = " " + values[padded].str.title() + " "
    return out


def _spell_bools(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    pick = rng.integers(0, 5, len(values))
    flags = values.astype(bool).to_numpy()
    true_words, false_words = np.array(BOOL_SPELLINGS[True]), np.array(BOOL_SPELLINGS[False])
    return pd.Series(np.where(flags, true_words[pick], false_words[pick]), index=values.index)


def _bad_value(table: Table, column_name: str) -> str:
    column = next(c for c in table.columns if c.name == column_name)
    if column.references:
        return "missing-" + column.references
    if column.kind == ENUM:
        return "carrier_pigeon"
    if column.kind == INT:
        return "120" if column.maximum is not None else "eighty"
    if column.kind == TIMESTAMP:
        return "2026-13-45T25:61:00"
    if column.kind == BOOL:
        return "maybe"
    return ""


def bad_rows(frame: pd.DataFrame, table: Table, rng: np.random.Generator, tag: str) -> pd.DataFrame:
    """Copies of a few rows under new keys, each with one value that breaks one contract rule."""
    count = max(1, int(len(frame) * BAD_ROW_SHARE)) if len(frame) else 0
    if not count or table.primary_key is None:
        return frame.iloc[0:0]
    breakable = [
        c.name
        for c in table.columns
        if c.name in frame and c.name != table.primary_key and (c.required or c.kind != "text")
    ]
    rows = frame.sample(n=count, random_state=int(rng.integers(0, 2**31))).astype(object).copy()
    rows[table.primary_key] = (
        rows[table.primary_key].astype(str) + f"-bad{tag}-" + pd.Series(range(count), index=rows.index).astype(str)
    )
    for position, column in zip(rows.index, rng.choice(breakable, count)):
        rows.at[position, column] = _bad_value(table, column)
    return rows


def resent_earlier(frame: pd.DataFrame, table: Table, rng: np.random.Generator) -> pd.DataFrame:
    """Stale copies of 0.5 % of rows placed before them in the same file: the later row must win."""
    if table.primary_key is None or not len(frame):
        return frame
    stale = frame.sample(frac=0.005, random_state=int(rng.integers(0, 2**31))).copy()
    mutable = [c.name for c in table.columns if c.name != table.primary_key and not c.required and c.kind == "text"]
    for name in mutable:
        stale[name] = None
    return pd.concat([stale, frame], ignore_index=True)


def messify(frame: pd.DataFrame, table: Table, rng: np.random.Generator, tag: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in table.columns:
        if column.name not in frame:
            continue
        if column.kind == TIMESTAMP:
            frame[column.name] = _restamp(frame[column.name].astype(object), rng)
        elif column.kind == ENUM:
            frame[column.name] = _vary_enum(frame[column.name].astype(object), rng)
        elif column.kind == BOOL:
            frame[column.name] = _spell_bools(frame[column.name], rng)
    frame = pd.concat([resent_earlier(frame, table, rng), bad_rows(frame, table, rng, tag)], ignore_index=True)
    if rng.random() < 0.5:
        frame = frame[list(rng.permutation(frame.columns))]
    if rng.random() < 0.3:
        frame = frame.assign(export_batch=f"batch-{tag}")
    return frame


def responses_before_contact(responses: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A few 'interested' responses stamped ten days before they could have happened."""
    sample = (
        responses[responses["response_type"] != "auto_reply"]
        .sample(frac=0.01, random_state=int(rng.integers(0, 2**31)))
        .copy()
    )
    stamps = pd.to_datetime(sample["responded_at"].str.slice(0, 19)) - pd.Timedelta(days=30)
    return sample.assign(
        response_id=sample["response_id"] + "-early",
        responded_at=stamps.dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        response_type="interested",
        decline_reason=None,
        reconnect_after=None,
        message_id=None,
    )
