{#- One row per ATS candidate (a person in the ATS) of every ATS shape: the contract's
    ats/candidates and every connector's people (`int_ats_<connector>__candidates`: Greenhouse
    candidates not deleted, Lever contacts). Their identity keys are in int_ats__candidate_identities;
    full_name is for display where a person reads (stage ageing), never an identity key. -#}
with contract_candidates as (
    select * from {{ ref('stg_ats__candidates') }}
),

connector_candidates as (
    {{ ats_union('candidates', ['ats_candidate_id', 'source_system', 'crm_candidate_id', 'full_name']) }}
),

final as (
    select
        ats_candidate_id,
        'contract' as source_system,
        crm_candidate_id,
        full_name
    from contract_candidates
    union all
    select * from connector_candidates
)

select * from final
