{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'greenhouse__job_department') }}
),

final as (
    select
        job_id,
        department_id,
        _change
    from source
)

select * from final
