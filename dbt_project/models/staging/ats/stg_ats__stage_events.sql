{#- Read by int_ats__stage_events alone, once per run: compiled into it (ephemeral) instead of a view built as a dbt node and a Dagster asset every run. -#}
{{ config(materialized='ephemeral') }}

with source as (
    select * from {{ source('intake', 'ats__stage_events') }}
),

final as (
    select
        event_id,
        application_id,
        stage,
        {{ ats_stage_progress('stage') }} as stage_progress,
        reason as stage_reason,
        entered_at
    from source
)

select * from final
