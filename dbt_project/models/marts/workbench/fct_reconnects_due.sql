{#- Grain: one row per person whose latest answer, across every role, is a "not now" with a
    reconnect date that has passed, and who got no delivered message since (for any role) and
    never opted out or declined. Listed under the role the "not now" was for. Longest overdue first. -#}
with people as (
    select * from {{ ref('int_candidate_contact_state') }}
    where latest_response_type = 'not_now'
),

funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

due as (
    select
        people.candidate_id,
        people.latest_response_role_id as role_id,
        people.latest_response_at,
        people.latest_reconnect_after,
        as_of.as_of_date
    from people
    cross join as_of
    where people.latest_reconnect_after < as_of.as_of_date
      and coalesce(people.last_contacted_at <= people.latest_response_at, true)
      and not people.is_stopped
),

final as (
    select
        'reconnect_due' as work_list,
        due.candidate_id,
        due.role_id,
        funnel.prospect_id,
        candidates.full_name,
        funnel.channel,
        printf(
            'Said not now on %s and asked to hear from us after %s; not contacted since',
            strftime(cast(due.latest_response_at as date), '%Y-%m-%d'),
            strftime(due.latest_reconnect_after, '%Y-%m-%d')
        ) as reason,
        case when not roles.is_open then 'This role has closed: reconnect for a similar open role' end as evidence,
        due.latest_reconnect_after as since,
        date_diff('day', due.latest_reconnect_after, due.as_of_date) as days_since,
        row_number() over (partition by due.role_id order by due.latest_reconnect_after, due.candidate_id) as priority
    from due
    left join funnel on funnel.candidate_id = due.candidate_id and funnel.role_id = due.role_id
    left join roles on roles.role_id = due.role_id
    left join candidates on candidates.candidate_id = due.candidate_id
)

select * from final
