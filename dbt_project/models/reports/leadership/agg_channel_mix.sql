{#- Grain: one row per sequence type: multi_channel (the first two delivered touches came through
    different channels, e.g. InMail then e-mail) or single_channel (the same channel twice). A
    fair comparison: only prospects who got a second touch while still silent (those who answer
    the first touch never get one) and were first contacted at least 30 days before the data's
    as-of time (the reply window of contract §9.1). Reply, interest and opt-out rates over them. -#}
{%- set window_days = 30 %}

with touches as (
    {#- the first two delivered touches' channels, per prospect (incremental by candidate) -#}
    select * from {{ ref('int_prospect_touches') }}
),

funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where contacted_at is not null and delivered_messages >= 2 and coalesce(touches_to_reply, 2) >= 2
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

prospects as (
    select
        case when touches.first_channel = touches.second_channel then 'single_channel' else 'multi_channel' end
            as sequence_type,
        funnel.replied_at is not null as is_replied,
        funnel.interested_at is not null as is_interested,
        funnel.outcome = 'opted_out' as is_opted_out
    from funnel
    inner join touches on touches.merged_prospect_id = funnel.prospect_id
    cross join as_of
    where
        funnel.contacted_at + interval {{ window_days }} day <= as_of.as_of
        and touches.second_channel is not null
),

counts as (
    select
        sequence_type,
        count(*) as prospects,
        count(*) filter (where is_replied) as replied,
        count(*) filter (where is_interested) as interested,
        count(*) filter (where is_opted_out) as opted_out
    from prospects
    group by sequence_type
),

final as (
    select
        sequence_type,
        {{ window_days }} as window_days,
        prospects,
        replied,
        interested,
        opted_out,
        {{ rate_columns('replied', 'prospects', 'reply') }},
        {{ rate_columns('interested', 'prospects', 'interest') }},
        {{ rate_columns('opted_out', 'prospects', 'opt_out') }},
        prospects < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
