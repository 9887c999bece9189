{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'ats__stage_events') }}
),

final as (
    select
        event_id,
        application_id,
        stage,
        entered_at,
        reason,
        _change
    from source
)

select * from final
