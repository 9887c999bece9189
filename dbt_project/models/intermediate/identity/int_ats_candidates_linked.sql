{#- Contract §4: each ATS candidate links to at most one CRM candidate, by the first rule that
    gives exactly one match (CRM id, then normalized email, then normalized LinkedIn URL). A
    rule matching several CRM candidates links nothing; the next rule is still tried. An ATS
    candidate with several identity records (Greenhouse and Lever: one per e-mail and link)
    matches by any of them. -#}
with ats_candidates as (
    select * from {{ ref('int_ats__candidates') }}
),

ats_identities as (
    select * from {{ ref('int_ats__candidate_identities') }}
),

crm_candidates as (
    select * from {{ ref('int_crm_candidate_keys') }}
),

by_crm_id as (
    select
        ats.ats_candidate_id,
        count(distinct crm.candidate_id) as matches,
        min(crm.candidate_id) as candidate_id
    from ats_identities as ats
    inner join crm_candidates as crm on crm.candidate_id = ats.crm_candidate_id
    group by ats.ats_candidate_id
),

by_email as (
    select
        ats.ats_candidate_id,
        count(distinct crm.candidate_id) as matches,
        min(crm.candidate_id) as candidate_id
    from ats_identities as ats
    inner join crm_candidates as crm on crm.email_normalized = ats.email_normalized
    group by ats.ats_candidate_id
),

by_linkedin_url as (
    select
        ats.ats_candidate_id,
        count(distinct crm.candidate_id) as matches,
        min(crm.candidate_id) as candidate_id
    from ats_identities as ats
    inner join crm_candidates as crm on crm.linkedin_url_normalized = ats.linkedin_url_normalized
    group by ats.ats_candidate_id
),

resolved as (
    select
        ats.ats_candidate_id,
        ats.source_system,
        case
            when crm_id.matches = 1 then 'crm_candidate_id'
            when email.matches = 1 then 'email'
            when url.matches = 1 then 'linkedin_url'
        end as link_rule,
        coalesce(email.matches, 0) as email_matches,
        coalesce(url.matches, 0) as linkedin_url_matches,
        case
            when crm_id.matches = 1 then crm_id.candidate_id
            when email.matches = 1 then email.candidate_id
            when url.matches = 1 then url.candidate_id
        end as candidate_id
    from ats_candidates as ats
    left join by_crm_id as crm_id on crm_id.ats_candidate_id = ats.ats_candidate_id
    left join by_email as email on email.ats_candidate_id = ats.ats_candidate_id
    left join by_linkedin_url as url on url.ats_candidate_id = ats.ats_candidate_id
),

final as (
    select
        ats_candidate_id,
        source_system,
        candidate_id,
        link_rule,
        case
            when link_rule is not null then 'linked'
            when email_matches > 1 or linkedin_url_matches > 1 then 'ambiguous'
            else 'unlinked'
        end as link_status,
        case
            when link_rule is not null then null
            when email_matches > 1 and linkedin_url_matches > 1
                then 'email and LinkedIn URL each match several CRM candidates'
            when email_matches > 1 then 'email matches ' || email_matches || ' CRM candidates'
            when linkedin_url_matches > 1
                then 'LinkedIn URL matches ' || linkedin_url_matches || ' CRM candidates'
            else 'no CRM candidate with this id, email or LinkedIn URL'
        end as unlinked_reason
    from resolved
)

select * from final
