{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'ats__candidates') }}
),

final as (
    select
        ats_candidate_id,
        full_name,
        email,
        linkedin_url,
        crm_candidate_id,
        _change
    from source
)

select * from final
