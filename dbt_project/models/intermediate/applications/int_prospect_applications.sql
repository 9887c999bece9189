{#- Per merged prospect: its linked applications (linked candidate, same role, applied at or
    after first contact), the stage times they reached, the latest event of the one that went
    furthest (ties: latest applied_at, then greatest application_id), and whether the candidate
    had applied anywhere before being sourced (rediscovery). -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with prospects as (
    select * from {{ ref('int_prospects_merged') }}
    where is_merged_survivor and {{ changed_candidates_only('candidate_id') }}
),

outreach as (
    select * from {{ ref('int_prospect_outreach') }}
    where {{ changed_candidates_only('candidate_id') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
    where candidate_id is not null and {{ changed_candidates_only('candidate_id') }}
),

linked as (
    select
        prospects.merged_prospect_id,
        applications.*
    from prospects
    inner join outreach on outreach.merged_prospect_id = prospects.merged_prospect_id
    inner join applications
        on
            applications.candidate_id = prospects.candidate_id
            and applications.role_id = prospects.role_id
            and applications.applied_at >= outreach.contacted_at
),

stage_times as (
    select
        merged_prospect_id,
        count(*) as linked_applications,
        min(applied_at) as first_applied_at,
        min(screened_at) as screened_at,
        min(interviewed_at) as interviewed_at,
        min(offered_at) as offered_at,
        min(hired_at) as hired_at
    from linked
    group by merged_prospect_id
),

deciding as (
    select
        merged_prospect_id,
        application_id as deciding_application_id,
        latest_stage as deciding_latest_stage
    from linked
    qualify row_number() over (
        partition by merged_prospect_id
        order by furthest_progress desc, applied_at desc, application_id desc
    ) = 1
),

rediscovered as (
    select distinct prospects.merged_prospect_id
    from prospects
    inner join applications
        on
            applications.candidate_id = prospects.candidate_id
            and applications.applied_at < prospects.sourced_at
),

final as (
    select
        prospects.merged_prospect_id,
        prospects.candidate_id,
        coalesce(stage_times.linked_applications, 0) as linked_applications,
        deciding.deciding_application_id,
        deciding.deciding_latest_stage,
        rediscovered.merged_prospect_id is not null as is_rediscovery,
        stage_times.first_applied_at,
        stage_times.screened_at,
        stage_times.interviewed_at,
        stage_times.offered_at,
        stage_times.hired_at
    from prospects
    left join stage_times on stage_times.merged_prospect_id = prospects.merged_prospect_id
    left join deciding on deciding.merged_prospect_id = prospects.merged_prospect_id
    left join rediscovered on rediscovered.merged_prospect_id = prospects.merged_prospect_id
)

select * from final
