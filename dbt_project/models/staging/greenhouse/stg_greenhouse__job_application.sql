with source as (
    select * from {{ source('intake', 'greenhouse__job_application') }}
),

final as (
    select
        application_id,
        job_id
    from source
    qualify {{ latest_drop_row(['application_id', 'job_id']) }}
)

select * from final
