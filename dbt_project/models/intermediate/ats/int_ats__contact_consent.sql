{#- One row per ATS candidate whose ATS records consent to being contacted (Lever's
    data_protection fields, as on the person's most recently updated opportunity that has them):
    whether contact is allowed and until when. Feeds the `contact_without_consent` guardrail. -#}
with opportunities as (
    select * from {{ ref('stg_lever__opportunity') }}
    where contact_allowed is not null or contact_expires_at is not null
),

final as (
    select
        contact_id as ats_candidate_id,
        'lever' as source_system,
        contact_allowed,
        contact_expires_at
    from opportunities
    qualify row_number() over (partition by contact_id order by updated_at desc, opportunity_id desc) = 1
)

select * from final
