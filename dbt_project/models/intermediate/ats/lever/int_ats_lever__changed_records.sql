{#- Lever onto the common ATS shape `changed_records`: one row per record this run's intake changed
    (intake_changes: rows removed 'old' and written 'new'), as the contact it names with the identity
    keys of both images (a removed e-mail can still have linked someone); a changed posting (a role:
    opened, closed, a seat filled) names its role and the contacts who applied to it. Changes of its
    lookup tables (contract/connectors/lever.py) are read by int_ats__changed_keys. Empty after a full
    rebuild.
    Ephemeral: what this run changed is read once, by int_ats__changed_keys, and kept nowhere. -#}
{{ config(materialized='ephemeral') }}
with opportunities as (
    select opportunity_id, contact_id from {{ ref('stg_lever__opportunity') }}
    union all
    select id, contact from {{ ref('stg_changes__lever__opportunity') }}
),

candidate_records as (
    select
        contact as ats_candidate_id,
        crm_candidate_id,
        cast(null as string) as email,
        cast(null as string) as link
    from {{ ref('stg_changes__lever__opportunity') }}
    union all
    select contact_id, null, email, null from {{ ref('stg_changes__lever__contact_email') }}
    union all
    select contact_id, null, null, link from {{ ref('stg_changes__lever__contact_link') }}
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_changes__lever__application') }} as lever_applications
    inner join opportunities on opportunities.opportunity_id = lever_applications.opportunity_id
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_changes__lever__opportunity_stage_history') }} as history
    inner join opportunities on opportunities.opportunity_id = history.opportunity_id
    union all
    select opportunities.contact_id, null, null, null
    from {{ ref('stg_lever__application') }} as lever_applications
    inner join {{ ref('stg_changes__lever__posting') }} as postings on postings.id = lever_applications.posting_id
    inner join opportunities on opportunities.opportunity_id = lever_applications.opportunity_id
),

changed_roles as (
    select id as role_id from {{ ref('stg_changes__lever__posting') }}
),

final as (
    {{ ats_changed_records('candidate_records', 'changed_roles') }}
)

select * from final
