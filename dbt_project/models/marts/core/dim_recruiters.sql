{#- One row per recruiter, with how many roles they own (counted requisitions: a duplicate or
    malformed one, int_ats__requisitions, is not a role they own twice). -#}
with recruiters as (
    select * from {{ ref('stg_team__recruiters') }}
),

roles as (
    select roles.*
    from {{ ref('int_ats__roles') }} as roles
    inner join {{ ref('int_ats__requisitions') }} as requisitions on requisitions.role_id = roles.role_id
    where requisitions.is_counted
),

role_counts as (
    select
        recruiter_id,
        count(*) as roles_owned,
        count(*) filter (where closed_at is null) as open_roles_owned
    from roles
    group by recruiter_id
),

final as (
    select
        recruiters.recruiter_id,
        recruiters.recruiter_name,
        recruiters.recruiter_email,
        recruiters.team,
        coalesce(role_counts.roles_owned, 0) as roles_owned,
        coalesce(role_counts.open_roles_owned, 0) as open_roles_owned
    from recruiters
    left join role_counts on role_counts.recruiter_id = recruiters.recruiter_id
)

select * from final
