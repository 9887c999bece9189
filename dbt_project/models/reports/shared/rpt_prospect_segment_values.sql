{#- One row per (prospect, segment type): the value of every segment a rollup groups by, long,
    with the prospect's measures alongside, so each rollup is one aggregation without a join.
    `all` is the total; `a x b` types are combinations. A view: the unpivot streams into each
    rollup instead of writing 23 rows per prospect (230M at 10M prospects). -#}
{{ config(materialized='view') }}

{%- set measures = ['is_sourced', 'is_contacted', 'is_replied', 'is_interested', 'is_screened',
                    'is_interviewed', 'is_offered', 'is_hired', 'outcome', 'decline_reason',
                    'furthest_stage', 'hours_to_reply', 'touches_to_reply'] %}
{#- segment type (the column name the unpivot turns into a value) and the expression giving it -#}
{%- set segment_types = [
    ('all', "'all'"),
    ('channel', 'channel'),
    ('match_tier', 'match_tier'),
    ('title_match', 'title_match'),
    ('profile_detail', 'profile_detail'),
    ('rediscovery', 'rediscovery'),
    ('role', 'role_id'),
    ('department', 'department'),
    ('seniority', 'seniority'),
    ('recruiter', 'recruiter_id'),
    ('first_outreach_channel', 'first_outreach_channel'),
    ('sequence', 'first_sequence_id'),
    ('template', 'first_template_id'),
    ('first_touch_style', 'first_touch_style'),
    ('cohort_week', 'cohort_week'),
    ('cohort_month', 'cohort_month'),
    ('channel x match_tier', "channel || ' x ' || match_tier"),
    ('channel x title_match', "channel || ' x ' || title_match"),
    ('channel x profile_detail', "channel || ' x ' || profile_detail"),
    ('channel x rediscovery', "channel || ' x ' || rediscovery"),
    ('role x channel', "role_id || ' x ' || channel"),
    ('recruiter x role', "recruiter_id || ' x ' || role_id"),
] %}

with segments as (
    select * from {{ ref('fct_prospect_segments') }}
),

labelled as (
    select
        prospect_id,
        {{ measures | join(',\n        ') }},
        {%- for name, expression in segment_types %}
        {{ expression }} as {{ adapter.quote(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from segments
),

final as (
    select *
    from labelled
    unpivot (segment_value for segment_type in (
        {%- for name, expression in segment_types %}
        {{ adapter.quote(name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
)

select * from final
