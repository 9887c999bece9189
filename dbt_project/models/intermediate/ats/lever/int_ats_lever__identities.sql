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
    {{ ats_identity_rows('candidates', 'emails', 'links') }}
)

select * from final
