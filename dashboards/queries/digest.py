"""What only the weekly digest asks (dashboards/digest.py): the team's work lists per recruiter, a
recruiter's week on their roles, the headline of the latest complete week and who gets a recruiter's
digest. Every other number of the digest comes from the page modules, so the digest's numbers are the
pages' numbers."""

from __future__ import annotations

import pandas as pd

from dashboards.queries.base import SCOPE_SQL, Scope, Version, bind, cached, company_wide, query

WEEKLY_METRICS = ("contacted", "replied", "interested", "opted_out", "hired", "ats_hires")


@cached
def work_list_counts(version: Version, scope: Scope) -> pd.DataFrame:
    """People on each work list per recruiter (owner of the roles), for the team's digest."""
    company_wide(scope)
    return query(
        version,
        """
        select r.recruiter_id, r.recruiter_name,
               count(*) filter (where w.work_list = 'follow_up_due') as follow_up_due,
               count(*) filter (where w.work_list = 'interested_not_in_ats') as interested_not_in_ats,
               count(*) filter (where w.work_list = 'reconnect_due') as reconnect_due,
               count(*) filter (where w.work_list = 'rediscovery') as rediscovery
        from marts.dim_recruiters r
        inner join marts.fct_work_lists w on w.recruiter_id = r.recruiter_id
        group by all order by r.recruiter_id""",
    )


@cached
def week_counts(version: Version, scope: Scope, week_start: pd.Timestamp) -> pd.Series:
    """The scope's prospects first contacted, replying, turning interested and hired in the week from
    week_start (Monday to Sunday, UTC, as agg_weekly_activity counts them): a recruiter's week."""
    frame = query(
        version,
        f"""
        select count(*) filter (where contacted_at >= $start and contacted_at < $end) as contacted,
               count(*) filter (where replied_at >= $start and replied_at < $end) as replied,
               count(*) filter (where interested_at >= $start and interested_at < $end) as interested,
               count(*) filter (where hired_at >= $start and hired_at < $end) as hired
        from marts.fct_prospect_funnel where {SCOPE_SQL}""",
        bind(scope, start=week_start, end=week_start + pd.Timedelta(days=7)),
    )
    return frame.iloc[0].astype(int)


def weekly_headline(activity: pd.DataFrame) -> pd.DataFrame:
    """Per metric: the latest complete week, the average of the four weeks before, the change (pure)."""
    this_week, before = activity.head(1), activity.iloc[1:5]
    rows = []
    for metric in WEEKLY_METRICS:
        value = int(this_week[metric].iloc[0]) if len(this_week) else None
        average = float(before[metric].mean()) if len(before) else None
        change = (value - average) / average if value is not None and average else None
        rows.append({"metric": metric, "this_week": value, "previous_4_weeks_average": average, "change_rate": change})
    headline = pd.DataFrame(rows)
    headline.attrs["week_start"] = this_week["week_start"].iloc[0] if len(this_week) else None
    return headline


def recruiters_with_open_roles(version: Version) -> pd.DataFrame:
    """Every recruiter who owns an open role, by work e-mail (lower-case, trimmed; the lowest recruiter_id
    of an e-mail two recruiter rows share): who gets a recruiter's digest."""
    return query(
        version,
        """select lower(trim(recruiter_email)) as email, min(recruiter_id) as recruiter_id
           from marts.dim_recruiters where recruiter_email is not null and open_roles_owned > 0
           group by 1 order by 1""",
    )
