{#- One row per requisition with its owning recruiter. -#}
with roles as (
    select * from {{ ref('int_ats__roles') }}
),

recruiters as (
    select * from {{ ref('stg_team__recruiters') }}
),

final as (
    select
        roles.role_id,
        roles.recruiter_id,
        roles.role_title,
        roles.department,
        roles.role_location,
        roles.seniority,
        roles.openings,
        recruiters.recruiter_name,
        recruiters.team as recruiter_team,
        roles.closed_at is null as is_open,
        roles.opened_at,
        roles.closed_at
    from roles
    left join recruiters on recruiters.recruiter_id = roles.recruiter_id
)

select * from final
