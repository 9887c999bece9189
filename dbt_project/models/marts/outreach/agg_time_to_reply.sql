{#- Grain: one row per (segment_type, segment_value). How fast people answer: among prospects
    who replied, median and 90th-percentile hours from first contact, and median touches. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_replied = 1
),

final as (
    select
        segment_values.segment_type,
        segment_values.segment_value,
        count(*) as replied,
        round(median(segments.hours_to_reply), 2) as median_hours_to_reply,
        round(quantile_cont(segments.hours_to_reply, 0.9), 2) as p90_hours_to_reply,
        median(segments.touches_to_reply) as median_touches_to_reply,
        count(*) < {{ small_sample_threshold() }} as is_small_sample
    from segment_values
    inner join segments on segments.prospect_id = segment_values.prospect_id
    group by all
)

select * from final
