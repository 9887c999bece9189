{#- One row per ATS candidate whose ATS records consent to being contacted (the connectors with a
    `consent` shape, `int_ats_<connector>__consent`: Lever's data_protection fields): whether contact
    is allowed and until when. Feeds the `contact_without_consent` guardrail. -#}
with final as (
    {{ ats_union('consent', ['ats_candidate_id', 'source_system', 'contact_allowed', 'contact_expires_at']) }}
)

select * from final
