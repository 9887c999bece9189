{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__contact_link') }}
),

final as (
    select
        contact_id,
        link,
        _change
    from source
)

select * from final
