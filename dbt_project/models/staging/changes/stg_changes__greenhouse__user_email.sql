{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__user_email') }}
),

final as (
    select
        user_id,
        email,
        _change
    from source
)

select * from final
