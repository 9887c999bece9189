{#- Grain: one row per (segment_type, segment_value). How fast people answer: among prospects
    who replied, median and 90th-percentile hours from first contact, and median touches. -#}
with segment_values as (
    select * from {{ ref('rpt_prospect_segment_values') }}
    where is_replied = 1
),

final as (
    select
        segment_type,
        segment_value,
        count(*) as replied,
        {{ round_double('median(hours_to_reply)', 2) }} as median_hours_to_reply,
        {{ round_double('percentile_cont(0.9) within group (order by hours_to_reply)', 2) }} as p90_hours_to_reply,
        median(touches_to_reply) as median_touches_to_reply,
        count(*) < {{ small_sample_threshold() }} as is_small_sample
    from segment_values
    group by all
)

select * from final
