"""The leader's weekly view (dashboards/sections/weekly.py; the digest reads it too): the latest complete
weeks, hires by channel, outbound's share of hires, volume against quality and the channel mix.
Company-wide: talent leaders only."""

from __future__ import annotations

import pandas as pd

from dashboards.queries.base import Scope, Version, cached, company_wide, query
from insights.rates import with_rate


@cached
def weekly_activity(version: Version, scope: Scope, weeks: int = 5) -> pd.DataFrame:
    """The latest complete weeks, newest first."""
    company_wide(scope)
    return query(
        version,
        "select * from marts.agg_weekly_activity where is_complete order by week_start desc limit $weeks",
        {"weeks": weeks},
    )


@cached
def hires_by_channel(version: Version, scope: Scope) -> pd.DataFrame:
    """Outbound hires per sourcing channel (agg_hire_attribution, prospect attribution): their share of every
    outbound hire and the channel's hire rate (hires / contacted)."""
    company_wide(scope)
    frame = query(
        version,
        """select channel, hires, contacted, sum(hires) over () as all_hires
           from marts.agg_hire_attribution where attribution = 'prospect' order by hires desc, channel""",
    )
    frame = with_rate(frame, "hires", "contacted", "hire_").drop(columns="is_small_sample")
    frame = with_rate(frame, "hires", "all_hires", "share_")
    return frame.rename(columns={"is_small_sample": "share_is_small_sample"})


@cached
def outbound_hire_share(version: Version, scope: Scope) -> pd.DataFrame:
    """Per month of hire: every ATS hire, outbound hires and outbound's share."""
    company_wide(scope)
    return query(version, "select * from marts.agg_outbound_hire_share order by hire_month")


def outbound_share_total(monthly: pd.DataFrame) -> pd.DataFrame:
    """Outbound's share of every ATS hire over all months (pure)."""
    totals = pd.DataFrame(
        {"outbound_hires": [monthly["outbound_hires"].sum()], "ats_hires": [monthly["ats_hires"].sum()]}
    )
    return with_rate(totals, "outbound_hires", "ats_hires", "outbound_")


@cached
def volume_quality(version: Version, scope: Scope) -> pd.DataFrame:
    company_wide(scope)
    frame = query(version, "select * from marts.agg_volume_quality order by cohort_month")
    frame["cohort_month"] = frame["cohort_month"].dt.strftime("%Y-%m")
    return frame


@cached
def channel_mix(version: Version, scope: Scope) -> pd.DataFrame:
    company_wide(scope)
    return query(version, "select * from marts.agg_channel_mix order by sequence_type")
