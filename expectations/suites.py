"""Great Expectations 1.x suites as code, built from the data contract.

Two kinds per landing table:
- `contract` (blocking): what reaches the marts follows the contract: required values present,
  enums in their sets, ranges, unique keys and no orphan references. Every rule is counted in SQL
  over the whole table and GX validates the counts, so it stays fast at millions of rows.
- `anomalies` (warning): the landed data looks like last time: share of rows quarantined, row
  count of the newest drop against the previous one (more than half up or down is flagged),
  timestamps not in the future and in a possible order, a drop within the freshness window,
  and (for responses) the newest mature week's reply rate within the trailing 8 weeks' range.
"""

from __future__ import annotations

import great_expectations as gx
from great_expectations import expectations as gxe

from contract.tables import Table

QUARANTINE_SHARE_MAX = 0.05
VOLUME_RATIO = (0.5, 1.5)


def zero_violations_suite(name: str, severity: str) -> gx.ExpectationSuite:
    """For aggregate frames with one row per rule and a `violations` count: every count is 0."""
    suite = gx.ExpectationSuite(name=name, meta={"severity": severity})
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="violations", min_value=0, max_value=0))
    return suite


def anomalies_suite(
    table: Table, drift_range: tuple[float, float] | None, freshness_days: float
) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=f"{table.key}.anomalies", meta={"severity": "warning"})
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="days_since_newest_drop", max_value=freshness_days))
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="quarantine_share", max_value=QUARANTINE_SHARE_MAX))
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="newest_drop_ratio", min_value=VOLUME_RATIO[0], max_value=VOLUME_RATIO[1]
        )
    )
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="future_timestamps", max_value=0))
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="out_of_order", max_value=0))
    if drift_range is not None:
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeBetween(
                column="last_week_reply_rate", min_value=drift_range[0], max_value=drift_range[1]
            )
        )
    return suite
