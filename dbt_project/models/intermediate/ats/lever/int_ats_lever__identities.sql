{#- Lever onto the common ATS shape `identities`: one row per identity record of a contact: its CRM
    id, each e-mail address and each LinkedIn link, so a person with two e-mails is found by either. -#}
with candidates as (
    select * from {{ ref('int_ats_lever__candidates') }}
),

emails as (
    select
        emails.contact_id as ats_candidate_id,
        emails.email_normalized
    from {{ ref('stg_lever__contact_email') }} as emails
    inner join candidates on candidates.ats_candidate_id = emails.contact_id
    where emails.email_normalized is not null
),

links as (
    select
        links.contact_id as ats_candidate_id,
        links.linkedin_url_normalized
    from {{ ref('stg_lever__contact_link') }} as links
    inner join candidates on candidates.ats_candidate_id = links.contact_id
    where links.linkedin_url_normalized is not null
),

final as (
    select
        ats_candidate_id,
        crm_candidate_id,
        cast(null as string) as email_normalized,
        cast(null as string) as linkedin_url_normalized
    from candidates
    where crm_candidate_id is not null
    union all
    select
        ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        email_normalized,
        cast(null as string) as linkedin_url_normalized
    from emails
    union all
    select
        ats_candidate_id,
        cast(null as string) as crm_candidate_id,
        cast(null as string) as email_normalized,
        linkedin_url_normalized
    from links
)

select * from final
