{#- Grain: one row per counted requisition (dim_roles.is_counted; duplicates and malformed ones
    are in dq_requisitions). The counts its triage is decided from: openings against ATS hires
    (every source), days open, the people in process by their current ATS stage and how many of
    them are ageing (fct_requisition_pipeline), and the target date: the role's opening date plus
    the company's target_days_percentile-th percentile of days to fill (from opening to the hire
    that filled the last opening, over the roles filled so far; while none is, of days from
    opening to any hire). Neither the contract nor the connectors carry a role's own target date.
    The chance to fill by it, the status and the expected days to fill are decided from these rows
    by the requisition triage asset (marts.fct_requisition_triage). -#}
{%- set stages = ['application_review', 'recruiter_screen', 'interview', 'final_interview', 'offer'] %}
{%- set percentile = work_list_rule('target_days_percentile') ~ ' / 100e0' %}

with roles as (
    select * from {{ ref('dim_roles') }}
    where is_counted
),

pipeline as (
    select * from {{ ref('fct_requisition_pipeline') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
),

filled as (
    select {{ dbt.datediff('roles.opened_at', 'requisitions.filled_at', 'day') }} as days_to_fill
    from {{ ref('int_ats__requisitions') }} as requisitions
    inner join roles on roles.role_id = requisitions.role_id
    where requisitions.filled_at is not null
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

history as (
    select
        (select percentile_cont({{ percentile }}) within group (order by days_to_fill) from filled)
            as days_to_fill,
        (
            select
                percentile_cont({{ percentile }}) within group (
                    order by {{ dbt.datediff('roles.opened_at', 'cast(applications.hired_at as date)', 'day') }}
                )
            from applications
            inner join roles on roles.role_id = applications.role_id
            where applications.hired_at is not null
        ) as days_to_hire
),

in_flight as (
    select
        role_id,
        count(*) as in_flight,
        {% for stage in stages %}
        count(*) filter (where stage = '{{ stage }}') as in_{{ stage }},
        {% endfor %}
        count(*) filter (where is_ageing) as ageing
    from pipeline
    group by role_id
),

target_days as (
    select
        roles.*,
        round(coalesce(history.days_to_fill, history.days_to_hire)) as target_days_to_fill,
        case when history.days_to_fill is not null then 'days_to_fill' else 'days_to_first_hire' end
            as target_basis,
        as_of.as_of_date
    from roles
    cross join history
    cross join as_of
),

targets as (
    select
        *,
        cast({{ dbt.dateadd('day', 'cast(target_days_to_fill as integer)', 'opened_at') }} as date) as target_date
    from target_days
),

final as (
    select
        targets.role_id,
        targets.recruiter_id,
        targets.recruiter_name,
        targets.role_title,
        targets.department,
        targets.seniority,
        targets.role_location,
        targets.is_open,
        targets.openings,
        targets.openings_source,
        targets.hires,
        targets.remaining_openings,
        targets.is_over_filled,
        targets.needs_hires,
        {{ dbt.datediff('targets.opened_at', 'coalesce(targets.closed_at, targets.as_of_date)', 'day') }} as days_open,
        cast(coalesce(in_flight.in_flight, 0) as bigint) as in_flight,
        {% for stage in stages %}
        cast(coalesce(in_flight.in_{{ stage }}, 0) as bigint) as in_{{ stage }},
        {% endfor %}
        cast(coalesce(in_flight.ageing, 0) as bigint) as ageing,
        targets.opened_at,
        targets.closed_at,
        cast(targets.target_days_to_fill as integer) as target_days_to_fill,
        targets.target_basis,
        targets.target_date,
        {{ dbt.datediff('targets.as_of_date', 'targets.target_date', 'day') }} as days_to_target
    from targets
    left join in_flight on in_flight.role_id = targets.role_id
)

select * from final
