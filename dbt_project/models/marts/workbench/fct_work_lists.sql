{#- Grain: one row per (work_list, person, role): the recruiter's four work lists in one table,
    with the role's owner and attributes for the Role page and the weekly digest. Person name from
    the CRM only (never e-mail or profile URL). -#}
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

final as (
    select
        lists.work_list,
        lists.candidate_id,
        lists.role_id,
        lists.prospect_id,
        roles.recruiter_id,
        lists.full_name,
        roles.role_title,
        roles.department,
        roles.seniority,
        lists.channel,
        lists.reason,
        lists.evidence,
        lists.since,
        lists.days_since,
        lists.priority
    from lists
    inner join roles on roles.role_id = lists.role_id
)

select * from final
