{#- Grain: one row per prospect of a role that still needs hires (dim_roles.needs_hires) who said
    "interested" at least interested_wait_days and at most interested_within_days ago and has no
    application for the role in the ATS (outcome still interested), unless the person opted out or
    declined for any role since. Expected value: the windowed hire rate (120 days from first
    contact) of the prospect's match tier; per role, highest first, then the longest waiting. -#}
with funnel as (
    select * from {{ ref('fct_prospect_funnel') }}
    where outcome = 'interested'
),

people as (
    select * from {{ ref('int_candidate_contact_state') }}
),

roles as (
    select * from {{ ref('dim_roles') }}
    where needs_hires
),

candidates as (
    select * from {{ ref('stg_sourcing__candidates') }}
),

hire_rates as (
    {{ match_tier_rates('hired', 120) }}
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

aged as (
    select
        funnel.prospect_id,
        funnel.candidate_id,
        funnel.role_id,
        funnel.channel,
        funnel.match_tier,
        funnel.interested_at,
        {{ dbt.datediff('cast(funnel.interested_at as date)', 'as_of.as_of_date', 'day') }} as days_since
    from funnel
    inner join roles on roles.role_id = funnel.role_id
    cross join as_of
),

waiting as (
    select
        aged.*,
        people.open_applications
    from aged
    inner join people on people.candidate_id = aged.candidate_id
    where
        aged.days_since between {{ work_list_rule('interested_wait_days') }} and {{ work_list_rule('interested_within_days') }}
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
        printf('Said interested %d days ago; no application for this role in the ATS', waiting.days_since) as reason,
        case when waiting.open_applications > 0 then 'In process for another role in the ATS' end as evidence,
        cast(waiting.interested_at as date) as since,
        waiting.days_since,
        coalesce(hire_rates.rate, 0) as expected_value,
        {{ expected_value_basis('Hires within 120 days', 'waiting.match_tier', 'hire_rates') }} as expected_value_basis,
        row_number() over (
            partition by waiting.role_id
            order by coalesce(hire_rates.rate, 0) desc, waiting.interested_at, waiting.prospect_id
        ) as priority
    from waiting
    left join hire_rates on hire_rates.match_tier = waiting.match_tier
    left join candidates on candidates.candidate_id = waiting.candidate_id
)

select * from final
