with source as (
    select * from {{ source('intake', 'team__recruiters') }}
),

final as (
    select
        recruiter_id,
        name as recruiter_name,
        email as recruiter_email,
        team
    from source
)

select * from final
