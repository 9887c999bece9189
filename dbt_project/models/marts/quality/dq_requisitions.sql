{#- Grain: one row per requisition left out of every count (int_ats__requisitions): duplicates of
    another requisition and malformed ones, with the reason, the requisition it duplicates and what
    hangs on it (prospects, applications), so nothing is dropped silently. Shown on the Data-quality page. -#}
with requisitions as (
    select * from {{ ref('int_ats__requisitions') }}
    where not is_counted
),

roles as (
    select * from {{ ref('int_ats__roles') }}
),

recruiters as (
    select * from {{ ref('stg_team__recruiters') }}
),

final as (
    select
        requisitions.role_id,
        roles.source_system,
        roles.role_title,
        roles.department,
        recruiters.recruiter_name,
        roles.opened_at,
        roles.closed_at,
        roles.openings,
        requisitions.problem_kind,
        requisitions.requisition_problem,
        requisitions.duplicate_of,
        requisitions.prospects,
        requisitions.applications
    from requisitions
    inner join roles on roles.role_id = requisitions.role_id
    left join recruiters on recruiters.recruiter_id = roles.recruiter_id
)

select * from final
