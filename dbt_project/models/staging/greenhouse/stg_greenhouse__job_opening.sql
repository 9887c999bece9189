with source as (
    select * from {{ source('intake', 'greenhouse__job_opening') }}
),

final as (
    select
        id as job_opening_id,
        job_id,
        opening_id as opening_code,
        lower(trim(status)) as opening_status,
        opened_at,
        closed_at,
        application_id as hired_application_id,
        close_reason_id
    from source
    where {{ not_deleted() }}
)

select * from final
