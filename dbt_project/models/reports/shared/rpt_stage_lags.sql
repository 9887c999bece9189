{#- One row per funnel stage after contact: days from first contact to reaching it among those
    who reached it (median and 90th percentile). The p90 is the maturity lag: a cohort contacted
    longer ago than that has had time to show ~90 % of those who will ever reach the stage. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

stage_times as (
    unpivot (
        select prospect_id, contacted_at, replied_at as replied, interested_at as interested,
               screened_at as screened, interviewed_at as interviewed, offered_at as offered,
               hired_at as hired
        from funnel
        where contacted_at is not null
    )
    on replied, interested, screened, interviewed, offered, hired
    into name stage value reached_at
),

final as (
    select
        stage,
        count(*) as prospects_reached,
        round(median(date_diff('second', contacted_at, reached_at) / 86400.0), 3) as median_days,
        round(quantile_cont(date_diff('second', contacted_at, reached_at) / 86400.0, 0.9), 3) as p90_days
    from stage_times
    where reached_at is not null
    group by stage
)

select * from final
