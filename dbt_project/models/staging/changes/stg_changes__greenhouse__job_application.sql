{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__job_application') }}
),

final as (
    select
        application_id,
        job_id,
        _change
    from source
)

select * from final
