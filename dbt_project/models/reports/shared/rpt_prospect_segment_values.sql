{#- One row per (prospect, segment type): the value of every segment a rollup groups by, long,
    with the prospect's measures alongside, so each rollup is one aggregation without a join.
    `all` is the total; `a x b` types are combinations. A view: the unpivot streams into each
    rollup instead of writing 23 rows per prospect (230M at 10M prospects). -#}
{{ config(materialized='view') }}

{%- set measures = ['is_sourced', 'is_contacted', 'is_replied', 'is_interested', 'is_screened',
                    'is_interviewed', 'is_offered', 'is_hired', 'outcome', 'decline_reason',
                    'furthest_stage', 'hours_to_reply', 'touches_to_reply'] %}

with segments as (
    select * from {{ ref('fct_prospect_segments') }}
),

labelled as (
    select
        prospect_id,
        {{ measures | join(',\n        ') }},
        'all' as "all",
        channel,
        match_tier,
        title_match,
        profile_detail,
        rediscovery,
        role_id as "role",
        department,
        seniority,
        recruiter_id as recruiter,
        first_outreach_channel,
        first_sequence_id as "sequence",
        first_template_id as template,
        first_touch_style,
        cohort_week,
        cohort_month,
        channel || ' x ' || match_tier as "channel x match_tier",
        channel || ' x ' || title_match as "channel x title_match",
        channel || ' x ' || profile_detail as "channel x profile_detail",
        channel || ' x ' || rediscovery as "channel x rediscovery",
        role_id || ' x ' || channel as "role x channel",
        recruiter_id || ' x ' || role_id as "recruiter x role"
    from segments
),

final as (
    unpivot labelled
    on columns(* exclude (prospect_id, {{ measures | join(', ') }}))
    into name segment_type value segment_value
)

select * from final
