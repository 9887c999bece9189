{#- Contract §5: one prospect per (candidate, role). Every prospect row points at the merged
    prospect: the row with the earliest sourced_at, ties by the smallest prospect_id. -#}
{{ config(materialized='incremental', unique_key='candidate_id', on_schema_change='fail') }}

with prospects as (
    select * from {{ ref('stg_sourcing__prospects') }}
    where {{ changed_candidates_only('candidate_id') }}
),

ranked as (
    select
        prospects.*,
        first_value(prospect_id) over (
            partition by candidate_id, role_id
            order by sourced_at, prospect_id
        ) as merged_prospect_id
    from prospects
),

final as (
    select
        prospect_id,
        merged_prospect_id,
        candidate_id,
        role_id,
        recruiter_id,
        channel,
        title_match,
        match_score,
        prospect_id = merged_prospect_id as is_merged_survivor,
        sourced_at
    from ranked
)

select * from final
