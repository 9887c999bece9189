{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__opportunity_stage_history') }}
),

final as (
    select
        opportunity_id,
        stage_id,
        updated_at,
        _change
    from source
)

select * from final
