{#- One row per role (requisition) of every ATS shape: the contract's ats/roles and every
    connector's roles (`int_ats_<connector>__roles`: Greenhouse jobs, Lever postings; role_id = the
    job or posting id, which the sourcing exports name). A connector role's recruiter is the team
    recruiter whose e-mail is that of its ATS recruiter or owner; its seniority comes from its title
    through the ATS mapping. Openings: the contract's `openings`; a Greenhouse job's openings that are
    open or were filled; a Lever posting's requisitions' headcount. A connector role without such rows
    is assumed to want one hire (openings_source says which). -#}
with contract_roles as (
    select * from {{ ref('stg_ats__roles') }}
),

connector_roles as (
    {{ ats_union('roles', [
        'role_id', 'source_system', 'recruiter_id', 'role_title', 'department', 'role_location', 'seniority',
        'openings', 'openings_source', 'opened_at', 'closed_at',
    ]) }}
),

final as (
    select
        role_id,
        'contract' as source_system,
        recruiter_id,
        role_title,
        department,
        role_location,
        seniority,
        openings,
        'ats_roles' as openings_source,
        opened_at,
        closed_at
    from contract_roles
    union all
    select * from connector_roles
)

select * from final
