"""The conversion windows of the windowed rates (docs/contract.md §9.1), written once.

A prospect is eligible for a window of W days when it was contacted and contacted_at + W days <=
data_as_of; it converted when the stage's timestamp is <= contacted_at + W days. dbt computes a rate
for every window of RATE_WINDOWS (the `rate_windows()` macro is rendered from this module by
`python -m contract.dbt`); the pages, the digest and the requisition triage show the ones named here.
"""

from __future__ import annotations

Window = tuple[str, int]  # (funnel stage, days after first contact)

REPLY_WINDOW: Window = ("replied", 30)
INTEREST_WINDOW: Window = ("interested", 30)
SCREEN_WINDOW: Window = ("screened", 120)
HIRE_WINDOW: Window = ("hired", 120)
# every (stage, days) a windowed rate is computed for: marts.fct_prospect_windows has a pair of columns
# per entry (is_eligible_<days>d, <stage>_within_<days>d), marts.agg_windowed_rates a row
RATE_WINDOWS: tuple[Window, ...] = (
    ("replied", 14),
    REPLY_WINDOW,
    INTEREST_WINDOW,
    ("interested", 120),
    SCREEN_WINDOW,
    HIRE_WINDOW,
)
# the window each stage's rate is shown for (stages without one are shown as counts only)
STAGE_WINDOWS: dict[str, Window] = {
    "replied": REPLY_WINDOW,
    "interested": INTEREST_WINDOW,
    "screened": SCREEN_WINDOW,
    "hired": HIRE_WINDOW,
}
