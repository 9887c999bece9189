{#- Contract §6-§7: one row per merged prospect (candidate x role) with every funnel stage
    reached, its outcome and per-prospect outreach figures. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where is_merged_survivor and {{ changed_candidates_only('candidate_id') }}
),

outreach as (
    select * from {{ ref('int_prospect_outreach') }}
    where {{ changed_candidates_only('candidate_id') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
    where {{ changed_candidates_only('candidate_id') }}
),

applications as (
    select * from {{ ref('int_prospect_applications') }}
    where {{ changed_candidates_only('candidate_id') }}
),

touches as (
    select * from {{ ref('int_prospect_touches') }}
    where {{ changed_candidates_only('candidate_id') }}
),

inputs as (
    {#- the per-prospect inputs stacked, not joined: at 10M prospects a chain of four hash joins
        ran out of memory under 5 GB, an aggregation by prospect spills to disk instead -#}
    {{ union_all_by_name([
        ('prospects', ['merged_prospect_id', 'true as is_prospect', 'candidate_id', 'role_id', 'recruiter_id',
                       'channel', 'title_match', 'match_score', 'sourced_at']),
        ('outreach', ['merged_prospect_id', 'first_outreach_channel', 'contacted_at', 'messages_sent',
                      'delivered_messages']),
        ('responses', ['merged_prospect_id', 'first_response_at', 'first_interested_at', 'latest_response_type',
                       'latest_decline_reason', 'latest_reconnect_after']),
        ('applications', ['merged_prospect_id', 'is_rediscovery', 'linked_applications', 'deciding_latest_stage',
                          'first_applied_at', 'screened_at', 'interviewed_at', 'offered_at', 'hired_at']),
        ('touches', ['merged_prospect_id', 'touches_before_reply', 'messages_after_opt_out']),
    ]) }}
),

joined as (
    select
        merged_prospect_id,
        {{ any_non_null('candidate_id') }} as candidate_id,
        {{ any_non_null('role_id') }} as role_id,
        {{ any_non_null('recruiter_id') }} as recruiter_id,
        {{ any_non_null('channel') }} as channel,
        {{ any_non_null('title_match') }} as title_match,
        {{ any_non_null('match_score') }} as match_score,
        {{ any_non_null('sourced_at') }} as sourced_at,
        {{ any_non_null('first_outreach_channel') }} as first_outreach_channel,
        {{ any_non_null('contacted_at') }} as contacted_at,
        {{ any_non_null('messages_sent') }} as messages_sent,
        {{ any_non_null('delivered_messages') }} as delivered_messages,
        {{ any_non_null('first_response_at') }} as first_response_at,
        {{ any_non_null('first_interested_at') }} as first_interested_at,
        {{ any_non_null('latest_response_type') }} as latest_response_type,
        {{ any_non_null('latest_decline_reason') }} as latest_decline_reason,
        {{ any_non_null('latest_reconnect_after') }} as latest_reconnect_after,
        {{ any_non_null('is_rediscovery') }} as is_rediscovery,
        {{ any_non_null('linked_applications') }} as linked_applications,
        {{ any_non_null('deciding_latest_stage') }} as deciding_latest_stage,
        {{ any_non_null('first_applied_at') }} as first_applied_at,
        {{ any_non_null('screened_at') }} as screened_at,
        {{ any_non_null('interviewed_at') }} as interviewed_at,
        {{ any_non_null('offered_at') }} as offered_at,
        {{ any_non_null('hired_at') }} as hired_at,
        {{ any_non_null('touches_before_reply') }} as touches_before_reply,
        {{ any_non_null('messages_after_opt_out') }} as messages_after_opt_out
    from inputs
    group by merged_prospect_id
    having bool_or(is_prospect)
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
        {{ dbt.datediff('contacted_at', 'replied_at', 'second') }} / 3600e0 as hours_to_reply,
        coalesce(messages_after_opt_out, 0) as messages_after_opt_out,
        latest_decline_reason,
        latest_reconnect_after
    from stages
)

select
    {{ star_except(['latest_decline_reason', 'latest_reconnect_after']) }},
    case when outcome = 'declined' then latest_decline_reason end as decline_reason,
    case when outcome = 'not_now' then latest_reconnect_after end as reconnect_after
from final
