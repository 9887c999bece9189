{#- Contract §9.1. Grain: one row per (segment_type, segment_value, cohort_month, stage,
    window_days) with eligible > 0. Among contacted prospects of the segment (and cohort month of
    first contact; NULL = every cohort), how many had the whole window (eligible) and how many
    reached the stage within it (converted), from fct_prospect_windows. Extension columns: how
    many contacted prospects are still inside the window (not counted yet) and the as-of time. -#}
-- sqlfluff:exclude_rules:LT05,ST06,RF04,AM04,AL03,LT02
-- (LT02 too: sqlfluff misplaces the lines of a jinja loop whose items end in a templated comma)
{%- set segments = [('all', "'all'"), ('channel', 'channel'), ('first_outreach_channel', 'first_outreach_channel'),
                    ('match_tier', 'match_tier'), ('title_match', 'title_match'), ('role_id', 'role_id'),
                    ('recruiter_id', 'recruiter_id')] %}

with prospects as (
    select * from {{ ref('fct_prospect_windows') }}
),

as_of as (
    select as_of as data_as_of from {{ ref('int_data_as_of') }}
),

segmented as (
    {%- for segment_type, column in segments %}
    select
        '{{ segment_type }}' as segment_type,
        {{ column }} as segment_value,
        cohort_month,
        1 as contacted,
        {%- for days in window_lengths() %}
        is_eligible_{{ days }}d as eligible_{{ days }}d,
        {%- endfor %}
        {%- for stage, days in rate_windows() %}
        {{ stage }}_within_{{ days }}d{{ ',' if not loop.last }}
        {%- endfor %}
    from prospects
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

cohort_counts as (
    select
        segment_type,
        segment_value,
        cohort_month,
        {%- for column in windowed_counts() %}
        cast(sum({{ column }}) as bigint) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from segmented
    group by segment_type, segment_value, cohort_month
),

{# every cohort of a segment together (cohort_month null): the sums of its cohorts' counts #}
counts as (
    select * from cohort_counts
    union all
    select
        segment_type,
        segment_value,
        null as cohort_month,
        {%- for column in windowed_counts() %}
        cast(sum({{ column }}) as bigint) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from cohort_counts
    group by segment_type, segment_value
),

windowed as (
    {%- for stage, days in rate_windows() %}
    select
        segment_type,
        segment_value,
        cohort_month,
        '{{ stage }}' as stage,
        {{ days }} as window_days,
        contacted,
        eligible_{{ days }}d as eligible,
        {{ stage }}_within_{{ days }}d as converted
    from counts
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        windowed.segment_type,
        windowed.segment_value,
        windowed.cohort_month,
        windowed.stage,
        windowed.window_days,
        windowed.eligible,
        windowed.converted,
        {{ rate_columns('windowed.converted', 'windowed.eligible') }},
        windowed.eligible < {{ small_sample_threshold() }} as is_small_sample,
        windowed.contacted,
        windowed.contacted - windowed.eligible as in_window,
        as_of.data_as_of
    from windowed
    cross join as_of
    where windowed.eligible > 0
)

select * from final
