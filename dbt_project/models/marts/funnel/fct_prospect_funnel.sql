{#- Contract §6-§7: one row per merged prospect (candidate x role) with every funnel stage
    reached, its outcome and per-prospect outreach figures. -#}
{{ config(materialized='incremental', incremental_strategy='replace_changed_candidates',
           unique_key='candidate_id', on_schema_change='fail') }}

with prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where is_merged_survivor and {{ changed_candidates_only('candidate_id') }}
),

outreach as (
    select * from {{ ref('int_prospect_outreach') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
),

applications as (
    select * from {{ ref('int_prospect_applications') }}
),

touches as (
    select * from {{ ref('int_prospect_touches') }}
),

joined as (
    {#- each per-prospect input joined once: one hash table per input, so 10M prospects fit -#}
    select
        prospects.merged_prospect_id,
        prospects.candidate_id,
        prospects.role_id,
        prospects.recruiter_id,
        prospects.channel,
        prospects.title_match,
        prospects.match_score,
        prospects.sourced_at,
        outreach.first_outreach_channel,
        outreach.contacted_at,
        outreach.messages_sent,
        outreach.delivered_messages,
        responses.first_response_at,
        responses.first_interested_at,
        responses.latest_response_type,
        responses.latest_decline_reason,
        responses.latest_reconnect_after,
        applications.is_rediscovery,
        applications.linked_applications,
        applications.deciding_latest_stage,
        applications.first_applied_at,
        applications.screened_at,
        applications.interviewed_at,
        applications.offered_at,
        applications.hired_at,
        touches.touches_before_reply,
        touches.messages_after_opt_out
    from prospects
    left join outreach on outreach.merged_prospect_id = prospects.merged_prospect_id
    left join responses on responses.merged_prospect_id = prospects.merged_prospect_id
    left join applications on applications.merged_prospect_id = prospects.merged_prospect_id
    left join touches on touches.merged_prospect_id = prospects.merged_prospect_id
),

stages as (
    select
        *,
        least(first_response_at, first_applied_at) as replied_at,
        least(first_interested_at, first_applied_at) as interested_at
    from joined
),

final as (
    select
        merged_prospect_id as prospect_id,
        candidate_id,
        role_id,
        recruiter_id,
        channel,
        title_match,
        match_score,
        {{ match_tier('match_score') }} as match_tier,
        is_rediscovery,
        first_outreach_channel,
        sourced_at,
        contacted_at,
        replied_at,
        interested_at,
        screened_at,
        interviewed_at,
        offered_at,
        hired_at,
        case
            when hired_at is not null then 'hired'
            when offered_at is not null then 'offered'
            when interviewed_at is not null then 'interviewed'
            when screened_at is not null then 'screened'
            when interested_at is not null then 'interested'
            when replied_at is not null then 'replied'
            when contacted_at is not null then 'contacted'
            else 'sourced'
        end as furthest_stage,
        case
            when hired_at is not null then 'hired'
            when deciding_latest_stage = 'rejected' then 'rejected'
            when deciding_latest_stage = 'withdrawn' then 'withdrew'
            when linked_applications > 0 then 'in_process'
            when latest_response_type = 'interested' then 'interested'
            when latest_response_type = 'not_now' then 'not_now'
            when latest_response_type = 'declined' then 'declined'
            when latest_response_type = 'opt_out' then 'opted_out'
            when latest_response_type = 'referral' then 'referred_other'
            when contacted_at is not null then 'no_response'
            when messages_sent > 0 then 'undeliverable'
            else 'not_contacted'
        end as outcome,
        coalesce(delivered_messages, 0) as delivered_messages,
        case when replied_at is not null then touches_before_reply end as touches_to_reply,
        date_diff('second', contacted_at, replied_at) / 3600.0 as hours_to_reply,
        coalesce(messages_after_opt_out, 0) as messages_after_opt_out,
        latest_decline_reason,
        latest_reconnect_after
    from stages
)

select
    * exclude (latest_decline_reason, latest_reconnect_after),
    case when outcome = 'declined' then latest_decline_reason end as decline_reason,
    case when outcome = 'not_now' then latest_reconnect_after end as reconnect_after
from final
