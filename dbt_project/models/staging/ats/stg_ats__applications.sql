{#- Read by int_ats__applications alone, once per run: compiled into it (ephemeral) instead of a view built as a dbt node and a Dagster asset every run. -#}
{{ config(materialized='ephemeral') }}

with source as (
    select * from {{ source('intake', 'ats__applications') }}
),

final as (
    select
        application_id,
        ats_candidate_id,
        role_id,
        source as application_source,
        applied_at
    from source
)

select * from final
