with source as (
    select * from {{ source('intake', 'sourcing__candidates') }}
),

final as (
    select
        candidate_id,
        full_name,
        email,
        linkedin_url,
        {{ normalize_email('email') }} as email_normalized,
        {{ normalize_linkedin_url('linkedin_url') }} as linkedin_url_normalized,
        current_title,
        current_company,
        location as candidate_location,
        profile_detail,
        created_at
    from source
)

select * from final
