{#- Per merged prospect with a delivered message: delivered messages sent up to its first reply
    (touches to reply) and after its first opt-out or decline. Apart from fct_prospect_funnel so
    that the per-message scan and the per-prospect joins each fit in memory at 10M prospects. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with messages as (
    select * from {{ ref('int_messages_merged') }}
    where is_delivered and {{ changed_candidates_only('candidate_id') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
),

applications as (
    select * from {{ ref('int_prospect_applications') }}
),

final as (
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
)

select * from final
