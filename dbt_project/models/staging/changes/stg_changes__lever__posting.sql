{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__posting') }}
),

final as (
    select
        id,
        text,
        categories_department,
        categories_team,
        categories_location,
        state,
        owner_id,
        created_at,
        updated_at,
        _fivetran_deleted,
        _change
    from source
)

select * from final
