{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'ats__roles') }}
),

final as (
    select
        role_id,
        title,
        department,
        location,
        seniority,
        recruiter_id,
        opened_at,
        closed_at,
        openings,
        _change
    from source
)

select * from final
