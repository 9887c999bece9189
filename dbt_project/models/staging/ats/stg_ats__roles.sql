{#- Read by int_ats__roles alone, once per run: compiled into it (ephemeral) instead of a view built as a dbt node and a Dagster asset every run. -#}
{{ config(materialized='ephemeral') }}

with source as (
    select * from {{ source('intake', 'ats__roles') }}
),

final as (
    select
        role_id,
        recruiter_id,
        title as role_title,
        department,
        location as role_location,
        seniority,
        openings,
        opened_at,
        closed_at
    from source
)

select * from final
