{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__email_address') }}
),

final as (
    select
        candidate_id,
        index,
        value,
        type,
        _change
    from source
)

select * from final
