{#- One row per requisition with its owning recruiter, its openings against its hires and whether
    it still needs hires (int_ats__requisitions: duplicate and malformed requisitions are not counted). -#}
with roles as (
    select * from {{ ref('int_ats__roles') }}
),

requisitions as (
    select * from {{ ref('int_ats__requisitions') }}
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
        requisitions.openings_source,
        requisitions.hires,
        requisitions.remaining_openings,
        requisitions.is_over_filled,
        requisitions.needs_hires,
        requisitions.is_counted,
        requisitions.requisition_problem,
        recruiters.recruiter_name,
        recruiters.team as recruiter_team,
        roles.closed_at is null as is_open,
        roles.opened_at,
        roles.closed_at
    from roles
    inner join requisitions on requisitions.role_id = roles.role_id
    left join recruiters on recruiters.recruiter_id = roles.recruiter_id
)

select * from final
