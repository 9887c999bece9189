{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__job') }}
),

final as (
    select
        id,
        name,
        requisition_id,
        status,
        created_at,
        closed_at,
        _fivetran_deleted,
        _change
    from source
)

select * from final
