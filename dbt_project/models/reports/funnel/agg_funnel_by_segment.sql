{#- Grain: one row per (segment_type, segment_value). Prospects at each funnel stage, and the
    headline rates from contacted with 95 % Wilson intervals. Every rate = stage count / stage
    count of this row, so it reproduces from fct_prospect_funnel. -#}
with segment_outcomes as (
    select * from {{ ref('rpt_segment_outcomes') }}
),

counts as (
    select
        segment_type,
        segment_value,
        sum(sourced)::bigint as sourced,
        sum(contacted)::bigint as contacted,
        sum(replied)::bigint as replied,
        sum(interested)::bigint as interested,
        sum(screened)::bigint as screened,
        sum(interviewed)::bigint as interviewed,
        sum(offered)::bigint as offered,
        sum(hired)::bigint as hired
    from segment_outcomes
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
