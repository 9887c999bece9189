{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__archive_reason') }}
),

final as (
    select
        id,
        text,
        _fivetran_deleted,
        _change
    from source
)

select * from final
