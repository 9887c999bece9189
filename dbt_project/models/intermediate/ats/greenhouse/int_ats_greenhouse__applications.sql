{#- Greenhouse onto the common ATS shape `applications`: every application that is not a prospect
    (`prospect` false, status not `converted`), of a candidate and a job that are not deleted; role =
    the job of job_application; applied_at its own (its first history event when empty); source from
    the source's type or name through the ATS mapping (no source: applied). -#}
with applications as (
    select applications.*
    from {{ ref('stg_greenhouse__application') }} as applications
    inner join {{ ref('stg_greenhouse__candidate') }} as candidates
        on candidates.candidate_id = applications.candidate_id
    where not applications.is_prospect and coalesce(applications.application_status, '') <> 'converted'
),

jobs as (
    select
        job_application.application_id,
        job_application.job_id
    from {{ ref('stg_greenhouse__job_application') }} as job_application
    inner join {{ ref('stg_greenhouse__job') }} as jobs on jobs.job_id = job_application.job_id
    qualify row_number() over (partition by job_application.application_id order by job_application.job_id) = 1
),

first_steps as (
    select
        application_id,
        min(updated_at) as first_step_at
    from {{ ref('stg_greenhouse__application_history') }}
    group by application_id
),

sources as (
    select
        source_id as name_key,
        lower(trim(source_type_name)) as match_name,
        lower(trim(source_name)) as match_id
    from {{ ref('stg_greenhouse__source') }}
),

sources_mapped as (
    {{ map_ats_names('sources', 'greenhouse', 'source_types') }}
),

final as (
    select
        applications.application_id,
        applications.candidate_id as ats_candidate_id,
        jobs.job_id as role_id,
        coalesce(sources_mapped.mapped_to, 'applied') as application_source,
        coalesce(applications.applied_at, first_steps.first_step_at) as applied_at
    from applications
    inner join jobs on jobs.application_id = applications.application_id
    left join first_steps on first_steps.application_id = applications.application_id
    left join sources_mapped on sources_mapped.name_key = applications.source_id
    where coalesce(applications.applied_at, first_steps.first_step_at) is not null
)

select * from final
