with source as (
    select * from {{ source('intake', 'ats__roles') }}
),

final as (
    select
        role_id,
        recruiter_id,
        title as role_title,
        department,
        location as role_location,
        seniority,
        openings,
        opened_at,
        closed_at
    from source
)

select * from final
