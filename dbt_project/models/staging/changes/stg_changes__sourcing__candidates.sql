{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'sourcing__candidates') }}
),

final as (
    select
        candidate_id,
        full_name,
        email,
        linkedin_url,
        current_title,
        current_company,
        location,
        profile_detail,
        created_at,
        _change
    from source
)

select * from final
