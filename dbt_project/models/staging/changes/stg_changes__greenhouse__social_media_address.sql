{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__social_media_address') }}
),

final as (
    select
        candidate_id,
        index,
        value,
        _change
    from source
)

select * from final
