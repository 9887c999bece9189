{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__candidate') }}
),

final as (
    select
        id,
        first_name,
        last_name,
        crm_candidate_id,
        created_at,
        _fivetran_deleted,
        _change
    from source
)

select * from final
