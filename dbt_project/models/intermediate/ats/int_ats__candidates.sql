{#- One row per ATS candidate (a person in the ATS) of every ATS shape: the contract's
    ats/candidates, Greenhouse candidates (not deleted) and Lever contacts (the person behind
    one or more opportunities; its CRM id from the most recently updated opportunity holding one).
    Their identity keys are in int_ats__candidate_identities; full_name is for display where a
    person reads (stage ageing), never an identity key. -#}
with contract_candidates as (
    select * from {{ ref('stg_ats__candidates') }}
),

greenhouse_candidates as (
    select * from {{ ref('stg_greenhouse__candidate') }}
),

lever_contacts as (
    select
        contact_id,
        crm_candidate_id,
        full_name
    from {{ ref('stg_lever__opportunity') }}
    qualify row_number() over (
        partition by contact_id
        order by crm_candidate_id is null, coalesce(updated_at, created_at) desc nulls last, opportunity_id desc
    ) = 1
),

final as (
    select
        ats_candidate_id,
        'contract' as source_system,
        crm_candidate_id,
        full_name
    from contract_candidates
    union all
    select
        candidate_id as ats_candidate_id,
        'greenhouse' as source_system,
        crm_candidate_id,
        full_name
    from greenhouse_candidates
    union all
    select
        contact_id as ats_candidate_id,
        'lever' as source_system,
        crm_candidate_id,
        full_name
    from lever_contacts
)

select * from final
