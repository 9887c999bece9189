{#- One row per ATS application of every ATS shape (docs/bring-your-own-data.md): the contract's
    ats/applications as exported, and every connector's (`int_ats_<connector>__applications`):
    - Greenhouse: applications that are not prospects, of a candidate and a job not deleted;
    - Lever: opportunities with a posting that left the lead stages (applied_at: when they first
      entered a stage that is not a lead stage).
    Application and candidate ids are the ATS's own (Lever: opportunity and contact ids). -#}
with contract_applications as (
    select * from {{ ref('stg_ats__applications') }}
),

connector_applications as (
    {{ ats_union('applications', [
        'application_id', 'source_system', 'ats_candidate_id', 'role_id', 'application_source', 'applied_at',
    ]) }}
),

final as (
    select
        application_id,
        'contract' as source_system,
        ats_candidate_id,
        role_id,
        application_source,
        applied_at
    from contract_applications
    union all
    select * from connector_applications
)

select * from final
