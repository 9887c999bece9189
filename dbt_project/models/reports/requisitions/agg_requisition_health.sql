{#- Grain: one row per requisition (role). Openings against hires (ATS hires from every source),
    days open, the applications still in process by their current ATS stage, and what they are
    expected to bring: expected_hires = sum over stages of people in flight x that stage's
    windowed stage-to-hire rate (agg_stage_to_hire). expected_days_to_fill: counting from the
    furthest stage back, the median days to hire of the stage at which the people in flight are
    expected to fill the remaining openings; when they are not, the median days from first contact
    to hire of a new outbound candidate (median days from first contact to hire, fct_prospect_funnel). An open role with openings left is at
    risk when nobody is in process, when the people in process are expected to bring fewer hires
    than the openings left, or when it has been open longer than 3 in 4 past hires took from their
    role's opening; risk_reason says which, with the figures. The interval of expected hires is
    computed from these counts by the dashboards (dashboards/forecast.py). -#}
{%- set stages = ['application_review', 'recruiter_screen', 'interview', 'final_interview', 'offer'] %}

with roles as (
    select * from {{ ref('dim_roles') }}
),

applications as (
    select * from {{ ref('int_applications_summarized') }}
),

stage_rates as (
    select * from {{ ref('agg_stage_to_hire') }}
),

new_candidate_lag as (
    select median({{ dbt.datediff('contacted_at', 'hired_at', 'second') }} / 86400e0) as days_to_hire
    from {{ ref('fct_prospect_funnel') }}
    where hired_at is not null
),

as_of as (
    select cast(as_of as date) as as_of_date from {{ ref('int_data_as_of') }}
),

hires as (
    select
        role_id,
        count(*) as hires
    from applications
    where hired_at is not null
    group by role_id
),

history as (
    select
        percentile_cont(0.75) within group (
            order by {{ dbt.datediff('roles.opened_at', 'cast(applications.hired_at as date)', 'day') }}
        )
            as p75_days_to_hire
    from applications
    inner join roles on roles.role_id = applications.role_id
    where applications.hired_at is not null
),

in_flight as (
    select
        role_id,
        coalesce(latest_stage, 'application_review') as stage,
        count(*) as people
    from applications
    where hired_at is null and coalesce(latest_stage, 'application_review') not in ('rejected', 'withdrawn')
    group by role_id, coalesce(latest_stage, 'application_review')
),

needs as (
    select
        roles.*,
        coalesce(hires.hires, 0) as hires,
        greatest(roles.openings - coalesce(hires.hires, 0), 0) as remaining_openings
    from roles
    left join hires on hires.role_id = roles.role_id
),

forecast as (
    select
        in_flight.role_id,
        in_flight.stage,
        {{ ats_stage_progress('in_flight.stage') }} as stage_order,
        in_flight.people,
        in_flight.people * stage_rates.hire_rate as expected_hires,
        stage_rates.median_days_to_hire
    from in_flight
    left join stage_rates on stage_rates.stage = in_flight.stage
),

cumulative as (
    select
        forecast.*,
        needs.remaining_openings,
        sum(forecast.expected_hires) over (
            partition by forecast.role_id order by forecast.stage_order desc
            rows between unbounded preceding and current row
        ) as expected_hires_from_here
    from forecast
    inner join needs on needs.role_id = forecast.role_id
),

pipeline as (
    select
        role_id,
        cast(sum(people) as bigint) as in_flight,
        {% for stage in stages %}
        cast(coalesce(sum(people) filter (where stage = '{{ stage }}'), 0) as bigint) as in_{{ stage }},
        {% endfor %}
        coalesce(sum(expected_hires), 0) as expected_hires,
        {{ arg_max('median_days_to_hire', ['stage_order']) }} filter (
            where remaining_openings > 0 and expected_hires_from_here >= remaining_openings
        ) as days_to_fill_from_in_flight
    from cumulative
    group by role_id
),

measured as (
    select
        needs.*,
        {{ dbt.datediff('needs.opened_at', 'coalesce(needs.closed_at, as_of.as_of_date)', 'day') }} as days_open,
        coalesce(pipeline.in_flight, 0) as in_flight,
        {% for stage in stages %}
        coalesce(pipeline.in_{{ stage }}, 0) as in_{{ stage }},
        {% endfor %}
        coalesce(pipeline.expected_hires, 0) as expected_hires,
        pipeline.days_to_fill_from_in_flight,
        new_candidate_lag.days_to_hire as days_to_hire_new_candidate,
        history.p75_days_to_hire
    from needs
    cross join as_of
    cross join history
    left join new_candidate_lag on true
    left join pipeline on pipeline.role_id = needs.role_id
),

flagged as (
    select
        *,
        is_open and remaining_openings > 0 as needs_hires,
        case
            when is_open and remaining_openings > 0 and in_flight = 0 then printf(
                'Nobody in process for %d open seat%s', remaining_openings,
                case when remaining_openings = 1 then '' else 's' end
            )
        end as reason_no_pipeline,
        case
            when is_open and remaining_openings > 0 and in_flight > 0 and expected_hires < remaining_openings
                then printf(
                    '%d in process, expected to bring %.1f hire%s for %d open seat%s', in_flight,
                    {{ printf_fixed('expected_hires', 1) }},
                    case when {{ round_double('expected_hires', 1) }} = 1 then '' else 's' end, remaining_openings,
                    case when remaining_openings = 1 then '' else 's' end
                )
        end as reason_thin_pipeline,
        case
            when is_open and remaining_openings > 0 and days_open > p75_days_to_hire then printf(
                'Open %d days; 3 in 4 past hires came within %d days of their role opening',
                days_open, cast(round(p75_days_to_hire) as integer)
            )
        end as reason_slow
    from measured
),

final as (
    select
        role_id,
        recruiter_id,
        role_title,
        department,
        seniority,
        role_location,
        is_open,
        openings,
        hires,
        remaining_openings,
        days_open,
        in_flight,
        {% for stage in stages %}
        in_{{ stage }},
        {% endfor %}
        {{ round_double('expected_hires', 2) }} as expected_hires,
        case
            when needs_hires then round(coalesce(days_to_fill_from_in_flight, days_to_hire_new_candidate))
        end as expected_days_to_fill,
        case
            when needs_hires and days_to_fill_from_in_flight is not null then 'people_in_process'
            when needs_hires then 'new_candidates'
        end as fill_from,
        case
            when not is_open then 'closed'
            when remaining_openings = 0 then 'filled'
            when coalesce(reason_no_pipeline, reason_thin_pipeline, reason_slow) is not null then 'at_risk'
            else 'on_track'
        end as status,
        nullif(concat_ws('; ', reason_no_pipeline, reason_thin_pipeline, reason_slow), '') as risk_reason,
        round(p75_days_to_hire) as p75_days_to_hire,
        opened_at,
        closed_at
    from flagged
)

select * from final
