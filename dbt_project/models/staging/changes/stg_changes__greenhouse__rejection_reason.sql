{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__rejection_reason') }}
),

final as (
    select
        id,
        reason,
        rejection_reason_type_name,
        _fivetran_deleted,
        _change
    from source
)

select * from final
