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

stages as (
    select
        prospects.merged_prospect_id,
        outreach.contacted_at,
        least(responses.first_response_at, applications.first_applied_at) as replied_at,
        least(responses.first_interested_at, applications.first_applied_at) as interested_at,
        applications.screened_at,
        applications.interviewed_at,
        applications.offered_at,
        applications.hired_at
    from prospects
    left join outreach on outreach.merged_prospect_id = prospects.merged_prospect_id
    left join responses on responses.merged_prospect_id = prospects.merged_prospect_id
    left join applications on applications.merged_prospect_id = prospects.merged_prospect_id
),

final as (
    select
        prospects.merged_prospect_id as prospect_id,
        prospects.candidate_id,
        prospects.role_id,
        prospects.recruiter_id,
        prospects.channel,
        prospects.title_match,
        prospects.match_score,
        {{ match_tier('prospects.match_score') }} as match_tier,
        applications.is_rediscovery,
        outreach.first_outreach_channel,
        prospects.sourced_at,
        stages.contacted_at,
        stages.replied_at,
        stages.interested_at,
        stages.screened_at,
        stages.interviewed_at,
        stages.offered_at,
        stages.hired_at,
        case
            when stages.hired_at is not null then 'hired'
            when stages.offered_at is not null then 'offered'
            when stages.interviewed_at is not null then 'interviewed'
            when stages.screened_at is not null then 'screened'
            when stages.interested_at is not null then 'interested'
            when stages.replied_at is not null then 'replied'
            when stages.contacted_at is not null then 'contacted'
            else 'sourced'
        end as furthest_stage,
        case
            when stages.hired_at is not null then 'hired'
            when applications.deciding_latest_stage = 'rejected' then 'rejected'
            when applications.deciding_latest_stage = 'withdrawn' then 'withdrew'
            when applications.linked_applications > 0 then 'in_process'
            when responses.latest_response_type = 'interested' then 'interested'
            when responses.latest_response_type = 'not_now' then 'not_now'
            when responses.latest_response_type = 'declined' then 'declined'
            when responses.latest_response_type = 'opt_out' then 'opted_out'
            when responses.latest_response_type = 'referral' then 'referred_other'
            when stages.contacted_at is not null then 'no_response'
            when outreach.messages_sent > 0 then 'undeliverable'
            else 'not_contacted'
        end as outcome,
        coalesce(outreach.delivered_messages, 0) as delivered_messages,
        case when stages.replied_at is not null then touches.touches_before_reply end
            as touches_to_reply,
        date_diff('second', stages.contacted_at, stages.replied_at) / 3600.0 as hours_to_reply,
        coalesce(touches.messages_after_opt_out, 0) as messages_after_opt_out,
        responses.latest_decline_reason,
        responses.latest_reconnect_after
    from prospects
    inner join stages on stages.merged_prospect_id = prospects.merged_prospect_id
    left join outreach on outreach.merged_prospect_id = prospects.merged_prospect_id
    left join responses on responses.merged_prospect_id = prospects.merged_prospect_id
    left join applications on applications.merged_prospect_id = prospects.merged_prospect_id
    left join touches on touches.merged_prospect_id = prospects.merged_prospect_id
)

select
    * exclude (latest_decline_reason, latest_reconnect_after),
    case when outcome = 'declined' then latest_decline_reason end as decline_reason,
    case when outcome = 'not_now' then latest_reconnect_after end as reconnect_after
from final
