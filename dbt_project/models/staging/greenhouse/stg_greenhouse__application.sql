with source as (
    select * from {{ source('intake', 'greenhouse__application') }}
),

final as (
    select
        id as application_id,
        candidate_id,
        source_id,
        rejected_reason_id,
        status as application_status,
        coalesce(prospect, false) as is_prospect,
        applied_at,
        rejected_at,
        last_activity_at
    from source
    where {{ not_deleted() }} and {{ not_deleted('is_deleted') }}
)

select * from final
