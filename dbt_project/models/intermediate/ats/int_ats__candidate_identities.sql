{#- One row per identity record of an ATS candidate, with the normalized keys of contract §4 it
    carries: a contract candidate's row (CRM id, e-mail and LinkedIn URL as exported); for
    Greenhouse and Lever one row per candidate with its CRM id, one per e-mail address and one per
    LinkedIn link, so a person with two e-mails is found by either. -#}
with candidates as (
    select * from {{ ref('int_ats__candidates') }}
),

contract_keys as (
    select
        ats_candidate_id,
        crm_candidate_id,
        email_normalized,
        linkedin_url_normalized
    from {{ ref('stg_ats__candidates') }}
),

connector_crm_ids as (
    select
        ats_candidate_id,
        crm_candidate_id,
        cast(null as string) as email_normalized,
        cast(null as string) as linkedin_url_normalized
    from candidates
    where source_system <> 'contract' and crm_candidate_id is not null
),

connector_emails as (
    select candidate_id as ats_candidate_id, email_normalized from {{ ref('stg_greenhouse__email_address') }}
    union all
    select contact_id, email_normalized from {{ ref('stg_lever__contact_email') }}
),

connector_links as (
    select candidate_id as ats_candidate_id, linkedin_url_normalized
    from {{ ref('stg_greenhouse__social_media_address') }}
    union all
    select contact_id, linkedin_url_normalized from {{ ref('stg_lever__contact_link') }}
),

final as (
    select * from contract_keys
    union all
    select * from connector_crm_ids
    union all
    select
        emails.ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        emails.email_normalized,
        cast(null as string) as linkedin_url_normalized
    from connector_emails as emails
    inner join candidates on candidates.ats_candidate_id = emails.ats_candidate_id
    where emails.email_normalized is not null
    union all
    select
        links.ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email_normalized,
        links.linkedin_url_normalized
    from connector_links as links
    inner join candidates on candidates.ats_candidate_id = links.ats_candidate_id
    where links.linkedin_url_normalized is not null
)

select * from final
