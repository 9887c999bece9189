{#- Greenhouse onto the common ATS shape `changed_records`: one row per record this run's intake
    changed (intake_changes: rows removed 'old' and written 'new'), as the candidate it names with
    the identity keys of both images (a removed e-mail can still have linked someone), or as the
    role (a changed job). Changes of its lookup tables (contract/connectors/greenhouse.py) are read
    by int_ats__changed_keys. Empty after a full rebuild.
    Ephemeral: what this run changed is read once, by int_ats__changed_keys, and kept nowhere. -#}
{{ config(materialized='ephemeral') }}
with applications as (
    select application_id, candidate_id from {{ ref('stg_greenhouse__application') }}
    union all
    select id, candidate_id from {{ ref('stg_changes__greenhouse__application') }}
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
    inner join applications on applications.application_id = history.application_id
    union all
    select applications.candidate_id, null, null, null
    from {{ ref('stg_changes__greenhouse__job_application') }} as job_application
    inner join applications on applications.application_id = job_application.application_id
),

changed_roles as (
    select id as role_id from {{ ref('stg_changes__greenhouse__job') }}
),

final as (
    {{ ats_changed_records('candidate_records', 'changed_roles') }}
)

select * from final
