{#- Grain: one row per (work_list, person, role): the recruiter's four work lists in one table,
    with the role's owner (id and name) and attributes for the Role page and the weekly digest.
    Every listed row is kept: recruiter_rank orders each of a recruiter's lists by expected value
    (then the list's own order within the role), and in_daily_cap marks the first daily_cap rows,
    the recruiter's day; the rest is behind "show all". Person name from the CRM only (never e-mail
    or profile URL). -#}
with lists as (
    select * from {{ ref('fct_follow_ups_due') }}
    union all
    select * from {{ ref('fct_interested_not_in_ats') }}
    union all
    select * from {{ ref('fct_reconnects_due') }}
    union all
    select * from {{ ref('fct_rediscovery_matches') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
),

ranked as (
    select
        lists.*,
        roles.recruiter_id,
        roles.recruiter_name,
        roles.role_title,
        roles.department,
        roles.seniority,
        row_number() over (
            partition by lists.work_list, roles.recruiter_id
            order by lists.expected_value desc, lists.priority, lists.days_since, lists.role_id, lists.candidate_id
        ) as recruiter_rank
    from lists
    inner join roles on roles.role_id = lists.role_id
),

final as (
    select
        work_list,
        candidate_id,
        role_id,
        prospect_id,
        recruiter_id,
        recruiter_name,
        full_name,
        role_title,
        department,
        seniority,
        channel,
        reason,
        evidence,
        since,
        days_since,
        expected_value,
        expected_value_basis,
        priority,
        recruiter_rank,
        recruiter_rank <= {{ work_list_rule('daily_cap') }} as in_daily_cap
    from ranked
)

select * from final
