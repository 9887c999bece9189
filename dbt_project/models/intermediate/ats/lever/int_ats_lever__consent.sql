{#- Lever onto the common ATS shape `consent`: one row per contact whose opportunities carry Lever's
    data_protection fields, as on the most recently updated opportunity that has them: whether
    contact is allowed and until when. -#}
with opportunities as (
    select * from {{ ref('stg_lever__opportunity') }}
    where contact_allowed is not null or contact_expires_at is not null
),

final as (
    select
        contact_id as ats_candidate_id,
        contact_allowed,
        contact_expires_at
    from opportunities
    qualify row_number() over (partition by contact_id order by updated_at desc, opportunity_id desc) = 1
)

select * from final
