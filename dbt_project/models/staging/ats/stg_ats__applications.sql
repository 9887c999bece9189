with source as (
    select * from {{ source('intake', 'ats__applications') }}
),

final as (
    select
        application_id,
        ats_candidate_id,
        role_id,
        source as application_source,
        applied_at
    from source
)

select * from final
