{#- Grain: one row per run that applied erasure requests or retention (contract §8). Counts only:
    the requests themselves are kept as one-way hashes in the intake, never here. -#}
with erasure_log as (
    select * from {{ ref('stg_audit__erasure_log') }}
),

final as (
    select
        applied_at,
        requests_by_crm_candidate_id,
        requests_by_email,
        requests_by_linkedin_url,
        requests_by_crm_candidate_id + requests_by_email + requests_by_linkedin_url as request_keys,
        requests_matched,
        retention_candidates,
        crm_candidates_anonymized,
        ats_candidates_anonymized,
        prospects_anonymized,
        rows_anonymized
    from erasure_log
)

select * from final
