"""Great Expectations 1.x suites as code: one suite per table, validated once per run on the table's
figures (measured in SQL: expectations/profile.py; laid out for GX: expectations/validate.py).

- blocking (`contract`): no staged row breaks a row rule of the contract: the rows that break each
  rule of contract/rules.py (the declaration the intake's quarantine compiles too) are counted, and
  the keys staged twice.
- warning (`anomalies`), what GX is for: the data looks like the recent runs.
  - volume: staged rows against the last successful run's (from the run history): fewer than
    `VOLUME_RANGE[0]` times or more than `VOLUME_RANGE[1]` times that is flagged; the newest drop's
    rows against the previous drop's (`DROP_RATIO`);
  - distribution: the share of each allowed value of every enum column (channel, stage, status …) and
    the share of empty values of every optional column, each within `SHARE_TOLERANCE` (absolute) of
    its mean over the recent successful runs (the last five: orchestration/quality/history.py); the
    share of rows quarantined at most `QUARANTINE_SHARE_MAX`; (responses) the newest mature week's
    reply rate within the trailing 8 weeks' range;
  - freshness: a drop within the freshness window (`FUNNEL_FRESHNESS_DAYS`), and the latest activity
    in the table (its newest timestamp) within `ACTIVITY_DAYS` of the clock;
  - time order: messages not before their prospect was sourced, responses not before their message.
  With no run history yet (a first run) there is nothing to compare volume and distribution against,
  so those expectations start from the second run.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean

import great_expectations as gx
from great_expectations import expectations as gxe

BLOCKING, WARNING = "blocking", "warning"
QUARANTINE_SHARE_MAX = 0.05
DROP_RATIO = (0.5, 1.5)
VOLUME_RANGE = (0.9, 2.0)  # staged rows only grow (a later drop updates, erasure anonymizes in place)
SHARE_TOLERANCE = 0.10  # absolute: a share 10 points away from the recent runs' mean
ACTIVITY_DAYS = 7.0


def _expect(figure: str, severity: str, low: float | None = None, high: float | None = None, **meta):
    """Every value of the figure's column lies within [low, high] (empty values are not judged); `meta`
    says what it checks."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=figure, min_value=low, max_value=high, meta={"severity": severity, **meta}
    )


def share_range(metric: str, recent: Sequence[dict[str, float]]) -> tuple[float, float] | None:
    """The mean of a share over the recent runs and how far from it this run's share may be (None
    when no recent run measured it)."""
    seen = [profile[metric] for profile in recent if profile.get(metric) is not None]
    return (fmean(seen), SHARE_TOLERANCE) if seen else None


def table_suite(
    key: str, recent: Sequence[dict[str, float]], freshness_days: float, drift: tuple[float, float] | None = None
) -> gx.ExpectationSuite:
    """Every expectation on one table's figures (expectations/validate.py `batch`): its contract rules
    (blocking) and its anomalies (warning). `recent`: the compared figures of the last successful
    runs, newest first (the run history)."""
    suite = gx.ExpectationSuite(name=key)
    last = recent[0].get("rows_staged") if recent else None
    expectations = [
        _expect("violations", BLOCKING, 0, 0, measures="staged rows that break each contract rule"),
        _expect("share_shift", WARNING, high=SHARE_TOLERANCE, measures="each share against the recent runs' mean"),
        _expect("quarantine_share", WARNING, high=QUARANTINE_SHARE_MAX, measures="share of rows quarantined"),
        _expect("newest_drop_ratio", WARNING, *DROP_RATIO, measures="newest drop's rows / previous drop's"),
        _expect("days_since_newest_drop", WARNING, high=freshness_days, measures="age of the newest drop"),
        _expect("days_since_latest_activity", WARNING, high=ACTIVITY_DAYS, measures="age of the newest timestamp"),
        _expect("out_of_order", WARNING, high=0, measures="rows dated before the row they follow"),
    ]
    if last:
        expectations.append(
            _expect("rows_staged", WARNING, VOLUME_RANGE[0] * last, VOLUME_RANGE[1] * last, measures="staged rows")
        )
    if drift is not None:
        expectations.append(
            _expect("last_week_reply_rate", WARNING, *drift, measures="newest mature week's reply rate")
        )
    for expectation in expectations:
        suite.add_expectation(expectation)
    return suite
