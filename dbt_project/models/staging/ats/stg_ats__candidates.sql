with source as (
    select * from {{ source('intake', 'ats__candidates') }}
),

final as (
    select
        ats_candidate_id,
        crm_candidate_id,
        full_name,
        email,
        linkedin_url,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_linkedin_url('linkedin_url') }} as linkedin_url_normalized
    from source
)

select * from final
