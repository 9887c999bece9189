{#- Lever onto the common ATS shape `candidates`: one row per contact (the person behind one or more
    opportunities), its CRM id from the most recently updated opportunity holding one. -#}
with final as (
    select
        contact_id as ats_candidate_id,
        crm_candidate_id,
        full_name
    from {{ ref('stg_lever__opportunity') }}
    qualify row_number() over (
        partition by contact_id
        order by crm_candidate_id is null, coalesce(updated_at, created_at) desc nulls last, opportunity_id desc
    ) = 1
)

select * from final
