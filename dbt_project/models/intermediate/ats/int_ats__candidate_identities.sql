{#- One row per identity record of an ATS candidate, with the normalized keys of contract §4 it
    carries: a contract candidate's row (CRM id, e-mail and LinkedIn URL as exported); for a
    connector (`int_ats_<connector>__identities`) one row per candidate with its CRM id, one per
    e-mail address and one per LinkedIn link, so a person with two e-mails is found by either. -#}
with contract_keys as (
    select
        ats_candidate_id,
        crm_candidate_id,
        email_normalized,
        linkedin_url_normalized
    from {{ ref('stg_ats__candidates') }}
),

connector_keys as (
    {{ ats_union('identities', ['ats_candidate_id', 'crm_candidate_id', 'email_normalized', 'linkedin_url_normalized']) }}
),

final as (
    select * from contract_keys
    union all
    select * from connector_keys
)

select * from final
