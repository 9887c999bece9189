{#- One row per (prospect, segment type): the value of every segment a rollup groups by, long,
    so one aggregation serves all of them. `all` is the total; `a x b` types are combinations. -#}
{{ config(materialized='incremental', incremental_strategy='replace_changed_candidates',
           unique_key='candidate_id', on_schema_change='fail') }}

with segments as (
    select * from {{ ref('fct_prospect_segments') }}
    where {{ changed_candidates_only('candidate_id') }}
),

labelled as (
    select
        prospect_id,
        candidate_id,
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
    on columns(* exclude (prospect_id, candidate_id))
    into name segment_type value segment_value
)

select * from final
