{#- Grain: one row per (attribution, channel). `prospect`: contacted prospects and hires of each
    sourcing channel (counts only: a channel's hire *rate* is windowed, agg_windowed_rates).
    `first_touch` and `last_touch`: hired candidates who were sourced more than once (any role,
    merged rows included), credited to the channel of their earliest sourcing, or of their latest
    sourcing before the hire. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

prospect_rows as (
    select * from {{ ref('int_prospects_merged') }}
),

hires as (
    select candidate_id, min(hired_at) as hired_at
    from funnel
    where hired_at is not null
    group by candidate_id
),

sourcings as (
    select prospect_rows.*, hires.hired_at
    from prospect_rows
    inner join hires on hires.candidate_id = prospect_rows.candidate_id
    where prospect_rows.sourced_at <= hires.hired_at
),

multi_sourced as (
    select candidate_id
    from sourcings
    group by candidate_id
    having count(*) > 1
),

touches as (
    select
        sourcings.candidate_id,
        {{ arg_min('sourcings.channel', ['sourcings.sourced_at', 'sourcings.prospect_id']) }} as first_touch,
        {{ arg_max('sourcings.channel', ['sourcings.sourced_at', 'sourcings.prospect_id']) }} as last_touch
    from sourcings
    inner join multi_sourced on multi_sourced.candidate_id = sourcings.candidate_id
    group by sourcings.candidate_id
),

by_prospect as (
    select
        'prospect' as attribution,
        channel,
        count(*) filter (where contacted_at is not null) as contacted,
        count(*) filter (where hired_at is not null) as hires
    from funnel
    group by channel
),

by_touch as (
    select 'first_touch' as attribution, first_touch as channel, null::bigint as contacted, count(*) as hires
    from touches group by first_touch
    union all
    select 'last_touch', last_touch, null, count(*)
    from touches group by last_touch
),

final as (
    select attribution, channel, contacted, hires
    from by_prospect
    union all
    select attribution, channel, contacted, hires
    from by_touch
)

select * from final
