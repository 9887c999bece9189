{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__application_history') }}
),

final as (
    select
        application_id,
        updated_at,
        new_stage_id,
        new_status,
        _change
    from source
)

select * from final
