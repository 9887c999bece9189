{#- Grain: one row per number of delivered messages (6 = six or more). Contacted prospects and
    how many of them never gave a human response; no_response rate = no_response / contacted. -#}
with segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

counts as (
    select
        least(delivered_messages, 6) as delivered_messages,
        count(*) as contacted,
        count(*) filter (where outcome = 'no_response') as no_response
    from segments
    group by 1
),

final as (
    select
        delivered_messages,
        contacted,
        no_response,
        {{ rate_columns('no_response', 'contacted', 'no_response') }},
        contacted < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
