with source as (
    select * from {{ source('intake', 'greenhouse__job_stage') }}
),

final as (
    select
        id as job_stage_id,
        job_id,
        name as stage_name
    from source
    where {{ not_deleted() }}
)

select * from final
