{#- Grain: one row per outreach sequence (of the first delivered message). Contacted prospects,
    replies, interest, opt-outs, and delivered messages spent per reply. -#}
with prospects as (
    select * from {{ ref('fct_prospect_segments') }}
    where is_contacted = 1
),

counts as (
    select
        first_sequence_id as sequence_id,
        count(*) as contacted,
        sum(is_replied) as replied,
        sum(is_interested) as interested,
        sum(is_hired) as hired,
        count(*) filter (where outcome = 'opted_out') as opted_out,
        sum(delivered_messages) as delivered_messages
    from prospects
    group by 1
),

final as (
    select
        *,
        {{ rate_columns('replied', 'contacted', 'reply') }},
        {{ rate_columns('interested', 'contacted', 'interest') }},
        {{ rate_columns('opted_out', 'contacted', 'opt_out') }},
        {{ round_double(safe_ratio('delivered_messages', 'replied'), 2) }} as messages_per_reply,
        contacted < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
