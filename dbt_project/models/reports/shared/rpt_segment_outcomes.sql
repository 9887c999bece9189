{#- One row per (segment_type, segment_value, outcome, decline_reason, furthest_stage): prospects
    and their stage flags summed. The one pass over the long segment values that the count
    rollups share (funnel by segment, non-engagement, decline reasons, turndowns); each of them
    then sums a few hundred thousand rows instead of unpivoting every prospect again. -#}
with segment_values as (
    select * from {{ ref('rpt_prospect_segment_values') }}
),

final as (
    select
        segment_type,
        segment_value,
        outcome,
        decline_reason,
        furthest_stage,
        count(*) as prospects,
        sum(is_sourced) as sourced,
        sum(is_contacted) as contacted,
        sum(is_replied) as replied,
        sum(is_interested) as interested,
        sum(is_screened) as screened,
        sum(is_interviewed) as interviewed,
        sum(is_offered) as offered,
        sum(is_hired) as hired
    from segment_values
    group by all
)

select * from final
