with source as (
    select * from {{ source('intake', 'greenhouse__job') }}
),

final as (
    select
        id as job_id,
        name as job_title,
        requisition_id,
        status as job_status,
        created_at,
        closed_at
    from source
    where {{ not_deleted() }}
)

select * from final
