{#- What this run's intake changed in the connector tables (intake_changes: rows removed 'old' and
    written 'new'), as the ATS candidates and roles whose per-prospect facts may change, with the
    identity keys of both images (an e-mail that was removed can still have linked someone).
    One row per changed record: a connector candidate, e-mail, link, application or history row
    names its ATS candidate; a changed Lever posting (a role: opened, closed, a seat filled) names
    its role and the ATS candidates who applied to it; a change to a lookup (jobs, stages, reasons,
    departments, sources, hiring teams, users) names every ATS candidate and role of that ATS. Read by
    int_changed_candidates; empty after a full rebuild. -#}
with greenhouse_applications as (
    select application_id, candidate_id from {{ ref('stg_greenhouse__application') }}
    union all
    select id, candidate_id from {{ ref('stg_changes__greenhouse__application') }}
),

lever_opportunities as (
    select opportunity_id, contact_id from {{ ref('stg_lever__opportunity') }}
    union all
    select id, contact from {{ ref('stg_changes__lever__opportunity') }}
),

candidate_records as (
    select id as ats_candidate_id, crm_candidate_id, cast(null as string) as email, cast(null as string) as link
    from {{ ref('stg_changes__greenhouse__candidate') }}
    union all
    select candidate_id, null, value, null from {{ ref('stg_changes__greenhouse__email_address') }}
    union all
    select candidate_id, null, null, value from {{ ref('stg_changes__greenhouse__social_media_address') }}
    union all
    select candidate_id, null, null, null from {{ ref('stg_changes__greenhouse__application') }}
    union all
    select applications.candidate_id, null, null, null
    from {{ ref('stg_changes__greenhouse__application_history') }} as history
    inner join greenhouse_applications as applications on applications.application_id = history.application_id
    union all
    select applications.candidate_id, null, null, null
    from {{ ref('stg_changes__greenhouse__job_application') }} as job_application
    inner join greenhouse_applications as applications on applications.application_id = job_application.application_id
    union all
    select contact, crm_candidate_id, null, null from {{ ref('stg_changes__lever__opportunity') }}
    union all
    select contact_id, null, email, null from {{ ref('stg_changes__lever__contact_email') }}
    union all
    select contact_id, null, null, link from {{ ref('stg_changes__lever__contact_link') }}
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_changes__lever__application') }} as lever_applications
    inner join lever_opportunities as opportunities on opportunities.opportunity_id = lever_applications.opportunity_id
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_changes__lever__opportunity_stage_history') }} as history
    inner join lever_opportunities as opportunities on opportunities.opportunity_id = history.opportunity_id
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_lever__application') }} as lever_applications
    inner join {{ ref('stg_changes__lever__posting') }} as postings on postings.id = lever_applications.posting_id
    inner join lever_opportunities as opportunities on opportunities.opportunity_id = lever_applications.opportunity_id
),

changed_lookups as (
    {%- set lookups = [
        ('greenhouse', ['job', 'job_stage', 'department', 'job_department', 'source', 'rejection_reason',
                        'user_email', 'hiring_team']),
        ('lever', ['stage', 'archive_reason', 'user']),
    ] %}
    {%- for system, tables in lookups %}
    {%- for name in tables %}
    {% if not loop.first or system != 'greenhouse' %}union all{% endif %}
    select '{{ system }}' as source_system from {{ ref('stg_changes__' ~ system ~ '__' ~ name) }}
    {%- endfor %}
    {%- endfor %}
),

changed_systems as (
    select distinct source_system from changed_lookups
),

roles_of_changed_systems as (
    select role_id from {{ ref('int_ats__roles') }}
    where source_system in (select source_system from changed_systems)
    union all
    select id from {{ ref('stg_changes__greenhouse__job') }}
    union all
    select id from {{ ref('stg_changes__lever__posting') }}
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
