with source as (
    select * from {{ source('audit', 'erasure_log') }}
),

final as (
    select
        applied_at,
        requests_by_crm_candidate_id,
        requests_by_email,
        requests_by_linkedin_url,
        requests_matched,
        retention_candidates,
        crm_candidates_anonymized,
        ats_candidates_anonymized,
        prospects_anonymized,
        rows_anonymized
    from source
)

select * from final
