{#- Grain: one row per prospect of an open role who said "interested" more than
    interested_wait_days ago and has no application for the role in the ATS (outcome still
    interested), unless the person opted out or declined for any role since. Longest waiting first. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where outcome = 'interested'
),

people as (
    select * from {{ ref('int_candidate_contact_state') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
    where is_open
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

as_of as (
    select as_of, cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

waiting as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        funnel.channel,
        funnel.interested_at,
        people.open_applications,
        as_of.as_of_date
    from funnel
    inner join roles on roles.role_id = funnel.role_id
    inner join people on people.candidate_id = funnel.candidate_id
    cross join as_of
    where
        funnel.interested_at < as_of.as_of - interval {{ work_list_rule('interested_wait_days') }} day
        and not people.is_stopped
),

final as (
    select
        'interested_not_in_ats' as work_list,
        waiting.candidate_id,
        waiting.role_id,
        waiting.prospect_id,
        candidates.full_name,
        waiting.channel,
        printf(
            'Said interested %d days ago; no application for this role in the ATS',
            {{ dbt.datediff('cast(waiting.interested_at as date)', 'waiting.as_of_date', 'day') }}
        ) as reason,
        case when waiting.open_applications > 0 then 'In process for another role in the ATS' end as evidence,
        cast(waiting.interested_at as date) as since,
        {{ dbt.datediff('cast(waiting.interested_at as date)', 'waiting.as_of_date', 'day') }} as days_since,
        row_number() over (partition by waiting.role_id order by waiting.interested_at, waiting.prospect_id) as priority
    from waiting
    left join candidates on candidates.candidate_id = waiting.candidate_id
)

select * from final
