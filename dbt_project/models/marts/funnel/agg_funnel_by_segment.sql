{#- Grain: one row per (segment_type, segment_value). Prospects at each funnel stage, and the
    headline rates from contacted with 95 % Wilson intervals. Every rate = stage count / stage
    count of this row, so it reproduces from fct_prospect_funnel. -#}
with segment_values as (
    select * from {{ ref('int_prospect_segment_values') }}
),

counts as (
    select
        segment_type,
        segment_value,
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
