{#- Grain: one row per ATS stage before hired. Of the applications (every source) that reached
    the stage, those that had the whole window (reached it at least hire_window_days before the
    data's as-of time) are eligible, and converted when hired within the window: a windowed
    stage-to-hire rate, not biased by recent applications that had no time yet. A skipped stage
    counts as reached when a later one was (int_applications_summarized). median_days_to_hire:
    days from reaching the stage to the hire, among those converted. -#}
{%- set stages = [
    ('application_review', 1, 'applied_at'),
    ('recruiter_screen', 2, 'screened_at'),
    ('interview', 3, 'interviewed_at'),
    ('final_interview', 4, 'final_interview_at'),
    ('offer', 5, 'offered_at'),
] %}
{%- set window_days = work_list_rule('hire_window_days') %}

with applications as (
    select * from {{ ref('int_applications_summarized') }}
),

as_of as (
    select * from {{ ref('int_data_as_of') }}
),

reached as (
    {% for stage, stage_order, column in stages %}
    select
        '{{ stage }}' as stage,
        {{ stage_order }} as stage_order,
        application_id,
        {{ column }} as reached_at,
        hired_at
    from applications
    where {{ column }} is not null
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

windowed as (
    select
        reached.stage,
        reached.stage_order,
        reached.hired_at <= reached.reached_at + interval {{ window_days }} day as is_converted,
        {{ dbt.datediff('reached.reached_at', 'reached.hired_at', 'second') }} / 86400e0 as days_to_hire
    from reached
    cross join as_of
    where reached.reached_at + interval {{ window_days }} day <= as_of.as_of
),

counts as (
    select
        stage,
        stage_order,
        count(*) as eligible,
        count(*) filter (where is_converted) as hired,
        median(days_to_hire) filter (where is_converted) as median_days_to_hire
    from windowed
    group by stage, stage_order
),

final as (
    select
        stage,
        stage_order,
        {{ window_days }} as window_days,
        eligible,
        hired,
        {{ rate_columns('hired', 'eligible', 'hire') }},
        {{ round_double('median_days_to_hire', 1) }} as median_days_to_hire,
        eligible < {{ small_sample_threshold() }} as is_small_sample
    from counts
)

select * from final
