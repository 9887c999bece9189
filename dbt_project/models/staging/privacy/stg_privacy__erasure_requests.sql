with source as (
    select * from {{ source('intake', 'privacy__erasure_requests') }}
),

final as (
    select
        crm_candidate_id,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_linkedin_url('linkedin_url') }} as linkedin_url_normalized,
        requested_at
    from source
)

select * from final
