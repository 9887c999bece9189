{#- Grain: one row per (cohort_grain, cohort, stage). For prospects first contacted in a week or
    month: how many reached each later stage, the all-in rate (reached / contacted), and the
    settled rate (reached / settled), where a prospect is settled for a stage when it reached it
    or was contacted more than that stage's maturity lag (p90 days, rpt_stage_lags) before the
    data's as-of time. A cohort is mature for a stage when its last day is older than the lag. -#}
with segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

lags as (
    select * from {{ ref('rpt_stage_lags') }}
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

reached as (
    unpivot (
        select prospect_id, contacted_at, cohort_week, cohort_month,
               is_replied as replied, is_interested as interested, is_screened as screened,
               is_interviewed as interviewed, is_offered as offered, is_hired as hired
        from segments
    )
    on replied, interested, screened, interviewed, offered, hired
    into name stage value has_reached
),

by_grain as (
    select 'week' as cohort_grain, cohort_week as cohort,
           date_trunc('week', contacted_at) + interval 7 day as cohort_end, *
    from reached
    union all
    select 'month', cohort_month, date_trunc('month', contacted_at) + interval 1 month, *
    from reached
),

flagged as (
    select
        by_grain.*,
        lags.p90_days,
        as_of.as_of,
        by_grain.has_reached = 1
            or date_diff('second', by_grain.contacted_at, as_of.as_of) / 86400.0 >= lags.p90_days as is_settled
    from by_grain
    inner join lags on lags.stage = by_grain.stage
    cross join as_of
),

counts as (
    select
        cohort_grain,
        cohort,
        stage,
        min(cohort_end) as cohort_end,
        min(p90_days) as maturity_lag_days,
        min(as_of) as as_of,
        count(*) as contacted,
        sum(has_reached) as reached,
        count(*) filter (where is_settled) as settled,
        sum(has_reached) filter (where is_settled) as reached_settled
    from flagged
    group by all
),

final as (
    select
        cohort_grain,
        cohort,
        stage,
        contacted,
        reached,
        settled,
        coalesce(reached_settled, 0) as reached_settled,
        {{ rate_columns('reached', 'contacted', 'all_in') }},
        {{ rate_columns('coalesce(reached_settled, 0)', 'settled', 'settled') }},
        round(date_diff('second', cohort_end, as_of) / 86400.0, 1) as days_since_cohort_end,
        maturity_lag_days,
        date_diff('second', cohort_end, as_of) / 86400.0 >= maturity_lag_days as is_mature,
        contacted < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
