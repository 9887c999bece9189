{#- What this run's intake changed in the connector tables (intake_changes: rows removed 'old' and
    written 'new'), as the ATS candidates and roles whose per-prospect facts may change, with the
    identity keys of both images (an e-mail that was removed can still have linked someone).
    One row per changed record: each connector's `int_ats_<connector>__changed_records` (a connector
    candidate, e-mail, link, application or history row names its ATS candidate; a changed Lever
    posting, a role, names its role and the ATS candidates who applied to it); a change to one of a
    connector's lookup tables (contract/connectors: jobs, stages, reasons, departments, sources, hiring
    teams, users) names every ATS candidate and role of that ATS. Read by int_changed_candidates;
    empty after a full rebuild. -#}
with changed_records as (
    {{ ats_union('changed_records', ['ats_candidate_id', 'role_id', 'crm_candidate_id', 'email', 'link']) }}
),

candidate_records as (
    select * from changed_records
    where role_id is null
),

changed_lookups as (
    {%- set lookups = [] %}
    {%- for connector in ats_connectors() %}
    {%- for name in connector.lookup_tables %}
    {%- do lookups.append((connector.name, name)) %}
    {%- endfor %}
    {%- endfor %}
    {%- for system, name in lookups %}
    {% if not loop.first %}union all{% endif %}
    select '{{ system }}' as source_system from {{ ref('stg_changes__' ~ system ~ '__' ~ name) }}
    {%- else %}
    select cast(null as string) as source_system where false
    {%- endfor %}
),

changed_systems as (
    select distinct source_system from changed_lookups
),

roles_of_changed_systems as (
    select role_id from {{ ref('int_ats__roles') }}
    where source_system in (select source_system from changed_systems)
    union all
    select role_id from changed_records
    where role_id is not null
),

final as (
    select
        ats_candidate_id,
        cast(null as string) as role_id,
        crm_candidate_id,
        {{ normalize_email('email') }} as email_normalized,
        case when {{ is_identity_link('link') }} then {{ normalize_linkedin_url('link') }} end
            as linkedin_url_normalized
    from candidate_records
    union all
    select
        ats_candidate_id,
        cast(null as string) as role_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email_normalized,
        cast(null as string) as linkedin_url_normalized
    from {{ ref('int_ats__candidates') }}
    where source_system in (select source_system from changed_systems)
    union all
    select
        cast(null as string) as ats_candidate_id,
        role_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email_normalized,
        cast(null as string) as linkedin_url_normalized
    from roles_of_changed_systems
)

select * from final
