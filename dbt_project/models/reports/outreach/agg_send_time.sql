{#- Grain: one row per (weekday, hour) of the first delivered message, UTC. Reply rate = replied
    / contacted among prospects first contacted then. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

counts as (
    select
        {{ iso_weekday('contacted_at') }} as weekday_number,
        {{ weekday_name('contacted_at') }} as weekday,
        hour(contacted_at) as hour_utc,
        count(*) as contacted,
        sum(is_replied) as replied
    from prospects
    group by all
),

final as (
    select
        *,
        {{ rate_columns('replied', 'contacted', 'reply') }},
        contacted < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
