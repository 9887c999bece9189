{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__hiring_team') }}
),

final as (
    select
        job_id,
        user_id,
        role,
        _change
    from source
)

select * from final
