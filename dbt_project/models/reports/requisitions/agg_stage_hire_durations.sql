{#- Grain: one row per (ATS stage before hired, day) with an event or a censoring: the counts a
    Kaplan-Meier curve of "hired within d days of reaching the stage" is built from
    (insights.survival.conversion_curve; the requisition triage asset). Every application (every
    source) that reached the stage counts: hired ones as an event on the day of the hire; the others
    are censored at the data's as-of time, rejected and withdrawn ones too (they are never hired,
    so they stay at risk until then: the curve is the share hired, not the share hired among those
    still in process). A skipped stage counts as reached when a later one was. -#}
{%- set stages = [
    ('application_review', 1, 'applied_at'),
    ('recruiter_screen', 2, 'screened_at'),
    ('interview', 3, 'interviewed_at'),
    ('final_interview', 4, 'final_interview_at'),
    ('offer', 5, 'offered_at'),
] %}

with applications as (
    select * from {{ ref('int_applications_summarized') }}
),

as_of as (
    select as_of from {{ ref('int_data_as_of') }}
),

reached as (
    {% for stage, stage_order, column in stages %}
    select
        '{{ stage }}' as stage,
        {{ stage_order }} as stage_order,
        cast({{ column }} as date) as reached_on,
        cast(hired_at as date) as hired_on
    from applications
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

durations as (
    select
        reached.stage,
        reached.stage_order,
        reached.hired_on is not null as is_hired,
        greatest(
            {{ dbt.datediff('reached.reached_on', 'coalesce(reached.hired_on, cast(as_of.as_of as date))', 'day') }}, 0
        ) as day
    from reached
    cross join as_of
),

final as (
    select
        stage,
        stage_order,
        day,
        count(*) filter (where is_hired) as events,
        count(*) filter (where not is_hired) as censored
    from durations
    group by stage, stage_order, day
)

select * from final
