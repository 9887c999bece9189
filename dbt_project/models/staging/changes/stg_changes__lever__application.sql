{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__application') }}
),

final as (
    select
        id,
        opportunity_id,
        posting_id,
        created_at,
        _change
    from source
)

select * from final
