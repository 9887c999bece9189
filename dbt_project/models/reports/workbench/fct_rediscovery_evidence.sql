{#- Grain: one row per (person, earlier role, evidence): what makes a person worth approaching
    again for another role of the earlier role's family (fct_rediscovery_matches picks the roles,
    ranks and cuts). Two kinds of evidence:
      finalist  reached the final interview or an offer (stage_reached) for the earlier role, then
                withdrew or was turned down (latest_stage, latest_stage_reason);
      decliner  declined the earlier role over location, seniority or role scope (decline_reason),
                the reasons a different role can change.
    People who opted out (any role), were hired or are in process in the ATS have none. Every
    column depends on the person's own rows and none on the data's as-of time or on other roles,
    so the table is incremental: a run recomputes the candidates it changed (macros/incremental.sql);
    the person's latest contacts ride along for the 30-day rule, which the matches apply. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with people as (
    select * from {{ ref('int_candidate_contact_state') }}
    where {{ changed_candidates_only('candidate_id') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where candidate_id is not null and {{ changed_candidates_only('candidate_id') }}
),

funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where {{ changed_candidates_only('candidate_id') }}
),

responses as (
    select * from {{ ref('int_prospect_responses') }}
    where {{ changed_candidates_only('candidate_id') }}
),

finalists as (
    select
        candidate_id,
        role_id as past_role_id,
        'finalist' as evidence,
        case when furthest_progress >= {{ ats_progress_of('offer') }} then 'offer' else 'final_interview' end as stage_reached,
        latest_stage,
        latest_stage_reason,
        cast(null as string) as decline_reason,
        cast(latest_stage_at as date) as since
    from applications
    where furthest_progress >= {{ ats_progress_of('final_interview') }} and latest_stage in ('withdrawn', 'rejected')
),

decliners as (
    select
        funnel.candidate_id,
        funnel.role_id as past_role_id,
        'decliner' as evidence,
        cast(null as string) as stage_reached,
        cast(null as string) as latest_stage,
        cast(null as string) as latest_stage_reason,
        funnel.decline_reason,
        cast(responses.first_stop_at as date) as since
    from funnel
    inner join responses on responses.merged_prospect_id = funnel.prospect_id
    where funnel.outcome = 'declined' and funnel.decline_reason in ('location', 'seniority', 'role_scope')
),

evidence as (
    select * from finalists
    union all
    select * from decliners
),

final as (
    select
        evidence.*,
        people.last_contacted_at,
        people.last_contacted_role_id,
        people.other_role_last_contacted_at
    from evidence
    left join people on people.candidate_id = evidence.candidate_id
    where
        not coalesce(people.is_opted_out, false)
        and not coalesce(people.is_hired, false)
        and coalesce(people.open_applications, 0) = 0
)

select * from final
