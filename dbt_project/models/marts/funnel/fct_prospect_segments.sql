{#- One row per prospect of fct_prospect_funnel: 0/1 flags per stage, the stage timestamps the
    windowed rates need, and every attribute the pages segment or filter by. Sequence and template are those of the first delivered message, so each
    contacted prospect belongs to exactly one and segment counts add up to the totals. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where {{ changed_candidates_only('candidate_id') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
    where {{ changed_candidates_only('candidate_id') }}
),

outreach as (
    select * from {{ ref('int_prospect_outreach') }}
    where {{ changed_candidates_only('candidate_id') }}
),

final as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        funnel.recruiter_id,
        funnel.channel,
        funnel.match_tier,
        funnel.title_match,
        coalesce(candidates.profile_detail, 'unknown') as profile_detail,
        case when funnel.is_rediscovery then 'rediscovered' else 'net_new' end as rediscovery,
        roles.department,
        roles.seniority,
        coalesce(funnel.first_outreach_channel, 'not_contacted') as first_outreach_channel,
        coalesce(outreach.first_sequence_id, 'not_contacted') as first_sequence_id,
        coalesce(outreach.first_template_id, 'not_contacted') as first_template_id,
        case
            when outreach.first_touch_personalized then 'personalized'
            when outreach.first_touch_personalized is not null then 'generic'
            else 'not_contacted'
        end as first_touch_style,
        coalesce({{ format_timestamp(dbt.date_trunc('week', 'funnel.contacted_at'), '%Y-%m-%d') }}, 'not_contacted')
            as cohort_week,
        coalesce({{ format_timestamp(dbt.date_trunc('month', 'funnel.contacted_at'), '%Y-%m') }}, 'not_contacted')
            as cohort_month,
        funnel.furthest_stage,
        funnel.outcome,
        funnel.decline_reason,
        funnel.delivered_messages,
        funnel.hours_to_reply,
        funnel.touches_to_reply,
        1 as is_sourced,
        (funnel.contacted_at is not null)::int as is_contacted,
        (funnel.replied_at is not null)::int as is_replied,
        (funnel.interested_at is not null)::int as is_interested,
        (funnel.screened_at is not null)::int as is_screened,
        (funnel.interviewed_at is not null)::int as is_interviewed,
        (funnel.offered_at is not null)::int as is_offered,
        (funnel.hired_at is not null)::int as is_hired,
        funnel.sourced_at,
        funnel.contacted_at,
        funnel.replied_at,
        funnel.interested_at,
        funnel.screened_at,
        funnel.hired_at
    from funnel
    left join roles on roles.role_id = funnel.role_id
    left join candidates on candidates.candidate_id = funnel.candidate_id
    left join outreach on outreach.merged_prospect_id = funnel.prospect_id
)

select * from final
