{#- Grain: one row per (segment_type, segment_value). Prospects at each funnel stage, and the
    headline rates from contacted with 95 % Wilson intervals. Every rate = stage count / stage
    count of this row, so it reproduces from fct_prospect_funnel. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

segments as (
    select * from {{ ref('fct_prospect_segments') }}
),

counts as (
    select
        segment_values.segment_type,
        segment_values.segment_value,
        sum(segments.is_sourced) as sourced,
        sum(segments.is_contacted) as contacted,
        sum(segments.is_replied) as replied,
        sum(segments.is_interested) as interested,
        sum(segments.is_screened) as screened,
        sum(segments.is_interviewed) as interviewed,
        sum(segments.is_offered) as offered,
        sum(segments.is_hired) as hired
    from segment_values
    inner join segments on segments.prospect_id = segment_values.prospect_id
    group by all
),

final as (
    select
        *,
        {{ rate_columns('replied', 'contacted', 'reply') }},
        {{ rate_columns('interested', 'contacted', 'interest') }},
        {{ rate_columns('hired', 'contacted', 'hire') }},
        contacted < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
