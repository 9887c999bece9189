{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'ats__applications') }}
),

final as (
    select
        application_id,
        ats_candidate_id,
        role_id,
        applied_at,
        source,
        _change
    from source
)

select * from final
