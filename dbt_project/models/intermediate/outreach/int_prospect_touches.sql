{#- Per merged prospect with a delivered message: delivered messages sent up to its first reply
    (touches to reply) and after its first opt-out or decline, and the channels of its first two
    delivered messages (agg_channel_mix compares sequences by them). Apart from fct_prospect_funnel so
    that the per-message scan and the per-prospect joins each fit in memory at 10M prospects. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered and {{ changed_candidates_only('candidate_id') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
    where {{ changed_candidates_only('candidate_id') }}
),

applications as (
    select * from {{ ref('int_prospect_applications') }}
    where {{ changed_candidates_only('candidate_id') }}
),

counts as (
    select
        messages.merged_prospect_id,
        messages.candidate_id,
        count(*) filter (
            where messages.sent_at <= least(responses.first_response_at, applications.first_applied_at)
        ) as touches_before_reply,
        count(*) filter (where messages.sent_at > responses.first_stop_at) as messages_after_opt_out
    from messages
    left join responses on responses.merged_prospect_id = messages.merged_prospect_id
    left join applications on applications.merged_prospect_id = messages.merged_prospect_id
    group by messages.merged_prospect_id, messages.candidate_id
),

numbered as (
    select
        merged_prospect_id,
        message_channel,
        row_number() over (partition by merged_prospect_id order by sent_at, message_id) as touch
    from messages
),

first_two as (
    select
        merged_prospect_id,
        max(case when touch = 1 then message_channel end) as first_channel,
        max(case when touch = 2 then message_channel end) as second_channel
    from numbered
    where touch <= 2
    group by merged_prospect_id
),

final as (
    select
        counts.*,
        first_two.first_channel,
        first_two.second_channel
    from counts
    inner join first_two on first_two.merged_prospect_id = counts.merged_prospect_id
)

select * from final
