{#- The CRM candidates whose per-prospect facts this run may have changed, from the rows the
    intake removed or wrote (intake_changes, both images). Conservative: a candidate is listed
    when any of its prospects, their messages or responses, the roles they are for, or an ATS
    candidate that is or was linkable to it (contract §4: CRM id, email or LinkedIn URL), with
    its applications and stage events, changed. Connector tables (Greenhouse, Lever) reach it
    through int_ats__changed_keys. Empty after a full rebuild (nothing is kept). -#}
with changed_crm_candidates as (
    select
        candidate_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_linkedin_url('linkedin_url') }} as linkedin_url_normalized
    from {{ ref('stg_changes__sourcing__candidates') }}
),

changed_prospects as (
    select prospect_id, candidate_id, role_id
    from {{ ref('stg_changes__sourcing__prospects') }}
),

prospects as (
    select prospect_id, candidate_id, role_id from {{ ref('stg_sourcing__prospects') }}
    union all
    select prospect_id, candidate_id, role_id from changed_prospects
),

touched_prospect_ids as (
    select prospect_id from {{ ref('stg_changes__outreach__messages') }}
    union all
    select prospect_id from {{ ref('stg_changes__outreach__responses') }}
),

connector_changes as (
    select * from {{ ref('int_ats__changed_keys') }}
),

applications as (
    select application_id, ats_candidate_id from {{ ref('int_ats__applications') }}
    union all
    select application_id, ats_candidate_id from {{ ref('stg_changes__ats__applications') }}
),

ats_candidates as (
    select ats_candidate_id, crm_candidate_id, email_normalized, linkedin_url_normalized
    from {{ ref('int_ats__candidate_identities') }}
    union all
    select ats_candidate_id, crm_candidate_id, email_normalized, linkedin_url_normalized
    from connector_changes
    where ats_candidate_id is not null
    union all
    select
        ats_candidate_id,
        crm_candidate_id,
        {{ normalize_email('email') }},
        {{ normalize_linkedin_url('linkedin_url') }}
    from {{ ref('stg_changes__ats__candidates') }}
),

crm_candidates as (
    select candidate_id, email_normalized, linkedin_url_normalized
    from {{ ref('int_crm_candidate_keys') }}
    union all
    select * from changed_crm_candidates
),

touched_ats_ids as (
    select ats_candidate_id from {{ ref('stg_changes__ats__candidates') }}
    union all
    select ats_candidate_id from {{ ref('stg_changes__ats__applications') }}
    union all
    select applications.ats_candidate_id
    from {{ ref('stg_changes__ats__stage_events') }} as events
    inner join applications on applications.application_id = events.application_id
    union all
    select ats_candidate_id from connector_changes where ats_candidate_id is not null
    union all
    {{ identity_key_pairs('ats.ats_candidate_id', 'ats_candidates', 'changed_crm_candidates') }}
),

touched_ats as (
    select * from ats_candidates
    where ats_candidate_id in (select ats_candidate_id from touched_ats_ids)
),

linkable_candidates as (
    {{ identity_key_pairs('crm.candidate_id', 'touched_ats', 'crm_candidates') }}
),

final as (
    select candidate_id from changed_crm_candidates
    union
    select candidate_id from changed_prospects
    union
    select prospects.candidate_id
    from prospects
    inner join touched_prospect_ids on touched_prospect_ids.prospect_id = prospects.prospect_id
    union
    select prospects.candidate_id
    from prospects
    inner join {{ ref('stg_changes__ats__roles') }} as roles on roles.role_id = prospects.role_id
    union
    select prospects.candidate_id
    from prospects
    inner join connector_changes on connector_changes.role_id = prospects.role_id
    union
    select candidate_id from linkable_candidates
)

select candidate_id from final
where candidate_id is not null
