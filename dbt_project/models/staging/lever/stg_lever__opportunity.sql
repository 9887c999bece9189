{#- Lever opportunities: one candidacy of one person (the contact). Consent fields: whether the
    person allows being contacted, and until when. -#}
with source as (
    select * from {{ source('intake', 'lever__opportunity') }}
),

final as (
    select
        id as opportunity_id,
        contact as contact_id,
        crm_candidate_id,
        stage_id,
        archived_reason_id,
        name as full_name,
        origin,
        data_protection_contact_allowed as contact_allowed,
        data_protection_contact_expires_at as contact_expires_at,
        archived_at,
        created_at,
        updated_at
    from source
)

select * from final
