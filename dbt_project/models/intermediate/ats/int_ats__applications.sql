{#- One row per ATS application of every ATS shape (docs/bring-your-own-data.md):
    - contract: ats/applications as exported;
    - Greenhouse: applications that are not prospects (`prospect` false, status not `converted`),
      of a candidate and a job that are not deleted; role = the job of job_application; source
      from the source's type or name through the ATS mapping (no source: applied);
    - Lever: opportunities with a posting that left the lead stages: applied_at is when the
      opportunity first entered a stage that is not a lead stage (an opportunity still in, or
      archived from, the lead stages is outreach, not an application); source from the origin.
    Application and candidate ids are the ATS's own (Lever: opportunity and contact ids). -#}
with contract_applications as (
    select * from {{ ref('stg_ats__applications') }}
),

greenhouse_applications as (
    select applications.*
    from {{ ref('stg_greenhouse__application') }} as applications
    inner join {{ ref('stg_greenhouse__candidate') }} as candidates
        on candidates.candidate_id = applications.candidate_id
    where not applications.is_prospect and coalesce(applications.application_status, '') <> 'converted'
),

greenhouse_jobs as (
    select job_application.application_id, job_application.job_id
    from {{ ref('stg_greenhouse__job_application') }} as job_application
    inner join {{ ref('stg_greenhouse__job') }} as jobs on jobs.job_id = job_application.job_id
    qualify row_number() over (partition by job_application.application_id order by job_application.job_id) = 1
),

greenhouse_first_steps as (
    select
        application_id,
        min(updated_at) as first_step_at
    from {{ ref('stg_greenhouse__application_history') }}
    group by application_id
),

greenhouse_sources as (
    select
        source_id as name_key,
        lower(trim(source_type_name)) as match_name,
        lower(trim(source_name)) as match_id
    from {{ ref('stg_greenhouse__source') }}
),

greenhouse_sources_mapped as (
    {{ map_ats_names('greenhouse_sources', 'greenhouse', 'source_types') }}
),

lever_stages as (
    select stage_id, coalesce(mapped_stage, '') = 'lead' as is_lead
    from {{ ref('int_ats__stages_mapped') }}
    where source_system = 'lever'
),

lever_first_steps as (
    select
        history.opportunity_id,
        min(history.updated_at) as first_step_at
    from {{ ref('stg_lever__opportunity_stage_history') }} as history
    left join lever_stages on lever_stages.stage_id = history.stage_id
    where not coalesce(lever_stages.is_lead, false)
    group by history.opportunity_id
),

lever_postings as (
    select lever_applications.opportunity_id, lever_applications.posting_id, lever_applications.created_at
    from {{ ref('stg_lever__application') }} as lever_applications
    inner join {{ ref('stg_lever__posting') }} as postings on postings.posting_id = lever_applications.posting_id
    qualify row_number() over (
        partition by lever_applications.opportunity_id
        order by lever_applications.created_at, lever_applications.lever_application_id
    ) = 1
),

lever_opportunities as (
    select
        opportunities.opportunity_id,
        opportunities.contact_id,
        lever_postings.posting_id,
        coalesce(
            first_steps.first_step_at,
            case
                when not coalesce(current_stage.is_lead, false)
                    then coalesce(lever_postings.created_at, opportunities.created_at)
            end
        ) as applied_at,
        lower(trim(opportunities.origin)) as match_name,
        cast(null as string) as match_id,
        opportunities.opportunity_id as name_key
    from {{ ref('stg_lever__opportunity') }} as opportunities
    inner join lever_postings on lever_postings.opportunity_id = opportunities.opportunity_id
    left join lever_first_steps as first_steps on first_steps.opportunity_id = opportunities.opportunity_id
    left join lever_stages as current_stage on current_stage.stage_id = opportunities.stage_id
),

lever_origins_mapped as (
    {{ map_ats_names('lever_opportunities', 'lever', 'origins') }}
),

final as (
    select
        application_id,
        'contract' as source_system,
        ats_candidate_id,
        role_id,
        application_source,
        applied_at
    from contract_applications
    union all
    select
        applications.application_id,
        'greenhouse' as source_system,
        applications.candidate_id as ats_candidate_id,
        jobs.job_id as role_id,
        coalesce(sources.mapped_to, 'applied') as application_source,
        coalesce(applications.applied_at, first_steps.first_step_at) as applied_at
    from greenhouse_applications as applications
    inner join greenhouse_jobs as jobs on jobs.application_id = applications.application_id
    left join greenhouse_first_steps as first_steps on first_steps.application_id = applications.application_id
    left join greenhouse_sources_mapped as sources on sources.name_key = applications.source_id
    where coalesce(applications.applied_at, first_steps.first_step_at) is not null
    union all
    select
        opportunity_id as application_id,
        'lever' as source_system,
        contact_id as ats_candidate_id,
        posting_id as role_id,
        coalesce(mapped_to, 'applied') as application_source,
        applied_at
    from lever_origins_mapped
    where applied_at is not null
)

select * from final
