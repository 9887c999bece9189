{#- Generated from contract/tables.py by `python -m contract.dbt`: do not edit. -#}
with source as (
    select * from {{ source('intake_changes', 'lever__opportunity') }}
),

final as (
    select
        id,
        contact,
        name,
        origin,
        stage_id,
        archived_at,
        archived_reason_id,
        created_at,
        updated_at,
        data_protection_contact_allowed,
        data_protection_contact_expires_at,
        crm_candidate_id,
        _change
    from source
)

select * from final
